import Foundation
import RoomServer

/// The numbers a house reports to its funders, per room and month: meetings held, how many people were
/// at each (as a distribution), café visits, and the evaluation's totals where they may be shown.
enum HouseReport {
    /// Meetings by the number present, smallest first, in words: «2 møter med 4 til stede; 1 møte med 6 til
    /// stede». The page and the CSV both say it so: a coordinator was left guessing at «4:2 6:1».
    static func sizesInWords(_ counts: MonthlyCounts, page: Page) -> String {
        counts.sizes.sorted { $0.key < $1.key }.map { size, meetings in
            page.strings.text(
                meetings == 1 ? "house.counts.size.one" : "house.counts.size",
                page.language,
                ["size": "\(size)", "meetings": "\(meetings)"]
            )
        }.joined(separator: "; ")
    }

    /// The room page's list of months, newest first, with why an evaluation is not shown.
    static func table(_ months: [MonthlyCounts], currentMonth: String, calendar: HouseCalendar, page: Page) -> String {
        guard !months.isEmpty else { return "<p>\(page.t("house.counts.none"))</p>" }
        let items = months.map { counts -> String in
            var lines = [
                page.t("house.counts.meetings", ["meetings": "\(counts.meetings)", "people": "\(counts.people)"])
            ]
            if counts.meetings > 0 { lines.append(page.t("house.counts.sizes", ["sizes": Self.sizesInWords(counts, page: page)])) }
            if counts.cafeVisits > 0 { lines.append(page.t("house.counts.cafe", ["visits": "\(counts.cafeVisits)"])) }
            if counts.answered > 0 { lines.append(Self.evaluation(counts, currentMonth: currentMonth, page: page)) }
            return "<li><h3>\(HTML.escape(calendar.month(counts.month)))</h3><p>\(lines.joined(separator: "<br>"))</p></li>"
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

    /// The same numbers as a CSV file for a spreadsheet: one row per room and month, every room at least
    /// once (this month, with nothing yet). Norwegian spreadsheets read `;` between cells, English ones
    /// `,`; the byte-order mark tells them it is UTF-8, so æ, ø and å come out as written. Each heading says
    /// in the page's language what its column is, and each answer's column names the question as it was asked.
    static func csv(_ rooms: [(Room, [MonthlyCounts])], currentMonth: String, calendar: HouseCalendar, page: Page) -> String {
        let separator = page.language == .en ? "," : ";"
        let text = { (key: String, values: [String: String]) in page.strings.text(key, page.language, values) }
        let answerColumns = Evaluation.questions.flatMap { question in question.answers.map { (question.key, $0) } }
        var header = ["room", "kind", "month", "meetings", "people", "sizes", "cafe_visits", "answers"].map { text("house.csv.\($0)", [:]) }
        header += answerColumns.map { question, answer in
            text("house.csv.answer", ["question": text("evaluation.\(question)", [:]), "answer": text("evaluation.\(question).\(answer)", [:])])
        }
        var lines = [header.map(Self.cell).joined(separator: separator)]
        for (room, months) in rooms {
            for counts in months.isEmpty ? [MonthlyCounts(month: currentMonth)] : months {
                let totals = Evaluation.shownTotals(counts, currentMonth: currentMonth)
                var fields = [
                    room.name, text("house.kind.\(room.kind.rawValue)", [:]), calendar.month(counts.month), "\(counts.meetings)",
                    "\(counts.people)", Self.sizesInWords(counts, page: page), "\(counts.cafeVisits)", totals == nil ? "" : "\(counts.answered)",
                ]
                fields += answerColumns.map { question, answer in totals.map { "\($0[question]?[answer] ?? 0)" } ?? "" }
                lines.append(fields.map(Self.cell).joined(separator: separator))
            }
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV cell, quoted; a cell a spreadsheet would take for a formula starts with an apostrophe.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
