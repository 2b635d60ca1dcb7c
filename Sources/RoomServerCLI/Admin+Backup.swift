import ArgumentParser
import Foundation
import RoomServer

extension Admin {
    /// A consistent copy of the house's database, taken while it runs: to one file, or into the backup
    /// folder, keeping the newest few (what the nightly timer in deploy/ runs).
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the house's database consistently while the server runs (restore: docs/OPERATIONS.md).",
            discussion: """
                Without --to, the copy goes into the backup folder (`backup-dir`, default DATA/backups) as
                house-YYYY-MM-DDTHHMMSSZ.sqlite, and only the newest `backup-keep` copies (default 14) are kept.
                """
        )

        @OptionGroup var data: DataOptions

        @Option(help: "One file to write (it is replaced when the copy is complete). Nothing is deleted.")
        var to: String?

        @Option(help: "How many copies to keep in the backup folder (default: the configuration's `backup-keep`, else 14).")
        var keep: Int?

        func run() async throws {
            let settings = try self.data.settings()
            let house = try self.data.openHouse()
            if let to {
                try Self.copy(house, to: URL(fileURLWithPath: to))
                print("Backed up to \(to).")
                return
            }
            guard let keep = self.keep ?? Int(settings.value("backup-keep") ?? "14"), (1...1000).contains(keep) else {
                throw ValidationError("backup-keep must be a number from 1 to 1000.")
            }
            let folder = URL(fileURLWithPath: try settings.value("backup-dir") ?? (self.data.dataDirectory() + "/backups"), isDirectory: true)
            let shelf = BackupShelf(folder: folder)
            let file: URL
            do {
                file = try shelf.nextFile(at: Date())
            } catch {
                throw ValidationError("Cannot make the backup folder \(folder.path) (as user \(getuid())): \(error.localizedDescription)")
            }
            // A backup killed before it finished (SIGKILL, a power cut) left its unfinished copy: it holds names too.
            let leftovers = try shelf.removeUnfinished()
            if !leftovers.isEmpty { print("Removed \(leftovers.count) unfinished copy file(s) left by a backup that was cut short.") }
            try Self.copy(house, to: file)
            let deleted = try shelf.keepNewest(keep)
            print("Backed up to \(file.path). Kept the newest \(keep); deleted \(deleted.count) older.")
        }

        /// A copy, or an error that names where it could not be written and as whom (a command run with
        /// sudo writes as the house's user).
        static func copy(_ house: House, to file: URL) throws {
            // Stopped while it copies (the timer stopped, Ctrl-C), a backup removes its unfinished copy first.
            let interruption = CopyInterruption(removing: House.unfinishedFiles(for: file))
            defer { interruption.end() }
            do {
                try house.backup(to: file)
            } catch {
                throw ValidationError("Cannot write a copy to \(file.path) (as user \(getuid())): \(error)")
            }
        }
    }
}

/// The backup folder: copies named by the moment they were taken, so names sort as times do.
struct BackupShelf {
    let folder: URL
    static let prefix = "house-"
    static let suffix = ".sqlite"

    /// A new copy's file, e.g. house-2026-11-26T033000Z.sqlite. The folder is made if missing, readable by
    /// the house's user only: a copy holds every name and key the house holds.
    func nextFile(at moment: Date) throws -> URL {
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HHmmss'Z'"
        return self.folder.appendingPathComponent(Self.prefix + formatter.string(from: moment) + Self.suffix)
    }

    /// The copies in the folder, oldest first. Only files this shelf names are counted, so nothing else
    /// someone keeps there is ever deleted.
    func copies() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: self.folder.path)
            .filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(Self.suffix) && $0.count == "house-2026-11-26T033000Z.sqlite".count }
            .sorted()
            .map { self.folder.appendingPathComponent($0) }
    }

    /// Deletes what backups cut short left in the folder (a copy named like this shelf's, with `.partial`, and
    /// its journal); returns what it deleted. Nothing else is touched.
    func removeUnfinished() throws -> [URL] {
        let copyName = "house-2026-11-26T033000Z.sqlite".count
        let unfinished = try FileManager.default.contentsOfDirectory(atPath: self.folder.path).filter { name in
            guard name.hasPrefix(Self.prefix), let range = name.range(of: Self.suffix + ".partial") else { return false }
            return name.distance(from: name.startIndex, to: range.lowerBound) + Self.suffix.count == copyName
                && ["", "-journal"].contains(String(name[range.upperBound...]))
        }
        let files = unfinished.sorted().map { self.folder.appendingPathComponent($0) }
        for file in files { try FileManager.default.removeItem(at: file) }
        return files
    }

    /// Deletes all but the newest `count` copies; returns what it deleted.
    func keepNewest(_ count: Int) throws -> [URL] {
        let old = try self.copies().dropLast(count)
        for file in old { try FileManager.default.removeItem(at: file) }
        return Array(old)
    }
}
