import Foundation
import Moderation
import Testing

@testable import RoomServer

@Suite("Display names: a name must show, and cannot hide or pile up marks")
struct DisplayNameTests {
    @Test(
        "ordinary names from Norway and elsewhere are accepted as typed",
        arguments: [
            "Kari", "Åse", "Bjørn-Øyvind", "Mai Linh", "O'Brien", "Ærlend", "Nguyễn Thị", "Ελένη", "Наташа", "김민준",
            "प्रियंका", "محمد", "Kari \u{1F33B}", "Ola 2", "J.", "Anne-Lise K.",
        ]
    )
    func ordinaryNames(name: String) {
        #expect(DisplayName.validate(name) == .success(name))
    }

    @Test("a name is trimmed, its runs of spaces made one, and stored composed")
    func tidied() {
        #expect(DisplayName.validate("  Mai   Linh \n") == .success("Mai Linh"))
        #expect(DisplayName.validate("Mai\u{3000}Linh") == .success("Mai Linh"))
        #expect(DisplayName.validate("A\u{030A}se") == .success("\u{00C5}se"))
    }

    @Test("hidden characters inside a name are taken out")
    func hiddenStripped() {
        #expect(DisplayName.validate("K\u{200B}ari") == .success("Kari"))
        #expect(DisplayName.validate("Ka\u{00AD}ri\u{2060}") == .success("Kari"))
        #expect(DisplayName.validate("Kari\u{3164}\u{2800}") == .success("Kari"))
        #expect(DisplayName.validate("K\u{E0041}\u{E0042}ari") == .success("Kari"))
    }

    @Test("joiners and variation selectors stay: emoji and some scripts need them")
    func joinersKept() {
        let family = "Kari \u{1F469}\u{200D}\u{1F467}"
        #expect(DisplayName.validate(family) == .success(family))
        let heart = "Ola \u{2764}\u{FE0F}"
        #expect(DisplayName.validate(heart) == .success(heart))
    }

    @Test(
        "a name of blank fillers, marks or symbols only is invisible",
        arguments: [
            "\u{3164}", "\u{2800}", "\u{115F}", "\u{1160}\u{FFA0}", "\u{200B}\u{200B}", "\u{3164} \u{2800}",
            "\u{0301}", "\u{0301}\u{0302}\u{0303}", "\u{1F33B}", "...", "\u{200D}",
            // Symbols that look like letters, and a letter that looks like punctuation (UTS #39).
            "|||", "\u{00D7}", "\u{01C3}",
        ]
    )
    func invisible(name: String) {
        #expect(DisplayName.validate(name) == .failure(.invisible))
    }

    @Test(
        "Sámi names, with their letters composed or typed as a letter and a combining mark, are accepted",
        arguments: ["Máret", "Ánde", "Čáhppes", "Ŋunnje", "Niillas", "Sárá", "Đuommá", "Ma\u{0301}ret", "C\u{030C}a\u{0301}hppes"]
    )
    func samiNames(name: String) {
        #expect(DisplayName.validate(name) == .success(name.precomposedStringWithCanonicalMapping))
    }

    @Test("a tower of marks is refused, on one letter or spread over the name")
    func marks() {
        #expect(DisplayName.validate("a" + String(repeating: "\u{0301}", count: 600)) == .failure(.marks))
        #expect(DisplayName.validate("Kari" + String(repeating: "\u{0301}", count: 5)) == .failure(.marks))
        let spread = String(repeating: "a\u{0301}\u{0302}\u{0303}", count: 11)
        #expect(DisplayName.validate(spread) == .failure(.marks))
        #expect((try? DisplayName.validate("Ka\u{0301}\u{0302}\u{0303}\u{0304}ri").get()) != nil)
    }

    @Test("a name is bounded in characters and in bytes")
    func lengths() {
        #expect(DisplayName.validate(String(repeating: "a", count: Meeting.maxNameLength)) == .success(String(repeating: "a", count: 40)))
        #expect(DisplayName.validate(String(repeating: "a", count: Meeting.maxNameLength + 1)) == .failure(.tooLong))
        // 40 characters, but each a family of four: far past the byte bound.
        let families = String(repeating: "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}", count: 20) + "Kari"
        #expect(families.count <= Meeting.maxNameLength)
        #expect(DisplayName.validate(families) == .failure(.tooLong))
        #expect(DisplayName.validate(String(repeating: "x", count: 100_000)) == .failure(.tooLong))
    }

    @Test("control characters and direction marks are refused, not stripped")
    func refused() {
        for name in ["Kari\u{0007}", "Ka\u{0000}ri", "Kari\u{202E}irak", "\u{2066}Kari\u{2069}", "Kari\u{200F}", "Ka\u{FFFE}ri"] {
            #expect(DisplayName.validate(name) == .failure(.invalidCharacters))
        }
    }

    @Test("empty stays empty")
    func empty() {
        #expect(DisplayName.validate("") == .failure(.empty))
        #expect(DisplayName.validate("   \n\t") == .failure(.empty))
    }
}
