import Foundation
import GRDB

/// A room in the house: a place that lasts from week to week.
public struct Room: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "room"

    public var id: String
    public var name: String
    public var kind: RoomKind
    public var createdAt: Date

    /// The longest room name the house may give.
    public static let maxNameLength = 80

    public init(id: String, name: String, kind: RoomKind, createdAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
    }

    /// Whether a string has the shape of a room id, so that junk never reaches the database.
    public static func isWellFormedID(_ candidate: String) -> Bool {
        candidate.utf8.count == 16
            && candidate.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            }
    }
}
