// MARK: Free word and the hand queue

extension Meeting {
    mutating func setOneAtATime(_ on: Bool) throws(Refusal) -> [Event] {
        try self.requireRunning()
        guard self.round == nil else { throw .roundInProgress }
        guard self.freeWord.oneAtATime != on else { return [] }
        self.freeWord.oneAtATime = on
        var events: [Event] = [.freeWord(oneAtATime: on)]
        if !on, !self.freeWord.queue.isEmpty {
            self.freeWord.queue = []
            events.append(.queueChanged)
        }
        return events
    }

    mutating func raiseHand(_ actor: MemberID) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        switch self.phase {
        case .ended: throw .meetingEnded
        case .onBreak: throw .onBreak
        case .notStarted: throw .notOneAtATime
        case .running: break
        }
        guard self.round == nil else { throw .roundInProgress }
        guard self.freeWord.oneAtATime else { throw .notOneAtATime }
        guard !self.freeWord.queue.contains(actor) else { return [] }
        self.freeWord.queue.append(actor)
        return [.queueChanged]
    }

    mutating func lowerHand(_ actor: MemberID) throws(Refusal) -> [Event] {
        guard self.isPresent(actor) else { throw .notPresent }
        guard self.freeWord.queue.contains(actor) else { return [] }
        self.freeWord.queue.removeAll { $0 == actor }
        return [.queueChanged]
    }
}
