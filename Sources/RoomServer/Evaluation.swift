/// The few questions a person may answer when a meeting ends, or skip. Their words are in the locale
/// files (`evaluation.<question>` and `evaluation.<question>.<answer>`).
///
/// Answers are added to a room's totals for the month at once: no row ever says who answered, in which
/// meeting, or when within the month.
public enum Evaluation {
    public struct Question: Sendable, Equatable {
        public let key: String
        public let answers: [String]
    }

    public static let questions: [Question] = [
        Question(key: "useful", answers: ["yes", "some", "no"]),
        Question(key: "easy", answers: ["yes", "some", "no"]),
        Question(key: "again", answers: ["yes", "maybe", "no"]),
    ]

    /// Below this many answers in a room and month, the house page shows no totals: so few could be
    /// told apart by who was there.
    public static let minimumShown = 5

    /// A month's totals as the house page may show them: only for a month that is over (so totals seen
    /// before and after one meeting cannot be compared), with at least ``minimumShown`` answers, and with
    /// at least that many people at one of its meetings. Answers are counted, not people: two members who
    /// met three times give six answers, and staff who know one of them would learn the other's.
    public static func shownTotals(_ counts: MonthlyCounts, currentMonth: String) -> [String: [String: Int]]? {
        guard counts.month < currentMonth, counts.answered >= Self.minimumShown, (counts.sizes.keys.max() ?? 0) >= Self.minimumShown
        else { return nil }
        return counts.answers
    }

    /// The answers given, if every one is to a known question with a known answer, and at least one was given.
    public static func validate(_ given: [String: String]) -> [String: String]? {
        guard !given.isEmpty, given.count <= Self.questions.count else { return nil }
        for (question, answer) in given {
            guard let known = Self.questions.first(where: { $0.key == question }), known.answers.contains(answer) else { return nil }
        }
        return given
    }
}
