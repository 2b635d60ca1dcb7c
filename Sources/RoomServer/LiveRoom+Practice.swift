import Foundation
import Logging
import Moderation

// MARK: What a practice meeting needs of a live room: the same room, opened outside the registry.

extension LiveRoom {
    /// A live room for a practice meeting: the same rules and fan-out as any room, with its pretend
    /// host known as a host from the start.
    static func practice(room: Room, host: MemberID, house: House, limits: Limits, logger: Logger) -> LiveRoom {
        LiveRoom(room: room, hosts: [host], house: house, guests: GuestBook(), limits: limits, logger: logger)
    }

    /// Whether someone is present in the meeting now.
    public func isPresent(_ member: MemberID) -> Bool {
        self.meeting.isPresent(member)
    }

    /// Whether someone pressed «Gå ut» in this sitting (not a dropped connection).
    public func leftWithGoodbye(_ member: MemberID) -> Bool {
        self.saidGoodbye.contains(member)
    }

    /// A private frame to one person's screens (a practice meeting's guide line).
    func whisper(_ frame: String, to member: MemberID) {
        self.tell([member], frame)
    }
}
