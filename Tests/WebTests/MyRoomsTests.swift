import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@testable import Web

@Suite("«Mine rom»: the front page's list of this browser's rooms")
struct MyRoomsTests {
    @Test("the cookie holds room ids only, most recent first, at most twenty, and drops anything else it is sent")
    func cookieValue() throws {
        let ids = (0..<25).map { String(format: "Room%012d", $0) }
        var mine = MyRooms()
        for id in ids { mine.add(id) }
        #expect(mine.ids.count == MyRooms.limit)
        #expect(mine.ids.first == ids.last)
        #expect(!mine.ids.contains(ids[0]))
        mine.add(ids[10])
        #expect(mine.ids.first == ids[10])
        #expect(mine.ids.count == MyRooms.limit)

        let sent = MyRooms(cookie: "\(ids[1]).not-a-room.\(ids[2])..<script>.\(ids[1])")
        #expect(sent.ids == [ids[1], ids[2]])
        let cookie = sent.cookie(secure: true).description
        #expect(cookie.hasPrefix("rs_rooms=\(ids[1]).\(ids[2]);"))
        #expect(attributes(cookie).isSuperset(of: ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"]))
        #expect(MyRooms().cookie(secure: false).description.contains("Max-Age=0"))
    }

    @Test("joining puts the room on the list, with its id and never its key, and the front page links into it")
    func joiningLists() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Torsdagsgruppa", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, body) = form("name=Kari&pledge=yes")
            let joined = try await client.execute(uri: invite.path, method: .post, headers: headers, body: body)
            #expect(joined.status == .seeOther)
            let cookies = joined.headers[values: .setCookie]
            let key = try #require(cookies.first { $0.hasPrefix("rs_member=") }).dropFirst("rs_member=".count).prefix { $0 != ";" }
            let list = try #require(cookies.first { $0.hasPrefix("rs_rooms=") })
            #expect(list.hasPrefix("rs_rooms=\(room.id);"))
            #expect(!list.contains(key))
            #expect(attributes(list).isSuperset(of: ["Path=/", "HttpOnly"]))

            let front = try await client.execute(uri: "/", method: .get, headers: [.cookie: "rs_rooms=\(room.id)"])
            #expect(front.text.contains("<h2 id=\"myrooms-heading\">Mine rom</h2>"))
            #expect(front.text.contains("<a href=\"/r/\(room.id)\">Torsdagsgruppa</a>"))
            #expect(front.text.contains("Glem denne listen"))
            #expect(front.headers[.cacheControl] == "no-store")
            // Nothing to prune: the list is left as it is.
            #expect(front.headers[.setCookie] == nil)

            let empty = try await client.execute(uri: "/", method: .get)
            #expect(!empty.text.contains("myrooms-heading"))
            #expect(empty.text.contains("Åpne lenken du fikk på SMS eller e-post igjen"))
        }
    }

    @Test("a room the house deleted leaves the list; the list's own order is kept")
    func deletedRoomPruned() async throws {
        let app = try TestApp()
        let (kept, _) = try await app.house.createRoom(name: "Onsdag", kind: .group)
        let (gone, _) = try await app.house.createRoom(name: "Borte", kind: .group)
        #expect(try await app.house.deleteRoom(id: gone.id))
        try await app.run { client in
            let front = try await client.execute(uri: "/", method: .get, headers: [.cookie: "rs_rooms=\(gone.id).\(kept.id)"])
            #expect(front.text.contains("Onsdag"))
            #expect(!front.text.contains("Borte"))
            #expect(front.headers[.setCookie]?.hasPrefix("rs_rooms=\(kept.id);") == true)
        }
    }

    @Test("a room page opened with a key that works puts it first; with a dead key it leaves the list")
    func roomPageNotes() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let (other, _) = try await app.house.createRoom(name: "Annet", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        let (_, key) = try await app.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let opened = try await client.execute(
                uri: "/r/\(room.id)",
                method: .get,
                headers: [.cookie: "rs_member=\(key.value); rs_rooms=\(other.id)"]
            )
            #expect(opened.headers[values: .setCookie].contains { $0.hasPrefix("rs_rooms=\(room.id).\(other.id);") })

            let dead = try await client.execute(
                uri: "/r/\(room.id)",
                method: .get,
                headers: [.cookie: "rs_member=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; rs_rooms=\(room.id).\(other.id)"]
            )
            #expect(dead.headers[values: .setCookie].contains { $0.hasPrefix("rs_rooms=\(other.id);") })
        }
    }

    @Test("the room's page notes itself once let in; without a key that opens the room it learns nothing")
    func husk() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        let (_, key) = try await app.house.redeem(token: invite.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let noted = try await client.execute(uri: "/r/\(room.id)/husk", method: .post, headers: [.cookie: "rs_member=\(key.value)"])
            #expect(noted.status == .noContent)
            #expect(noted.headers[.setCookie]?.hasPrefix("rs_rooms=\(room.id);") == true)
            let stranger = try await client.execute(uri: "/r/\(room.id)/husk", method: .post)
            #expect(stranger.status == .notFound)
            #expect(stranger.headers[.setCookie] == nil)
            let crossSite = try await client.execute(
                uri: "/r/\(room.id)/husk",
                method: .post,
                headers: [.cookie: "rs_member=\(key.value)", HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
            )
            #expect(crossSite.status == .forbidden)
        }
    }

    @Test("«Glem denne listen» deletes the cookie and says so; a cross-site form cannot")
    func forget() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        try await app.run { client in
            let forgot = try await client.execute(uri: "/glem", method: .post, headers: [.cookie: "rs_rooms=\(room.id)"])
            #expect(forgot.status == .seeOther)
            #expect(forgot.headers[.location] == "/?glemt")
            let cookie = try #require(forgot.headers[.setCookie])
            #expect(cookie.hasPrefix("rs_rooms=;"))
            #expect(cookie.contains("Max-Age=0"))
            let after = try await client.execute(uri: "/?glemt", method: .get)
            #expect(after.text.contains("Listen er glemt."))
            let crossSite = try await client.execute(uri: "/glem", method: .post, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
            #expect(crossSite.status == .forbidden)
            #expect(crossSite.headers[.setCookie] == nil)
        }
    }
}

/// A Set-Cookie line's attributes, for checks that do not depend on their order.
private func attributes(_ cookie: String) -> Set<String> {
    Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
}
