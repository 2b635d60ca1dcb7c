import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@testable import Web

@Suite("A room's weekly time: its page and «Legg i kalenderen»")
struct RoomTimeTests {
    let oslo = TimeZone(identifier: "Europe/Oslo")!

    func calendar(name: String = "Angstgruppe torsdag", now: Date) throws -> String {
        var room = Room(id: "IcInUyL3Yd9wqJLA", name: name, kind: .group, createdAt: now)
        room.weeklyTime = try WeeklyTime(day: 4, start: 18 * 60, minutes: 120)
        let file = RoomCalendar(
            room: room,
            time: try #require(room.weeklyTime),
            zone: self.oslo,
            address: "https://hus.example.no/r/IcInUyL3Yd9wqJLA",
            house: "Selvhjelpshuset",
            description: "Møterommet: https://hus.example.no/r/IcInUyL3Yd9wqJLA"
        )
        return file.ics(now: now)
    }

    @Test("the file is one weekly event on Thursdays at 18:00 in Oslo, with the zone's summer time as rules")
    func weeklyEvent() throws {
        let now = ISO8601DateFormatter().date(from: "2026-03-24T10:00:00Z")!
        let ics = try self.calendar(now: now)
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
        let lines = ics.components(separatedBy: "\r\n")
        for line in [
            "BEGIN:VCALENDAR", "VERSION:2.0", "TZID:Europe/Oslo", "BEGIN:VEVENT",
            "UID:room-IcInUyL3Yd9wqJLA@hus.example.no", "DTSTAMP:20260324T100000Z",
            "DTSTART;TZID=Europe/Oslo:20260326T180000", "DTEND;TZID=Europe/Oslo:20260326T200000",
            "RRULE:FREQ=WEEKLY;BYDAY=TH", "SUMMARY:Angstgruppe torsdag", "URL:https://hus.example.no/r/IcInUyL3Yd9wqJLA",
            "LOCATION:https://hus.example.no/r/IcInUyL3Yd9wqJLA",
            // Summer time: from the last Sunday of March at 02:00, to the last Sunday of October at 03:00.
            "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "BEGIN:STANDARD", "DTSTART:19701025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
    }

    @Test("a zone without summer time has one offset")
    func zoneWithoutSummerTime() {
        let lines = RoomCalendar.timeZone(TimeZone(identifier: "Asia/Tokyo")!, near: Date())
        #expect(
            lines == [
                "BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900",
                "END:STANDARD", "END:VTIMEZONE",
            ]
        )
    }

    @Test("the room's name is escaped as iCalendar text, and long lines fold without splitting a letter")
    func escapedAndFolded() throws {
        let name = "Pårørende; mødre, fedre \\ og søsken — en gruppe med et langt navn 🌻 Ærlig talt"
        let ics = try self.calendar(name: name, now: Date())
        let lines = ics.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Pårørende\\; mødre\\, fedre \\\\ og søsken — en gruppe med et langt navn 🌻 Ærlig talt\r\n"))
    }

    @Test("the last Sunday of a month in 1970, and the second")
    func daysIn1970() {
        #expect(RoomCalendar.day(in1970: 3, weekday: 1, ordinal: -1) == 29)
        #expect(RoomCalendar.day(in1970: 10, weekday: 1, ordinal: -1) == 25)
        #expect(RoomCalendar.day(in1970: 3, weekday: 1, ordinal: 2) == 8)
        #expect(RoomCalendar.day(in1970: 11, weekday: 1, ordinal: 1) == 1)
    }

    @Test("a host sets the time on the room's time page; members see it and get the file; anyone else gets a 404")
    func overHTTP() async throws {
        let app = try TestApp()
        let (room, host) = try await app.house.createRoom(name: "Torsdagsgruppa", kind: .group)
        let (_, hostKey) = try await app.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let invite = try #require(try await app.house.issueInvites(roomId: room.id, count: 1).first)
        let (_, memberKey) = try await app.house.redeem(token: invite.token.value, displayName: "Per", pledgeAccepted: true).get()
        try await app.run { client in
            let asHost: HTTPFields = [.cookie: "rs_member=\(hostKey.value)", .contentType: "application/x-www-form-urlencoded"]
            let asMember: HTTPFields = [.cookie: "rs_member=\(memberKey.value)", .contentType: "application/x-www-form-urlencoded"]
            // Nobody has set a time: no file yet.
            #expect(try await client.execute(uri: "/r/\(room.id)/kalender.ics", method: .get, headers: asHost).status == .notFound)
            let page = try await client.execute(uri: "/r/\(room.id)/tid", method: .get, headers: asHost)
            #expect(page.status == .ok)
            #expect(page.text.contains("Rommet har ingen fast møtetid ennå."))
            #expect(page.text.contains("name=\"start\""))
            // A member who does not hold the room's settings sees the time but no form, and may not post one.
            #expect(!(try await client.execute(uri: "/r/\(room.id)/tid", method: .get, headers: asMember)).text.contains("name=\"start\""))
            let refused = try await client.execute(
                uri: "/r/\(room.id)/tid",
                method: .post,
                headers: asMember,
                body: ByteBuffer(string: "day=4&start=18%3A00&minutes=120")
            )
            #expect(refused.status == .forbidden)
            // Nonsense is refused with words, and nothing is stored.
            let wrong = try await client.execute(
                uri: "/r/\(room.id)/tid",
                method: .post,
                headers: asHost,
                body: ByteBuffer(string: "day=9&start=18%3A00&minutes=120")
            )
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("Velg en dag"))
            let set = try await client.execute(
                uri: "/r/\(room.id)/tid",
                method: .post,
                headers: asHost,
                body: ByteBuffer(string: "day=4&start=18%3A00&minutes=120")
            )
            #expect(set.status == .seeOther)
            let shown = try await client.execute(uri: "/r/\(room.id)/tid?lagret", method: .get, headers: asMember)
            #expect(shown.text.contains("Møtene er hver torsdag kl. 18.00–20.00."))
            let file = try await client.execute(uri: "/r/\(room.id)/kalender.ics", method: .get, headers: asMember)
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(file.text.contains("RRULE:FREQ=WEEKLY;BYDAY=TH"))
            #expect(file.text.contains("SUMMARY:Torsdagsgruppa"))
            // No key, or a made-up one: the unknown room's 404, for the page and the file alike.
            for headers: HTTPFields in [[:], [.cookie: "rs_member=\(String(repeating: "A", count: 43))"]] {
                #expect(try await client.execute(uri: "/r/\(room.id)/kalender.ics", method: .get, headers: headers).status == .notFound)
                #expect(try await client.execute(uri: "/r/\(room.id)/tid", method: .get, headers: headers).status == .notFound)
            }
        }
        #expect(try await app.house.room(id: room.id)?.weeklyTime == (try WeeklyTime(day: 4, start: 18 * 60, minutes: 120)))
    }
}
