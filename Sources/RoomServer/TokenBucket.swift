import Moderation

/// A per-connection rate limit: `capacity` frames at once, refilled at `rate` per second.
struct TokenBucket: Sendable {
    let capacity: Double
    let rate: Double
    private var tokens: Double
    private var last: Instant?

    init(capacity: Double, rate: Double) {
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
    }

    /// Takes one token if there is one.
    mutating func take(at now: Instant) -> Bool {
        self.refill(at: now)
        guard self.tokens >= 1 - Self.slack else { return false }
        self.tokens = max(0, self.tokens - 1)
        return true
    }

    /// Whole seconds until the next token, at least one: what a person is told to wait.
    mutating func secondsUntilNext(at now: Instant) -> Int {
        self.refill(at: now)
        guard self.tokens < 1 - Self.slack, self.rate > 0 else { return 1 }
        return max(1, Int(((1 - self.tokens) / self.rate - Self.slack).rounded(.up)))
    }

    /// Refills add up in binary fractions (a twelfth of a token a second): a token due now must not miss by 1e-16.
    private static let slack = 1e-9

    private mutating func refill(at now: Instant) {
        if let last {
            let elapsed = Double(max(0, now.milliseconds - last.milliseconds)) / 1000
            self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        }
        self.last = now
    }

    /// Gives back a token taken for something that turned out not to count.
    mutating func giveBack() {
        self.tokens = min(self.capacity, self.tokens + 1)
    }
}
