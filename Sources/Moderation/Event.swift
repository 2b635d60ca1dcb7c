/// What happened in a meeting, as everyone present should learn it.
public enum Event: Sendable, Equatable {
    case joined(Participant)
    case left(MemberID)
    case said(MemberID, String)
    case typing(MemberID)

    case meetingStarted
    case meetingEnded
    case roundStarted(Prompt)
    /// A member got the floor in the round.
    case turn(MemberID)
    case shareEnded(MemberID, ShareEnd)
    case roundEnded
    /// Free word changed mode (one at a time or not).
    case freeWord(oneAtATime: Bool)
    /// The hand queue changed; its first member has the floor when one at a time.
    case queueChanged
    case breakStarted(endsAt: Instant)
    case breakExtended(endsAt: Instant)
    case breakEnded
    /// A gentle, private cue to the speaker that their time is running. Only they get it.
    case timeCue(MemberID)
    /// Near the plan's end: time for the closing round.
    case closingReminder

    /// Whether the event changes the shape of the meeting (who has the floor, the phase), as opposed to talk.
    public var changesStructure: Bool {
        switch self {
        case .said, .typing, .timeCue: false
        default: true
        }
    }
}
