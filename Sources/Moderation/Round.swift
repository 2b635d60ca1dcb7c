/// A round: a prompt, and an order in which each person has the floor in turn.
public struct Round: Sendable, Equatable {
    public let prompt: Prompt
    /// Everyone in the round, in turn order. Someone who left stays in it and is skipped when their turn comes.
    public internal(set) var order: [MemberID]
    /// The index in ``order`` of the member who has the floor.
    public internal(set) var current: Int
    /// When the current speaker got the floor.
    public internal(set) var turnStartedAt: Instant
    /// Whether the current speaker has had their time cue.
    public internal(set) var cueGiven: Bool

    public var speaker: MemberID { self.order[self.current] }

    /// Who comes after the current speaker, in order (absent ones included; they will be skipped).
    public var upcoming: ArraySlice<MemberID> { self.order[(self.current + 1)...] }
}

/// How a share ended.
public enum ShareEnd: String, Sendable, Equatable {
    /// The speaker said they were done (ferdig).
    case done
    /// The speaker passed (står over): everyone has the right to.
    case passed
    /// Whoever runs the meeting moved the round on.
    case skipped
    /// The speaker was not there when their turn came, or left during it.
    case absent
}
