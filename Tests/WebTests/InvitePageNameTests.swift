import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing
import Web

@Suite("Invite page: names that look like someone else's, or like nothing")
struct InvitePageNameTests {
    @Test("a look-alike of the host's name gets the form again, explained in bokmål, with the name kept and the link still usable")
    func lookAlikeExplained() async throws {
        let app = try TestApp()
        let (room, host) = try await app.house.createRoom(name: "Rom", kind: .group)
        _ = try await app.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            // "Kаri" with a Cyrillic а, percent-encoded as a browser sends it.
            let (headers, fake) = form("name=K%D0%B0ri&pledge=yes")
            let refused = try await client.execute(uri: invite.path, method: .post, headers: headers, body: fake)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Noen i gruppa bruker allerede et navn som ligner for mye på dette."))
            #expect(refused.text.contains("value=\"K\u{0430}ri\""))
            #expect(refused.text.contains("action=\"\(invite.path)\""))
            #expect(refused.headers[.setCookie] == nil)

            let reopened = try await client.execute(uri: invite.path, method: .get)
            #expect(reopened.status == .ok)
            let (_, other) = form("name=Kari+B.&pledge=yes")
            let accepted = try await client.execute(uri: invite.path, method: .post, headers: headers, body: other)
            #expect(accepted.status == .seeOther)
        }
    }

    @Test("the refusal speaks nynorsk and English when asked")
    func lookAlikeInOtherLanguages() async throws {
        let app = try TestApp()
        let (room, host) = try await app.house.createRoom(name: "Rom", kind: .group)
        _ = try await app.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            let (headers, fake) = form("name=KARI&pledge=yes")
            let nn = try await client.execute(uri: invite.path + "?lang=nn", method: .post, headers: headers, body: fake)
            #expect(nn.text.contains("Nokon i gruppa brukar alt eit namn"))
            let en = try await client.execute(uri: invite.path + "?lang=en", method: .post, headers: headers, body: fake)
            #expect(en.text.contains("Someone in the group already uses a name"))
        }
    }

    @Test("a name of invisible characters is refused in plain words; a direction mark empties the field")
    func invisibleExplained() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let invite = try await app.house.issueInvites(roomId: room.id)[0]
        try await app.run { client in
            // U+3164 HANGUL FILLER
            let (headers, filler) = form("name=%E3%85%A4&pledge=yes")
            let invisible = try await client.execute(uri: invite.path, method: .post, headers: headers, body: filler)
            #expect(invisible.status == .unprocessableContent)
            #expect(invisible.text.contains("Navnet må ha minst én synlig bokstav eller ett tall."))
            // U+202E RIGHT-TO-LEFT OVERRIDE
            let (_, override) = form("name=Kari%E2%80%AEirak&pledge=yes")
            let invalid = try await client.execute(uri: invite.path, method: .post, headers: headers, body: override)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("Navnet har tegn som ikke kan brukes."))
            #expect(invalid.text.contains("value=\"\""))
        }
        #expect(try await app.house.invite(token: invite.token.value)?.invite.usedAt == nil)
    }

    @Test("every reason a name is refused has a sentence in every language")
    func everyProblemHasWords() async throws {
        let strings = try Strings.load(localesDirectory: TestApp.localesDirectory)
        for language in Language.allCases {
            for problem in DisplayName.Problem.allCases {
                let key = "invite.error.\(problem.rawValue)"
                #expect(strings.text(key, language) != key, "\(language) \(key)")
            }
        }
    }
}
