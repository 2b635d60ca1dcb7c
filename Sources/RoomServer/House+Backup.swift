import Foundation
import GRDB

extension House {
    /// Copies the whole database, consistent as of one moment, to a new file, while the house runs
    /// (SQLite's online backup: rooms go on meeting, and nothing said is in the database to copy).
    ///
    /// The copy is written beside `file` first and moved into place when complete, so a backup cut short
    /// never looks like a good one. A restore is this file put back as `house.sqlite` (docs/OPERATIONS.md).
    public func backup(to file: URL) throws {
        let partial = file.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        let destination = try DatabaseQueue(path: partial.path)
        try self.writer.backup(to: destination)
        try destination.close()
        // Every name and key of the house is in the copy: its owner's alone, whatever the umask.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial.path)
        try? FileManager.default.removeItem(at: file)
        try FileManager.default.moveItem(at: partial, to: file)
    }
}
