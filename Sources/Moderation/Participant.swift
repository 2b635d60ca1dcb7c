/// A member who is present in the meeting right now.
public struct Participant: Hashable, Sendable, Codable {
    public let id: MemberID
    /// The first name or nickname the person chose. Shown to the others present, never logged.
    public let name: String
    public let role: Role

    public init(id: MemberID, name: String, role: Role) {
        self.id = id
        self.name = name
        self.role = role
    }
}
