import Foundation
import GRDB

/// The way into a café: a reusable drop-in link and a numeric room code, both for guests only.
///
/// Unlike invite tokens and keys, both are kept as they are: the host reads the code aloud on the phone
/// and shares the link again every week, so the house must be able to show them. They open one café to
/// guests, nothing more; the host can replace both at once, and the old ones stop working.
public struct CafeEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "cafeEntry"

    public var roomId: String
    /// The reusable link's token (`/c/{token}`).
    public var linkToken: String
    /// Nine digits, read aloud in three groups.
    public var code: String
    public var createdAt: Date

    /// The number of digits in a room code: see docs/SECURITY.md for why nine is enough at the allowed rate.
    public static let codeDigits = 9

    public var path: String { "/c/\(self.linkToken)" }

    /// The code as a person reads it: "123 456 789".
    public var spokenCode: String {
        stride(from: 0, to: self.code.count, by: 3).map { start in
            let from = self.code.index(self.code.startIndex, offsetBy: start)
            return String(self.code[from..<self.code.index(from, offsetBy: min(3, self.code.count - start))])
        }.joined(separator: " ")
    }

    /// What may stand between the groups of digits as people type them: spaces (also the phone's thin and
    /// no-break ones), dashes and dots.
    static let separators: Set<Character> = [" ", "-", ".", "\u{00A0}", "\u{2009}", "\u{202F}", "\u{2013}", "\u{2212}"]

    /// The digits of what someone typed, if it could be a code: digits and separators, nothing else.
    public static func digits(of typed: String) -> String? {
        let kept = typed.filter { !Self.separators.contains($0) }
        guard kept.count == Self.codeDigits, kept.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return kept
    }

    static func randomCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<Self.codeDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }
}
