import Foundation
import GRDB
import Moderation

/// A one-time link into a room. Only the hash of its token is stored.
public struct Invite: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "invite"

    public var id: String
    public var roomId: String
    public var tokenHash: String
    /// The role the link gives: `host` for the igangsetter's host link, `member` otherwise.
    public var role: Role
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?
    /// The host's own note on whom the link is for ("til Kari"), shown only to hosts; deleted with the link.
    public var label: String?
    /// A member's new phone: using the link gives this membership a new key (same name, same role) and the old
    /// key stops working. Nil for a link that makes a new member. Deleted with the membership.
    public var forMembershipId: String? = nil

    /// Where a link stands at a given time.
    public enum Status: String, Sendable, Equatable {
        case usable
        case used
        case expired
        case revoked
    }

    public func status(at now: Date) -> Status {
        if self.usedAt != nil { return .used }
        if self.revokedAt != nil { return .revoked }
        if self.expiresAt <= now { return .expired }
        return .usable
    }
}

/// A host's note on an invite: who the link is for, so unused links can be told apart.
public enum InviteLabel {
    /// The label to store (nil for none), or why it cannot be used.
    ///
    /// The rules of a display name (it is shown like one, to hosts); what a name would call empty is no label.
    public static func validate(_ raw: String?) -> Result<String?, DisplayName.Problem> {
        guard let raw else { return .success(nil) }
        switch DisplayName.validate(raw) {
        case .success(let label): return .success(label)
        case .failure(.empty): return .success(nil)
        case .failure(let problem): return .failure(problem)
        }
    }
}

/// An invite as it is handed out: the only moment the token exists in the clear.
public struct IssuedInvite: Sendable, Equatable {
    public let invite: Invite
    public let token: Secret

    /// The path of the link, to be put after the house's address.
    public var path: String { "/i/\(self.token.value)" }
}
