import Foundation
import Testing

@testable import RoomServer

@Suite("Name keys: names that look alike have the same key")
struct NameKeyTests {
    @Test(
        "a name spelled with look-alike letters, another case, full width, hidden characters or accents has the host's key",
        arguments: [
            "Kari",
            "KARI",
            "kari ",
            " k a r i",
            "K\u{0430}ri",  // Cyrillic а
            "\u{041A}\u{0430}ri",  // Cyrillic К and а
            "\u{041A}\u{0410}RI",  // Cyrillic capitals
            "\u{039A}ari",  // Greek Κ
            "\u{FF2B}\u{FF41}\u{FF52}\u{FF49}",  // full width
            "K\u{200B}ari",  // zero-width space
            "K\u{200D}a\u{200C}ri",  // zero-width joiner and non-joiner
            "Ka\u{00AD}ri",  // soft hyphen
            "Kari\u{3164}",  // Hangul filler
            "Kari\u{2800}",  // braille blank
            "Kari\u{FE0F}",  // variation selector
            "K\u{E0041}ari",  // a tag character
            "K\u{00E1}ri",  // á, composed
            "Ka\u{0301}ri",  // á, decomposed
            "Ka\u{0301}\u{0301}\u{0301}ri",  // a stack of accents
            "\u{1D40A}\u{1D41A}\u{1D42B}\u{1D422}",  // mathematical bold
            "\u{24C0}ari",  // circled K
            "Kar1",
            "KarI",
            "Karl",
            "Kari!",
            "Kari \u{1F33B}",  // with a sunflower
            "Kar|",  // a vertical line, which UTS #39 reads as l
            "K\u{1D00}ri",  // small capital A
            "\u{1D0B}ari",  // small capital K
            "\u{1D0B}\u{1D00}\u{0280}\u{026A}",  // all small capitals
            "\u{043A}ari",  // Cyrillic small к, which looks like a small capital K
            "K\u{03B1}ri",  // Greek α
            "\u{13E6}\u{13AA}\u{13D2}\u{13A5}",  // Cherokee
            "\u{1D5AA}\u{1D5BA}\u{1D5CB}\u{1D5C2}",  // mathematical sans-serif
            "\u{1D67A}\u{1D68A}\u{1D69B}\u{1D692}",  // mathematical monospace
            "\u{0136}ari",  // K with a cedilla
        ]
    )
    func lookAlikesCollide(name: String) {
        #expect(NameKey(name) == NameKey("Kari"))
    }

    @Test(
        "an O from another script, width or style passes for Ola's",
        arguments: [
            "\u{2C9E}la",  // Coptic Ⲟ
            "\u{0555}la",  // Armenian Օ
            "\u{0585}la",  // Armenian օ
            "\u{041E}la",  // Cyrillic О
            "\u{13BE}la",  // Cherokee Ꮎ
            "\u{A4F3}la",  // Lisu ꓳ
            "\u{FF2F}\u{FF4C}\u{FF41}",  // full width
            "\u{1D40E}\u{1D425}\u{1D41A}",  // mathematical bold
            "O\u{029F}a",  // small capital L
            "0la",
        ]
    )
    func otherScriptsCollide(name: String) {
        #expect(NameKey(name) == NameKey("Ola"))
    }

    @Test(
        "different names keep different keys",
        arguments: [
            ("Kari", "Kåre"),
            ("Ola", "Ole"),
            ("Kari", "Kari B."),
            ("Kari", "Karin"),
            ("Per", "Pål"),
            ("Mai Linh", "Mai"),
            ("Anne", "Anna"),
            ("Jon", "Jan"),
            ("Kari2", "Kari"),
            ("\u{0418}\u{0440}\u{0430}", "Ira"),  // Russian Ира: И is not a Latin letter
            ("Siri", "Sara"),
            ("M\u{00E1}ret", "M\u{00E1}rjá"),  // Sámi names
            ("\u{00C1}nde", "\u{00C1}ile"),
            ("Niillas", "Nils"),
            ("\u{014A}unnje", "Nunnje"),  // Sámi ŋ is not n
            ("Mari", "Marit"),
            ("Ida", "Ada"),
            ("Liv", "Lin"),
        ]
    )
    func differentNamesDiffer(pair: (String, String)) {
        #expect(NameKey(pair.0) != NameKey(pair.1))
    }

