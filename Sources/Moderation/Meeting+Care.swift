// MARK: Looking after the group: the lock, holding back, removing, and the quiet signals («not well», «Jeg ser deg»)

extension Meeting {
    /// The longest a member's messages may be held back at once, in the plan's minutes.
    public static let holdBackMinutes = 1...30
    /// "Not well" is said once in this many seconds, and a pause is turned on or off once in this many: each
    /// puts a line in everyone's conversation, so neither may be used to flood it.
    public static let notWellSeconds: Int64 = 120
    public static let pauseSeconds: Int64 = 5
    /// A cap on those present: at least two, at most a room's connections.
    public static let capRange = 2...100

    mutating func care(_ command: Command, by actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
        if command == .removedByHouse {
            // The house's word needs nobody's agreement, and reaches an absent member too.
            guard !self.removed.contains(actor) else { return [] }
            let name = self.participant(actor)?.name ?? ""
            return self.forget(actor, at: now) + [.removed(actor, name: name, by: nil)]
        }
        guard self.isPresent(actor) else { throw .notPresent }
        switch command {
        case .pause(let on):
            guard self.paused.contains(actor) != on else { return [] }
            if let last = self.lastPause[actor], now < last.adding(seconds: Self.pauseSeconds) { throw .tooSoon }
            self.lastPause[actor] = now
            if on { self.paused.insert(actor) } else { self.paused.remove(actor) }
            return [.paused(actor, on)]
        case .notWell:
            if let last = self.lastSignal[actor], now < last.adding(seconds: Self.notWellSeconds) { throw .alreadySaid }
            self.lastSignal[actor] = now
            // To the hosts present; when there is none to tell (or the room runs itself), to everyone present.
            let hosts = Set(self.present.filter { $0.role == .host && $0.id != actor }.map(\.id))
            let toHosts = !self.selfOrganised && !hosts.isEmpty
            let told = toHosts ? hosts : Set(self.present.map(\.id)).subtracting([actor])
            self.notWellNow[actor] = NotWell(toHosts: toHosts, told: told)
            return [.notWell(actor)]
        case .seeYou(let member):
            // Only those told may answer, each once: the answer is a quiet signal, never a way to flood someone.
            guard var call = self.notWellNow[member], call.told.contains(actor) else { throw .noNotWell }
            guard call.seenBy.insert(actor).inserted else { throw .alreadySaid }
            self.notWellNow[member] = call
            return [.seen(member, by: actor)]
        default:
            break
        }
        guard self.holdsControl(actor) else { throw .notAllowed }
        switch command {
        case .lock(let on):
            guard self.locked != on else { return [] }
            if on { try self.requireOpenMeeting() }
            self.locked = on
            return [.locked(on, by: actor)]
        case .setCap(let cap):
            if let cap { guard Self.capRange.contains(cap) else { throw .invalidValue } }
            guard self.cap != cap else { return [] }
            self.cap = cap
            return [.capped(cap, by: actor)]
        case .remove(let target, let name):
            try self.checkTarget(target, by: actor)
            if self.roles[target] == .guest {
                // A guest is sent out of this sitting by whoever holds control: they have no membership to end.
                let shown = self.participant(target)?.name ?? name
                return self.forget(target, at: now) + [.sentOut(target, name: shown, by: actor)]
            }
            if self.selfOrganised, self.removalAsks[target] != actor {
                guard self.removalAsks[target] != nil else {
                    // Nobody holds more control than anyone else here: one member alone cannot remove another.
                    self.removalAsks[target] = actor
                    return [.removalProposed(target, name: name, by: actor)]
                }
            } else if self.selfOrganised {
                throw .alreadyAsked
            }
            // Both who agreed are named: in a room that runs itself it was never one member's doing.
            let askedBy = self.selfOrganised ? self.removalAsks[target] : nil
            let shown = self.participant(target)?.name ?? name
            return self.forget(target, at: now) + [.removed(target, name: shown, by: actor, askedBy: askedBy)]
        case .holdBack(let target, let minutes):
            try self.checkTarget(target, by: actor)
            guard self.isPresent(target) else { throw .notPresent }
            guard Self.holdBackMinutes.contains(minutes) else { throw .invalidValue }
            let until = now.adding(seconds: self.plan.seconds(minutes))
            self.heldBack[target] = until
            return [.heldBack(target, until: until, by: actor)]
        case .release(let target):
            // Whoever is held back does not let themselves through, in a room that runs itself too.
            guard target != actor else { throw .notYourself }
            guard self.heldBack.removeValue(forKey: target) != nil else { return [] }
            return [.released(target, by: actor)]
        default:
            return []
        }
    }

    /// Whom one may remove or hold back: someone else, who is not a host (hosts step down or out, or the house removes them).
    private func checkTarget(_ target: MemberID, by actor: MemberID) throws(Refusal) {
        guard target != actor else { throw .notYourself }
        guard !self.removed.contains(target) else { throw .removed }
        guard self.roles[target] != .host else { throw .isHost }
    }

    /// Locking is for a meeting that is on (or about to start), not one that has ended.
    private func requireOpenMeeting() throws(Refusal) {
        if self.phase == .ended { throw .meetingEnded }
    }

    /// Lets held-back members write again when their time is up.
    mutating func releaseHeldBack(at now: Instant) -> [Event] {
        let due = self.heldBack.filter { $0.value <= now }.keys.sorted { $0.rawValue < $1.rawValue }
        for member in due { self.heldBack[member] = nil }
        return due.map { .released($0, by: nil) }
    }
}
