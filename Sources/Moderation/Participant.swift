/// A member who is present in the meeting right now.
public struct Participant: Hashable, Sendable, Codable {
    public let id: MemberID
    /// The first name or nickname the person chose. Shown to the others present, never logged.
    public let name: String
    /// Kept equal to the meeting's record of who holds control; changes only through ``Meeting/apply(_:by:at:)``.
    public internal(set) var role: Role

    public init(id: MemberID, name: String, role: Role) {
        self.id = id
        self.name = name
        self.role = role
    }
}
