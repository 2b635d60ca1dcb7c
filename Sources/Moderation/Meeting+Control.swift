// MARK: Who holds control: giving the host role, stepping down, a self-organised room, stepping out

extension Meeting {
    mutating func control(_ command: Command, by actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        switch command {
        case .offerHost(let target):
            guard self.holdsControl(actor) else { throw .notAllowed }
            guard target != actor else { throw .notYourself }
            guard self.isPresent(target) else { throw .notPresent }
            guard self.roles[target] != .host else { throw .alreadyHost }
            guard self.roles[target] != .guest else { throw .isGuest }
            if self.selfOrganised {
                // A host may remove others alone: in a room that runs itself, one member cannot make one.
                guard self.hostAsks[target] != actor else { throw .alreadyAsked }
                guard self.hostAsks[target] != nil else {
                    self.hostAsks[target] = actor
                    return [.hostProposed(target, by: actor)]
                }
                self.hostAsks[target] = nil
            }
            self.offers[target] = actor
            return [.hostOffered(to: target, by: actor)]
        case .acceptHost:
            guard self.offers.removeValue(forKey: actor) != nil else { throw .noOffer }
            var events = self.setRole(actor, .host)
            if self.selfOrganised {
                // The group asked one of its members to hold the role again.
                self.selfOrganised = false
                self.dropAsks()
                events.append(.selfOrganised(false, by: actor))
            }
            return events
        case .declineHost:
            guard let offeredBy = self.offers.removeValue(forKey: actor) else { throw .noOffer }
            return [.hostDeclined(actor, offeredBy: offeredBy)]
        case .stepDown:
            guard self.roles[actor] == .host else { throw .notAllowed }
            guard !self.isLastHost(actor) else { throw .lastHost }
            return self.setRole(actor, .member)
        case .makeSelfOrganised:
            guard self.roles[actor] == .host, !self.selfOrganised else { throw .notAllowed }
            // Nobody is host in a room that runs itself: every host becomes a member, as in the house's records.
            // One event says it all (the shape shows no host); a line per former host would only repeat it.
            for host in self.hosts { _ = self.setRole(host, .member) }
            self.selfOrganised = true
            self.offers = [:]
            return [.selfOrganised(true, by: actor)]
        case .stepOut:
            guard self.roles[actor] != .guest else { throw .isGuest }
            guard !self.isLastHost(actor) else { throw .lastHost }
            let name = self.participant(actor)?.name ?? ""
            return self.forget(actor, at: now) + [.steppedOut(actor, name: name)]
        default:
            return []
        }
    }

    /// Whether this member is the room's only host, so the group would be left with nobody to hold control.
    public func isLastHost(_ id: MemberID) -> Bool {
        !self.selfOrganised && self.roles[id] == .host && self.hosts.count == 1
    }

    mutating func setRole(_ id: MemberID, _ role: Role) -> [Event] {
        guard self.roles[id] != role else { return [] }
        self.roles[id] = role
        if let index = self.present.firstIndex(where: { $0.id == id }) { self.present[index].role = role }
        return [.roleChanged(id, role)]
    }

    /// Takes a member out of the group for good (stepped out or removed): out of the meeting, out of the
    /// roles, and never let back in this sitting.
    mutating func forget(_ id: MemberID, at now: Instant) -> [Event] {
        let events = self.isPresent(id) ? [Event.left(id)] + self.depart(id, at: now) : []
        self.roles[id] = nil
        self.removed.insert(id)
        self.removalAsks[id] = nil
        self.hostAsks[id] = nil
        self.inviteAsks[id] = nil
        self.lastSignal[id] = nil
        self.lastPause[id] = nil
        self.heldBack[id] = nil
        self.offers[id] = nil
        return events
    }
}
