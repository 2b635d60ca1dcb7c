import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@Suite("A used link leads back into its room")
struct UsedLinkPageTests {
    @Test("opening a used link again goes straight on to its room, which has the words for a browser that is not in it")
    func usedLinkOnGet() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        _ = try await app.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let opened = try await client.execute(uri: invite.path, method: .get)
            #expect(opened.status == .seeOther)
            #expect(opened.headers[.location] == "/r/\(room.id)?link=used")
            // Going on grants nothing: no key, and the link stays used.
            #expect(opened.headers[.setCookie] == nil)
            #expect(!opened.text.contains("Lenken er allerede brukt"))

            // The room page carries the one sentence its script shows to a browser the room does not let in.
            let page = try await client.execute(uri: "/r/\(room.id)?link=used", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("Lenken er allerede brukt, og denne nettleseren er ikke med i gruppa."))
            let english = try await client.execute(uri: "/r/\(room.id)?link=used&lang=en", method: .get)
            #expect(english.text.contains("Ask the person who invited you for a new link, or for a link for a new phone"))
        }
    }

    @Test("sending the form of a used link again (Back after joining) also goes on to the room")
    func usedLinkOnPost() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, body) = form("name=Kari&pledge=yes")
            let first = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(first.status == .seeOther)
            let again = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(again.status == .seeOther)
            #expect(again.headers[.location] == "/r/\(room.id)?link=used")
            #expect(again.headers[.setCookie] == nil)
        }
    }

    @Test("expired and revoked links never gave a key, so they do not point into the room")
    func deadLinksStayShut() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let expired = try await app.house.issueInvites(roomId: room.id, lifetime: 1, now: Date().addingTimeInterval(-60))[0]
        let revoked = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.house.revokeInvite(id: revoked.invite.id, roomId: room.id)
        try await app.run { client in
            let (headers, body) = form("name=Kari&pledge=yes")
            for invite in [expired, revoked] {
                let opened = try await client.execute(uri: invite.path, method: .get)
                let sent = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
                for page in [opened, sent] {
                    #expect(page.status == .gone)
                    #expect(!page.text.contains("/r/\(room.id)"))
                    #expect(!page.text.contains("<button"))
                }
            }
        }
    }
}
