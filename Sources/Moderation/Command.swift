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

    // MARK: Running the meeting (a host; anyone when no host is present or the room is self-organised)

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

    // MARK: Who holds control (docs/ROLES.md)

    /// Offers the host role to a present member, who accepts or declines.
    case offerHost(MemberID)
    /// Takes the host role one was offered.
    case acceptHost
    /// Says no to the host role one was offered.
    case declineHost
    /// A host becomes a member again and stays in the group.
    case stepDown
    /// Every host becomes a member: the group runs itself, and every member holds control.
    case makeSelfOrganised
    /// Leaves the group for good: the membership and its key are deleted.
    case stepOut

    // MARK: Looking after the group

    /// Closes (or opens) the room to newcomers for this meeting.
    case lock(Bool)
    /// At most this many present (nil: no cap), for this meeting.
    case setCap(Int?)
    /// Removes a member from the group; `name` is theirs, for the announcement (they may be absent).
    /// In a self-organised room the first ask waits for a second member to agree.
    case remove(MemberID, name: String)
    /// The house removed this member (from the command line): the actor is the member removed.
    case removedByHouse
    /// Holds back a member's messages for some minutes.
    case holdBack(MemberID, minutes: Int)
    /// Lets a held-back member write again now.
    case release(MemberID)

    // MARK: Invitations (docs/ROLES.md)

    /// Asks for a one-time invite link, with the asker's own note on whom it is for. A host gets it at once; in a
    /// self-organised room the ask waits for a second member, since a new member is a new voice in the group.
    /// `forMember`: a link for that member's new phone, which moves the membership instead of making one.
    case askInvite(label: String?, forMember: MemberID? = nil)
    /// Agrees to another member's ask for an invite link: the link is made, and handed to whoever asked.
    case agreeInvite(MemberID)

    // MARK: Quiet signals (never stored)

    /// "Jeg tar en liten pause" (or back again), shown next to one's name.
    case pause(Bool)
    /// "Jeg har det ikke bra", privately to whoever holds control.
    case notWell
    /// "Jeg ser deg": a quiet answer, with no text, to a member who said they are not well; only they learn of it.
    case seeYou(MemberID)

    // MARK: Time

    /// A deadline has come (the caller fires this at ``Meeting/nextDeadline``).
    case tick
}
