import Foundation
import GRDB
import Moderation

/// The house's records: rooms, memberships and invites, in SQLite.
///
/// Never message text. Secrets arrive here only to be hashed.
public struct House: Sendable {
    /// Every call is async: a slow write (a reconnect storm, the admin command holding the lock) waits
    /// on GRDB's own queues, not on one of the cooperative pool's few threads, so other rooms go on.
    let writer: any DatabaseWriter
    /// Checkpoints after deletions that run in the background (``House/eraseDeletedSoon()``).
    let erasures = Erasures()

    /// How long an invite link works unless the issuer says otherwise.
    public static let defaultInviteLifetime: TimeInterval = 7 * 24 * 3600
    /// How long a host link works.
    public static let hostLinkLifetime: TimeInterval = 30 * 24 * 3600
    /// A membership not used for this long is deleted by itself.
    public static let membershipRetention: TimeInterval = 365 * 24 * 3600
    /// Used, expired and revoked links are kept this long (to tell a person what happened), then deleted.
    public static let spentInviteRetention: TimeInterval = 30 * 24 * 3600
    /// At most this many links in one request.
    public static let maxInvitesPerRequest = 50
    /// At most this many unused member links per room at once.
    public static let maxUsableInvitesPerRoom = 200

    /// Whether `directory` holds a house's database.
    public static func exists(in directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("house.sqlite").path)
    }

    /// Opens (and creates, if needed) the database in `directory`.
    public static func open(directory: URL) throws -> House {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("house.sqlite").path
        return House(writer: try HouseDatabase.open(path: path))
    }

    // MARK: Rooms

    public enum RoomProblem: Error, Equatable {
        case nameEmpty
        case nameTooLong
        /// Control or direction characters, or nothing visible: a name that would not read back as typed.
        case nameInvalid
    }

    /// A room's name as it is kept: the rules of a display name (no control or direction characters,
    /// something visible, hidden characters taken out), with a room's length.
    static func roomName(_ raw: String) throws(RoomProblem) -> String {
        switch DisplayName.validate(raw, maxLength: Room.maxNameLength, maxBytes: Room.maxNameLength * 4) {
        case .success(let name): return name
        case .failure(.empty): throw .nameEmpty
        case .failure(.tooLong): throw .nameTooLong
        case .failure: throw .nameInvalid
        }
    }

    /// Creates a room and its first host link.
    public func createRoom(
        name rawName: String,
        kind: RoomKind,
        plan: MeetingPlan = MeetingPlan(),
        now: Date = Date()
    ) async throws -> (Room, IssuedInvite) {
        let name = try Self.roomName(rawName)
        try Room.validate(plan)
        let room = Room(id: randomIdentifier(), name: name, kind: kind, createdAt: now, plan: plan)
        let host = try await self.writer.write { db in
            try room.insert(db)
            return try Self.issue(in: db, roomId: room.id, role: .host, lifetime: Self.hostLinkLifetime, now: now)
        }
        return (room, host)
    }

    public func room(id: String) async throws -> Room? {
        guard Room.isWellFormedID(id) else { return nil }
        return try await self.writer.read { db in try Room.fetchOne(db, key: id) }
    }

    /// The rooms among `ids` that exist, in one read, keyed by id: «Mine rom» on the front page asks for a
    /// browser's few rooms at once.
    public func rooms(ids: [String]) async throws -> [String: Room] {
        let ids = ids.filter(Room.isWellFormedID)
        guard !ids.isEmpty else { return [:] }
        return try await self.writer.read { db in
            let rooms = try Room.filter(ids.contains(Column("id"))).fetchAll(db)
            return Dictionary(rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Every room, with how many members each has. No names.
    public func rooms() async throws -> [(room: Room, members: Int)] {
        try await self.writer.read { db in
            let rooms = try Room.order(Column("createdAt")).fetchAll(db)
            return try rooms.map { room in
                (room, try Membership.filter(Column("roomId") == room.id).fetchCount(db))
            }
        }
    }

    /// Changes a room's meeting plan; it applies from the room's next meeting.
    public func setPlan(roomId: String, plan: MeetingPlan) async throws -> Room? {
        try Room.validate(plan)
        return try await self.writer.write { db in
            guard var room = try Room.fetchOne(db, key: roomId) else { return nil }
            room.plan = plan
            try room.update(db)
            return room
        }
    }

    public func roomCount() async throws -> Int {
        try await self.writer.read { db in try Room.fetchCount(db) }
    }

    // MARK: Invites

    /// Makes `count` new one-time links into a room.
    public func issueInvites(
        roomId: String,
        count: Int = 1,
        role: Role = .member,
        lifetime: TimeInterval = House.defaultInviteLifetime,
        label: String? = nil,
        now: Date = Date()
    ) async throws -> [IssuedInvite] {
        guard (1...Self.maxInvitesPerRequest).contains(count) else { throw InviteProblem.countOutOfRange }
        return try await self.writer.write { db in
            // Counted in the same transaction as the insert, so two hosts clicking at once cannot pass the bound.
            let usable = try Self.usableMemberInvites(roomId: roomId, now: now).fetchCount(db)
            guard role == .host || usable + count <= Self.maxUsableInvitesPerRoom else { throw InviteProblem.tooMany }
            return try (0..<count).map { _ in
                try Self.issue(in: db, roomId: roomId, role: role, lifetime: lifetime, label: label, now: now)
            }
        }
    }

    public enum InviteProblem: Error, Equatable {
        /// Between 1 and ``House/maxInvitesPerRequest`` links at a time.
        case countOutOfRange
        /// A room has at most ``House/maxUsableInvitesPerRoom`` unused links: revoke some, or let them expire.
        case tooMany
    }

    private static func usableMemberInvites(roomId: String, now: Date) -> QueryInterfaceRequest<Invite> {
        Invite
            .filter(Column("roomId") == roomId && Column("role") == Role.member.rawValue)
            .filter(Column("usedAt") == nil && Column("revokedAt") == nil && Column("expiresAt") > now)
    }

    static func issue(
        in db: Database,
        roomId: String,
        role: Role,
        lifetime: TimeInterval,
        label: String? = nil,
        forMembershipId: String? = nil,
        now: Date
    ) throws -> IssuedInvite {
        let token = Secret.generate()
        let invite = Invite(
            id: randomIdentifier(),
            roomId: roomId,
            tokenHash: token.hash,
            role: role,
            createdAt: now,
            expiresAt: now.addingTimeInterval(lifetime),
            usedAt: nil,
            revokedAt: nil,
            label: label,
            forMembershipId: forMembershipId
        )
        try invite.insert(db)
        return IssuedInvite(invite: invite, token: token)
    }

    /// Looks a link up without using it: opening a link must never spend it.
    public func invite(token: String) async throws -> (invite: Invite, room: Room)? {
        guard Secret.isWellFormed(token) else { return nil }
        let hash = Secret(value: token).hash
        return try await self.writer.read { db in
            guard let invite = try Invite.filter(Column("tokenHash") == hash).fetchOne(db),
                let room = try Room.fetchOne(db, key: invite.roomId)
            else { return nil }
            return (invite, room)
        }
    }

    /// Member links not yet used, revoked or expired.
    public func usableInvites(roomId: String, now: Date = Date()) async throws -> [Invite] {
        try await self.writer.read { db in
            try Self.usableMemberInvites(roomId: roomId, now: now).order(Column("createdAt")).limit(Self.maxUsableInvitesPerRoom).fetchAll(db)
        }
    }

    /// Revokes a link that has not been used yet. Returns whether one was revoked.
    @discardableResult
    public func revokeInvite(id: String, roomId: String, now: Date = Date()) async throws -> Bool {
        try await self.writer.write { db in
            try db.execute(
                sql: "UPDATE invite SET revokedAt = ? WHERE id = ? AND roomId = ? AND usedAt IS NULL AND revokedAt IS NULL",
                arguments: [now, id, roomId]
            )
            return db.changesCount == 1
        }
    }

    // MARK: Redeeming

    public enum RedeemProblem: Error, Equatable {
        case unknown
        case used
        case expired
        case revoked
        case name(DisplayName.Problem)
        case pledgeNotAccepted
    }

    /// Uses a link exactly once: accepts the pledge, makes the membership and its key.
    ///
    /// The link is spent by a single conditional UPDATE, so of two simultaneous attempts
    /// exactly one wins, also across processes.
    public func redeem(
        token: String,
        displayName rawName: String,
        pledgeAccepted: Bool,
        now: Date = Date()
    ) async throws -> Result<(Membership, Secret), RedeemProblem> {
        guard Secret.isWellFormed(token) else { return .failure(.unknown) }
        let hash = Secret(value: token).hash
        return try await self.writer.write { db in
            // A new phone's link moves a membership (House+NewPhone); it never makes a second one.
            guard let invite = try Invite.filter(Column("tokenHash") == hash).fetchOne(db), invite.forMembershipId == nil else {
                return .failure(.unknown)
            }
            if let problem = Self.problem(with: invite, at: now) { return .failure(problem) }
            // Check the form only for a usable link: the person should first hear that the link is spent.
            let name: String
            switch DisplayName.validate(rawName) {
            case .failure(let problem): return .failure(.name(problem))
            case .success(let valid): name = valid
            }
            // In the same transaction as the insert below (SQLite lets one writer in at a time, also across
            // processes), and before the link is spent: the person keeps the link and picks another name.
            let nameKey = NameKey(name).value
            guard try !Self.nameIsTaken(in: db, roomId: invite.roomId, nameKey: nameKey) else { return .failure(.name(.taken)) }
            guard pledgeAccepted else { return .failure(.pledgeNotAccepted) }
            try db.execute(
                sql: "UPDATE invite SET usedAt = ? WHERE id = ? AND usedAt IS NULL AND revokedAt IS NULL AND expiresAt > ?",
                arguments: [now, invite.id, now]
            )
            guard db.changesCount == 1 else { return .failure(.used) }
            let key = Secret.generate()
            let membership = Membership(
                id: randomIdentifier(),
                roomId: invite.roomId,
                keyHash: key.hash,
                displayName: name,
                nameKey: nameKey,
                role: invite.role,
                createdAt: now,
                pledgeAcceptedAt: now,
                lastSeenAt: now
            )
            try membership.insert(db)
            if invite.role == .host {
                // The house gave the room a host (a new igangsetter): it no longer runs itself.
                try db.execute(sql: "UPDATE room SET selfOrganised = 0 WHERE id = ?", arguments: [invite.roomId])
            }
            return .success((membership, key))
        }
    }

    /// Why a link can no longer be used (spent, revoked, expired), or nil if it can.
    static func problem(with invite: Invite, at now: Date) -> RedeemProblem? {
        switch invite.status(at: now) {
        case .used: .used
        case .revoked: .revoked
        case .expired: .expired
        case .usable: nil
        }
    }

    /// Whether someone in the room already has a name that looks the same.
    private static func nameIsTaken(in db: Database, roomId: String, nameKey: String) throws -> Bool {
        try !Membership.filter(Column("roomId") == roomId && Column("nameKey") == nameKey).isEmpty(db)
    }

    // MARK: Memberships

    /// The membership a key opens in a room, if any.
    public func membership(roomId: String, key: String) async throws -> Membership? {
        guard Secret.isWellFormed(key) else { return nil }
        let hash = Secret(value: key).hash
        return try await self.writer.read { db in
            try Membership.filter(Column("keyHash") == hash && Column("roomId") == roomId).fetchOne(db)
        }
    }

    /// A room and the membership a key opens in it, in one read: what letting a member in needs, and after a
    /// restart a whole house of members asks for it at once.
    public func entry(roomId: String, key: String?) async throws -> (room: Room, membership: Membership?)? {
        guard Room.isWellFormedID(roomId) else { return nil }
        let hash = key.flatMap { Secret.isWellFormed($0) ? Secret(value: $0).hash : nil }
        return try await self.writer.read { db in
            // Statements kept prepared on the connection: making the SQL anew each time cost more than running it.
            let findRoom = try db.cachedStatement(sql: "SELECT * FROM room WHERE id = ?")
            guard let room = try Room.fetchOne(findRoom, arguments: [roomId]) else { return nil }
            let membership = try hash.flatMap { hash in
                let findMember = try db.cachedStatement(sql: "SELECT * FROM membership WHERE keyHash = ? AND roomId = ?")
                return try Membership.fetchOne(findMember, arguments: [hash, roomId])
            }
            return (room, membership)
        }
    }

    /// Notes that a member came in, so the membership is not deleted as unused.
    public func touch(membershipId: String, now: Date = Date()) async throws {
        try await self.writer.write { db in
            try db.execute(sql: "UPDATE membership SET lastSeenAt = ? WHERE id = ?", arguments: [now, membershipId])
        }
    }

    /// Removes a membership: its key stops working at once, and its name is gone from the disk.
    @discardableResult
    public func removeMembership(id: String, roomId: String) async throws -> Bool {
        let removed = try await self.writer.write { db in
            try Membership.filter(Column("id") == id && Column("roomId") == roomId).deleteAll(db) == 1
        }
        if removed { await self.eraseDeleted() }
        return removed
    }

    public func memberCount(roomId: String) async throws -> Int {
        try await self.writer.read { db in try Membership.filter(Column("roomId") == roomId).fetchCount(db) }
    }

    // MARK: Retention

    /// Deletes memberships unused for a year and spent links older than a month, and empties the
    /// write-ahead log even when nothing was deleted: should a checkpoint after a deletion have found the log
    /// busy every time, this one, at start and every hour, takes the deleted rows' old pages away.
    /// - Returns: how many memberships and links were deleted.
    @discardableResult
    public func deleteExpiredRecords(now: Date = Date()) async throws -> (memberships: Int, invites: Int) {
        let deleted = try await self.writer.write { db in
            let memberships =
                try Membership
                .filter(Column("lastSeenAt") < now.addingTimeInterval(-Self.membershipRetention))
                .deleteAll(db)
            let spentBefore = now.addingTimeInterval(-Self.spentInviteRetention)
            try db.execute(
                sql: """
                    DELETE FROM invite
                    WHERE (usedAt IS NOT NULL AND usedAt < ?) OR (revokedAt IS NOT NULL AND revokedAt < ?) OR expiresAt < ?
                    """,
                arguments: [spentBefore, spentBefore, spentBefore]
            )
            let invites = db.changesCount
            try Self.deleteExpiredAdmins(in: db, now: now)
            return (memberships, invites)
        }
        await self.eraseDeleted()
        return deleted
    }

    /// Writes the write-ahead log back into the database file. Used by tests and backups.
    public func checkpoint() async throws {
        try await self.writer.writeWithoutTransaction { db in
            _ = try db.checkpoint(.truncate)
        }
    }
}
