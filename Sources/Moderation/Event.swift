/// What happened in a meeting, as everyone present should learn it.
public enum Event: Sendable, Equatable {
    case joined(Participant)
    case left(MemberID)
    case said(MemberID, String)
    case typing(MemberID)
}
