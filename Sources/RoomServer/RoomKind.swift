/// What sort of room it is (see PRODUCT.md, "Rooms").
public enum RoomKind: String, Sendable, Codable, CaseIterable {
    /// A closed self-help group: members only, by invite.
    case group
    /// An open café meeting.
    case cafe
    /// A practice meeting for one visitor with pretend members: in memory only, never stored.
    case practice
}
