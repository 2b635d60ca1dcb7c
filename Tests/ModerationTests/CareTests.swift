import Moderation
import Testing

/// After «Jeg har det ikke bra»: who may answer «Jeg ser deg», how often, and what a removal agreed by two says.
@Suite("Care: «Jeg ser deg» after «not well», and a removal two agreed to")
struct CareTests {
    let host = MemberID("host")
    let kari = MemberID("kari")
    let ola = MemberID("ola")
    let eva = MemberID("eva")
    let now = Instant(milliseconds: 1_000)

    /// Kari, Ola and Eva present; with the host too, unless the room runs itself.
    func meeting(selfOrganised: Bool) throws -> Meeting {
        var meeting = Meeting(hosts: selfOrganised ? [] : [self.host], selfOrganised: selfOrganised)
        if !selfOrganised { _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now) }
        for (id, name) in [(self.kari, "Kari"), (self.ola, "Ola"), (self.eva, "Eva")] {
            _ = try meeting.apply(.join(name: name, role: .member), by: id, at: self.now)
        }
        return meeting
    }

    @Test("in a room that runs itself everyone present is told, and each may answer once; the answer names the one seen")
    func everyoneMayAnswerOnce() throws {
        var meeting = try self.meeting(selfOrganised: true)
        #expect(try meeting.apply(.notWell, by: self.kari, at: self.now) == [.notWell(self.kari)])
        let call = try #require(meeting.notWellNow[self.kari])
        #expect(!call.toHosts)
        #expect(call.told == [self.ola, self.eva])
        #expect(try meeting.apply(.seeYou(self.kari), by: self.ola, at: self.now) == [.seen(self.kari, by: self.ola)])
        #expect(throws: Refusal.alreadySaid) { try meeting.apply(.seeYou(self.kari), by: self.ola, at: self.now) }
        #expect(try meeting.apply(.seeYou(self.kari), by: self.eva, at: self.now) == [.seen(self.kari, by: self.eva)])
        #expect(meeting.notWellNow[self.kari]?.seenBy == [self.ola, self.eva])
        #expect(!Event.seen(self.kari, by: self.ola).changesStructure)
    }

    @Test("without a «not well» that stands, «Jeg ser deg» is refused: never said, to oneself, or the person left")
    func refusedWithoutNotWell() throws {
        var meeting = try self.meeting(selfOrganised: true)
        #expect(throws: Refusal.noNotWell) { try meeting.apply(.seeYou(self.kari), by: self.ola, at: self.now) }
        _ = try meeting.apply(.notWell, by: self.kari, at: self.now)
        #expect(throws: Refusal.noNotWell) { try meeting.apply(.seeYou(self.kari), by: self.kari, at: self.now) }
        _ = try meeting.apply(.leave, by: self.kari, at: self.now)
        #expect(meeting.notWellNow.isEmpty)
        #expect(throws: Refusal.noNotWell) { try meeting.apply(.seeYou(self.kari), by: self.ola, at: self.now) }
        #expect(throws: Refusal.notPresent) { try meeting.apply(.seeYou(self.ola), by: self.kari, at: self.now) }
    }

    @Test("with a host present only the hosts are told, so only they may answer; nobody who came later may")
    func onlyThoseToldMayAnswer() throws {
        var meeting = try self.meeting(selfOrganised: false)
        _ = try meeting.apply(.notWell, by: self.kari, at: self.now)
        #expect(meeting.notWellNow[self.kari]?.toHosts == true)
        #expect(meeting.notWellNow[self.kari]?.told == [self.host])
        #expect(throws: Refusal.noNotWell) { try meeting.apply(.seeYou(self.kari), by: self.ola, at: self.now) }
        #expect(try meeting.apply(.seeYou(self.kari), by: self.host, at: self.now) == [.seen(self.kari, by: self.host)])
        let late = MemberID("late")
        _ = try meeting.apply(.join(name: "Per", role: .member), by: late, at: self.now)
        #expect(throws: Refusal.noNotWell) { try meeting.apply(.seeYou(self.kari), by: late, at: self.now) }
    }

    @Test("a new «not well» after two minutes may be answered again, by the same people")
    func aNewNotWellIsANewAnswer() throws {
        var meeting = try self.meeting(selfOrganised: true)
        _ = try meeting.apply(.notWell, by: self.kari, at: self.now)
        _ = try meeting.apply(.seeYou(self.kari), by: self.ola, at: self.now)
        let later = self.now.adding(seconds: Meeting.notWellSeconds)
        _ = try meeting.apply(.notWell, by: self.kari, at: later)
        #expect(try meeting.apply(.seeYou(self.kari), by: self.ola, at: later) == [.seen(self.kari, by: self.ola)])
    }

    @Test("a removal two members agreed to names them both, first who asked, then who agreed")
    func removalByTwoNamesBoth() throws {
        var meeting = try self.meeting(selfOrganised: true)
        _ = try meeting.apply(.remove(self.kari, name: "Kari"), by: self.eva, at: self.now)
        let events = try meeting.apply(.remove(self.kari, name: "Kari"), by: self.ola, at: self.now)
        #expect(events.last == .removed(self.kari, name: "Kari", by: self.ola, askedBy: self.eva))
        var hosted = try self.meeting(selfOrganised: false)
        let alone = try hosted.apply(.remove(self.kari, name: "Kari"), by: self.host, at: self.now)
        #expect(alone.last == .removed(self.kari, name: "Kari", by: self.host))
    }
}
