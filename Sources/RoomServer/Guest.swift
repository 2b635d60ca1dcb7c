import Foundation
import Moderation

/// A café's drop-in guest: a name for one sitting, and nothing else. Never written to the database.
public struct Guest: Sendable, Equatable {
    public let id: MemberID
    public let roomId: String
    /// The name the others see, told apart from every other name in the room ("Anne 2").
    public let name: String
    public let createdAt: Date
}
