import Foundation
import Testing

@testable import RoomServer

@Suite("A room's weekly time")
struct WeeklyTimeTests {
    let oslo = TimeZone(identifier: "Europe/Oslo")!

    @Test("a form's day, start and length are read, in either clock notation")
    func parses() throws {
        let time = try WeeklyTime.parse(day: "4", start: "18:00", minutes: "120")
        #expect(time == (try WeeklyTime(day: 4, start: 18 * 60, minutes: 120)))
        #expect(time.startText == "18:00")
        #expect(time.endText == "20:00")
        #expect((try WeeklyTime.parse(day: " 1 ", start: "9.30", minutes: "90")).startText == "09:30")
        // Past midnight the end is the next day's clock.
        #expect((try WeeklyTime.parse(day: "5", start: "23:00", minutes: "120")).endText == "01:00")
    }

    @Test("a day outside the week, a clock that is no clock, a length no plan allows are refused")
    func refuses() {
        let bad: [(String?, String?, String?)] = [
            ("0", "18:00", "120"), ("8", "18:00", "120"), (nil, "18:00", "120"), ("4", "24:00", "120"), ("4", "18:60", "120"),
            ("4", "18", "120"), ("4", "", "120"), ("4", "١٨:٠٠", "120"), ("4", "18:00:00", "120"), ("4", nil, "120"),
            ("4", "18:00", "14"), ("4", "18:00", "481"), ("4", "18:00", "to timer"), ("4", "18:00", nil),
        ]
        for (day, start, minutes) in bad {
            #expect(throws: WeeklyTime.Problem.outOfRange, "\(String(describing: day)) \(String(describing: start))") {
                try WeeklyTime.parse(day: day, start: start, minutes: minutes)
            }
        }
    }

    @Test("the next meeting is on the wall clock where the house is, summer time or not")
    func nextStart() throws {
        let thursday = try WeeklyTime(day: 4, start: 18 * 60, minutes: 120)
        let iso = ISO8601DateFormatter()
        // Thursday 26 March 2026, at noon in Oslo (winter time, +01:00): today at 18:00.
        let noon = iso.date(from: "2026-03-26T11:00:00Z")!
        #expect(thursday.nextStart(after: noon, in: self.oslo) == iso.date(from: "2026-03-26T17:00:00Z"))
        // Later that evening: a week on, after the clocks went forward (+02:00), still 18:00 in Oslo.
        let evening = iso.date(from: "2026-03-26T19:00:00Z")!
        #expect(thursday.nextStart(after: evening, in: self.oslo) == iso.date(from: "2026-04-02T16:00:00Z"))
        // A Sunday in the middle of the night: Monday's meeting is the next.
        let monday = try WeeklyTime(day: 1, start: 9 * 60 + 30, minutes: 60)
        #expect(monday.nextStart(after: iso.date(from: "2026-11-29T02:00:00Z")!, in: self.oslo) == iso.date(from: "2026-11-30T08:30:00Z"))
    }

    @Test("the house keeps a room's weekly time, and forgets it when it is taken away")
    func stored() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Torsdagsgruppa", kind: .group)
        #expect(try await test.house.room(id: room.id)?.weeklyTime == nil)
        let time = try WeeklyTime(day: 4, start: 18 * 60, minutes: 120)
        #expect(try await test.house.setWeeklyTime(roomId: room.id, time)?.weeklyTime == time)
        #expect(try await test.house.room(id: room.id)?.weeklyTime == time)
        _ = try await test.house.setWeeklyTime(roomId: room.id, nil)
        let cleared = try #require(try await test.house.room(id: room.id))
        #expect(cleared.weeklyTime == nil)
        #expect(cleared.weeklyDay == nil && cleared.weeklyStart == nil && cleared.weeklyMinutes == nil)
        #expect(try await test.house.setWeeklyTime(roomId: "AAAAAAAAAAAAAAAA", time) == nil)
    }
}
