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
        if let last {
            let elapsed = Double(max(0, now.milliseconds - last.milliseconds)) / 1000
            self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        }
        self.last = now
        guard self.tokens >= 1 else { return false }
        self.tokens -= 1
        return true
    }

    /// Gives back a token taken for something that turned out not to count.
    mutating func giveBack() {
        self.tokens = min(self.capacity, self.tokens + 1)
    }
}
