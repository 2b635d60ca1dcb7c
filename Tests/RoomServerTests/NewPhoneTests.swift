import Foundation
import Moderation
import Testing

@testable import RoomServer

@Suite("A new phone keeps the name: a link that moves a membership")
struct NewPhoneTests {
    @Test("using the link keeps the name, the role and the id; the old key stops working at once; once only")
    func moves() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, host) = try await test.house.createRoom(name: "Rom", kind: .group)
        let (vert, _) = try await test.house.redeem(token: host.token.value, displayName: "Vert", pledgeAccepted: true).get()
        let joined = Date().addingTimeInterval(-30 * 24 * 3600)
        let invite = try await test.house.issueInvites(roomId: room.id, now: joined)[0]
        let (anne, oldKey) = try await test.house.redeem(token: invite.token.value, displayName: "Anne", pledgeAccepted: true, now: joined).get()
        #expect(anne.keyCreatedAt == joined)

        let link = try #require(try await test.house.issueNewPhoneLink(roomId: room.id, membershipId: anne.id))
        #expect(link.invite.forMembershipId == anne.id)
        // It makes no new member, whatever name is given.
        let asNewMember = try await test.house.redeem(token: link.token.value, displayName: "Per", pledgeAccepted: true)
        #expect(throws: House.RedeemProblem.unknown) { try asNewMember.get() }
        let (moved, newKey) = try await test.house.moveMembership(token: link.token.value).get()
        #expect(moved.id == anne.id && moved.displayName == "Anne" && moved.role == .member)
        #expect(moved.keyCreatedAt > joined)
        #expect(try await test.house.membership(roomId: room.id, key: oldKey.value) == nil)
        #expect(try await test.house.membership(roomId: room.id, key: newKey.value)?.id == anne.id)
        #expect(try await test.house.memberCount(roomId: room.id) == 2)
        let again = try await test.house.moveMembership(token: link.token.value)
        #expect(throws: House.RedeemProblem.used) { try again.get() }
        // An ordinary link does not move anyone.
        let other = try await test.house.issueInvites(roomId: room.id)[0]
        let ordinary = try await test.house.moveMembership(token: other.token.value)
        #expect(throws: House.RedeemProblem.unknown) { try ordinary.get() }
        _ = vert
    }

    @Test("only a member of the room gets a link; a newer link revokes the older; removing the member takes it")
    func bounds() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let (elsewhere, _) = try await test.house.createRoom(name: "Annet", kind: .group)
        let invite = try await test.house.issueInvites(roomId: room.id)[0]
        let (anne, _) = try await test.house.redeem(token: invite.token.value, displayName: "Anne", pledgeAccepted: true).get()
        #expect(try await test.house.issueNewPhoneLink(roomId: elsewhere.id, membershipId: anne.id) == nil)
        #expect(try await test.house.issueNewPhoneLink(roomId: room.id, membershipId: "no-such-member") == nil)

        let first = try #require(try await test.house.issueNewPhoneLink(roomId: room.id, membershipId: anne.id))
        let second = try #require(try await test.house.issueNewPhoneLink(roomId: room.id, membershipId: anne.id))
        let older = try await test.house.moveMembership(token: first.token.value)
        #expect(throws: House.RedeemProblem.revoked) { try older.get() }
        #expect(try await test.house.usableInvites(roomId: room.id).map(\.id) == [second.invite.id])

        #expect(try await test.house.removeMembership(id: anne.id, roomId: room.id))
        #expect(try await test.house.invite(token: second.token.value) == nil, "the link went with the membership")
    }
}
