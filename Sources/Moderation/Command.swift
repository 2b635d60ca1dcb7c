/// Something a member asks the meeting to do.
public enum Command: Sendable, Equatable {
    // MARK: Presence and talk

    /// The member arrives (their first connection opens).
    case join(name: String, role: Role)
    /// The member leaves (their last connection closes).
    case leave
    /// The member writes a message to everyone present.
    case say(String)
    /// The member is writing; the others may see "X skriver ...".
    case typing

    // MARK: Running the meeting (host, or anyone when no host is present)

    /// Starts the meeting and its plan's clock.
    case startMeeting
    /// Ends the meeting: every screen is cleared.
    case endMeeting
    /// Starts a round over everyone present, in arrival order or shuffled with the seed.
    case startRound(Prompt, shuffleSeed: UInt64?)
    /// Ends the round early.
    case endRound
    /// Moves the round on from the current speaker.
    case skip
    /// Turns one-at-a-time (with the hand queue) on or off during free word.
    case setOneAtATime(Bool)
    /// Starts a break of the given minutes (nil: the plan's break).
    case startBreak(minutes: Int?)
    /// Ends the break now.
    case resume
    /// Makes the break longer.
    case extendBreak(minutes: Int)

    // MARK: Having the floor

    /// The speaker ends their share (ferdig).
    case done
    /// The speaker passes (står over).
    case pass
    /// Raise a hand in the queue (one at a time).
    case raiseHand
    /// Lower one's hand; if one has the floor, this gives it on.
    case lowerHand

    // MARK: Time

    /// A deadline has come (the caller fires this at ``Meeting/nextDeadline``).
    case tick
}
