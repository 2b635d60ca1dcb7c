import Moderation

extension ClientFrame {
    /// The frame types that are commands to the meeting (the rest are invites, handled elsewhere).
    static let meetingTypes: Set<String> = [
        "say", "typing", "meeting.start", "meeting.end", "round.start", "round.end", "round.skip", "done", "pass",
        "free.one-at-a-time", "hand.raise", "hand.lower", "break.start", "break.resume", "break.extend",
    ]

    /// The meeting command this frame asks for, or the error code if a field is missing or wrong.
    ///
    /// A shuffled round gets its seed from the system's random generator here, so the rules stay pure.
    func command() -> Result<Command, ServerFrame.ErrorCode> {
        switch self.t {
        case "say":
            guard let text = self.text else { return .failure(.badField) }
            return .success(.say(text))
        case "typing": return .success(.typing)
        case "meeting.start": return .success(.startMeeting)
        case "meeting.end": return .success(.endMeeting)
        case "round.start":
            let prompt: Prompt
            if let key = self.prompt {
                guard let builtIn = Prompt(key: key) else { return .failure(.badField) }
                prompt = builtIn
            } else if let text = self.text {
                prompt = .custom(text)
            } else {
                return .failure(.badField)
            }
            return .success(.startRound(prompt, shuffleSeed: self.shuffle == true ? UInt64.random(in: .min ... .max) : nil))
        case "round.end": return .success(.endRound)
        case "round.skip": return .success(.skip)
        case "done": return .success(.done)
        case "pass": return .success(.pass)
        case "free.one-at-a-time":
            guard let on = self.on else { return .failure(.badField) }
            return .success(.setOneAtATime(on))
        case "hand.raise": return .success(.raiseHand)
        case "hand.lower": return .success(.lowerHand)
        case "break.start": return .success(.startBreak(minutes: self.minutes))
        case "break.resume": return .success(.resume)
        case "break.extend":
            guard let minutes = self.minutes else { return .failure(.badField) }
            return .success(.extendBreak(minutes: minutes))
        default: return .failure(.unknownType)
        }
    }
}

extension ServerFrame {
    /// Error codes that are not refusals by the rules (those are ``Refusal``'s raw values).
    enum ErrorCode: String, Error {
        case badField = "bad-field"
        case unknownType = "unknown-type"
    }
}
