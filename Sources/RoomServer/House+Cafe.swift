import Foundation
import GRDB

/// A café's way in (link and code) and its visit counts: a number per room and day, never who.
extension House {
    /// The café's link and code, made the first time they are asked for.
    public func cafeEntry(roomId: String, now: Date = Date()) async throws -> CafeEntry {
        // Read first: the entry is made once, and asked for at every café menu and right code.
        if let entry = try await self.writer.read({ db in try CafeEntry.fetchOne(db, key: roomId) }) { return entry }
        return try await self.writer.write { db in
            try CafeEntry.fetchOne(db, key: roomId) ?? Self.newEntry(in: db, roomId: roomId, now: now)
        }
    }

    /// A new link and code for the café; the old ones stop working at once.
    public func renewCafeEntry(roomId: String, now: Date = Date()) async throws -> CafeEntry {
        try await self.writer.write { db in
            try CafeEntry.deleteOne(db, key: roomId)
            return try Self.newEntry(in: db, roomId: roomId, now: now)
        }
    }

    private static func newEntry(in db: Database, roomId: String, now: Date) throws -> CafeEntry {
        // A code in use by another café is drawn again; with 10^9 codes and a few cafés this almost never happens.
        var code = CafeEntry.randomCode()
        while try CafeEntry.filter(Column("code") == code).fetchCount(db) > 0 { code = CafeEntry.randomCode() }
        let entry = CafeEntry(roomId: roomId, linkToken: Secret.generate().value, code: code, createdAt: now)
        try entry.insert(db)
        return entry
    }

    /// The café a code opens, with its entry, if any.
    public func cafe(code: String) async throws -> (room: Room, entry: CafeEntry)? {
        try await self.cafe(where: "code", is: code)
    }

    /// The café a drop-in link opens, with its entry, if any.
    public func cafe(linkToken: String) async throws -> (room: Room, entry: CafeEntry)? {
        guard Secret.isWellFormed(linkToken) else { return nil }
        return try await self.cafe(where: "linkToken", is: linkToken)
    }

    private func cafe(where column: String, is value: String) async throws -> (room: Room, entry: CafeEntry)? {
        try await self.writer.read { db in
            guard let entry = try CafeEntry.filter(Column(column) == value).fetchOne(db),
                let room = try Room.fetchOne(db, key: entry.roomId)
            else { return nil }
            return (room, entry)
        }
    }

    /// The name keys the room's members use, so a guest is told apart from them.
    public func memberNameKeys(roomId: String) async throws -> Set<String> {
        try await self.writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT nameKey FROM membership WHERE roomId = ?", arguments: [roomId]))
        }
    }

    /// Counts one person coming to a café sitting on `day` ("2026-11-26"): a number, never who.
    public func countCafeVisit(roomId: String, day: String) async throws {
        try await self.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO cafeVisit (roomId, day, visits) VALUES (?, ?, 1)
                    ON CONFLICT (roomId, day) DO UPDATE SET visits = visits + 1
                    """,
                arguments: [roomId, day]
            )
        }
    }

    /// Visits per day for a café, oldest first.
    public func cafeVisits(roomId: String) async throws -> [(day: String, visits: Int)] {
        try await self.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT day, visits FROM cafeVisit WHERE roomId = ? ORDER BY day", arguments: [roomId]).map {
                (day: $0["day"], visits: $0["visits"])
            }
        }
    }
}
