import Foundation
import GRDB
import Testing

@testable import RoomServer

@Suite("One name per look in a room")
struct NameUniquenessTests {
    @Test("a look-alike of a member's name is refused as taken, the link stays usable, and another name then works")
    func lookAlikeRefused() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Rom", kind: .group)
        _ = try await test.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        for fake in ["Kari", "KARI", "kari ", "K\u{0430}ri", "\u{FF2B}\u{FF41}\u{FF52}\u{FF49}", "K\u{200B}ari", "K\u{00E1}ri", "Kar1"] {
            let result = try await test.house.redeem(token: invite.token.value, displayName: fake, pledgeAccepted: true)
            #expect(throws: House.RedeemProblem.name(.taken)) { try result.get() }
        }
        #expect(try await test.house.invite(token: invite.token.value)?.invite.status(at: Date()) == .usable)
        let (membership, _) = try await test.house.redeem(token: invite.token.value, displayName: "Kari B.", pledgeAccepted: true).get()
        #expect(membership.displayName == "Kari B.")
        #expect(membership.nameKey == NameKey("Kari B.").value)
        #expect(try await test.house.memberCount(roomId: room.id) == 2)
    }

    @Test("the same name may be used in another room")
    func otherRoomsAreOtherRooms() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (first, firstHost) = try await test.house.createRoom(name: "Rom", kind: .group)
        let (second, secondHost) = try await test.house.createRoom(name: "Kafé", kind: .cafe)
        _ = try await test.house.redeem(token: firstHost.token.value, displayName: "Kari", pledgeAccepted: true).get()
        _ = try await test.house.redeem(token: secondHost.token.value, displayName: "Kari", pledgeAccepted: true).get()
        #expect(try await test.house.memberCount(roomId: first.id) == 1)
        #expect(try await test.house.memberCount(roomId: second.id) == 1)
    }

    @Test("a name is free again once its membership is removed")
    func freedByRemoval() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Rom", kind: .group)
        let (kari, _) = try await test.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await test.house.removeMembership(id: kari.id, roomId: room.id)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        #expect((try? await test.house.redeem(token: invite.token.value, displayName: "KARI", pledgeAccepted: true).get()) != nil)
    }

    @Test("a spent link is reported as spent before the name is looked at")
    func spentLinkFirst() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Rom", kind: .group)
        _ = try await test.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        try await test.house.revokeInvite(id: invite.invite.id, roomId: room.id)
        let result = try await test.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true)
        #expect(throws: House.RedeemProblem.revoked) { try result.get() }
    }

    @Test("of two links redeemed at once with look-alike names, exactly one gets the name")
    func concurrentLookAlikes() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let invites = try await test.house.issueInvites(roomId: room.id, count: 12)
        let house = test.house
        let names = ["Kari", "KARI", "K\u{0430}ri", "Kári"]
        let wins = await withTaskGroup(of: Bool.self) { group in
            for (index, invite) in invites.enumerated() {
                let token = invite.token.value
                group.addTask {
                    let result = try? await house.redeem(token: token, displayName: names[index % names.count], pledgeAccepted: true)
                    if case .success = result { return true }
                    return false
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await house.usableInvites(roomId: room.id).count == 11)
    }

    @Test("migrating a version 2 database gives its memberships their keys, and keeps look-alikes that were already there")
    func migrationBackfills() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roomserver-v2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("house.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try HouseDatabase.migrator.migrate(pool, upTo: "v2: a meeting plan per room")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO room (id, name, kind, createdAt) VALUES ('room1', 'Rom', 'group', ?)", arguments: [Date()])
                for (id, name) in [("m1", "Kari"), ("m2", "K\u{0430}ri"), ("m3", "Ola")] {
                    try db.execute(
                        sql: """
                            INSERT INTO membership (id, roomId, keyHash, displayName, role, createdAt, pledgeAcceptedAt, lastSeenAt)
                            VALUES (?, 'room1', ?, ?, 'member', ?, ?, ?)
                            """,
                        arguments: [id, "hash-\(id)", name, Date(), Date(), Date()]
                    )
                }
            }
        }
        let house = try House.open(directory: directory)
        let keys = try await house.writer.read { db in
            try Dictionary(uniqueKeysWithValues: Membership.fetchAll(db).map { ($0.id, $0.nameKey) })
        }
        #expect(keys == ["m1": "kari", "m2": "kari", "m3": "oia"])
        let indexes = try await house.writer.read { db in try db.indexes(on: "membership") }
        let index = try #require(indexes.first { $0.columns == ["roomId", "nameKey"] })
        #expect(!index.isUnique)
        let invite = try await house.issueInvites(roomId: "room1")[0]
        let result = try await house.redeem(token: invite.token.value, displayName: "\u{1D40A}ari", pledgeAccepted: true)
        #expect(throws: House.RedeemProblem.name(.taken)) { try result.get() }
    }

    @Test("migrating a version 7 database makes every key again by Unicode's confusables, so older look-alikes are refused")
    func migrationRemakesKeys() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roomserver-v7-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("house.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try HouseDatabase.migrator.migrate(pool, upTo: "v7: the house's administrators, and counts for funders")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO room (id, name, kind, createdAt) VALUES ('room1', 'Rom', 'group', ?)", arguments: [Date()])
                // The keys as the hand-made table of version 7 made them: small capitals and Coptic were letters of their own.
                for (id, name, oldKey) in [("m1", "\u{1D0B}ari", "\u{1D0B}ari"), ("m2", "\u{2C9E}la", "\u{2C9F}ia"), ("m3", "Per", "per")] {
                    try db.execute(
                        sql: """
                            INSERT INTO membership (id, roomId, keyHash, displayName, nameKey, role, createdAt, pledgeAcceptedAt, lastSeenAt)
                            VALUES (?, 'room1', ?, ?, ?, 'member', ?, ?, ?)
                            """,
                        arguments: [id, "hash-\(id)", name, oldKey, Date(), Date(), Date()]
                    )
                }
            }
        }
        let house = try House.open(directory: directory)
        let keys = try await house.writer.read { db in
            try Dictionary(uniqueKeysWithValues: Membership.fetchAll(db).map { ($0.id, $0.nameKey) })
        }
        #expect(keys == ["m1": "kari", "m2": "oia", "m3": "per"])
        for fake in ["Kari", "Ola"] {
            let invite = try await house.issueInvites(roomId: "room1")[0]
            let result = try await house.redeem(token: invite.token.value, displayName: fake, pledgeAccepted: true)
            #expect(throws: House.RedeemProblem.name(.taken)) { try result.get() }
        }
    }

    @Test("a café guest whose name looks like a member's, in small capitals or another script, is told apart by a number")
    func guestsToldApart() async throws {
        let guests = GuestBook()
        let members: Set<String> = [NameKey("Kari").value, NameKey("Ola").value]
        for (typed, shown) in [("\u{1D0B}ari", "\u{1D0B}ari 2"), ("\u{2C9E}la", "\u{2C9E}la 2"), ("Per", "Per")] {
            let (_, guest) = try await guests.admit(roomId: "cafe1", name: typed, taken: members).get()
            #expect(guest.name == shown)
        }
    }
}
