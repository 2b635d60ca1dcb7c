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

    public init(plan: MeetingPlan = MeetingPlan()) {
        self.plan = plan
    }

    public func participant(_ id: MemberID) -> Participant? {
        self.present.first { $0.id == id }
    }

    public func isPresent(_ id: MemberID) -> Bool {
        self.participant(id) != nil
    }

    // MARK: Who may do what

    /// The member who has the floor: the round's speaker, or the first raised hand when the word goes one at a time.
    public var floorHolder: MemberID? {
        switch self.phase {
        case .running: self.round?.speaker ?? self.freeWord.speaker
        case .notStarted, .onBreak, .ended: nil
        }
    }

    /// Whether a member may run the meeting: the host, or, when no host is present, anyone present.
    ///
    /// So a meeting never gets stuck because the host dropped off.
    public func mayRun(_ id: MemberID) -> Bool {
        guard let participant = self.participant(id) else { return false }
        return participant.role == .host || !self.present.contains { $0.role == .host }
    }

    /// Why a member may not write now, or nil if they may.
    public func writingRefusal(for id: MemberID) -> Refusal? {
        guard self.isPresent(id) else { return .notPresent }
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
        return deadlines.min()
    }

    // MARK: Applying commands

    /// Applies one command from one member.
    /// - Returns: the events to show everyone present, in order.
    public mutating func apply(_ command: Command, by actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
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
        default:
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
        let participant = Participant(id: actor, name: name, role: role)
        self.present.append(participant)
        // Someone who arrives during a round is added to its end (or keeps their place if they were in it).
        if var round = self.round, !round.order.contains(actor) {
            round.order.append(actor)
            self.round = round
        }
        return [.joined(participant)]
    }

    private mutating func leave(_ actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
        guard let index = self.present.firstIndex(where: { $0.id == actor }) else { throw .notPresent }
        self.present.remove(at: index)
        var events: [Event] = [.left(actor)]
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
