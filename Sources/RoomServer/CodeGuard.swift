import Crypto
import Foundation
import Moderation

/// How fast café codes may be tried: per client and across the whole house. In memory only.
///
/// A client is known by its address, salted with a random value made at start and hashed: the address itself
/// is neither kept nor written anywhere. Every try costs the client one of its tokens; a wrong one also costs
/// one of the house's. When the house's run out (a guessing storm), every code waits a little, while the
/// reusable link keeps working. The arithmetic is in docs/SECURITY.md.
public actor CodeGuard {
    /// Five tries at once, then one every 12 seconds: someone who mistypes twice is never held up.
    public static let clientBurst = 5.0
    public static let clientPerSecond = 1.0 / 12
    /// Across the house: sixty wrong codes at once, then one every two seconds.
    public static let houseBurst = 60.0
    public static let housePerSecond = 0.5
    /// Clients not seen for this long are forgotten, and there are never more than this many.
    static let forgetSeconds: Int64 = 600
    static let maxClients = 50_000

    private var clients: [String: (bucket: TokenBucket, seen: Instant)] = [:]
    private var house = TokenBucket(capacity: CodeGuard.houseBurst, rate: CodeGuard.housePerSecond)
    private var houseSpent = false
    private let salt = Secret.generate().value

    public init() {}

    public enum Verdict: Sendable, Equatable {
        case go
        /// This client tried too often: a minute's wait.
        case clientWait
        /// The house has seen too many wrong codes just now.
        case houseWait
    }

    /// Whether a try from this client may be looked up now.
    public func admit(client address: String, now: Instant) -> Verdict {
        self.forgetOld(now: now)
        let key = Secret.sha256Hex(Data((self.salt + address).utf8))
        var entry = self.clients[key] ?? (TokenBucket(capacity: Self.clientBurst, rate: Self.clientPerSecond), now)
        let allowed = entry.bucket.take(at: now)
        entry.seen = now
        self.clients[key] = entry
        guard allowed else { return .clientWait }
        // Peek at the house's budget: a try is refused while it is spent, and let through once it has refilled.
        if self.houseSpent {
            var probe = self.house
            guard probe.take(at: now) else { return .houseWait }
            self.houseSpent = false
        }
        return .go
    }

    /// A try was wrong: it costs the house too.
    public func wrong(now: Instant) {
        if !self.house.take(at: now) { self.houseSpent = true }
    }

    private func forgetOld(now: Instant) {
        // Looked at only when the table has grown: most houses never reach it.
        guard self.clients.count >= 1_000 else { return }
        self.clients = self.clients.filter { $0.value.seen > now.adding(seconds: -Self.forgetSeconds) }
        if self.clients.count >= Self.maxClients { self.clients.removeAll() }
    }
}
