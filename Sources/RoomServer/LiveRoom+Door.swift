import Moderation

// MARK: Whether a newcomer would get in now, for a page that asks before its form.

extension LiveRoom {
    /// The state of the door for someone who is not in this meeting yet. A lock and a cap on those present
    /// belong to this sitting and live in memory only; the café's page says so before a guest fills in
    /// a name and the house rules, instead of after.
    public enum Door: Sendable, Equatable {
        case open
        /// Whoever holds control locked the room to newcomers for this meeting.
        case locked
        /// As many are present as whoever holds control allowed.
        case capped
    }

    /// What a newcomer who is not a host would meet at the door now (``Meeting`` decides the same at `join`).
    public var doorForNewcomers: Door {
        if self.meeting.locked { return .locked }
        if let cap = self.meeting.cap, self.meeting.present.count >= cap { return .capped }
        return .open
    }
}
