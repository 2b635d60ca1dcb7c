/// One sitting in a room: who is present, the phase, the round or free word, the break.
///
/// A meeting is a value. Every change goes through ``apply(_:by:at:)``, which either
/// returns the events everyone present should see, or throws a typed ``Refusal``.
/// Time is passed in; the caller fires ``Command/tick`` at ``nextDeadline``.
/// It holds no message text: what is said passes through as an event and is gone.
public struct Meeting: Sendable, Equatable {
    /// The longest message, in characters (grapheme clusters), that anyone may send.
    public static let maxMessageLength = 2000

    /// The longest display name, in characters.
    public static let maxNameLength = 40

    /// Who is present, in the order they arrived.
    public internal(set) var present: [Participant] = []
    public internal(set) var phase: Phase = .notStarted
    public internal(set) var plan: MeetingPlan
    /// When the meeting was started, for the plan's clock.
    public internal(set) var startedAt: Instant?
    /// The round going on, if any.
    public internal(set) var round: Round?
    /// Free word, when no round is going on.
    public internal(set) var freeWord = FreeWord()
    var reminderGiven = false

    // Control and care (Meeting+Control.swift, Meeting+Care.swift, docs/ROLES.md).

    /// The role of every member this meeting knows of: the room's hosts (present or not) and everyone who
    /// came. The one record of who holds control while the room is live; the house stores each change.
    public internal(set) var roles: [MemberID: Role] = [:]
    /// No host: every member holds control. Stored with the room.
    public internal(set) var selfOrganised: Bool
    /// Closed to newcomers until the meeting ends.
    public internal(set) var locked = false
    /// At most this many present (a café's choice; none by default). Hosts still come in.
    public internal(set) var cap: Int?
    /// Who has been offered the host role, and by whom.
    public internal(set) var offers: [MemberID: MemberID] = [:]
    /// In a self-organised room: whose removal someone asked for, and who asked.
    public internal(set) var removalAsks: [MemberID: MemberID] = [:]
    /// In a self-organised room: whom someone asked to offer the host role to, and who asked.
    public internal(set) var hostAsks: [MemberID: MemberID] = [:]
    /// In a self-organised room: who asked for an invite link, waiting for a second member.
    public internal(set) var inviteAsks: [MemberID: InviteAsk] = [:]
    /// When each member last said they are not well, or paused: so a signal cannot be used to flood.
    var lastSignal: [MemberID: Instant] = [:]
    var lastPause: [MemberID: Instant] = [:]
    /// Each present member's «not well» that still stands, with who may answer it and who did.
    public internal(set) var notWellNow: [MemberID: NotWell] = [:]
    /// Removed or stepped out during this sitting: they can never act again.
    public internal(set) var removed: Set<MemberID> = []
    /// Members whose messages are held back, until when.
    public internal(set) var heldBack: [MemberID: Instant] = [:]
    /// Members who said they are taking a short pause.
    public internal(set) var paused: Set<MemberID> = []
    /// Everyone present at some time in this meeting: a locked room still lets them back in.
    var seen: Set<MemberID> = []

    /// - Parameters:
    ///   - hosts: the room's host memberships, present or not, so the last host is known as such.
    ///   - selfOrganised: whether the room runs itself.
    public init(plan: MeetingPlan = MeetingPlan(), hosts: Set<MemberID> = [], selfOrganised: Bool = false) {
        self.plan = plan
        self.selfOrganised = selfOrganised
        for host in hosts { self.roles[host] = .host }
    }

    public func participant(_ id: MemberID) -> Participant? {
        self.present.first { $0.id == id }
    }

    public func isPresent(_ id: MemberID) -> Bool {
        self.participant(id) != nil
    }

    /// Whether this person has been present at some time in this meeting (a café counts each person once).
    public func hasBeenHere(_ id: MemberID) -> Bool {
        self.seen.contains(id)
    }

    // MARK: Who may do what

    /// The member who has the floor: the round's speaker, or the first raised hand when the word goes one at a time.
    public var floorHolder: MemberID? {
        switch self.phase {
        case .running: self.round?.speaker ?? self.freeWord.speaker
        case .notStarted, .onBreak, .ended: nil
        }
    }

