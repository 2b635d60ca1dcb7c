import Testing
import Web

@Suite("HTML escaping holds for every code point, not only for whole characters")
struct HTMLEscapeTests {
    /// The library behaviour the old escape tripped on: a grapheme cluster is one Character, and it is not "<".
    @Test("canary: Swift joins a < with a prepended mark, and a > with a combining accent, into one Character")
    func graphemeClustersHideMarkup() {
        #expect(Array("\u{0D4E}<") == [Character("\u{0D4E}<")])
        #expect(Character("\u{0D4E}<") != "<")
        #expect(Character(">\u{0301}") != ">")
        #expect(Character("\"\u{0301}") != "\"")
    }

    @Test("a < after a prepended mark and a > or quote under an accent are escaped like any other")
    func markedMarkupIsEscaped() {
        #expect(HTML.escape("\u{0D4E}<meta>\u{0301}") == "\u{0D4E}&lt;meta&gt;\u{0301}")
        #expect(HTML.escape("\"\u{0301}'\u{0301}&\u{0301}") == "&quot;\u{0301}&#39;\u{0301}&amp;\u{0301}")
        // Other prepended marks: Arabic number sign, Kaithi number sign.
        #expect(HTML.escape("\u{0600}<\u{110BD}<") == "\u{0600}&lt;\u{110BD}&lt;")
    }

    @Test("the attack that sent visitors away comes out with no markup in its bytes")
    func metaRefreshIsText() {
        let escaped = HTML.escape("Gruppe \u{0D4E}<meta http-equiv=refresh content=0;url=http://127.0.0.1:9/>\u{0301}")
        #expect(!escaped.utf8.contains(UInt8(ascii: "<")) && !escaped.utf8.contains(UInt8(ascii: ">")))
        #expect(escaped == "Gruppe \u{0D4E}&lt;meta http-equiv=refresh content=0;url=http://127.0.0.1:9/&gt;\u{0301}")
    }

    @Test("names with marks, Norwegian and Sámi letters, and emoji are kept exactly as they were")
    func namesAreKept() {
        for name in ["Åse Bjørn Ærlig", "Áilu Čuoppo", "Niillas Ŋ", "Jo\u{0301}ns", "Kari 👩‍👧", "Nguyễn Thị"] {
            #expect(HTML.escape(name) == name)
            #expect(HTML.scriptData(name) == name)
        }
    }

    @Test("script data has no < left to close its element, however it is joined to what is around it")
    func scriptDataHasNoAngle() {
        let data = HTML.scriptData("{\"a\":\"\u{0D4E}</script\u{0301}><!--\"}")
        #expect(!data.utf8.contains(UInt8(ascii: "<")))
        #expect(data == "{\"a\":\"\u{0D4E}\\u003c/script\u{0301}>\\u003c!--\"}")
    }
}
