import Foundation
import GRDB
import Moderation

/// One person's key to one room.
///
/// The browser holds the key; the database holds only its hash, the chosen name, the role
/// and dates. Nothing here says what the person has written.
public struct Membership: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "membership"

    public var id: String
    public var roomId: String
    public var keyHash: String
    public var displayName: String
    /// What the name looks like (``NameKey``), so a room can refuse a second name that would pass for this one.
    public var nameKey: String
    public var role: Role
    public var createdAt: Date
    /// When the person accepted the room's confidentiality pledge (taushetserklæring).
    public var pledgeAcceptedAt: Date
    /// When the person last entered the room; unused memberships are deleted after a while.
    public var lastSeenAt: Date

    public var memberID: MemberID { MemberID(self.id) }
}

extension Role: DatabaseValueConvertible {}
extension RoomKind: DatabaseValueConvertible {}
