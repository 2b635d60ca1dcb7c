// MARK: Invitations: who may let a new member in (docs/ROLES.md, "Invite")

/// In a room that runs itself: one member's ask for a one-time invite link, waiting for a second member.
public struct InviteAsk: Sendable, Equatable {
    /// Who asked: the link is made for them, and handed to them.
    public let by: MemberID
    /// Their own note on whom the link is for, so whoever could agree knows whom they let in.
    public let label: String?

    public init(by: MemberID, label: String?) {
        self.by = by
        self.label = label
    }
}

extension Meeting {
    /// A host makes a link alone. In a self-organised room every member holds control, and two members agreeing
    /// may remove someone or make a host: a member who could make links alone could make the second voice too
    /// (open the link in another browser), so a link needs a second member as well.
    mutating func askInvite(label: String?, by actor: MemberID) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        guard self.holdsControl(actor) else { throw .notAllowed }
        guard self.selfOrganised else { return [.inviteGranted(to: actor, label: label, agreedBy: nil)] }
        guard self.inviteAsks[actor] == nil else { throw .alreadyAsked }
        self.inviteAsks[actor] = InviteAsk(by: actor, label: label)
        return [.inviteProposed(by: actor, label: label)]
    }

    /// A second member agrees to someone else's ask: the link is made for whoever asked. Nobody agrees to their
    /// own ask, and a guest (who holds no control) agrees to nothing.
    mutating func agreeInvite(_ asker: MemberID, by actor: MemberID) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        guard self.holdsControl(actor) else { throw .notAllowed }
        guard asker != actor else { throw .notYourself }
        guard let ask = self.inviteAsks.removeValue(forKey: asker) else { throw .noAsk }
        return [.inviteGranted(to: ask.by, label: ask.label, agreedBy: actor)]
    }

    /// Forgets every ask that waited for a second member: the room has a host again, who decides alone.
    mutating func dropAsks() {
        self.removalAsks = [:]
        self.hostAsks = [:]
        self.inviteAsks = [:]
    }
}
