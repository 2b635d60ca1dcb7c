import Crypto
import Foundation
import Moderation

/// How fast café codes may be tried and guest passes made: per client, and for codes across the whole
/// house. In memory only.
///
/// A client is known by its address, salted with a random value made at start and hashed: the address itself
/// is neither kept nor written anywhere. Every try takes one of the client's tokens and one of the house's,
/// in one step, before the code is looked up; a right code gives both back. When the house's run out (a
/// guessing storm), every code waits a little, while the reusable link keeps working. The arithmetic is in
/// docs/SECURITY.md.
public actor CodeGuard {
    /// Five tries at once, then one every 12 seconds: someone who mistypes twice is never held up.
    public static let clientBurst = 5.0
    public static let clientPerSecond = 1.0 / 12
    /// Across the house: sixty tries at once, then one every two seconds.
    public static let houseBurst = 60.0
    public static let housePerSecond = 0.5
    /// Guest passes per client: five at once (a family on one connection), then one every 20 seconds.
    public static let passBurst = 5.0
    public static let passesPerSecond = 1.0 / 20
    /// Practice meetings per client: three at once, then one every two minutes.
    public static let practiceBurst = 3.0
    public static let practicePerSecond = 1.0 / 120
    /// Clients not seen for this long are forgotten, and there are never more than this many.
    static let forgetSeconds: Int64 = 600
    static let maxClients = 50_000

    private var tries: [String: (bucket: TokenBucket, seen: Instant)] = [:]
    private var passes: [String: (bucket: TokenBucket, seen: Instant)] = [:]
    private var practices: [String: (bucket: TokenBucket, seen: Instant)] = [:]
    private var house = TokenBucket(capacity: CodeGuard.houseBurst, rate: CodeGuard.housePerSecond)
    private let salt = Secret.generate().value

    public init() {}

    public enum Verdict: Sendable, Equatable {
        case go
        /// This client tried too often: a short wait, this many seconds (the page says so, and `Retry-After`).
        case clientWait(seconds: Int)
        /// The house has seen too many tries just now.
        case houseWait(seconds: Int)
    }

    /// Whether a try from this client may be looked up now. Takes its cost from the client and the house.
    ///
    /// A right code is charged like a wrong one until it is known to be right: looking it up first would tell a
    /// guesser past their allowance which codes are right. So after five wrong tries the sixth waits too, but
    /// never more than one token's time (12 s), and the page says how long.
    public func admit(client address: String, now: Instant) -> Verdict {
        let key = self.key(address)
        guard Self.take(&self.tries, key, capacity: Self.clientBurst, rate: Self.clientPerSecond, now: now) else {
            return .clientWait(seconds: self.tries[key]?.bucket.secondsUntilNext(at: now) ?? 1)
        }
        guard self.house.take(at: now) else {
            // Not this client's doing: their own allowance is left as it was.
            self.tries[key]?.bucket.giveBack()
            return .houseWait(seconds: self.house.secondsUntilNext(at: now))
        }
        return .go
    }

    /// The code was right: a person who typed it is not charged for it.
    public func right(client address: String) {
        self.tries[self.key(address)]?.bucket.giveBack()
        self.house.giveBack()
    }

    /// Whether this client may make one more guest pass now.
    public func admitPass(client address: String, now: Instant) -> Verdict {
        Self.verdict(&self.passes, self.key(address), capacity: Self.passBurst, rate: Self.passesPerSecond, now: now)
    }

    /// Whether this client may start one more practice meeting now.
    public func admitPractice(client address: String, now: Instant) -> Verdict {
        Self.verdict(&self.practices, self.key(address), capacity: Self.practiceBurst, rate: Self.practicePerSecond, now: now)
    }

    private static func verdict(
        _ table: inout [String: (bucket: TokenBucket, seen: Instant)],
        _ key: String,
        capacity: Double,
        rate: Double,
        now: Instant
    ) -> Verdict {
        guard Self.take(&table, key, capacity: capacity, rate: rate, now: now) else {
            return .clientWait(seconds: table[key]?.bucket.secondsUntilNext(at: now) ?? 1)
        }
        return .go
    }

    private func key(_ address: String) -> String {
        Secret.sha256Hex(Data((self.salt + Self.client(address)).utf8))
    }

    /// One client per address, and per /64 for IPv6: one home or phone gets a whole /64, and counting
    /// each of its addresses apart would let it try without limit. An IPv4 address as a dual-stack listener
    /// gives it (`::ffff:192.0.2.7`) is that IPv4 address: as a /64 every IPv4 client was one and the same.
    static func client(_ address: String) -> String {
        if let v4 = Self.mappedIPv4(address) { return v4 }
        guard address.contains(":") else { return address }
        let groups = Self.expandedIPv6(address)
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a.b.c.d`, any case, any zeros spelled out).
    static func mappedIPv4(_ address: String) -> String? {
        guard let colon = address.lastIndex(of: ":"), address[colon...].contains(".") else { return nil }
        let prefix = address[..<colon].lowercased()
        let groups = Self.expandedIPv6(prefix + ":0:0")
        guard groups.count == 8, groups[0..<5].allSatisfy({ Int($0, radix: 16) == 0 }), Int(groups[5], radix: 16) == 0xffff else {
            return nil
        }
        return String(address[address.index(after: colon)...])
    }

    /// "2001:db8::1" → eight groups, zeros filled in where `::` stood.
    static func expandedIPv6(_ address: String) -> [String] {
        let halves = address.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.split(separator: ":").map(String.init)
        }
        guard halves.count == 2 else { return halves.first ?? [] }
        return halves[0] + Array(repeating: "0", count: max(0, 8 - halves[0].count - halves[1].count)) + halves[1]
    }

    private static func take(
        _ table: inout [String: (bucket: TokenBucket, seen: Instant)],
        _ key: String,
        capacity: Double,
        rate: Double,
        now: Instant
    ) -> Bool {
        // Looked at only when the table has grown: most houses never reach it.
        if table.count >= 1_000 {
            table = table.filter { $0.value.seen > now.adding(seconds: -Self.forgetSeconds) }
            if table.count >= Self.maxClients { table.removeAll() }
        }
        var entry = table[key] ?? (TokenBucket(capacity: capacity, rate: rate), now)
        let allowed = entry.bucket.take(at: now)
        entry.seen = now
        table[key] = entry
        return allowed
    }
}
