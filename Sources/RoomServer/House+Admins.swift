import Foundation
import GRDB

/// The house's administrators: one-time admin links, their keys, and their sessions.
extension House {
    /// A session on the house page ends after this long without a request.
    public static let adminIdleTimeout: TimeInterval = 30 * 60
    /// How long an admin link works unless its maker says otherwise.
    public static let adminLinkLifetime: TimeInterval = 24 * 3600
    /// An administrator who has not used the house page for this long is removed.
    public static let adminRetention: TimeInterval = 365 * 24 * 3600
    /// At most this many administrators, and unused admin links at once.
    public static let maxAdmins = 50
    public static let maxUsableAdminLinks = 20

    public enum AdminProblem: Error, Equatable {
        case tooManyLinks
    }

    /// A new one-time admin link (from `roomserver admin house-link`, or an administrator on the house page).
    public func issueAdminLink(lifetime: TimeInterval = House.adminLinkLifetime, now: Date = Date()) async throws -> IssuedAdminLink {
        try await self.writer.write { db in
            let usable = try AdminLink.filter(Column("usedAt") == nil && Column("expiresAt") > now).fetchCount(db)
            guard usable < Self.maxUsableAdminLinks else { throw AdminProblem.tooManyLinks }
            let token = Secret.generate()
            let link = AdminLink(id: randomIdentifier(), tokenHash: token.hash, createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
            try link.insert(db)
            return IssuedAdminLink(link: link, token: token)
        }
    }

    /// Looks an admin link up without using it.
    public func adminLink(token: String) async throws -> AdminLink? {
        guard Secret.isWellFormed(token) else { return nil }
        let hash = Secret(value: token).hash
        return try await self.writer.read { db in try AdminLink.filter(Column("tokenHash") == hash).fetchOne(db) }
    }

    public enum AdminRedeemProblem: Error, Equatable {
        case unknown
        case spent
        case label(DisplayName.Problem)
        case tooManyAdmins
    }

    /// Uses an admin link once. A browser that still holds the key of an administrator whose session ended
    /// (`returningKey`) gets that administrator back, with a new key; anyone else becomes a new
    /// administrator under `label`.
    public func redeemAdminLink(
        token: String,
        label rawLabel: String,
        returningKey: String?,
        now: Date = Date()
    ) async throws -> Result<(HouseAdmin, Secret), AdminRedeemProblem> {
        guard Secret.isWellFormed(token) else { return .failure(.unknown) }
        let hash = Secret(value: token).hash
        return try await self.writer.write { db in
            guard let link = try AdminLink.filter(Column("tokenHash") == hash).fetchOne(db) else { return .failure(.unknown) }
            guard link.isUsable(at: now) else { return .failure(.spent) }
            let key = Secret.generate()
            var admin: HouseAdmin
            if let returningKey, Secret.isWellFormed(returningKey),
                let known = try HouseAdmin.filter(Column("keyHash") == Secret(value: returningKey).hash).fetchOne(db)
            {
                admin = known
                admin.keyHash = key.hash
            } else {
                let label: String
                switch DisplayName.validate(rawLabel) {
                case .failure(let problem): return .failure(.label(problem))
                case .success(let valid): label = valid
                }
                guard try HouseAdmin.fetchCount(db) < Self.maxAdmins else { return .failure(.tooManyAdmins) }
                admin = HouseAdmin(id: randomIdentifier(), label: label, keyHash: key.hash, createdAt: now, lastSeenAt: now, activeUntil: now)
            }
            try db.execute(sql: "UPDATE adminLink SET usedAt = ? WHERE id = ? AND usedAt IS NULL", arguments: [now, link.id])
            guard db.changesCount == 1 else { return .failure(.spent) }
            admin.lastSeenAt = now
            admin.activeUntil = now.addingTimeInterval(Self.adminIdleTimeout)
            try admin.save(db)
            return .success((admin, key))
        }
    }

    /// Where a browser's admin key stands.
    public enum AdminSession: Sendable, Equatable {
        case active(HouseAdmin)
        /// The key is an administrator's, but the session ended (idle, or signed out): a new admin link lets them in.
        case ended
        case none
    }

    /// The session a key opens, moved on by this request.
    public func adminSession(key: String?, now: Date = Date()) async throws -> AdminSession {
        guard let key, Secret.isWellFormed(key) else { return .none }
        let hash = Secret(value: key).hash
        return try await self.writer.write { db in
            guard var admin = try HouseAdmin.filter(Column("keyHash") == hash).fetchOne(db) else { return .none }
            guard admin.isActive(at: now) else { return .ended }
            admin.lastSeenAt = now
            admin.activeUntil = now.addingTimeInterval(Self.adminIdleTimeout)
            try admin.update(db)
            return .active(admin)
        }
    }

    /// The administrator a key belongs to, whether or not their session is open, without moving it on:
    /// an admin link opened in their browser asks whether it is them coming back.
    public func admin(key: String?) async throws -> HouseAdmin? {
        guard let key, Secret.isWellFormed(key) else { return nil }
        let hash = Secret(value: key).hash
        return try await self.writer.read { db in try HouseAdmin.filter(Column("keyHash") == hash).fetchOne(db) }
    }

    /// Ends an administrator's session now (they signed out); they stay an administrator.
    public func endAdminSession(id: String, now: Date = Date()) async throws {
        try await self.writer.write { db in
            try db.execute(sql: "UPDATE houseAdmin SET activeUntil = ? WHERE id = ?", arguments: [now, id])
        }
    }

    public func admins() async throws -> [HouseAdmin] {
        try await self.writer.read { db in try HouseAdmin.order(Column("createdAt")).fetchAll(db) }
    }

    /// Removes an administrator: their key stops working at once, and the name they gave leaves the disk.
    @discardableResult
    public func removeAdmin(id: String) async throws -> Bool {
        let removed = try await self.writer.write { db in try HouseAdmin.deleteOne(db, key: id) }
        if removed { await self.eraseDeleted() }
        return removed
    }

    /// Admin links not yet used or expired.
    public func usableAdminLinks(now: Date = Date()) async throws -> Int {
        try await self.writer.read { db in try AdminLink.filter(Column("usedAt") == nil && Column("expiresAt") > now).fetchCount(db) }
    }

    /// Withdraws every admin link not yet used. Returns how many.
    @discardableResult
    public func revokeAdminLinks(now: Date = Date()) async throws -> Int {
        try await self.writer.write { db in
            try AdminLink.filter(Column("usedAt") == nil && Column("expiresAt") > now).deleteAll(db)
        }
    }

    /// Administrators unused for a year, and admin links used or expired a day ago.
    static func deleteExpiredAdmins(in db: Database, now: Date) throws {
        try HouseAdmin.filter(Column("lastSeenAt") < now.addingTimeInterval(-Self.adminRetention)).deleteAll(db)
        let before = now.addingTimeInterval(-24 * 3600)
        try AdminLink.filter(Column("usedAt") < before || Column("expiresAt") < before).deleteAll(db)
    }
}