    /// Whether a member may run the meeting: a host; anyone present when no host is present (so a meeting
    /// never gets stuck because the host dropped off); everyone in a self-organised room.
    public func mayRun(_ id: MemberID) -> Bool {
        guard let participant = self.participant(id) else { return false }
        switch participant.role {
        case .host: return true
        case .member: return self.selfOrganised || !self.hostPresent
        case .guest: return false
        }
    }

    /// Whether a member holds control: may invite, look after the group (lock, hold back, remove) and give
    /// the host role. A host; every member of a self-organised room. Not merely anyone when the host is away:
    /// what lasts beyond the meeting waits for whoever the group gave it to.
    public func holdsControl(_ id: MemberID) -> Bool {
        guard let participant = self.participant(id) else { return false }
        return participant.role == .host || (self.selfOrganised && participant.role == .member)
    }

    /// Whether a host is present.
    public var hostPresent: Bool {
        self.present.contains { $0.role == .host }
    }

    /// The room's hosts this meeting knows of, present or not.
    public var hosts: Set<MemberID> {
        Set(self.roles.filter { $0.value == .host }.keys)
    }

    /// Why a member may not write now, or nil if they may.
    public func writingRefusal(for id: MemberID) -> Refusal? {
        guard self.isPresent(id) else { return .notPresent }
        if self.heldBack[id] != nil { return .heldBack }
        switch self.phase {
        case .ended:
            return .meetingEnded
        case .onBreak:
            return self.plan.talkDuringBreak ? nil : .onBreak
        case .notStarted:
            return nil
        case .running:
            if self.round != nil || self.freeWord.oneAtATime {
                return self.floorHolder == id ? nil : .notYourTurn
            }
            return nil
        }
    }

    /// When the plan says the meeting ends.
    public var endsAt: Instant? {
        self.startedAt?.adding(seconds: self.plan.seconds(self.plan.minutes))
    }

    /// The next moment something happens by itself (a break ends, a time cue, the closing reminder).
    public var nextDeadline: Instant? {
        var deadlines: [Instant] = []
        if case .onBreak(let endsAt) = self.phase { deadlines.append(endsAt) }
        if case .running = self.phase, let round = self.round, !round.cueGiven {
            deadlines.append(round.turnStartedAt.adding(seconds: self.plan.seconds(self.plan.cueMinutes)))
        }
        if !self.reminderGiven, let endsAt = self.endsAt, self.phase != .ended {
            deadlines.append(endsAt.adding(seconds: -self.plan.seconds(self.plan.reminderMinutes)))
        }
        if let release = self.heldBack.values.min() { deadlines.append(release) }
        return deadlines.min()
    }

    // MARK: Applying commands

    /// Applies one command from one member.
    /// - Returns: the events to show everyone present, in order.
    public mutating func apply(_ command: Command, by actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
        // Someone removed can never act again in this sitting, whatever their page still sends.
        if self.removed.contains(actor), command != .tick { throw .removed }
        switch command {
        case .tick:
            return self.fireDeadlines(at: now)
        case .join(let name, let role):
            return try self.join(actor, name: name, role: role)
        case .leave:
            return try self.leave(actor, at: now)
        case .say(let text):
            if let refusal = self.writingRefusal(for: actor) { throw refusal }
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty else { throw .emptyMessage }
            guard text.count <= Self.maxMessageLength else { throw .messageTooLong }
            return [.said(actor, trimmed)]
        case .typing:
            if let refusal = self.writingRefusal(for: actor) { throw refusal }
            return [.typing(actor)]
        case .done:
            return try self.endShare(by: actor, .done, at: now)
        case .pass:
            return try self.endShare(by: actor, .passed, at: now)
        case .raiseHand:
            return try self.raiseHand(actor)
        case .lowerHand:
            return try self.lowerHand(actor)
        case .offerHost, .acceptHost, .declineHost, .stepDown, .makeSelfOrganised, .stepOut:
            return try self.control(command, by: actor, at: now)
        case .lock, .setCap, .remove, .removedByHouse, .holdBack, .release, .pause, .notWell, .seeYou:
            return try self.care(command, by: actor, at: now)
        case .askInvite(let label, let forMember):
            return try self.askInvite(label: label, forMember: forMember, by: actor)
        case .agreeInvite(let asker):
            return try self.agreeInvite(asker, by: actor)
        // Listed rather than a catch-all: a new command that nobody handles does not compile.
        case .startMeeting, .endMeeting, .startRound, .endRound, .skip, .setOneAtATime, .startBreak, .resume, .extendBreak:
            guard self.isPresent(actor) else { throw .notPresent }
            guard self.mayRun(actor) else { throw .notAllowed }
            return try self.run(command, at: now)
        }
    }

