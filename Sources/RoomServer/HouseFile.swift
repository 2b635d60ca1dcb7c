import Foundation
import GRDB

/// What a data folder holds before the server opens it as a house.
///
/// SQLite opens a missing or empty file as a new, empty database, and a house started on one looks as if it
/// runs while every member's room is unknown (4404). A house started on a damaged file would serve some rooms
/// and fail on others. So the server looks first, and starts only on a house that is there and whole.
public enum HouseFile: Equatable, Sendable {
    /// A database that SQLite's quick check finds whole.
    case house
    /// No `house.sqlite` (or no folder).
    case missing
    /// A `house.sqlite` of 0 bytes, with no write-ahead log beside it: it holds nothing.
    case empty
    /// A file SQLite cannot open as a database, or whose pages its quick check finds damaged; SQLite's words.
    case damaged(String)

    /// The database's file name in a data folder.
    public static let fileName = "house.sqlite"

    /// At most this many of SQLite's lines about damage are kept: enough to say what, not a page of them.
    static let maxReportedProblems = 3

    /// Looks at the database in `directory` without changing what is in it.
    ///
    /// The quick check reads every page of the database but does not compare indexes with their tables, so
    /// it takes a moment even for a large house. Opening a WAL database makes `-wal` and `-shm` beside it;
    /// closing the only connection removes them again.
    public static func examine(directory: URL) -> HouseFile {
        let file = directory.appendingPathComponent(Self.fileName)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { return .missing }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let log = (try? FileManager.default.attributesOfItem(atPath: file.path + "-wal"))?[.size] as? NSNumber
        if size == 0, (log?.intValue ?? 0) == 0 { return .empty }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            let database = try DatabaseQueue(path: file.path, configuration: configuration)
            defer { try? database.close() }
            let lines = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(\(Self.maxReportedProblems))") }
            return lines == ["ok"] ? .house : .damaged(lines.joined(separator: "; "))
        } catch let error as DatabaseError {
            return .damaged(error.message ?? "\(error.resultCode)")
        } catch {
            return .damaged("\(error)")
        }
    }
}
