import Foundation
import RoomServer
import Testing

@testable import Web

@Suite("The house's counts for funders: what may be shown, and the CSV")
struct HouseReportTests {
    @Test("a month's evaluation is shown only when the month is over, five or more answered, and five met at once")
    func shownTotals() {
        var counts = MonthlyCounts(month: "2026-10")
        counts.sizes = [5: 1]
        counts.answers = ["useful": ["yes": 3, "no": 1]]
        #expect(Evaluation.shownTotals(counts, currentMonth: "2026-11") == nil)
        counts.answers["useful"]?["some"] = 1
        #expect(counts.answered == 5)
        #expect(Evaluation.shownTotals(counts, currentMonth: "2026-11") == counts.answers)
        // Two people who met three times give six answers, and are still two.
        counts.sizes = [2: 3]
        counts.answers = ["useful": ["yes": 3, "no": 3]]
        #expect(Evaluation.shownTotals(counts, currentMonth: "2026-11") == nil)
        counts.sizes = [5: 1]
        // The same five in the month that is still running: not yet, whatever their number.
        #expect(Evaluation.shownTotals(counts, currentMonth: "2026-10") == nil)
    }

    @Test("a cell is quoted, and one a spreadsheet would run as a formula is written as text")
    func cells() {
        #expect(HouseReport.cell("Angstgruppe") == "\"Angstgruppe\"")
        #expect(HouseReport.cell("Si \"hei\"") == "\"Si \"\"hei\"\"\"")
        for formula in ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)"] {
            #expect(HouseReport.cell(formula).hasPrefix("\"'"))
        }
    }

    @Test("meeting sizes read smallest first, in words, never as «4:2 6:1»")
    func sizes() throws {
        var counts = MonthlyCounts(month: "2026-11")
        counts.sizes = [6: 1, 4: 2]
        #expect(HouseReport.sizesInWords(counts, page: try Self.page(.nb)) == "2 møter med 4 til stede; 1 møte med 6 til stede")
        #expect(counts.meetings == 3 && counts.people == 14)
    }

    @Test("the CSV's headings say what each column is, in the page's language, and its months are words")
    func csvHeadings() throws {
        var counts = MonthlyCounts(month: "2026-12")
        counts.sizes = [4: 2]
        let room = Room(id: "r1", name: "Torsdagsgruppa", kind: .group, createdAt: Date())
        for (language, headings, month, sizes) in [
            (Language.nb, ["Rom", "Slags rom", "Måned", "Møter holdt"], "desember 2026", "2 møter med 4 til stede"),
            (.nn, ["Rom", "Slag rom", "Månad", "Møte haldne"], "desember 2026", "2 møte med 4 til stades"),
            (.en, ["Room", "Kind of room", "Month", "Meetings held"], "December 2026", "2 meetings with 4 present"),
        ] {
            let page = try Self.page(language)
            let csv = HouseReport.csv([(room, [counts])], currentMonth: "2027-01", calendar: Self.calendar(page), page: page)
            let rows = csv.dropFirst().split(separator: "\r\n").map(String.init)
            let separator = language == .en ? "," : ";"
            // Every cell is quoted: split between the quotes, as a heading may hold a comma.
            let header = rows[0].dropFirst().dropLast().components(separatedBy: "\"\(separator)\"")
            #expect(Array(header.prefix(4)) == headings, "\(language)")
            // An answer's column names its question as it was asked, not «Nyttig: Ja».
            #expect(header.count == 8 + 9, "\(language)")
            #expect(header.last?.contains(page.strings.text("evaluation.again", language)) == true, "\(language)")
            if language == .nb { #expect(header[8] == "Svarte «Ja» på «Var møtet nyttig for deg?»") }
            #expect(rows[1].contains("\"\(month)\""), "\(language)")
            #expect(rows[1].contains("\"\(sizes)\""), "\(language)")
            #expect(!rows[1].contains("4:2"), "\(language)")
        }
    }

    @Test("a month is said in words, and a moment in the house's own time, with summer time and no «UTC»")
    func calendar() throws {
        let nb = Self.calendar(try Self.page(.nb))
        #expect(nb.month("2026-12") == "desember 2026")
        #expect(Self.calendar(try Self.page(.nn)).month("2026-03") == "mars 2026")
        #expect(Self.calendar(try Self.page(.en)).month("2026-12") == "December 2026")
        // 2026-11-26 14:05 UTC is 15:05 in Oslo (winter), 2026-07-01 10:00 UTC is 12:00 (summer).
        let winter = Date(timeIntervalSince1970: 1_795_701_900)
        #expect(nb.moment(winter) == "26. november 2026 kl. 15:05")
        #expect(Self.calendar(try Self.page(.en)).moment(winter) == "26 November 2026 at 15:05")
        #expect(nb.moment(Date(timeIntervalSince1970: 1_782_900_000)) == "1. juli 2026 kl. 12:00")
        #expect(nb.day(winter) == "26. november 2026")
        #expect(!nb.moment(winter).contains("UTC"))
    }

    static func page(_ language: Language) throws -> Page {
        Page(strings: try Strings.load(localesDirectory: TestApp.localesDirectory), language: language, path: "/hus", assets: .plain)
    }

    static func calendar(_ page: Page) -> HouseCalendar {
        HouseCalendar(page, timeZone: HouseConfiguration.defaultTimeZone)
    }
}
