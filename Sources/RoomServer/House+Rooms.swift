import Foundation
import GRDB
import Moderation

/// What the house page does to a room: rename it, withdraw its links, a new host link, delete it.
extension House {
    /// Renames a room. Returns the room, or nil when there is no such room.
    public func renameRoom(id: String, to rawName: String) async throws -> Room? {
        let name = try Self.roomName(rawName)
        return try await self.writer.write { db in
            guard var room = try Room.fetchOne(db, key: id) else { return nil }
            room.name = name
            try room.update(db)
            return room
        }
    }

    /// A new one-time host link for a room (a new igangsetter, or one who lost the key).
    public func issueHostLink(roomId: String, lifetime: TimeInterval = House.hostLinkLifetime, now: Date = Date()) async throws -> IssuedInvite? {
        try await self.writer.write { db in
            guard try Room.exists(db, key: roomId) else { return nil }
            return try Self.issue(in: db, roomId: roomId, role: .host, lifetime: lifetime, now: now)
        }
    }

    /// A room's links not yet used, host and member alike, without the hosts' own notes on them.
    public func unusedLinks(roomId: String, now: Date = Date()) async throws -> [(role: Role, expiresAt: Date)] {
        try await self.writer.read { db in
            try Invite.filter(Column("roomId") == roomId && Column("usedAt") == nil && Column("revokedAt") == nil && Column("expiresAt") > now)
                .order(Column("expiresAt"))
                .fetchAll(db)
                .map { (role: $0.role, expiresAt: $0.expiresAt) }
        }
    }

    /// Withdraws every link of a room not yet used. Returns how many.
    @discardableResult
    public func revokeUnusedLinks(roomId: String, now: Date = Date()) async throws -> Int {
        try await self.writer.write { db in
            try db.execute(
                sql: "UPDATE invite SET revokedAt = ? WHERE roomId = ? AND usedAt IS NULL AND revokedAt IS NULL AND expiresAt > ?",
                arguments: [now, roomId, now]
            )
            return db.changesCount
        }
    }

    /// Deletes a room with its memberships, links, café entry and counts. Returns whether there was one.
    @discardableResult
    public func deleteRoom(id: String) async throws -> Bool {
        let deleted = try await self.writer.write { db in try Room.deleteOne(db, key: id) }
        // With the room went its members' names and the hosts' notes on links: off the disk too.
        if deleted { await self.eraseDeleted() }
        return deleted
    }
}

/// The room's weekly time: set by whoever holds the room's lasting settings (docs/ROLES.md).
extension House {
    /// Sets or clears a room's weekly time. Returns the room as stored, or nil when there is no such room.
    public func setWeeklyTime(roomId: String, _ time: WeeklyTime?) async throws -> Room? {
        try await self.writer.write { db in
            guard var room = try Room.fetchOne(db, key: roomId) else { return nil }
            room.weeklyTime = time
            try room.update(db)
            return room
        }
    }
}
