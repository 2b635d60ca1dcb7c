import Foundation
import GRDB
import Testing

@testable import RoomServer

@Suite("Counts for funders: numbers per room and month, never who or which meeting")
struct TallyTests {
    @Test("meetings are counted by size, answers by question, café visits by month")
    func counts() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        for size in [4, 4, 6] { try await test.house.countMeeting(roomId: room.id, size: size, month: "2026-11") }
        try await test.house.countMeeting(roomId: room.id, size: 3, month: "2026-10")
        try await test.house.countAnswers(roomId: room.id, month: "2026-11", answers: ["useful": "yes", "easy": "some"])
        try await test.house.countAnswers(roomId: room.id, month: "2026-11", answers: ["useful": "yes"])
        // Unknown questions or answers are not counted at all.
        try await test.house.countAnswers(roomId: room.id, month: "2026-11", answers: ["useful": "perhaps"])
        try await test.house.countAnswers(roomId: room.id, month: "2026-11", answers: ["mood": "yes"])
        try await test.house.countCafeVisit(roomId: room.id, day: "2026-11-02")
        try await test.house.countCafeVisit(roomId: room.id, day: "2026-11-09")

        let months = try await test.house.monthlyCounts(roomId: room.id)
        #expect(months.map(\.month) == ["2026-11", "2026-10"])
        #expect(months[0].sizes == [4: 2, 6: 1] && months[0].meetings == 3 && months[0].people == 14)
        #expect(months[0].answers == ["useful": ["yes": 2], "easy": ["some": 1]])
        #expect(months[0].answered == 2)
        #expect(months[0].cafeVisits == 2)
        #expect(try await test.house.meetingsHeld(month: "2026-11") == [room.id: 3])
    }

    @Test("the tables hold no time finer than the month, and nothing that names a member or a meeting")
    func nothingFiner() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        try await test.house.countMeeting(roomId: room.id, size: 5, month: "2026-11")
        try await test.house.countAnswers(roomId: room.id, month: "2026-11", answers: ["useful": "no"])
        let queue = try DatabaseQueue(path: test.directory.appendingPathComponent("house.sqlite").path)
        let columns = try await queue.read { db in
            try ["meetingTally", "answerTally"].map { table in try db.columns(in: table).map(\.name) }
        }
        #expect(columns[0] == ["roomId", "month", "size", "meetings"])
        #expect(columns[1] == ["roomId", "month", "question", "answer", "answers"])
    }

    @Test("deleting a room deletes its memberships, links, and counts")
    func deleteRoom() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Rom", kind: .group)
        _ = try await test.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        _ = try await test.house.issueInvites(roomId: room.id, count: 2)
        try await test.house.countMeeting(roomId: room.id, size: 5, month: "2026-11")
        #expect(try await test.house.deleteRoom(id: room.id))
        #expect(try await test.house.room(id: room.id) == nil)
        let queue = try DatabaseQueue(path: test.directory.appendingPathComponent("house.sqlite").path)
        let left = try await queue.read { db in
            try ["membership", "invite", "meetingTally"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
        }
        #expect(left == [0, 0, 0])
        #expect(try await test.house.deleteRoom(id: room.id) == false)
    }

    @Test("a room is renamed, its unused links listed without notes and withdrawn together")
    func renameAndLinks() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        _ = try await test.house.issueInvites(roomId: room.id, count: 2, label: "til Kari")
        #expect(try await test.house.renameRoom(id: room.id, to: "  Nytt navn ")?.name == "Nytt navn")
        await #expect(throws: House.RoomProblem.nameEmpty) { try await test.house.renameRoom(id: room.id, to: " ") }
        #expect(try await test.house.unusedLinks(roomId: room.id).count == 3)
        #expect(try await test.house.revokeUnusedLinks(roomId: room.id) == 3)
        #expect(try await test.house.unusedLinks(roomId: room.id).isEmpty)
        #expect(try await test.house.issueHostLink(roomId: room.id) != nil)
        #expect(try await test.house.issueHostLink(roomId: "NoSuchRoom000000") == nil)
    }
}
