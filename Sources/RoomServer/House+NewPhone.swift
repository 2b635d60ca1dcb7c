import Foundation
import GRDB
import Moderation

/// A new phone keeps the name: a link for one member that moves their membership to the browser that uses it.
///
/// Without it, a person on a new phone could only come in as a new member, under another name («Anne B»), and the
/// host then saw two «Anne» and had to remove one. Using the link gives the same membership a new key (same name,
/// same role, same place in the group) and the old key stops working at once: a lost phone opens nothing.
extension House {
    /// How long a new phone's link works: it is sent to someone who is waiting for it.
    public static let newPhoneLinkLifetime: TimeInterval = 2 * 24 * 3600

    /// Makes a new phone's link for a member of the room, or nil if there is no such member. An earlier unused
    /// link for the same member is revoked: only the latest one sent works.
    public func issueNewPhoneLink(roomId: String, membershipId: String, now: Date = Date()) async throws -> IssuedInvite? {
        try await self.writer.write { db in
            guard try Membership.filter(Column("id") == membershipId && Column("roomId") == roomId).fetchCount(db) == 1 else { return nil }
            try db.execute(
                sql: "UPDATE invite SET revokedAt = ? WHERE forMembershipId = ? AND usedAt IS NULL AND revokedAt IS NULL",
                arguments: [now, membershipId]
            )
            return try Self.issue(
                in: db,
                roomId: roomId,
                role: .member,
                lifetime: Self.newPhoneLinkLifetime,
                forMembershipId: membershipId,
                now: now
            )
        }
    }

    /// Uses a new phone's link exactly once: the membership gets a new key, and the old one stops working.
    ///
    /// As ``redeem(token:displayName:pledgeAccepted:now:)``: one conditional UPDATE spends the link, so of two
    /// attempts one wins. No name is asked (it stays) and no pledge again (it was given, and still holds).
    public func moveMembership(token: String, now: Date = Date()) async throws -> Result<(Membership, Secret), RedeemProblem> {
        guard Secret.isWellFormed(token) else { return .failure(.unknown) }
        let hash = Secret(value: token).hash
        return try await self.writer.write { db in
            guard let invite = try Invite.filter(Column("tokenHash") == hash).fetchOne(db), let membershipId = invite.forMembershipId else {
                return .failure(.unknown)
            }
            if let problem = Self.problem(with: invite, at: now) { return .failure(problem) }
            try db.execute(
                sql: "UPDATE invite SET usedAt = ? WHERE id = ? AND usedAt IS NULL AND revokedAt IS NULL AND expiresAt > ?",
                arguments: [now, invite.id, now]
            )
            guard db.changesCount == 1 else { return .failure(.used) }
            let key = Secret.generate()
            try db.execute(
                sql: "UPDATE membership SET keyHash = ?, keyCreatedAt = ?, lastSeenAt = ? WHERE id = ? AND roomId = ?",
                arguments: [key.hash, now, now, membershipId, invite.roomId]
            )
            guard db.changesCount == 1, let membership = try Membership.fetchOne(db, key: membershipId) else { return .failure(.unknown) }
            return .success((membership, key))
        }
    }
}
