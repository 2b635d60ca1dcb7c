import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@Suite("Invite pages over HTTP")
struct InvitePageTests {
    @Test("opening a link shows the room, the pledge and a name field, and does not use it up")
    func getDoesNotSpend() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Angstgruppe torsdag", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            for _ in 0..<3 {
                let response = try await client.execute(uri: invite.path, method: .get)
                #expect(response.status == .ok)
                #expect(response.text.contains("Angstgruppe torsdag"))
                #expect(response.text.contains("Taushetserklæring"))
                #expect(response.text.contains("name=\"name\""))
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            }
        }
        #expect(try await app.house.invite(token: invite.token.value)?.invite.usedAt == nil)
    }

    @Test("accepting uses the link once, sets a strict HttpOnly key cookie and leaves no token in the address")
    func postRedeemsOnce() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, body) = form("name=Kari&pledge=yes")
            let first = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/r/\(room.id)?first")
            let cookie = try #require(first.headers[.setCookie])
            #expect(cookie.hasPrefix("rs_member="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/r/\(room.id)"))

            // Used: it only leads on to the room, which lets in the browser that holds the key.
            let second = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(second.status == .seeOther)
            #expect(second.headers[.location] == "/r/\(room.id)?link=used")
            #expect(second.headers[.setCookie] == nil)
            let reopened = try await client.execute(uri: invite.path, method: .get)
            #expect(reopened.status == .seeOther)
            #expect(reopened.headers[.setCookie] == nil)
        }
    }

    @Test("a missing pledge or a bad name shows the form again with the reason, and keeps the link")
    func badForm() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, noPledge) = form("name=Kari")
            let response = try await client.execute(uri: invite.path, method: .post, headers: headers, body: noPledge)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Du må godta taushetserklæringen"))
            #expect(response.text.contains("value=\"Kari\""))
            let (_, noName) = form("name=++&pledge=yes")
            let empty = try await client.execute(uri: invite.path, method: .post, headers: headers, body: noName)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("Skriv et navn"))
            let huge = ByteBuffer(string: "name=" + String(repeating: "a", count: 10_000) + "&pledge=yes")
            let tooLarge = try await client.execute(uri: invite.path, method: .post, headers: headers, body: huge)
            #expect(tooLarge.status == .contentTooLarge)
        }
        #expect(try await app.house.invite(token: invite.token.value)?.invite.usedAt == nil)
    }

    @Test("expired, revoked and made-up links each get their own page and status")
    func deadLinks() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let expired = try await app.house.issueInvites(roomId: room.id, lifetime: 1, now: Date().addingTimeInterval(-60))[0]
        let revoked = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.house.revokeInvite(id: revoked.invite.id, roomId: room.id)
        try await app.run { client in
            let e = try await client.execute(uri: expired.path, method: .get)
            #expect(e.status == .gone)
            #expect(e.text.contains("gått ut"))
            let r = try await client.execute(uri: revoked.path, method: .get)
            #expect(r.status == .gone)
            #expect(r.text.contains("trukket tilbake"))
            let u = try await client.execute(uri: "/i/\(Secret.generate().value)", method: .get)
            #expect(u.status == .notFound)
            #expect(u.text.contains("Lenken virker ikke"))
            let (headers, body) = form("name=Kari&pledge=yes")
            let p = try await client.execute(uri: revoked.path, method: .post, headers: headers, body: body)
            #expect(p.status == .gone)
        }
    }

    @Test("pages speak bokmål by default and English or nynorsk when asked")
    func languages() async throws {
        let app = try TestApp()
        try await app.run { client in
            let nb = try await client.execute(uri: "/", method: .get)
            #expect(nb.text.contains("<html lang=\"nb\">"))
            #expect(nb.text.contains("Ingenting som skrives her blir lagret"))
            let en = try await client.execute(uri: "/?lang=en", method: .get)
            #expect(en.text.contains("Nothing written here is stored"))
            #expect(en.headers[.setCookie]?.hasPrefix("lang=en") == true)
            let nn = try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "nn-NO,nn;q=0.9"])
            #expect(nn.text.contains("<html lang=\"nn\">"))
            let missing = try await client.execute(uri: "/no/such/page", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Fant ikke siden"))
            let room = try await client.execute(uri: "/r/AAAAAAAAAAAAAAAA", method: .get)
            #expect(room.status == .notFound)
            #expect(room.text.contains("Rommet finnes ikke"))
        }
    }
}
