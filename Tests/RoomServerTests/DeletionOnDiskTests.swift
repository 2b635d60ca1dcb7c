import Foundation
import Moderation
import Testing

@testable import RoomServer

/// PRIVACY.md promises that a person's record is deleted at once: not only from the tables, but from every
/// file of the database, the write-ahead log (`-wal`) and its index (`-shm`) too.
@Suite("Deletion that reaches the disk")
struct DeletionOnDiskTests {
    /// Every way a member's name leaves the house.
    enum Way: String, CaseIterable, CustomTestStringConvertible {
        case removedInTheRoom, steppedOut, removedByName, roomDeleted, unusedForAYear
        var testDescription: String { self.rawValue }
    }

    @Test("a member's name is in no file of the database once the membership is deleted", arguments: Way.allCases)
    func nameLeavesEveryFile(way: Way) async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let house = test.house
        let canary = "Kanari\(UUID().uuidString.prefix(8))"
        let (room, host) = try await house.createRoom(name: "Rom", kind: .group)
        _ = try await house.redeem(token: host.token.value, displayName: "Vert", pledgeAccepted: true).get()
        let invite = try await house.issueInvites(roomId: room.id)[0]
        let (member, _) = try await house.redeem(token: invite.token.value, displayName: canary, pledgeAccepted: true).get()
        // The search works: the name is on disk while the membership lasts (in the log, not yet checkpointed).
        #expect(try Self.filesHolding(canary, in: test) != [])

        switch way {
        case .removedInTheRoom:
            #expect(try await house.removeMembership(id: member.id, roomId: room.id))
        case .steppedOut:
            try await house.record([.end(MemberID(member.id))], roomId: room.id)
            // The live room does not wait for the log to be emptied; the test does.
            await house.deletionsErased()
        case .removedByName:
            #expect(try await house.removeMembership(named: canary.uppercased(), roomId: room.id)?.id == member.id)
        case .roomDeleted:
            #expect(try await house.deleteRoom(id: room.id))
        case .unusedForAYear:
            let later = Date().addingTimeInterval(House.membershipRetention + 86400)
            #expect(try await house.deleteExpiredRecords(now: later).memberships >= 1)
        }

        #expect(try await house.membership(id: member.id, roomId: room.id) == nil)
        #expect(try Self.filesHolding(canary, in: test) == [])
        #expect(try Self.filesHolding(NameKey(canary).value, in: test) == [])
    }

    @Test("a house closed cleanly leaves its database whole and no write-ahead log with anything in it")
    func closedCleanly() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        try await test.house.close()
        let log = test.directory.appendingPathComponent("house.sqlite-wal")
        let size = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size == 0)
        let reopened = try House.open(directory: test.directory)
        #expect(try await reopened.room(id: room.id)?.name == "Rom")
    }

    /// The database's files (`house.sqlite`, `-wal`, `-shm`) that hold `text` in UTF-8 or UTF-16.
    static func filesHolding(_ text: String, in test: TestHouse) throws -> [String] {
        let forms = [
            Data(text.utf8),
            Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            Data(text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        ]
        var holding: [String] = []
        for name in ["house.sqlite", "house.sqlite-wal", "house.sqlite-shm"] {
            guard let bytes = FileManager.default.contents(atPath: test.directory.appendingPathComponent(name).path) else { continue }
            if forms.contains(where: { bytes.range(of: $0) != nil }) { holding.append(name) }
        }
        return holding
    }
}
