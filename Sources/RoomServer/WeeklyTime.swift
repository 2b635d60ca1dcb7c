import Foundation

/// When a room meets each week: a weekday, a start and a length, in the house's own time zone.
///
/// A room is a place that lasts from week to week; most groups meet there at the same hour every week, and
/// people who come back need to know when. This is the room's, not something anyone said, so it is stored.
public struct WeeklyTime: Codable, Sendable, Equatable {
    /// The weekday, as ISO 8601 counts: 1 is Monday, 7 is Sunday (Norwegian weeks start on Monday).
    public var day: Int
    /// Minutes after midnight, where the house is.
    public var start: Int
    /// How long the meeting lasts, in minutes: the same range as a meeting plan.
    public var minutes: Int

    /// As long as a meeting plan may be (``Room/validate(_:)``).
    public static let allowedMinutes = 15...480

    public enum Problem: Error, Equatable {
        case outOfRange
    }

    public init(day: Int, start: Int, minutes: Int) throws(Problem) {
        guard (1...7).contains(day), (0..<24 * 60).contains(start), Self.allowedMinutes.contains(minutes) else { throw .outOfRange }
        self.day = day
        self.start = start
        self.minutes = minutes
    }

    /// From a form: a day "1"–"7", a start "18:00" (what `<input type="time">` sends; "18.00" is read too, as a
    /// Norwegian writes it where the browser has no time field) and minutes.
    public static func parse(day: String?, start: String?, minutes: String?) throws(Problem) -> WeeklyTime {
        guard let day = day.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            let minutes = minutes.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            let start
        else { throw .outOfRange }
        let parts = start.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == ":" || $0 == "." })
        guard parts.count == 2, parts.allSatisfy({ $0.count <= 2 && $0.allSatisfy(\.isASCII) }), let hour = Int(parts[0]),
            let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw .outOfRange }
        return try WeeklyTime(day: day, start: hour * 60 + minute, minutes: minutes)
    }

    /// "18:00": the start as a clock shows it.
    public var startText: String { Self.clock(self.start) }

    /// "20:00": the end as a clock shows it (past midnight it is the next day's clock).
    public var endText: String { Self.clock((self.start + self.minutes) % (24 * 60)) }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// The next start that has not yet begun, at `now` or later, where the house is. Summer time moves the
    /// hour with it: a meeting at 18:00 is at 18:00 on the wall clock all year.
    public func nextStart(after now: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Foundation counts Sunday as 1; ISO counts Monday as 1.
        let weekday = self.day % 7 + 1
        let wanted = DateComponents(hour: self.start / 60, minute: self.start % 60, weekday: weekday)
        let today = calendar.startOfDay(for: now)
        // Today's start, if it is today and still ahead; otherwise the next matching day.
        if calendar.component(.weekday, from: today) == weekday,
            let start = calendar.date(bySettingHour: self.start / 60, minute: self.start % 60, second: 0, of: today), start >= now
        {
            return start
        }
        return calendar.nextDate(after: now, matching: wanted, matchingPolicy: .nextTime) ?? now
    }
}
