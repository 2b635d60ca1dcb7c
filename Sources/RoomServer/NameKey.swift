import Foundation

/// A display name reduced to what it looks like, so that two names that would pass for each other in a
/// room's list have the same key: "Kari", "KARI", "Kаri" (with a Cyrillic а), "Ｋａｒｉ" (full width),
/// "K\u{200B}ari" (a zero-width space), "Kári" and "Kari!" all become `kari`.
///
/// A room refuses a second name with the same key (``House/redeem(token:displayName:pledgeAccepted:now:)``),
/// so nobody can come in as someone who looks like the host. The key is never shown and never logged; it
/// is stored beside the name it comes from and deleted with it.
///
/// How a name becomes its key, and why:
/// 1. Compatibility decomposition (NFKD): full-width, mathematical and circled letters, ligatures and
///    superscripts become plain letters, and accented letters become a letter and its marks.
/// 2. Invisible code points (see `Unicode.Scalar.isIgnoredInNameKey`) and non-spacing and enclosing marks
///    are dropped: accents do not make a name look different enough. So "Pål" and "Pal" collide, and so do
///    "Kåre" and "Kare"; in a room that is a small cost (the second person adds an initial) against letting
///    "Kári" pass for "Kari". Spacing marks (Indic vowel signs) stay: they change how a name looks.
/// 3. Look-alike letters from other scripts become the Latin letter they look like (``NameKey/lookAlikes``),
///    before case folding (Cyrillic "Н" looks like "H", its lower case "н" does not) and again after it.
/// 4. Case folding (Foundation's `folding(options:locale:)`, which also turns "ß" into "ss").
/// 5. Only letters, digits and spacing marks are kept: spaces, punctuation and emoji do not tell two names
///    apart at a glance ("Anne-Lise", "Anne Lise", "Kari 🌻" and "Kari." look like "AnneLise" and "Kari").
///
/// The rules live in code, and the keys of existing memberships are stored: if these rules ever change,
/// add a migration that computes every membership's key again.
public struct NameKey: Hashable, Sendable {
    /// The key's text; compare it, index it, never show it.
    public let value: String

    /// No more of a name than this is looked at, and no key is longer. A valid name is far shorter
    /// (``DisplayName/maxBytes``); the bound keeps the work small for any string a caller passes.
    /// The key is cut as well because decomposition can make one code point into eighteen (U+FDFA):
    /// uncut, the key of such a key would be the key of its first part only.
    public static let maxScalars = 1024

    public init(_ name: String) {
        let bounded = String(String.UnicodeScalarView(name.unicodeScalars.prefix(Self.maxScalars)))
        let decomposed = bounded.decomposedStringWithCompatibilityMapping
        let folded = Self.reduce(decomposed).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Folding may compose again what was taken apart ("İ" folds to "i" and a dot): decompose once more.
        let key = Self.reduce(folded.decomposedStringWithCompatibilityMapping)
        self.value = String(String.UnicodeScalarView(key.unicodeScalars.prefix(Self.maxScalars)))
    }

    /// Whether the name has at least one letter or digit that shows.
    public var hasLetterOrNumber: Bool {
        self.value.unicodeScalars.contains { $0.isLetterOrNumber }
    }

    /// Drops what does not show or does not tell names apart, and puts a Latin letter for each look-alike.
    private static func reduce(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isIgnoredInNameKey { continue }
            if let latin = Self.lookAlikes[scalar] {
                kept.append(contentsOf: latin.unicodeScalars)
                continue
            }
            if scalar.isLetterOrNumber || scalar.properties.generalCategory == .spacingMark { kept.append(scalar) }
        }
        return String(kept)
    }
}
