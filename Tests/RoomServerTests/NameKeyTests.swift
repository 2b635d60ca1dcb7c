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
        ]
    )
    func lookAlikesCollide(name: String) {
        #expect(NameKey(name) == NameKey("Kari"))
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
