/// A point in time, in milliseconds since the Unix epoch.
///
/// The rules never read a clock: the caller passes the time in, so every rule is
/// testable without waiting.
public struct Instant: Hashable, Comparable, Sendable, Codable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    public func adding(seconds: Int64) -> Instant {
        Instant(milliseconds: self.milliseconds + seconds * 1000)
    }

    public init(from decoder: any Decoder) throws {
        self.milliseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.milliseconds)
    }
}
