import Moderation

/// The rate limit on one connection's incoming frames.
///
/// Frames over the limit are dropped with an error (said once per burst, so the answer is no flood
/// itself); a connection that keeps flooding is closed.
struct FrameGate: Sendable {
    enum Verdict: Equatable {
        case pass
        /// Drop the frame; `tell` says whether to send an error frame this time.
        case drop(tell: Bool)
        case close
    }

    private var bucket: TokenBucket
    private var refusedInARow = 0
    private let refusalsBeforeClose: Int

    init(limits: Limits) {
        self.bucket = TokenBucket(capacity: limits.burstFrames, rate: limits.framesPerSecond)
        self.refusalsBeforeClose = limits.refusalsBeforeClose
    }

    mutating func admit(at now: Instant) -> Verdict {
        if self.bucket.take(at: now) {
            self.refusedInARow = 0
            return .pass
        }
        self.refusedInARow += 1
        if self.refusedInARow >= self.refusalsBeforeClose { return .close }
        return .drop(tell: self.refusedInARow == 1 || self.refusedInARow % 10 == 0)
    }
}
