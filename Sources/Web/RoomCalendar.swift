import Foundation
import RoomServer

/// «Legg i kalenderen»: a room's weekly time as an iCalendar file (RFC 5545), so reminders come from the
/// person's own calendar. The house sends nothing anywhere: no push service, no third party.
///
/// One weekly event, its start and end on the wall clock of the house's zone (`TZID`), with that zone described
/// in a `VTIMEZONE`: a calendar on a phone elsewhere, or one that knows no zone by that name, still puts the
/// meeting at the right hour, summer time included. (A floating time would drift for a member abroad.)
struct RoomCalendar {
    let room: Room
    let time: WeeklyTime
    let zone: TimeZone
    /// The room's address: `/r/{id}` on the house's public address.
    let address: String
    /// The house's name, and what the event says about the room (in the person's language).
    let house: String
    let description: String

    static let contentType = "text/calendar; charset=utf-8"

    /// The file, lines ended with CRLF and folded at 75 bytes, as RFC 5545 asks.
    func ics(now: Date) -> String {
        let start = self.time.nextStart(after: now, in: self.zone)
        let end = start.addingTimeInterval(TimeInterval(self.time.minutes * 60))
        let host = URLComponents(string: self.address)?.host ?? "roomserver"
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//RoomServer//\(Self.escape(self.house))//NO",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
        lines += Self.timeZone(self.zone, near: now)
        lines += [
            "BEGIN:VEVENT",
            // The same for the room for ever: a file fetched again after the time changed updates the event
            // already in the calendar instead of adding a second one.
            "UID:room-\(self.room.id)@\(host)",
            "DTSTAMP:\(Self.utc(now))",
            "DTSTART;TZID=\(self.zone.identifier):\(Self.local(start, self.zone))",
            "DTEND;TZID=\(self.zone.identifier):\(Self.local(end, self.zone))",
            "RRULE:FREQ=WEEKLY;BYDAY=\(Self.byDay[self.time.day - 1])",
            "SUMMARY:\(Self.escape(self.room.name))",
            "URL:\(self.address)",
            "LOCATION:\(Self.escape(self.address))",
            "DESCRIPTION:\(Self.escape(self.description))",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// ISO weekdays 1…7 as iCalendar names them.
    static let byDay = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// The zone as a `VTIMEZONE`: its next two changes of offset, each made a yearly rule (the month, and which
    /// of its weekdays: Europe's «last Sunday of March» is `BYDAY=-1SU`), starting in 1970 so that every
    /// meeting falls after it. A zone without summer time gets its one offset.
    static func timeZone(_ zone: TimeZone, near now: Date) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
        var changes: [Date] = []
        var after = now
        while changes.count < 2, let next = zone.nextDaylightSavingTimeTransition(after: after) {
            changes.append(next)
            after = next
        }
        if changes.count < 2 {
            let offset = Self.offset(zone.secondsFromGMT(for: now))
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset)", "TZOFFSETTO:\(offset)", "END:STANDARD"]
        } else {
            for change in changes {
                lines += Self.rule(for: change, in: zone)
            }
        }
        return lines + ["END:VTIMEZONE"]
    }

    /// One change of offset as a yearly rule, on the wall clock as it reads just before the change.
    private static func rule(for change: Date, in zone: TimeZone) -> [String] {
        let before = zone.secondsFromGMT(for: change.addingTimeInterval(-1))
        let afterwards = zone.secondsFromGMT(for: change)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0)!
        let wall = utc.dateComponents([.month, .day, .weekday, .hour, .minute], from: change.addingTimeInterval(TimeInterval(before)))
        let (month, day, weekday) = (wall.month ?? 1, wall.day ?? 1, wall.weekday ?? 1)
        let days = utc.range(of: .day, in: .month, for: change.addingTimeInterval(TimeInterval(before)))?.count ?? 31
        // «The last Sunday» where it is within the month's last week; otherwise «the second Sunday».
        let ordinal = day + 7 > days ? -1 : (day - 1) / 7 + 1
        let first = Self.day(in1970: month, weekday: weekday, ordinal: ordinal)
        let name = zone.isDaylightSavingTime(for: change) ? "DAYLIGHT" : "STANDARD"
        let clock = String(format: "%02d%02d00", wall.hour ?? 0, wall.minute ?? 0)
        // Foundation counts Sunday as 1.
        let byDay = Self.byDay[(weekday + 5) % 7]
        return [
            "BEGIN:\(name)",
            String(format: "DTSTART:1970%02d%02dT", month, first) + clock,
            "TZOFFSETFROM:\(Self.offset(before))",
            "TZOFFSETTO:\(Self.offset(afterwards))",
            "RRULE:FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(ordinal)\(byDay)",
            "END:\(name)",
        ]
    }

    /// The day of the month in 1970 that is the `ordinal`th (or, for -1, the last) `weekday` of `month`.
    static func day(in1970 month: Int, weekday: Int, ordinal: Int) -> Int {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0)!
        let firstOfMonth = utc.date(from: DateComponents(year: 1970, month: month, day: 1))!
        let days = utc.range(of: .day, in: .month, for: firstOfMonth)?.count ?? 31
        let firstWeekday = utc.component(.weekday, from: firstOfMonth)
        let firstMatch = 1 + (weekday - firstWeekday + 7) % 7
        if ordinal > 0 { return min(firstMatch + 7 * (ordinal - 1), days) }
        return firstMatch + 7 * ((days - firstMatch) / 7)
    }

    /// "+0100".
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + String(format: "%02d%02d", minutes / 60, minutes % 60)
    }

    static func utc(_ date: Date) -> String {
        Self.stamp(date, TimeZone(secondsFromGMT: 0)!) + "Z"
    }

    static func local(_ date: Date, _ zone: TimeZone) -> String {
        Self.stamp(date, zone)
    }

    private static func stamp(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545, 3.3.11).
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Lines longer than 75 bytes go on in lines that begin with a space, never inside a letter's UTF-8 bytes.
    static func fold(_ line: String) -> String {
        var folded = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                folded += "\r\n "
                width = 1
            }
            folded.unicodeScalars.append(scalar)
            width += size
        }
        return folded
    }
}
