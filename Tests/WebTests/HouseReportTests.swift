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

    @Test("meeting sizes read smallest first")
    func sizes() {
        var counts = MonthlyCounts(month: "2026-11")
        counts.sizes = [6: 1, 4: 2]
        #expect(HouseReport.sizes(counts) == "4:2 6:1")
        #expect(counts.meetings == 3 && counts.people == 14)
    }
}
