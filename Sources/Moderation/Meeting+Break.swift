// MARK: The break, and what happens by itself in time

extension Meeting {
    mutating func startBreak(minutes: Int?, at now: Instant) throws(Refusal) -> [Event] {
        try self.requireRunning()
        guard self.round == nil else { throw .roundInProgress }
        let length = minutes ?? self.plan.breakMinutes
        guard MeetingPlan.allowedBreakMinutes.contains(length) else { throw .invalidValue }
        let endsAt = now.adding(seconds: self.plan.seconds(length))
        self.phase = .onBreak(endsAt: endsAt)
        var events: [Event] = [.breakStarted(endsAt: endsAt)]
        if !self.freeWord.queue.isEmpty {
            self.freeWord.queue = []
            events.append(.queueChanged)
        }
        return events
    }

    mutating func resume() throws(Refusal) -> [Event] {
        guard case .onBreak = self.phase else { throw .noBreak }
        self.phase = .running
        return [.breakEnded]
    }

    mutating func extendBreak(minutes: Int, at now: Instant) throws(Refusal) -> [Event] {
        guard case .onBreak(let endsAt) = self.phase else { throw .noBreak }
        guard MeetingPlan.allowedBreakMinutes.contains(minutes) else { throw .invalidValue }
        let newEnd = max(endsAt, now).adding(seconds: self.plan.seconds(minutes))
        guard newEnd <= now.adding(seconds: self.plan.seconds(MeetingPlan.allowedBreakMinutes.upperBound)) else { throw .invalidValue }
        self.phase = .onBreak(endsAt: newEnd)
        return [.breakExtended(endsAt: newEnd)]
    }

    /// Everything whose time has come: the break's end, the speaker's cue, the closing reminder.
    mutating func fireDeadlines(at now: Instant) -> [Event] {
        var events: [Event] = []
        if case .onBreak(let endsAt) = self.phase, endsAt <= now {
            self.phase = .running
            events.append(.breakEnded)
        }
        if case .running = self.phase, var round = self.round, !round.cueGiven,
            round.turnStartedAt.adding(seconds: self.plan.seconds(self.plan.cueMinutes)) <= now
        {
            round.cueGiven = true
            self.round = round
            events.append(.timeCue(round.speaker))
        }
        if !self.reminderGiven, self.phase != .ended, let endsAt = self.endsAt,
            endsAt.adding(seconds: -self.plan.seconds(self.plan.reminderMinutes)) <= now
        {
            self.reminderGiven = true
            events.append(.closingReminder)
        }
        return events + self.releaseHeldBack(at: now)
    }
}
