import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Moderation
import RoomServer
import Testing

@Suite("A new host link for a room that has a host")
struct NewHostLinkTests {
    @Test("an igangsetter who lost the key is told their old name is still there, and gets in as host with another")
    func oldNameStillThere() async throws {
        let app = try TestApp()
        let (room, first) = try await app.house.createRoom(name: "Rom", kind: .group)
        _ = try await app.house.redeem(token: first.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let again = try await app.house.issueInvites(roomId: room.id, role: .host, lifetime: House.hostLinkLifetime)[0]
        let member = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, same) = form("name=Kari&pledge=yes")
            let refused = try await client.execute(uri: again.path, method: .post, headers: headers, body: same)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Har du vært vert her før"))
            #expect(refused.text.contains("«(vert)»"))
            #expect(refused.text.contains("value=\"Kari\""))
            // A participant's link says only what a participant needs.
            let participant = try await client.execute(uri: member.path, method: .post, headers: headers, body: same)
            #expect(participant.status == .unprocessableContent)
            #expect(!participant.text.contains("vert her før"))

            let (_, other) = form("name=Kari+%28vert%29&pledge=yes")
            let accepted = try await client.execute(uri: again.path, method: .post, headers: headers, body: other)
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/r/\(room.id)?first")
            let key = try #require(accepted.headers[.setCookie]?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
            #expect(try await app.house.membership(roomId: room.id, key: String(key))?.role == .host)
        }
    }
}
