/// What a member may do in a room.
///
/// The igangsetter who opened the room with its host link is a `host`; everyone who came
/// through an ordinary invite is a `member`.
public enum Role: String, Sendable, Codable, CaseIterable {
    case host
    case member
}