    @Test("written down choices: accents, ø and æ, dashes and spaces, l and I and 1, 0 and O")
    func choices() {
        #expect(NameKey("Pål") == NameKey("Pal"))
        #expect(NameKey("Bjørn") == NameKey("Bjorn"))
        #expect(NameKey("Æsa") == NameKey("Aesa"))
        #expect(NameKey("Anne-Lise") == NameKey("Anne Lise"))
        #expect(NameKey("Ida") == NameKey("lda"))
        #expect(NameKey("0la") == NameKey("Ola"))
        #expect(NameKey("Straße") == NameKey("Strasse"))
        #expect(NameKey("Guðrun") == NameKey("Gudrun"))
        // Unicode's judgement (UTS #39), taken as it is: "m" looks like "rn".
        #expect(NameKey("Arne") == NameKey("Ame"))
    }

    @Test("the table the key reads is Unicode's confusables.txt, entry for entry")
    func tableIsUnicodes() throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/unicode/confusables.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        var entries: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].split(separator: ";")
            guard fields.count == 3 else { continue }
            let scalars = { (field: Substring) in
                field.split(separator: " ").compactMap { UInt32($0.trimmingCharacters(in: .whitespaces), radix: 16).flatMap(Unicode.Scalar.init) }
            }
            entries[scalars(fields[0])[0]] = scalars(fields[1])
        }
        #expect(entries.count == 6311)
        #expect(NameKey.confusables == entries)
        #expect(text.contains("# Version: \(NameKey.confusablesVersion)"))
    }

    @Test("small capitals are found by their Unicode names, each with its letter")
    func smallCapitals() {
        let capitals = NameKey.smallCapitals
        #expect(capitals.count >= 25)
        #expect(capitals["\u{1D00}"] == "a" && capitals["\u{1D0B}"] == "k" && capitals["\u{0280}"] == "r" && capitals["\u{A731}"] == "s")
        for (capital, letter) in capitals {
            #expect(capital.properties.name == "LATIN LETTER SMALL CAPITAL " + String(letter).uppercased())
        }
    }

    @Test("every character Unicode's table or the small capitals name settles into a key of itself")
    func everyCharacterSettles() {
        let scalars = Set(NameKey.confusables.keys).union(NameKey.smallCapitals.keys).union(NameKey.judgementCalls.keys)
        var unsettled: [String] = []
        for scalar in scalars {
            let key = NameKey(String(scalar))
            if NameKey(key.value) != key || NameKey.round(key.value) != key.value { unsettled.append(String(scalar)) }
        }
        #expect(unsettled == [])
    }

    @Test("a key is a key of itself, and holds only letters and digits")
    func idempotent() {
        for name in ["Kari", "Bjørn-Øyvind", "Ｋａｒｉ", "Þórunn", "İlkay", "Ελένη", "Наташа", "김민준", "प्रियंका", "ǅemal", "Ǆ"] {
            let key = NameKey(name)
            #expect(NameKey(key.value) == key, "\(name)")
            #expect(key.value.unicodeScalars.allSatisfy { $0.isLetterOrNumber || $0.properties.generalCategory == .spacingMark })
        }
    }

    @Test("a name of hidden characters or marks only has no letters in its key")
    func nothingVisible() {
        for name in ["\u{3164}", "\u{2800}\u{2800}", "\u{115F}\u{1160}", "\u{200B}", "\u{0301}\u{0302}", "\u{1F33B}", "---", ""] {
            #expect(!NameKey(name).hasLetterOrNumber)
        }
        #expect(NameKey("Å").hasLetterOrNumber)
    }

    @Test("a very long input is looked at only up to a bound, quickly")
    func bounded() {
        let huge = String(repeating: "a\u{0301}", count: 100_000)
        #expect(NameKey(huge).value.unicodeScalars.count <= NameKey.maxScalars)
        // U+FDFA decomposes into 18 code points: the key is cut too, and so stays a key of itself (found by fuzzing).
        let expanding = String(repeating: "\u{FDFA}", count: 1365)
        #expect(NameKey(expanding).value.unicodeScalars.count == NameKey.maxScalars)
        #expect(NameKey(NameKey(expanding).value) == NameKey(expanding))
    }
}
