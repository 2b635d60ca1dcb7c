import Foundation
import GRDB

/// Someone who runs the house (staff of a volunteer centre, not a member of any group): they make rooms
/// and hand out host links on the house page. Only the hash of their key is stored.
public struct HouseAdmin: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "houseAdmin"

    public var id: String
    /// The name they gave, so administrators can tell each other apart (and remove each other).
    public var label: String
    public var keyHash: String
    public var createdAt: Date
    /// When they last used the house page: shown to the others, and a year unused deletes the row.
    public var lastSeenAt: Date
    /// Their session's end: moved on by every request, so a page left open on a shared computer locks itself.
    public var activeUntil: Date

    public func isActive(at now: Date) -> Bool { self.activeUntil > now }
}

/// A one-time link that makes (or lets back in) a house administrator. Only the hash of its token is stored.
public struct AdminLink: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "adminLink"

    public var id: String
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public func isUsable(at now: Date) -> Bool { self.usedAt == nil && self.expiresAt > now }
}

/// An admin link as it is handed out: the only moment its token exists in the clear.
public struct IssuedAdminLink: Sendable, Equatable {
    public let link: AdminLink
    public let token: Secret

    /// The path of the link, to be put after the house's address.
    public var path: String { "/hus/inn/\(self.token.value)" }
}
