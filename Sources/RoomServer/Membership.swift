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
    /// When the key in use was made: at joining, or when a new phone's link moved the membership. Shown in the
    /// member list, so that of two people with the same name the right one is chosen.
    public var keyCreatedAt: Date

    public var memberID: MemberID { MemberID(self.id) }

    /// Read column by column, not through GRDB's Codable decoder: every member who comes in is looked up.
    /// Throwing, like that decoder: a row the build cannot read fails one admission, never the process.
    public init(row: Row) throws {
        self.id = try row.decode(forColumn: "id")
        self.roomId = try row.decode(forColumn: "roomId")
        self.keyHash = try row.decode(forColumn: "keyHash")
        self.displayName = try row.decode(forColumn: "displayName")
        self.nameKey = try row.decode(forColumn: "nameKey")
        self.role = try row.decode(forColumn: "role")
        self.createdAt = try row.decode(forColumn: "createdAt")
        self.pledgeAcceptedAt = try row.decode(forColumn: "pledgeAcceptedAt")
        self.lastSeenAt = try row.decode(forColumn: "lastSeenAt")
        self.keyCreatedAt = try row.decode(forColumn: "keyCreatedAt")
    }

    public init(
        id: String,
        roomId: String,
        keyHash: String,
        displayName: String,
        nameKey: String,
        role: Role,
        createdAt: Date,
        pledgeAcceptedAt: Date,
        lastSeenAt: Date,
        keyCreatedAt: Date? = nil
    ) {
        self.id = id
        self.roomId = roomId
        self.keyHash = keyHash
        self.displayName = displayName
        self.nameKey = nameKey
        self.role = role
        self.createdAt = createdAt
        self.pledgeAcceptedAt = pledgeAcceptedAt
        self.lastSeenAt = lastSeenAt
        self.keyCreatedAt = keyCreatedAt ?? createdAt
    }
}

extension Role: DatabaseValueConvertible {}
extension RoomKind: DatabaseValueConvertible {}
