import Moderation

/// Who a connection is: a member with a key to the room, or a café guest for this sitting.
///
/// The live room admits attendees; what each may do is the meeting's to decide (docs/ROLES.md).
public struct Attendee: Sendable, Equatable {
    public let id: MemberID
    public let name: String
    /// The role the connection brings; the meeting's own record wins once it knows the person.
    public let role: Role
    /// The membership row, for a member; nil for a guest, who has none.
    public let membershipId: String?

    public init(_ membership: Membership) {
        self.id = membership.memberID
        self.name = membership.displayName
        self.role = membership.role
        self.membershipId = membership.id
    }

    /// Someone in a practice meeting: the visitor, or a pretend member. Nothing of them is stored.
    public init(id: MemberID, name: String, role: Role) {
        self.id = id
        self.name = name
        self.role = role
        self.membershipId = nil
    }

    public init(guest: Guest) {
        self.id = guest.id
        self.name = guest.name
        self.role = .guest
        self.membershipId = nil
    }
}
