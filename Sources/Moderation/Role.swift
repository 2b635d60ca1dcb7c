/// What a member may do in a room.
///
/// The igangsetter who opened the room with its host link is a `host`; everyone who came
/// through an ordinary invite is a `member`. A host can offer the role to a member, step down,
/// or make the room self-organised, where nobody is host and every member holds control.
public enum Role: String, Sendable, Codable, CaseIterable {
    case host
    case member
    /// A café's drop-in guest, for one sitting: no key, never stored, never holds control or runs the meeting.
    case guest
}
