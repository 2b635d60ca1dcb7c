// MARK: Starting, running and ending the meeting and its rounds

extension Meeting {
    mutating func startMeeting(at now: Instant) throws(Refusal) -> [Event] {
        switch self.phase {
        case .running, .onBreak: throw .alreadyRunning
        case .notStarted, .ended: break
        }
        self.phase = .running
        self.startedAt = now
        self.round = nil
        self.freeWord = FreeWord()
        self.reminderGiven = false
        return [.meetingStarted]
    }

    mutating func endMeeting() throws(Refusal) -> [Event] {
        switch self.phase {
        case .notStarted: throw .notRunning
        case .ended: throw .meetingEnded
        case .running, .onBreak: break
        }
        var events: [Event] = []
        if self.round != nil { events.append(.roundEnded) }
        self.round = nil
        self.freeWord = FreeWord()
        self.phase = .ended
        // The lock and the cap were for this meeting: the room's next meeting is open again.
        self.locked = false
        self.cap = nil
        events.append(.meetingEnded)
        return events
    }

    mutating func startRound(_ prompt: Prompt, seed: UInt64?, at now: Instant) throws(Refusal) -> [Event] {
        try self.requireRunning()
        guard self.round == nil else { throw .roundInProgress }
        var prompt = prompt
        if case .custom(let text) = prompt {
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty, trimmed.count <= Prompt.maxCustomLength else { throw .invalidValue }
            prompt = .custom(trimmed)
        }
        guard !self.present.isEmpty else { throw .nobodyPresent }
        var order = self.present.map(\.id)
        if let seed {
            var generator = SeededGenerator(seed: seed)
            order.shuffle(using: &generator)
        }
        self.round = Round(prompt: prompt, order: order, current: 0, turnStartedAt: now, cueGiven: false)
        var events: [Event] = [.roundStarted(prompt), .turn(order[0])]
        if !self.freeWord.queue.isEmpty {
            // Raised hands belong to the free word that the round interrupts.
            self.freeWord.queue = []
            events.append(.queueChanged)
        }
        return events
    }

    /// Refuses with why the meeting is not running (not started, on a break, ended).
    func requireRunning() throws(Refusal) {
        switch self.phase {
        case .running: return
        case .onBreak: throw .onBreak
        case .notStarted: throw .notRunning
        case .ended: throw .meetingEnded
        }
    }

    mutating func endRound() throws(Refusal) -> [Event] {
        guard self.round != nil else { throw .noRound }
        self.round = nil
        return [.roundEnded]
    }

    mutating func skip(at now: Instant) throws(Refusal) -> [Event] {
        guard let round = self.round, self.phase == .running else { throw .noRound }
        return [.shareEnded(round.speaker, .skipped)] + self.advanceRound(at: now)
    }

    /// The speaker ends their share (done or passed), in a round or holding the floor in free word.
    mutating func endShare(by actor: MemberID, _ end: ShareEnd, at now: Instant) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        if let round = self.round, self.phase == .running {
            guard round.speaker == actor else { throw .notYourTurn }
            return [.shareEnded(actor, end)] + self.advanceRound(at: now)
        }
        if self.phase == .running, self.freeWord.speaker != nil {
            guard self.freeWord.speaker == actor else { throw .notYourTurn }
            self.freeWord.queue.removeFirst()
            return [.shareEnded(actor, end), .queueChanged]
        }
        throw .noRound
    }

    /// Gives the floor to the next member of the round who is present; those absent are skipped.
    /// Ends the round after the last one.
    mutating func advanceRound(at now: Instant) -> [Event] {
        guard var round = self.round else { return [] }
        var events: [Event] = []
        var next = round.current + 1
        while next < round.order.count, !self.isPresent(round.order[next]) {
            events.append(.shareEnded(round.order[next], .absent))
            next += 1
        }
        guard next < round.order.count else {
            self.round = nil
            return events + [.roundEnded]
        }
        round.current = next
        round.turnStartedAt = now
        round.cueGiven = false
        self.round = round
        return events + [.turn(round.speaker)]
    }
}
