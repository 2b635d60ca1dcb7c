/// The word is free (ordet fritt): everyone may write, or, one at a time, whoever is first in the hand queue.
public struct FreeWord: Sendable, Equatable {
    /// One at a time, with a hand queue (talerliste).
    public internal(set) var oneAtATime: Bool
    /// Raised hands in the order they were raised. The first has the floor when one at a time.
    public internal(set) var queue: [MemberID]

    public init(oneAtATime: Bool = false, queue: [MemberID] = []) {
        self.oneAtATime = oneAtATime
        self.queue = queue
    }

    /// Who has the floor: the first in the queue, when one at a time.
    public var speaker: MemberID? { self.oneAtATime ? self.queue.first : nil }
}
