import Moderation

extension ClientFrame {
    /// The meeting command this frame asks for, or the error code if a field is missing or wrong.
    /// (Invites, the member list and removals are looked up in the house first: ``LiveRoom/receive(_:from:now:)``.)
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
        case "host.offer":
            guard let member = self.m else { return .failure(.badField) }
            return .success(.offerHost(MemberID(member)))
        case "host.accept": return .success(.acceptHost)
        case "host.decline": return .success(.declineHost)
        case "host.step-down": return .success(.stepDown)
        case "room.self-organise": return .success(.makeSelfOrganised)
        case "group.step-out": return .success(.stepOut)
        case "room.cap": return .success(.setCap(self.cap))
        case "room.lock":
            guard let on = self.on else { return .failure(.badField) }
            return .success(.lock(on))
        case "member.hold":
            guard let member = self.m, let minutes = self.minutes else { return .failure(.badField) }
            return .success(.holdBack(MemberID(member), minutes: minutes))
        case "member.release":
            guard let member = self.m else { return .failure(.badField) }
            return .success(.release(MemberID(member)))
        case "pause":
            guard let on = self.on else { return .failure(.badField) }
            return .success(.pause(on))
        case "not-well": return .success(.notWell)
        case "see-you":
            guard let member = self.m else { return .failure(.badField) }
            return .success(.seeYou(MemberID(member)))
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
