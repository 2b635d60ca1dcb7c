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

    // Control and care (docs/ROLES.md). `by` is nil when the house or the clock did it.
    case roleChanged(MemberID, Role)
    /// Private: to the member offered the role, and to whoever offered it.
    case hostOffered(to: MemberID, by: MemberID)
    /// Private: to whoever offered the role.
    case hostDeclined(MemberID, offeredBy: MemberID)
    case selfOrganised(Bool, by: MemberID?)
    case locked(Bool, by: MemberID)
    case capped(Int?, by: MemberID)
    /// A café guest was sent out: they cannot come back into this sitting.
    case sentOut(MemberID, name: String, by: MemberID)
    /// Private: to the members present other than the one it is about; a second must agree.
    case removalProposed(MemberID, name: String, by: MemberID)
    /// Private, as a removal's ask: in a room that runs itself, a second member must agree to offer the role.
    case hostProposed(MemberID, by: MemberID)
    /// Private, as a removal's ask: in a room that runs itself, a second member must agree before a link is made.
    case inviteProposed(by: MemberID, label: String?, forMember: MemberID? = nil)
    /// A one-time invite link is to be made for `to`, who asked (with their note); `agreedBy` is the second member
    /// who agreed, nil when a host made it alone. Private: the link goes to whoever asked, and whoever agreed is told.
    /// `forMember`: the link is that member's new phone's.
    case inviteGranted(to: MemberID, label: String?, agreedBy: MemberID?, forMember: MemberID? = nil)
    /// `askedBy` is the member who asked first in a room that runs itself, and `by` the second who agreed.
    case removed(MemberID, name: String, by: MemberID?, askedBy: MemberID? = nil)
    case steppedOut(MemberID, name: String)
    case heldBack(MemberID, until: Instant, by: MemberID)
    case released(MemberID, by: MemberID?)
    case paused(MemberID, Bool)
    /// Private: to the hosts present (everyone present, when there is no host to tell).
    case notWell(MemberID)
    /// Private: to the member who said they are not well, and to whoever answered «Jeg ser deg».
    case seen(MemberID, by: MemberID)

    /// Whether the event is talk (said, typing, the speaker's cue): it changes neither the shape nor what anyone may do.
    public var isTalk: Bool {
        switch self {
        case .said, .typing, .timeCue: true
        default: false
        }
    }

    /// Whether the event changes the shape of the meeting (who has the floor, the phase, who holds control),
    /// as opposed to talk and private signals.
    public var changesStructure: Bool {
        switch self {
        case .said, .typing, .timeCue, .hostOffered, .hostDeclined, .removalProposed, .hostProposed, .inviteProposed, .inviteGranted, .notWell,
            .seen:
            false
        default: true
        }
    }
}
