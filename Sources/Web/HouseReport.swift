import Foundation
import RoomServer

/// The numbers a house reports to its funders, per room and month: meetings held, how many people were
/// at each (as a distribution), café visits, and the evaluation's totals where they may be shown.
enum HouseReport {
    /// "4 ×2, 6 ×1": how many meetings had how many people, smallest first.
    static func sizes(_ counts: MonthlyCounts) -> String {
        counts.sizes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }

    /// The room page's table of months, newest first, with why an evaluation is not shown.
    static func table(_ months: [MonthlyCounts], currentMonth: String, page: Page) -> String {
        guard !months.isEmpty else { return "<p>\(page.t("house.counts.none"))</p>" }
        let items = months.map { counts -> String in
            var lines = [
                page.t("house.counts.meetings", ["meetings": "\(counts.meetings)", "people": "\(counts.people)"])
            ]
            if counts.meetings > 0 { lines.append(page.t("house.counts.sizes", ["sizes": Self.sizes(counts)])) }
            if counts.cafeVisits > 0 { lines.append(page.t("house.counts.cafe", ["visits": "\(counts.cafeVisits)"])) }
            lines.append(Self.evaluation(counts, currentMonth: currentMonth, page: page))
            return "<li><h3>\(counts.month)</h3><p>\(lines.joined(separator: "<br>"))</p></li>"
        }
        return "<ul class=\"months\">\(items.joined())</ul>"
    }

    /// The evaluation's totals for a month, or the reason they are not shown.
    static func evaluation(_ counts: MonthlyCounts, currentMonth: String, page: Page) -> String {
        guard let totals = Evaluation.shownTotals(counts, currentMonth: currentMonth) else {
            if counts.month >= currentMonth { return page.t("house.counts.eval.month") }
            return page.t("house.counts.eval.few", ["minimum": "\(Evaluation.minimumShown)"])
        }
        let parts = Evaluation.questions.map { question -> String in
            let answers = question.answers.map { answer in
                "\(page.strings.text("evaluation.\(question.key).\(answer)", page.language)): \(totals[question.key]?[answer] ?? 0)"
            }
            return "\(page.strings.text("house.counts.eval.\(question.key)", page.language)) \(answers.joined(separator: ", "))"
        }
        return HTML.escape(page.strings.text("house.counts.eval.answered", page.language, ["count": "\(counts.answered)"])) + "<br>"
            + parts.map(HTML.escape).joined(separator: "<br>")
    }

    /// The same numbers as a CSV file for a spreadsheet: one row per room and month.
    static func csv(_ rows: [(Room, MonthlyCounts)], currentMonth: String, page: Page) -> String {
        let answerColumns = Evaluation.questions.flatMap { question in question.answers.map { (question.key, $0) } }
        var header = ["room", "kind", "month", "meetings", "people", "sizes", "cafe_visits", "answers"].map {
            page.strings.text("house.csv.\($0)", page.language)
        }
        header += answerColumns.map { "\($0.0)_\($0.1)" }
        var lines = [header.map(Self.cell).joined(separator: ",")]
        for (room, counts) in rows {
            let totals = Evaluation.shownTotals(counts, currentMonth: currentMonth)
            var fields = [
                room.name, room.kind.rawValue, counts.month, "\(counts.meetings)", "\(counts.people)", Self.sizes(counts),
                "\(counts.cafeVisits)", totals == nil ? "" : "\(counts.answered)",
            ]
            fields += answerColumns.map { question, answer in totals.map { "\($0[question]?[answer] ?? 0)" } ?? "" }
            lines.append(fields.map(Self.cell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV cell, quoted; a cell a spreadsheet would take for a formula starts with an apostrophe.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
