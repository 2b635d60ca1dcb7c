import Foundation
import GRDB
import Moderation

/// Who holds control in a room, as the house keeps it: the role with each membership, and whether the
/// room runs itself. The live room decides every change (docs/ROLES.md) and the house stores it.
extension House {
    /// The room's host memberships, present or not.
    public func hostIDs(roomId: String) async throws -> Set<MemberID> {
        try await self.writer.read { db in
            let ids = try String.fetchAll(
                db,
                sql: "SELECT id FROM membership WHERE roomId = ? AND role = ?",
                arguments: [roomId, Role.host.rawValue]
            )
            return Set(ids.map(MemberID.init))
        }
    }

    /// One membership of a room, by its id.
    public func membership(id: String, roomId: String) async throws -> Membership? {
        guard id.utf8.count <= 64 else { return nil }
        return try await self.writer.read { db in
            try Membership.filter(Column("id") == id && Column("roomId") == roomId).fetchOne(db)
        }
    }

    /// Every membership of a room, in the order they came. For whoever holds control: names and roles
    /// (and the month each was last seen, which is all the page shows of the dates).
    public func members(roomId: String) async throws -> [Membership] {
        try await self.writer.read { db in
            try Membership.filter(Column("roomId") == roomId).order(Column("createdAt")).fetchAll(db)
        }
    }

    /// A number that changes whenever another process (the admin command) has written the database, and
    /// only then: SQLite's `data_version`, read on the server's own writing connection, whose own writes do
    /// not count. The sweep asks for removals only when it changed.
    public func writtenElsewhere() async throws -> Int {
        try await self.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// Which of these memberships still exist: a live room asks, so a removal from the command line reaches it.
    public func existingMemberships(ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await self.writer.read { db in
            // In slices, well under SQLite's limit on a statement's parameters: the sweep asks for the whole house.
            var found: Set<String> = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = ids[start..<min(ids.count, start + 500)]
                found.formUnion(try String.fetchAll(db, Membership.select(Column("id")).filter(slice.contains(Column("id")))))
            }
            return found
        }
    }

    /// Removes the membership whose name looks like `name` (``NameKey``): the house's way, from the command
    /// line, for when the group tells it whom. It never lists names itself.
    /// - Returns: the membership removed, if there was one.
    public func removeMembership(named name: String, roomId: String) async throws -> Membership? {
        let key = NameKey(name).value
        let removed = try await self.writer.write { db -> Membership? in
            let request = Membership.filter(Column("roomId") == roomId && Column("nameKey") == key)
            guard let found = try request.fetchOne(db) else { return nil }
            try request.deleteAll(db)
            return found
        }
        // The command line's process ends right after: the log is emptied before it returns.
        if removed != nil { await self.eraseDeleted() }
        return removed
    }
}

extension House {
    /// A change to the group's records that a live room decided.
    public enum GroupChange: Sendable, Equatable {
        case role(MemberID, Role)
        case selfOrganised(Bool)
        /// The membership ends: removed, or stepped out. Its key stops working.
        case end(MemberID)
    }

    /// Stores a command's changes in one transaction, in order.
    ///
    /// Queued on the database's writer before this returns to the caller's first suspension, so changes are
    /// stored in the order the room made them. Not cancelled with the caller: someone who steps out closes the
    /// very connection whose task asked, and their membership must be deleted all the same.
    public func record(_ changes: [GroupChange], roomId: String, now: Date = Date()) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            self.writer.asyncWrite({ db in try Self.apply(changes, roomId: roomId, now: now, in: db) }) { _, result in
                continuation.resume(with: result)
            }
        }
        // A membership ended: its name leaves the disk too, without the room waiting for it.
        if changes.contains(where: { if case .end = $0 { true } else { false } }) { self.eraseDeletedSoon() }
    }

    private static func apply(_ changes: [GroupChange], roomId: String, now: Date, in db: Database) throws {
        for change in changes {
            switch change {
            case .role(let member, let role):
                try db.execute(sql: "UPDATE membership SET role = ? WHERE id = ? AND roomId = ?", arguments: [role, member.rawValue, roomId])
            case .selfOrganised(let on):
                try db.execute(sql: "UPDATE room SET selfOrganised = ? WHERE id = ?", arguments: [on, roomId])
                if on {
                    try db.execute(sql: "UPDATE membership SET role = ? WHERE roomId = ?", arguments: [Role.member, roomId])
                    // Links made by one person stop working: in a room that runs itself a new member needs two
                    // (docs/ROLES.md), and a former host's unused links would let them make the second voice alone.
                    try db.execute(
                        sql: "UPDATE invite SET revokedAt = ? WHERE roomId = ? AND usedAt IS NULL AND revokedAt IS NULL AND expiresAt > ?",
                        arguments: [now, roomId, now]
                    )
                }
            case .end(let member):
                try Membership.filter(Column("id") == member.rawValue && Column("roomId") == roomId).deleteAll(db)
            }
        }
    }
}
