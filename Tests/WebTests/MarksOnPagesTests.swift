import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

/// Every field a stranger or a colleague can fill in and a page shows again, with a mark joined to the markup
/// around it: a prepended U+0D4E before `<`, a combining U+0301 after `>` or a quote. Such a name once went out
/// as a live `<meta http-equiv=refresh>` and sent visitors of the invite page to another site.
///
/// Each check reads the page's bytes (``String/containsBytes(of:)``): a search by Characters would miss the tag.
@Suite("Names with marks joined to markup show as text on every page")
struct MarksOnPagesTests {
    /// A room's name as the attack had it (80 characters at most), with a way out of an attribute first: a quote
    /// and a `>` under accents (the invite and café pages carry the name in an attribute, the house page as text).
    static let roomName = "Gruppe \"\u{0301}>\u{0301}\u{0D4E}<meta http-equiv=refresh content=0;url=http://127.0.0.1:9/>\u{0301}"
    /// A name or label of at most 40 characters, with all three ways out of an attribute or a tag.
    static let personName = "\u{0D4E}<b id=x>K\u{0301}</b>\"\u{0301} x='\u{0301}"
    /// The same kind of name for an administrator: a refresh loop on the house page.
    static let adminLabel = "\u{0D4E}<meta http-equiv=refresh content=0>\u{0301}"

    @Test("a room's name with such marks is accepted, as a name with accents must be")
    func roomNameAccepted() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: Self.roomName, kind: .group)
        #expect(room.name.containsBytes(of: "<meta http-equiv=refresh"))
        let (sami, _) = try await app.house.createRoom(name: "Áilu ja Ánde\u{0301}", kind: .group)
        #expect(sami.name == "Áilu ja Ánde\u{0301}".precomposedStringWithCanonicalMapping)
    }

    @Test("the invite page, the used link and the room page show the room's name as text or not at all")
    func invitePageAndRoomPage() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: Self.roomName, kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        let used = try await app.house.issueInvites(roomId: room.id)[0]
        _ = try await app.house.redeem(token: used.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let page = try await client.execute(uri: invite.path, method: .get)
            #expect(page.status == .ok)
            Self.expectNoMarkup(page.text)
            let escaped = "&quot;\u{0301}&gt;\u{0301}\u{0D4E}&lt;meta http-equiv=refresh content=0;url=http://127.0.0.1:9/&gt;\u{0301}"
            #expect(page.text.containsBytes(of: escaped))
            for path in [used.path, "/r/\(room.id)"] {
                Self.expectNoMarkup(try await client.execute(uri: path, method: .get).text)
            }
        }
    }

    @Test("a café's join page shows the café's name as text")
    func cafePage() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: Self.roomName, kind: .cafe)
        let entry = try await app.house.cafeEntry(roomId: room.id)
        try await app.run { client in
            let page = try await client.execute(uri: entry.path, method: .get)
            #expect(page.status == .ok)
            Self.expectNoMarkup(page.text)
            #expect(page.text.containsBytes(of: "\u{0D4E}&lt;meta"))
        }
    }

    @Test("a name typed into the invite or café form comes back in its field as text")
    func displayNamesInForms() async throws {
        let app = try TestApp()
        let (group, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: group.id)[0]
        let (cafe, _) = try await app.house.createRoom(name: "Kafé", kind: .cafe)
        let entry = try await app.house.cafeEntry(roomId: cafe.id)
        let body = "name=" + Self.formEncoded(Self.personName)
        try await app.run { client in
            // No pledge, no house rules ticked: the form comes again with the name kept in its field.
            for path in [invite.path, entry.path] {
                let (headers, fields) = form(body)
                let again = try await client.execute(uri: path, method: .post, headers: headers, body: fields)
                #expect(again.status == .unprocessableContent || again.status == .badRequest, "\(path)")
                Self.expectNoMarkup(again.text)
                #expect(again.text.containsBytes(of: "value=\"\u{0D4E}&lt;b id=x&gt;K\u{0301}&lt;/b&gt;&quot;\u{0301} x=&#39;\u{0301}\""), "\(path)")
            }
        }
    }

    @Test("an invite's label, the host's note on whom it is for, is not on the invite page at all")
    func inviteLabelNotOnInvitePage() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id, label: Self.personName)[0]
        #expect(invite.invite.label == Self.personName)
        try await app.run { client in
            let page = try await client.execute(uri: invite.path, method: .get)
            #expect(page.status == .ok)
            Self.expectNoMarkup(page.text)
            #expect(!page.text.containsBytes(of: "K\u{0301}"))
        }
    }

    @Test("the house page shows room names and administrators' labels as text")
    func housePages() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: Self.roomName, kind: .cafe)
        let link = try await app.house.issueAdminLink()
        let (_, key) = try await app.house.redeemAdminLink(token: link.token.value, label: Self.adminLabel, returningKey: nil).get()
        let other = try await app.house.issueAdminLink()
        let signedIn: HTTPFields = [.cookie: "rs_admin=\(key.value)"]
        try await app.run { client in
            for path in ["/hus", "/hus/rom/\(room.id)", "/hus/rom/\(room.id)/slett", "/hus/administratorer", other.path] {
                let page = try await client.execute(uri: path, method: .get, headers: signedIn)
                #expect(page.status == .ok, "\(path)")
                Self.expectNoMarkup(page.text, path)
            }
            // The new room's page, with its host link: its name in the title and the heading.
            let (headers, fields) = form("kind=group&name=" + Self.formEncoded(Self.roomName))
            var withCookie = headers
            withCookie[.cookie] = signedIn[.cookie]
            let made = try await client.execute(uri: "/hus/rom", method: .post, headers: withCookie, body: fields)
            #expect(made.status == .ok)
            Self.expectNoMarkup(made.text)
            #expect(made.text.containsBytes(of: "\u{0D4E}&lt;meta http-equiv"))
        }
    }

    /// No tag from any of the names above is in the page's bytes.
    static func expectNoMarkup(_ html: String, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        for tag in ["<meta http-equiv", "\"\u{0301}>", "<b id=x>", "</b>", "\"\u{0301} x=", "'\u{0301}\""] {
            #expect(!html.containsBytes(of: tag), "\(tag) in \(comment)", sourceLocation: sourceLocation)
        }
    }

    static func formEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