    /// Commands only whoever runs the meeting may give.
    private mutating func run(_ command: Command, at now: Instant) throws(Refusal) -> [Event] {
        switch command {
        case .startMeeting: return try self.startMeeting(at: now)
        case .endMeeting: return try self.endMeeting()
        case .startRound(let prompt, let seed): return try self.startRound(prompt, seed: seed, at: now)
        case .endRound: return try self.endRound()
        case .skip: return try self.skip(at: now)
        case .setOneAtATime(let on): return try self.setOneAtATime(on)
        case .startBreak(let minutes): return try self.startBreak(minutes: minutes, at: now)
        case .resume: return try self.resume()
        case .extendBreak(let minutes): return try self.extendBreak(minutes: minutes, at: now)
        default: return []
        }
    }

    // MARK: Presence

    private mutating func join(_ actor: MemberID, name: String, role: Role) throws(Refusal) -> [Event] {
        guard !self.isPresent(actor) else { throw .alreadyPresent }
        // The meeting's record wins over the role a connection brought: it may have changed since it was read.
        let role = self.roles[actor] ?? role
        // Hosts are never locked out of their own room, nor is anyone who was in this meeting already.
        guard !self.locked || role == .host || self.seen.contains(actor) else { throw .locked }
        if let cap = self.cap, role != .host, self.present.count >= cap { throw .full }
        self.roles[actor] = role
        self.seen.insert(actor)
        let participant = Participant(id: actor, name: name, role: role)
        self.present.append(participant)
        var events: [Event] = [.joined(participant)]
        if role == .host, self.selfOrganised {
            // A host arriving (the house gave the room a new host link) ends self-organisation, and with it
            // the asks that waited for a second member: the host decides now.
            self.selfOrganised = false
            self.dropAsks()
            events.append(.selfOrganised(false, by: nil))
        }
        // Someone who arrives during a round is added to its end (or keeps their place if they were in it).
        if var round = self.round, !round.order.contains(actor) {
            round.order.append(actor)
            self.round = round
        }
        return events
    }

    private mutating func leave(_ actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        return [.left(actor)] + self.depart(actor, at: now)
    }

    /// Takes a member out of the meeting (they left, stepped out or were removed): their turn, their raised
    /// hand, the offers and asks that depended on them being here, their pause.
    mutating func depart(_ actor: MemberID, at now: Instant) -> [Event] {
        guard let index = self.present.firstIndex(where: { $0.id == actor }) else { return [] }
        self.present.remove(at: index)
        self.offers[actor] = nil
        self.offers = self.offers.filter { $0.value != actor }
        self.removalAsks = self.removalAsks.filter { $0.value != actor }
        self.hostAsks = self.hostAsks.filter { $0.key != actor && $0.value != actor }
        self.inviteAsks[actor] = nil
        self.paused.remove(actor)
        // Whoever is gone cannot be answered: a «Jeg ser deg» then would reach nobody.
        self.notWellNow[actor] = nil
        var events: [Event] = []
        if let round = self.round, round.speaker == actor {
            events.append(.shareEnded(actor, .absent))
            events += self.advanceRound(at: now)
        }
        if self.freeWord.queue.contains(actor) {
            self.freeWord.queue.removeAll { $0 == actor }
            events.append(.queueChanged)
        }
        return events
    }
}

extension String {
    /// The string without leading and trailing white space and new lines.
    ///
    /// Written out here because the rules module does not import Foundation.
    func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
