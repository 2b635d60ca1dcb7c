import Foundation

/// A display name reduced to what it looks like, so that two names that would pass for each other in a
/// room's list have the same key: "Kari", "KARI", "Kаri" (with a Cyrillic а), "Ｋａｒｉ" (full width),
/// "Kᴀri" (a small capital), "K\u{200B}ari" (a zero-width space), "Kári" and "Kari!" all become `kari`.
///
/// A room refuses a second name with the same key (``House/redeem(token:displayName:pledgeAccepted:now:)``),
/// so nobody can come in as someone who looks like the host. The key is never shown and never logged; it
/// is stored beside the name it comes from and deleted with it.
///
/// What looks like what is Unicode's judgement, not ours: the skeletons of UTS #39 (Unicode Security
/// Mechanisms), whose table of confusable characters (``NameKey/confusablesTable``, from
/// tools/unicode/confusables.txt) maps each character to a prototype it passes for: Cyrillic, Greek, Coptic,
/// Armenian, Cherokee and mathematical letters to the Latin ones they look like, "m" to "rn", "0" to "O".
/// A skeleton alone is not enough for a room's list, which is read without regard to case or accents; so the
/// key also folds what UTS #39 keeps apart:
/// 1. Compatibility decomposition (NFKD), where UTS #39 takes canonical (NFD): full-width, circled and
///    superscript letters and ligatures become plain letters, and accented letters a letter and its marks.
/// 2. Each character becomes its prototype (``NameKey/lookAlikes``: the table, small capitals as the
///    letter they are a capital of, and a few judgement calls), and invisible code points
///    (`Unicode.Scalar.isIgnoredInNameKey`) are dropped, as UTS #39 does with default-ignorable ones.
/// 3. Non-spacing and enclosing marks are dropped: accents do not make a name look different enough. So
///    "Pål" and "Pal" collide, and so do "Kåre" and "Kare"; in a room that is a small cost (the second
///    person adds an initial) against letting "Kári" pass for "Kari". Spacing marks (Indic vowel signs)
///    stay: they change how a name looks.
/// 4. Only letters, digits and spacing marks are kept: spaces, punctuation and emoji do not tell two names
///    apart at a glance ("Anne-Lise", "Anne Lise", "Kari 🌻" and "Kari." look like "AnneLise" and "Kari").
/// 5. Case folding (Foundation's `folding(options:locale:)`, which also turns "ß" into "ss"), and NFKD again.
///
/// These steps are repeated until nothing changes (two or three rounds): a Cyrillic "К" must become the
/// Latin "K" before case folding, since its lower case "к" looks like a small capital, not like "k"; and a
/// prototype may fold to a letter that has a prototype of its own. The result is a key of itself.
///
/// The rules live in code, and the keys of existing memberships are stored: if these rules or the table
/// ever change, add a migration that computes every membership's key again (as `v8` does).
public struct NameKey: Hashable, Sendable {
    /// The key's text; compare it, index it, never show it.
    public let value: String

    /// No more of a name than this is looked at, and no key is longer. A valid name is far shorter
    /// (``DisplayName/maxBytes``); the bound keeps the work small for any string a caller passes.
    /// The key is cut as well because decomposition can make one code point into eighteen (U+FDFA):
    /// uncut, the key of such a key would be the key of its first part only.
    public static let maxScalars = 1024

    /// Rounds of the steps above before the key is taken as it is. Every character of Unicode settles
    /// within three (a test walks them all); the bound is for the fuzzer's strangest strings.
    static let maxRounds = 8

    public init(_ name: String) {
        let bounded = String(String.UnicodeScalarView(name.unicodeScalars.prefix(Self.maxScalars)))
        var key = bounded.decomposedStringWithCompatibilityMapping
        for _ in 0..<Self.maxRounds {
            let next = Self.round(key)
            if next == key { break }
            key = next
        }
        self.value = String(String.UnicodeScalarView(key.unicodeScalars.prefix(Self.maxScalars)))
    }

    /// Whether the name has at least one letter or digit that shows.
    public var hasLetterOrNumber: Bool {
        self.value.unicodeScalars.contains { $0.isLetterOrNumber }
    }

    /// One round of the steps, on decomposed text.
    static func round(_ text: String) -> String {
        let prototypes = Self.prototypes(of: text).decomposedStringWithCompatibilityMapping
        let folded = Self.visible(prototypes).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Folding may compose again what was taken apart ("İ" folds to "i" and a dot): decompose once more.
        return folded.decomposedStringWithCompatibilityMapping
    }

    /// Each character as what it looks like; what does not show, dropped.
    private static func prototypes(of text: String) -> String {
        var mapped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !scalar.isIgnoredInNameKey {
            if let prototype = Self.lookAlikes[scalar] {
                mapped.append(contentsOf: prototype)
            } else {
                mapped.append(scalar)
            }
        }
        return String(mapped)
    }

    /// Only what tells names apart: letters, digits and spacing marks.
    private static func visible(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.isLetterOrNumber || scalar.properties.generalCategory == .spacingMark {
            kept.append(scalar)
        }
        return String(kept)
    }
}
