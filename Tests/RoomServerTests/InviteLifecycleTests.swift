import Foundation
import Moderation
import Testing

@testable import RoomServer

@Suite("Invites: one-time links, their life cycle and their redemption")
struct InviteLifecycleTests {
    @Test("creating a room gives a host link that makes a host")
    func hostLink() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Angstgruppe torsdag", kind: .group)
        #expect(host.invite.role == .host)
        let (membership, _) = try await test.house.redeem(token: host.token.value, displayName: "Igang", pledgeAccepted: true).get()
        #expect(membership.role == .host)
        #expect(membership.roomId == room.id)
    }

    @Test("looking a link up does not use it; redeeming it does, exactly once")
    func lookUpDoesNotSpend() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        for _ in 0..<3 {
            let found = try #require(try await test.house.invite(token: invite.token.value))
            #expect(found.invite.status(at: Date()) == .usable)
        }
        let first = try await test.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true)
        #expect((try? first.get()) != nil)
        let second = try await test.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true)
        #expect(throws: House.RedeemProblem.used) { try second.get() }
        #expect(try await test.house.invite(token: invite.token.value)?.invite.status(at: Date()) == .used)
    }

    @Test("an expired link is refused as expired")
    func expired() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let past = Date().addingTimeInterval(-3600)
        let invite = try await test.house.issueInvites(roomId: room.id, lifetime: 60, now: past)[0]
        let result = try await test.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true)
        #expect(throws: House.RedeemProblem.expired) { try result.get() }
    }

    @Test("a revoked link is refused as revoked, and revoking a used link does nothing")
    func revoked() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let invites = try await test.house.issueInvites(roomId: room.id, count: 2)
        #expect(try await test.house.revokeInvite(id: invites[0].invite.id, roomId: room.id))
        let result = try await test.house.redeem(token: invites[0].token.value, displayName: "Kari", pledgeAccepted: true)
        #expect(throws: House.RedeemProblem.revoked) { try result.get() }
        _ = try await test.house.redeem(token: invites[1].token.value, displayName: "Ola", pledgeAccepted: true).get()
        #expect(try await test.house.revokeInvite(id: invites[1].invite.id, roomId: room.id) == false)
        #expect(try await test.house.usableInvites(roomId: room.id).isEmpty)
    }

    @Test("a made-up or malformed token is unknown")
    func unknown() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        for token in [Secret.generate().value, "short", "", String(repeating: "'", count: 43), "../../etc/passwd"] {
            let result = try await test.house.redeem(token: token, displayName: "Kari", pledgeAccepted: true)
            #expect(throws: House.RedeemProblem.unknown) { try result.get() }
            #expect(try await test.house.invite(token: token) == nil)
        }
    }

    @Test("a bad name or a missing pledge does not use the link up")
    func badFormKeepsLink() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        let cases: [(String, Bool, House.RedeemProblem)] = [
            ("   ", true, .name(.empty)),
            (String(repeating: "a", count: 41), true, .name(.tooLong)),
            ("Kari\u{0007}", true, .name(.invalidCharacters)),
            ("Kari", false, .pledgeNotAccepted),
        ]
        for (name, pledge, problem) in cases {
            let result = try await test.house.redeem(token: invite.token.value, displayName: name, pledgeAccepted: pledge)
            #expect(throws: problem) { try result.get() }
        }
        #expect(try await test.house.invite(token: invite.token.value)?.invite.status(at: Date()) == .usable)
    }

    @Test("of many simultaneous redemptions of one link, exactly one wins")
    func concurrentRedemption() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        let house = test.house
        let token = invite.token.value
        let wins = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let result = try? await house.redeem(token: token, displayName: "Person \(index)", pledgeAccepted: true)
                    if case .success = result { return true }
                    return false
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await house.memberCount(roomId: room.id) == 1)
    }

    @Test("the database holds hashes of links and keys, never the secrets themselves")
    func onlyHashesStored() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Rom", kind: .group)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        let (_, key) = try await test.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await test.house.checkpoint()
        let bytes = try test.allBytes()
        for secret in [host.token.value, invite.token.value, key.value] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil)
        }
        #expect(bytes.range(of: Data(key.hash.utf8)) != nil)
    }

    @Test("a key opens its own room only; a removed membership's key stops working")
    func keysAndRemoval() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let (other, _) = try await test.house.createRoom(name: "Annet rom", kind: .group)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        let (membership, key) = try await test.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true).get()
        #expect(try await test.house.membership(roomId: room.id, key: key.value)?.id == membership.id)
        #expect(try await test.house.membership(roomId: other.id, key: key.value) == nil)
        #expect(try await test.house.removeMembership(id: membership.id, roomId: room.id))
        #expect(try await test.house.membership(roomId: room.id, key: key.value) == nil)
    }

    @Test("memberships unused for a year and long-spent links are deleted by themselves")
    func retention() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let longAgo = Date().addingTimeInterval(-400 * 24 * 3600)
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group, now: longAgo)
        let old = try await test.house.issueInvites(roomId: room.id, now: longAgo)[0]
        _ = try await test.house.redeem(token: old.token.value, displayName: "Gammel", pledgeAccepted: true, now: longAgo).get()
        let fresh = try await test.house.issueInvites(roomId: room.id)[0]
        _ = try await test.house.redeem(token: fresh.token.value, displayName: "Ny", pledgeAccepted: true).get()
        let deleted = try await test.house.deleteExpiredRecords()
        #expect(deleted.memberships == 1)
        #expect(try await test.house.memberCount(roomId: room.id) == 1)
        #expect(try await test.house.invite(token: old.token.value) == nil)
        #expect(try await test.house.invite(token: fresh.token.value) != nil)
    }

    @Test("a room's unused links are bounded, and a bad count is refused without stopping anything")
    func inviteBounds() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        await #expect(throws: House.InviteProblem.countOutOfRange) { try await test.house.issueInvites(roomId: room.id, count: 0) }
        await #expect(throws: House.InviteProblem.countOutOfRange) { try await test.house.issueInvites(roomId: room.id, count: 51) }
        for _ in 0..<(House.maxUsableInvitesPerRoom / House.maxInvitesPerRequest) {
            _ = try await test.house.issueInvites(roomId: room.id, count: House.maxInvitesPerRequest)
        }
        await #expect(throws: House.InviteProblem.tooMany) { try await test.house.issueInvites(roomId: room.id) }
        let first = try await test.house.usableInvites(roomId: room.id)[0]
        try await test.house.revokeInvite(id: first.id, roomId: room.id)
        #expect(try await test.house.issueInvites(roomId: room.id).count == 1)
        #expect(try await test.house.usableInvites(roomId: room.id).count == House.maxUsableInvitesPerRoom)
    }

    @Test("room names are checked")
    func roomNames() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        await #expect(throws: House.RoomProblem.nameEmpty) { try await test.house.createRoom(name: "  ", kind: .group) }
        await #expect(throws: House.RoomProblem.nameTooLong) {
            try await test.house.createRoom(name: String(repeating: "x", count: 81), kind: .group)
        }
        let (room, _) = try await test.house.createRoom(name: " Kafé ", kind: .cafe)
        #expect(try await test.house.rooms().map(\.room.id) == [room.id])
        #expect(room.name == "Kafé")
    }
}

@Suite("A room's meeting plan")
struct RoomPlanTests {
    @Test("a room keeps its own plan, which can be changed within limits")
    func plan() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Kafé", kind: .cafe, plan: MeetingPlan(minutes: 90, talkDuringBreak: true))
        #expect(try await test.house.room(id: room.id)?.plan == MeetingPlan(minutes: 90, talkDuringBreak: true))
        let changed = try await test.house.setPlan(roomId: room.id, plan: MeetingPlan(minutes: 60, breakMinutes: 10, cueMinutes: 5))
        #expect(changed?.plan.breakMinutes == 10)
        #expect(try await test.house.room(id: room.id)?.plan.cueMinutes == 5)
        await #expect(throws: Room.PlanProblem.outOfRange) { try await test.house.setPlan(roomId: room.id, plan: MeetingPlan(minutes: 10)) }
        await #expect(throws: Room.PlanProblem.outOfRange) {
            try await test.house.setPlan(roomId: room.id, plan: MeetingPlan(minutes: 30, breakMinutes: 30))
        }
        await #expect(throws: Room.PlanProblem.outOfRange) {
            try await test.house.createRoom(name: "x", kind: .group, plan: MeetingPlan(cueMinutes: 0))
        }
    }
}
