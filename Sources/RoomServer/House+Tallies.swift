import Foundation
import GRDB
import Moderation

/// What a room's funders may be told, per month: how many meetings had how many people, how many came
/// to a café, and the evaluation's totals. Numbers only, never who, never which meeting.
public struct MonthlyCounts: Sendable, Equatable {
    public var month: String
    /// People present at a meeting → how many meetings had that many.
    public var sizes: [Int: Int] = [:]
    public var cafeVisits = 0
    /// Question → answer → how many gave it.
    public var answers: [String: [String: Int]] = [:]

    public var meetings: Int { self.sizes.values.reduce(0, +) }
    public var people: Int { self.sizes.reduce(0) { $0 + $1.key * $1.value } }
    /// How many answered the evaluation at all (the most answered question's count).
    public var answered: Int { self.answers.values.map { $0.values.reduce(0, +) }.max() ?? 0 }

    public init(month: String) {
        self.month = month
    }

    /// The month counts are kept in ("2026-11", UTC), for the live room that counts and the page that shows.
    public static func month(of date: Date) -> String {
        ServerFrame.month(date)
    }
}

extension Instant {
    /// The same moment as a `Date`, for the house's records.
    var date: Date { Date(timeIntervalSince1970: Double(self.milliseconds) / 1000) }
}

extension House {
    /// Counts one meeting held in a room, with how many people were there at some time during it.
    public func countMeeting(roomId: String, size: Int, month: String) async throws {
        try await self.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO meetingTally (roomId, month, size, meetings) VALUES (?, ?, ?, 1)
                    ON CONFLICT (roomId, month, size) DO UPDATE SET meetings = meetings + 1
                    """,
                arguments: [roomId, month, size]
            )
        }
    }

    /// Adds one person's evaluation answers to the room's totals for the month.
    public func countAnswers(roomId: String, month: String, answers: [String: String]) async throws {
        guard let answers = Evaluation.validate(answers) else { return }
        try await self.writer.write { db in
            for (question, answer) in answers {
                try db.execute(
                    sql: """
                        INSERT INTO answerTally (roomId, month, question, answer, answers) VALUES (?, ?, ?, ?, 1)
                        ON CONFLICT (roomId, month, question, answer) DO UPDATE SET answers = answers + 1
                        """,
                    arguments: [roomId, month, question, answer]
                )
            }
        }
    }

    /// A room's numbers, newest month first.
    public func monthlyCounts(roomId: String) async throws -> [MonthlyCounts] {
        try await self.writer.read { db in
            var months: [String: MonthlyCounts] = [:]
            func month(_ key: String) -> MonthlyCounts { months[key] ?? MonthlyCounts(month: key) }
            for row in try Row.fetchAll(db, sql: "SELECT month, size, meetings FROM meetingTally WHERE roomId = ?", arguments: [roomId]) {
                var counts = month(row["month"])
                counts.sizes[row["size"]] = row["meetings"]
                months[counts.month] = counts
            }
            let visits = try Row.fetchAll(
                db,
                sql: "SELECT substr(day, 1, 7) AS month, SUM(visits) AS visits FROM cafeVisit WHERE roomId = ? GROUP BY 1",
                arguments: [roomId]
            )
            for row in visits {
                var counts = month(row["month"])
                counts.cafeVisits = row["visits"]
                months[counts.month] = counts
            }
            let answers = try Row.fetchAll(
                db,
                sql: "SELECT month, question, answer, answers FROM answerTally WHERE roomId = ?",
                arguments: [roomId]
            )
            for row in answers {
                var counts = month(row["month"])
                counts.answers[row["question"], default: [:]][row["answer"]] = row["answers"]
                months[counts.month] = counts
            }
            return months.values.sorted { $0.month > $1.month }
        }
    }

    /// Meetings held in each room in `month`.
    public func meetingsHeld(month: String) async throws -> [String: Int] {
        try await self.writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT roomId, SUM(meetings) AS held FROM meetingTally WHERE month = ? GROUP BY roomId",
                arguments: [month]
            )
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["roomId"], $0["held"]) })
        }
    }
}
