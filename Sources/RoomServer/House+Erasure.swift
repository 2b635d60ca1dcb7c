import Foundation
import GRDB
import Synchronization

/// Deletion that reaches the disk.
///
/// `PRAGMA secure_delete` zeroes a deleted row where it lies in the database file. But in WAL mode a changed
/// page is written to the write-ahead log first (`house.sqlite-wal`), and the log still holds every page as
/// it was written before: the row with the name in it. SQLite's own checkpoints copy pages back without
/// emptying the log, which is reused from the start only when no reader needs it, so a removed member's
/// name could stay in the log for as long as the house runs, and after a clean stop. PRIVACY.md promises
/// that a person's record is deleted at once, so after every deletion of one the house empties the log:
/// a TRUNCATE checkpoint copies every page back (the zeroed ones too) and cuts the log to nothing.
extension House {
    /// How many times a checkpoint is tried after a deletion, and the pause between tries: five seconds in all.
    static let erasureAttempts = 20
    static let erasurePause: Duration = .milliseconds(250)

    /// Empties the write-ahead log into the database file, so that what was deleted is nowhere on disk.
    ///
    /// A reader in the middle of a read (the pool's own, or an admin command's backup) still sees the log:
    /// SQLite then copies what it can, answers busy and leaves the log as it is. Each try asks without
    /// waiting (no busy timeout), so the house's one writer is never held while a reader finishes: the pause
    /// between tries is spent off it, and a room's next write goes first. Reads here take milliseconds, so a
    /// few tries are enough; should every try fail (a long backup), the hourly retention tries again.
    /// - Returns: whether the log was emptied.
    @discardableResult
    public func eraseDeleted() async -> Bool {
        for attempt in 1...Self.erasureAttempts {
            do {
                try await self.writer.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA busy_timeout = 0")
                    defer { try? db.execute(sql: "PRAGMA busy_timeout = \(HouseDatabase.busyMilliseconds)") }
                    _ = try db.checkpoint(.truncate)
                }
                return true
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                if attempt < Self.erasureAttempts { try? await Task.sleep(for: Self.erasurePause) }
            } catch {
                return false
            }
        }
        return false
    }

    /// Empties the log in the background: for a live room, which closes the pages of whoever stepped out or
    /// was removed once the deletion is stored, and must not wait for a busy log to be emptied first.
    func eraseDeletedSoon() {
        self.erasures.start { await self.eraseDeleted() }
    }

    /// Waits until the log has been emptied after every deletion so far.
    public func deletionsErased() async {
        await self.erasures.settled()
    }

    /// The last thing a house does before the process ends: every page back in the database file, the log
    /// emptied, and the connections closed (SQLite then removes `-wal` and `-shm` when no other process,
    /// such as an admin command, has the database open).
    public func close() async throws {
        await self.erasures.settled()
        await self.eraseDeleted()
        try self.writer.close()
    }
}

/// Erasures started in the background, one after another, so that they can be waited for.
final class Erasures: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    func start(_ erase: @escaping @Sendable () async -> Void) {
        self.last.withLock { last in
            last = Task { [previous = last] in
                await previous?.value
                await erase()
            }
        }
    }

    func settled() async {
        await self.last.withLock { $0 }?.value
    }
}
