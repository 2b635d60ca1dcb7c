/// What a round asks each person. The built-in ones are worded in the locale files.
public enum Prompt: Sendable, Equatable, Hashable {
    /// «Hvordan har jeg det akkurat nå?»
    case howAmI
    /// «Hva har jeg tenkt på siden sist?»
    case sinceLastTime
    /// «Hvordan har møtet vært for meg i dag?»
    case closing
    /// A prompt the group typed itself.
    case custom(String)

    public static let maxCustomLength = 200

    /// The key of a built-in prompt on the wire and in the locale files, or nil for a custom one.
    public var key: String? {
        switch self {
        case .howAmI: "how-am-i"
        case .sinceLastTime: "since-last"
        case .closing: "closing"
        case .custom: nil
        }
    }

    public init?(key: String) {
        switch key {
        case "how-am-i": self = .howAmI
        case "since-last": self = .sinceLastTime
        case "closing": self = .closing
        default: return nil
        }
    }
}
