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

/// An invite as it is handed out: the only moment the token exists in the clear.
public struct IssuedInvite: Sendable, Equatable {
    public let invite: Invite
    public let token: Secret

    /// The path of the link, to be put after the house's address.
    public var path: String { "/i/\(self.token.value)" }
}
