// MARK: Invitations: who may let a new member in (docs/ROLES.md, "Invite")

/// In a room that runs itself: one member's ask for a one-time invite link, waiting for a second member.
public struct InviteAsk: Sendable, Equatable {
    /// Who asked: the link is made for them, and handed to them.
    public let by: MemberID
    /// Their own note on whom the link is for, so whoever could agree knows whom they let in.
    public let label: String?
    /// A member's new phone: the link moves that membership (same name and role) instead of making a new one.
    public let forMember: MemberID?

    public init(by: MemberID, label: String?, forMember: MemberID? = nil) {
        self.by = by
        self.label = label
        self.forMember = forMember
    }
}

extension Meeting {
    /// A host makes a link alone. In a self-organised room every member holds control, and two members agreeing
    /// may remove someone or make a host: a member who could make links alone could make the second voice too
    /// (open the link in another browser), so a link needs a second member as well.
    ///
    /// A new phone's link (`forMember`) goes the same way: whoever uses it becomes that member, so in a room that
    /// runs itself one member alone could take over another's name and role with it.
    mutating func askInvite(label: String?, forMember: MemberID? = nil, by actor: MemberID) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        guard self.holdsControl(actor) else { throw .notAllowed }
        guard self.selfOrganised else { return [.inviteGranted(to: actor, label: label, agreedBy: nil, forMember: forMember)] }
        guard self.inviteAsks[actor] == nil else { throw .alreadyAsked }
        self.inviteAsks[actor] = InviteAsk(by: actor, label: label, forMember: forMember)
        return [.inviteProposed(by: actor, label: label, forMember: forMember)]
    }

    /// A second member agrees to someone else's ask: the link is made for whoever asked. Nobody agrees to their
    /// own ask, and a guest (who holds no control) agrees to nothing.
    mutating func agreeInvite(_ asker: MemberID, by actor: MemberID) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        guard self.holdsControl(actor) else { throw .notAllowed }
        guard asker != actor else { throw .notYourself }
        guard let ask = self.inviteAsks.removeValue(forKey: asker) else { throw .noAsk }
        return [.inviteGranted(to: ask.by, label: ask.label, agreedBy: actor, forMember: ask.forMember)]
    }

    /// Forgets every ask that waited for a second member: the room has a host again, who decides alone.
    mutating func dropAsks() {
        self.removalAsks = [:]
        self.hostAsks = [:]
        self.inviteAsks = [:]
    }
}
