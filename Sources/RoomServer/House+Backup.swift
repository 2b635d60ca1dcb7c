import Foundation
import GRDB

extension House {
    /// Copies the whole database, consistent as of one moment, to a new file, while the house runs
    /// (SQLite's online backup: rooms go on meeting, and nothing said is in the database to copy).
    ///
    /// The copy is written beside `file` first and moved into place when complete, so a backup cut short
    /// never looks like a good one. A restore is this file put back as `house.sqlite` (docs/OPERATIONS.md).
    public func backup(to file: URL) throws {
        let partial = Self.partialFile(for: file)
        let unfinished = Self.unfinishedFiles(for: file)
        for leftover in unfinished { try? FileManager.default.removeItem(at: leftover) }
        do {
            let destination = try DatabaseQueue(path: partial.path)
            try self.writer.backup(to: destination)
            try destination.close()
            // Every name and key of the house is in the copy: its owner's alone, whatever the umask.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial.path)
        } catch {
            // A full disk, a folder gone: what was written so far holds names too.
            for leftover in unfinished { try? FileManager.default.removeItem(at: leftover) }
            throw error
        }
        try? FileManager.default.removeItem(at: file)
        try FileManager.default.moveItem(at: partial, to: file)
    }

    /// Where a copy to `file` is written until it is complete.
    public static func partialFile(for file: URL) -> URL {
        file.appendingPathExtension("partial")
    }

    /// Every file an unfinished copy to `file` may leave: the copy, and SQLite's rollback journal beside it.
    /// Each holds names and keys of the house, so a copy cut short must not leave them lying about.
    public static func unfinishedFiles(for file: URL) -> [URL] {
        let partial = Self.partialFile(for: file)
        return [partial, URL(fileURLWithPath: partial.path + "-journal")]
    }
}
