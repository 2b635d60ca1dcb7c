import Moderation
import Testing

@Suite("Meeting: presence and messages")
struct MeetingTests {
    let kari = MemberID("kari")
    let ola = MemberID("ola")
    let now = Instant(milliseconds: 1_000)

    @Test("joining adds the member in arrival order and tells everyone")
    func joinOrder() throws {
        var meeting = Meeting()
        let first = try meeting.apply(.join(name: "Kari", role: .host), by: kari, at: now)
        _ = try meeting.apply(.join(name: "Ola", role: .member), by: ola, at: now)
        #expect(first == [.joined(Participant(id: kari, name: "Kari", role: .host))])
        #expect(meeting.present.map(\.id) == [kari, ola])
    }

    @Test("joining twice is refused")
    func joinTwice() throws {
        var meeting = Meeting()
        _ = try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now)
        #expect(throws: Refusal.alreadyPresent) { try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now) }
    }

    @Test("leaving removes the member and tells everyone")
    func leave() throws {
        var meeting = Meeting()
        _ = try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now)
        #expect(try meeting.apply(.leave, by: kari, at: now) == [.left(kari)])
        #expect(meeting.present.isEmpty)
        #expect(throws: Refusal.notPresent) { try meeting.apply(.leave, by: kari, at: now) }
    }

    @Test("someone not present cannot speak or type")
    func absentCannotSpeak() {
        var meeting = Meeting()
        #expect(throws: Refusal.notPresent) { try meeting.apply(.say("hei"), by: ola, at: now) }
        #expect(throws: Refusal.notPresent) { try meeting.apply(.typing, by: ola, at: now) }
    }

    @Test("a message is passed on trimmed; an empty one is refused")
    func sayTrimsAndRefusesEmpty() throws {
        var meeting = Meeting()
        _ = try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now)
        #expect(try meeting.apply(.say("  hei\n"), by: kari, at: now) == [.said(kari, "hei")])
        #expect(throws: Refusal.emptyMessage) { try meeting.apply(.say(" \n\t "), by: kari, at: now) }
    }

    @Test("a message of exactly the limit passes; one character more is refused")
    func messageLengthLimit() throws {
        var meeting = Meeting()
        _ = try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now)
        let longest = String(repeating: "å", count: Meeting.maxMessageLength)
        #expect(try meeting.apply(.say(longest), by: kari, at: now) == [.said(kari, longest)])
        #expect(throws: Refusal.messageTooLong) { try meeting.apply(.say(longest + "x"), by: kari, at: now) }
    }

    @Test("the limit counts characters as people see them, not bytes")
    func limitCountsGraphemes() throws {
        var meeting = Meeting()
        _ = try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now)
        // A family emoji is several scalars and many bytes, but one character.
        let emojis = String(repeating: "👨‍👩‍👧", count: Meeting.maxMessageLength)
        #expect(try meeting.apply(.say(emojis), by: kari, at: now).count == 1)
    }

    @Test("the meeting holds no message text after a message is said")
    func holdsNoText() throws {
        var meeting = Meeting()
        _ = try meeting.apply(.join(name: "Kari", role: .member), by: kari, at: now)
        let before = meeting
        _ = try meeting.apply(.say("CANARY-meeting-value"), by: kari, at: now)
        #expect(meeting == before)
        #expect(!String(describing: meeting).contains("CANARY"))
    }
}
