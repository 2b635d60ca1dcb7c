import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

/// A messaging app shows a preview of a link sent in a chat, often on a lock screen: the page's title, its
/// Open Graph tags, sometimes a heading. For a group called «Angstgruppe torsdag» that is health information
/// about whoever got the link. These tests fetch each page a link leads to as such a fetcher does: a plain
/// GET with no cookie and no script run (docs/PRIVACY.md, «Link previews»).
@Suite("Link previews learn nothing about the room")
struct LinkPreviewTests {
    static let name = "Angstgruppe torsdag"
    static let fetcher: HTTPFields = [.userAgent: "WhatsApp/2.24.1 A", .accept: "text/html"]

    @Test("the invite page's title, tags and headings say the house and «Invitasjon», in every language")
    func invitePage() async throws {
        let app = try TestApp()
        let (room, host) = try await app.house.createRoom(name: Self.name, kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            for path in [invite.path, host.path] {
                let page = try await client.execute(uri: path, method: .get, headers: Self.fetcher)
                #expect(page.status == .ok)
                let view = Self.expectNothingNamed(page.text, path)
                #expect(view.title == ["<title>Invitasjon · Selvhjelpshuset</title>"])
                #expect(view.metas.contains("<meta property=\"og:title\" content=\"Invitasjon · Selvhjelpshuset\">"))
                #expect(view.headings.first == "<h1>Du er invitert</h1>")
            }
            for (language, title) in [("nn", "Invitasjon · Sjølvhjelpshuset"), ("en", "Invitation · The self-help house")] {
                let page = try await client.execute(uri: invite.path + "?lang=\(language)", method: .get, headers: Self.fetcher)
                let view = Self.expectNothingNamed(page.text, language)
                #expect(view.title == ["<title>\(title)</title>"])
            }
        }
    }

    @Test("the café's join page says «Kafé» and the house, never which café")
    func cafePage() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: Self.name, kind: .cafe)
        let entry = try await app.house.cafeEntry(roomId: room.id)
        try await app.run { client in
            let page = try await client.execute(uri: entry.path, method: .get, headers: Self.fetcher)
            #expect(page.status == .ok)
            let view = Self.expectNothingNamed(page.text, entry.path)
            #expect(view.title == ["<title>Kafé · Selvhjelpshuset</title>"])
            #expect(view.headings.first == "<h1>Velkommen til kafeen</h1>")
        }
    }

    @Test("the room page names no room to a visitor it has not let in, not even in its bytes")
    func roomPage() async throws {
        let app = try TestApp()
        let (group, _) = try await app.house.createRoom(name: Self.name, kind: .group)
        let (cafe, _) = try await app.house.createRoom(name: Self.name + " kafé", kind: .cafe)
        try await app.run { client in
            for room in [group, cafe] {
                let page = try await client.execute(uri: "/r/\(room.id)", method: .get, headers: Self.fetcher)
                #expect(page.status == .ok)
                let view = Self.expectNothingNamed(page.text, room.id)
                #expect(view.title == ["<title>Møterom · Selvhjelpshuset</title>"])
                #expect(!page.text.contains(Self.name))
            }
        }
    }

    @Test("used, expired and revoked links, and the practice meeting an invite leads to, name no room")
    func spentLinksAndPractice() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: Self.name, kind: .group)
        let used = try await app.house.issueInvites(roomId: room.id)[0]
        _ = try await app.house.redeem(token: used.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let expired = try await app.house.issueInvites(roomId: room.id, lifetime: 1, now: Date().addingTimeInterval(-60))[0]
        let revoked = try await app.house.issueInvites(roomId: room.id)[0]
        _ = try await app.house.revokeInvite(id: revoked.invite.id, roomId: room.id)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            for path in [expired.path, revoked.path] {
                let page = try await client.execute(uri: path, method: .get, headers: Self.fetcher)
                #expect(page.status == .gone, "\(path)")
                Self.expectNothingNamed(page.text, path)
                #expect(!page.text.contains(Self.name), "\(path)")
            }
            // A used link goes on to the room page, which a fetcher without a key sees as above: no name.
            let spent = try await client.execute(uri: used.path, method: .get, headers: Self.fetcher)
            #expect(spent.status == .seeOther)
            #expect(!spent.text.contains(Self.name))
            let onward = try #require(spent.headers[.location])
            let room = try await client.execute(uri: onward, method: .get, headers: Self.fetcher)
            Self.expectNothingNamed(room.text, onward)
            #expect(!room.text.contains(Self.name))
            // «Prøv et møte først» from the invite page: the practice room's page, and the one after it is over.
            let (headers, body) = form("back=" + (invite.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            let started = try await client.execute(uri: "/ov", method: .post, headers: headers, body: body)
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            let pass = try #require(started.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            var withPass = Self.fetcher
            withPass[.cookie] = pass
            for path in [location, "/r/AAAAAAAAAAAAAAAA"] {
                let page = try await client.execute(uri: path, method: .get, headers: withPass)
                Self.expectNothingNamed(page.text, path)
                #expect(!page.text.contains(Self.name), "\(path)")
            }
        }
    }

    /// The room's name in no title, meta tag or heading; a search engine told to leave the page out; the preview's
    /// own tags present, so no app falls back to the page's text.
    @discardableResult
    static func expectNothingNamed(_ html: String, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) -> FetcherView {
        let view = FetcherView(html)
        #expect(!view.title.isEmpty && !view.headings.isEmpty, "\(comment)", sourceLocation: sourceLocation)
        #expect(!view.mentions(Self.name), "\(comment): \(view.parts)", sourceLocation: sourceLocation)
        #expect(!view.mentions("Angstgruppe"), "\(comment)", sourceLocation: sourceLocation)
        for tag in ["<meta name=\"robots\" content=\"noindex\">", "<meta property=\"og:title\"", "<meta property=\"og:description\""] {
            #expect(view.metas.contains { $0.hasPrefix(tag) }, "\(comment): \(tag)", sourceLocation: sourceLocation)
        }
        return view
    }
}
