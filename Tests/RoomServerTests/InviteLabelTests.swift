import Foundation
import Testing

@testable import RoomServer

@Suite("A host's note on an invite: whom the link is for")
struct InviteLabelTests {
    @Test("a note is kept with the link, shown in the host's list, and a blank one is no note")
    func keptWithTheLink() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let (room, _) = try await test.house.createRoom(name: "Rom", kind: .group)
        let forKari = try await test.house.issueInvites(roomId: room.id, label: "Kari")[0]
        _ = try await test.house.issueInvites(roomId: room.id)[0]
        let unused = try await test.house.usableInvites(roomId: room.id, now: Date())
        #expect(Set(unused.map(\.label)) == ["Kari", nil])
        let frame = ServerFrame.invites(unused, created: forKari)
        #expect(frame.contains("\"label\":\"Kari\""))
        #expect(frame.components(separatedBy: "\"label\"").count == 3)  // the one unused with a note, and the created one
    }

    @Test("a note follows the rules of a display name")
    func validated() {
        #expect(InviteLabel.validate(nil) == .success(nil))
        #expect(InviteLabel.validate("  ") == .success(nil))
        #expect(InviteLabel.validate(" Kari ") == .success("Kari"))
        #expect(InviteLabel.validate(String(repeating: "a", count: 41)) == .failure(.tooLong))
        #expect(InviteLabel.validate("\u{3164}") == .failure(.invisible))
        #expect(InviteLabel.validate("Kari\u{202E}") == .failure(.invalidCharacters))
    }

    @Test("the frame carries a label, and nothing else changes")
    func decoded() async throws {
        let frame = try ClientFrame.decode(#"{"t":"invite.create","label":"Kari"}"#).get()
        #expect(frame.t == "invite.create" && frame.label == "Kari")
    }
}
