import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@Suite("A used link leads back into its room")
struct UsedLinkPageTests {
    @Test("opening a used link again offers the way into the room above the way home, and says what to do otherwise")
    func usedLinkOnGet() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        _ = try await app.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let page = try await client.execute(uri: invite.path, method: .get)
            #expect(page.status == .gone)
            let text = page.text
            #expect(text.contains("Lenken er allerede brukt"))
            #expect(text.contains("kommer du rett inn"))
            #expect(text.contains("be den som inviterte deg om en ny lenke"))
            let way = try #require(text.range(of: "<a class=\"button\" href=\"/r/\(room.id)\">"))
            let button = try #require(text.range(of: "Gå inn i rommet</a>"))
            let home = try #require(text.range(of: "<a href=\"/\">Til forsiden</a>"))
            #expect(way.lowerBound < button.lowerBound && button.upperBound < home.lowerBound)
            // The page itself grants nothing: no key, and the link stays used.
            #expect(page.headers[.setCookie] == nil)

            let english = try await client.execute(uri: invite.path + "?lang=en", method: .get)
            #expect(english.text.contains("Enter the room</a>"))
            #expect(english.text.contains("you go straight in"))
        }
    }

    @Test("sending the form of a used link again (Back after joining) also leads into the room")
    func usedLinkOnPost() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, body) = form("name=Kari&pledge=yes")
            let first = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(first.status == .seeOther)
            let again = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(again.status == .gone)
            #expect(again.headers[.setCookie] == nil)
            #expect(again.text.contains("href=\"/r/\(room.id)\""))
            #expect(again.text.contains("Gå inn i rommet"))
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
