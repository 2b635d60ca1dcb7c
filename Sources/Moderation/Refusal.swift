/// Why the meeting did not do what a member asked.
///
/// The raw value is the code on the wire; the client turns it into a sentence in the
/// person's language.
public enum Refusal: String, Error, Sendable, Equatable, CaseIterable {
    /// Only someone present in the meeting can do that.
    case notPresent = "not-present"
    /// A message with nothing in it.
    case emptyMessage = "empty"
    /// A message longer than ``Meeting/maxMessageLength``.
    case messageTooLong = "too-long"
    /// Someone who is already present tried to join again.
    case alreadyPresent = "already-present"
    /// Only whoever runs the meeting may do that.
    case notAllowed = "not-allowed"
    /// Someone else has the floor: what you wrote is kept until it is your turn.
    case notYourTurn = "not-your-turn"
    /// The meeting has not started (or has ended) for that.
    case notRunning = "not-running"
    /// The meeting is already running.
    case alreadyRunning = "already-running"
    /// During the break nobody writes (unless the room allows café talk).
    case onBreak = "on-break"
    /// There is no break to resume or extend.
    case noBreak = "no-break"
    /// There is no round to end or skip in.
    case noRound = "no-round"
    /// A round is going on: end it first.
    case roundInProgress = "round-in-progress"
    /// Nobody is present to take part in a round.
    case nobodyPresent = "nobody-present"
    /// Hands are raised only when the word goes one at a time.
    case notOneAtATime = "not-one-at-a-time"
    /// A duration or a prompt outside what is allowed.
    case invalidValue = "invalid-value"
    /// The meeting has ended.
    case meetingEnded = "meeting-ended"
    /// The last host must first give control or make the room self-organised.
    case lastHost = "last-host"
    /// Nobody offered you the host role (or the offer lapsed).
    case noOffer = "no-offer"
    /// They already hold control.
    case alreadyHost = "already-host"
    /// That member was removed from the group.
    case removed = "removed"
    /// The room is closed to newcomers for this meeting.
    case locked = "locked"
    /// Your messages are held back for a few minutes.
    case heldBack = "held-back"
    /// Not on oneself: stepping out is its own button.
    case notYourself = "not-yourself"
    /// A host is removed by the house, or steps out, not by another member.
    case isHost = "is-host"
    /// You already asked; another member must agree.
    case alreadyAsked = "already-asked"
    /// Nobody is asking for that now (whoever asked left, or someone else agreed first).
    case noAsk = "no-ask"
    /// Said just now: the others have been told.
    case alreadySaid = "already-said"
    /// A «Jeg ser deg» to someone with no «not well» that stands (they left, or never said it to you).
    case noNotWell = "no-not-well"
    /// Pressed again too soon.
    case tooSoon = "too-soon"
    /// The room has as many present as whoever holds control allowed.
    case full = "full"
    /// A café guest has no key: they are never host, and they leave rather than step out.
    case isGuest = "is-guest"
}
