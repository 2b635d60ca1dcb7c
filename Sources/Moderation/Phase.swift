/// Where a meeting is.
public enum Phase: Sendable, Equatable {
    /// People are arriving; they may talk freely.
    case notStarted
    /// The meeting runs: free word or a round.
    case running
    /// A break with a server-side end that everyone sees.
    case onBreak(endsAt: Instant)
    /// The meeting has ended; screens are cleared.
    case ended

    public var name: String {
        switch self {
        case .notStarted: "not-started"
        case .running: "running"
        case .onBreak: "break"
        case .ended: "ended"
        }
    }
}
