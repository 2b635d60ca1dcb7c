import Moderation
import Testing

/// A meeting with a host and members present, started at `t0`.
struct Fixture {
    static let host = MemberID("host")
    static let kari = MemberID("kari")
    static let ola = MemberID("ola")
    static let per = MemberID("per")
    static let t0 = Instant(milliseconds: 10_000_000)

    var meeting: Meeting

    init(members: [MemberID] = [kari, ola], started: Bool = true, plan: MeetingPlan = MeetingPlan()) throws {
        self.meeting = Meeting(plan: plan)
        _ = try self.meeting.apply(.join(name: "Vert", role: .host), by: Self.host, at: Self.t0)
        for member in members {
            _ = try self.meeting.apply(.join(name: member.rawValue, role: .member), by: member, at: Self.t0)
        }
        if started { _ = try self.meeting.apply(.startMeeting, by: Self.host, at: Self.t0) }
    }

    @discardableResult
    mutating func apply(_ command: Command, by actor: MemberID = host, minutes: Int64 = 0) throws(Refusal) -> [Event] {
        try self.meeting.apply(command, by: actor, at: Self.t0.adding(seconds: minutes * 60))
    }
}

@Suite("Rounds: a prompt, an order, done and pass")
struct RoundTests {
    typealias F = Fixture

    @Test("a round gives the floor in arrival order, and done and pass move it on until the round ends")
    func roundInOrder() throws {
        var f = try Fixture()
        #expect(try f.apply(.startRound(.howAmI, shuffleSeed: nil)) == [.roundStarted(.howAmI), .turn(F.host)])
        #expect(f.meeting.round?.order == [F.host, F.kari, F.ola])
        #expect(try f.apply(.done) == [.shareEnded(F.host, .done), .turn(F.kari)])
        #expect(try f.apply(.pass, by: F.kari) == [.shareEnded(F.kari, .passed), .turn(F.ola)])
        #expect(try f.apply(.done, by: F.ola) == [.shareEnded(F.ola, .done), .roundEnded])
        #expect(f.meeting.round == nil)
    }

    @Test("everyone may pass, also before writing anything")
    func passBeforeWriting() throws {
        var f = try Fixture()
        try f.apply(.startRound(.sinceLastTime, shuffleSeed: nil))
        #expect(try f.apply(.pass) == [.shareEnded(F.host, .passed), .turn(F.kari)])
    }

    @Test("during a share only the speaker writes; the others are held back")
    func crossTalkHeldBack() throws {
        var f = try Fixture()
        try f.apply(.startRound(.howAmI, shuffleSeed: nil))
        try f.apply(.done)
        #expect(try f.apply(.say("min tur"), by: F.kari) == [.said(F.kari, "min tur")])
        #expect(throws: Refusal.notYourTurn) { try f.apply(.say("avbryter"), by: F.ola) }
        #expect(throws: Refusal.notYourTurn) { try f.apply(.typing, by: F.host) }
        #expect(throws: Refusal.notYourTurn) { try f.apply(.done, by: F.ola) }
    }

    @Test("someone absent when their turn comes is skipped; someone who arrives is added to the end")
    func absentSkippedLateAdded() throws {
        var f = try Fixture()
        try f.apply(.startRound(.howAmI, shuffleSeed: nil))
        try f.apply(.leave, by: F.kari)
        try f.apply(.join(name: "Per", role: .member), by: F.per)
        #expect(f.meeting.round?.order == [F.host, F.kari, F.ola, F.per])
        #expect(try f.apply(.done) == [.shareEnded(F.host, .done), .shareEnded(F.kari, .absent), .turn(F.ola)])
        #expect(try f.apply(.done, by: F.ola) == [.shareEnded(F.ola, .done), .turn(F.per)])
    }

    @Test("the speaker leaving passes the floor on at once")
    func speakerLeaves() throws {
        var f = try Fixture()
        try f.apply(.startRound(.howAmI, shuffleSeed: nil))
        #expect(try f.apply(.leave) == [.left(F.host), .shareEnded(F.host, .absent), .turn(F.kari)])
    }

    @Test("someone who left and came back before their turn keeps their place")
    func keepsPlace() throws {
        var f = try Fixture()
        try f.apply(.startRound(.howAmI, shuffleSeed: nil))
        try f.apply(.leave, by: F.ola)
        try f.apply(.join(name: "ola", role: .member), by: F.ola)
        #expect(f.meeting.round?.order == [F.host, F.kari, F.ola])
    }

    @Test("a shuffled order is a permutation of those present, the same for the same seed")
    func shuffled() throws {
        var a = try Fixture(members: [F.kari, F.ola, F.per])
        var b = try Fixture(members: [F.kari, F.ola, F.per])
        try a.apply(.startRound(.howAmI, shuffleSeed: 42))
        try b.apply(.startRound(.howAmI, shuffleSeed: 42))
        #expect(a.meeting.round?.order == b.meeting.round?.order)
        #expect(Set(a.meeting.round?.order ?? []) == [F.host, F.kari, F.ola, F.per])
    }

    @Test("whoever runs the meeting can skip the speaker or end the round early; members cannot")
    func skipAndEnd() throws {
        var f = try Fixture()
        try f.apply(.startRound(.closing, shuffleSeed: nil))
        try f.apply(.done)
        #expect(throws: Refusal.notAllowed) { try f.apply(.skip, by: F.ola) }
        #expect(try f.apply(.skip) == [.shareEnded(F.kari, .skipped), .turn(F.ola)])
        #expect(throws: Refusal.notAllowed) { try f.apply(.endRound, by: F.kari) }
        #expect(try f.apply(.endRound) == [.roundEnded])
        #expect(throws: Refusal.noRound) { try f.apply(.endRound) }
    }

    @Test("a custom prompt is trimmed; an empty or overlong one is refused")
    func customPrompt() throws {
        var f = try Fixture()
        #expect(throws: Refusal.invalidValue) { try f.apply(.startRound(.custom("   "), shuffleSeed: nil)) }
        #expect(throws: Refusal.invalidValue) {
            try f.apply(.startRound(.custom(String(repeating: "x", count: Prompt.maxCustomLength + 1)), shuffleSeed: nil))
        }
        #expect(
            try f.apply(.startRound(.custom(" Hva gleder jeg meg til? "), shuffleSeed: nil)).first
                == .roundStarted(.custom("Hva gleder jeg meg til?"))
        )
        #expect(throws: Refusal.roundInProgress) { try f.apply(.startRound(.howAmI, shuffleSeed: nil)) }
    }

    @Test("after the cue minutes only the speaker gets a gentle cue, once; nobody is cut off")
    func timeCue() throws {
        var f = try Fixture(plan: MeetingPlan(cueMinutes: 3))
        try f.apply(.startRound(.howAmI, shuffleSeed: nil))
        #expect(f.meeting.nextDeadline == F.t0.adding(seconds: 180))
        #expect(try f.apply(.tick, minutes: 2) == [])
        #expect(try f.apply(.tick, minutes: 3) == [.timeCue(F.host)])
        #expect(try f.apply(.tick, minutes: 4) == [])
        #expect(try f.apply(.say("jeg er ikke ferdig ennå"), minutes: 5) == [.said(F.host, "jeg er ikke ferdig ennå")])
        try f.apply(.done, minutes: 5)
        #expect(try f.apply(.tick, minutes: 8) == [.timeCue(F.kari)])
    }

    @Test("a round needs a running meeting")
    func needsRunning() throws {
        var f = try Fixture(started: false)
        #expect(throws: Refusal.notRunning) { try f.apply(.startRound(.howAmI, shuffleSeed: nil)) }
        #expect(try f.apply(.say("vi venter på at det starter"), by: F.kari).count == 1)
    }
}

@Suite("Free word, the hand queue, the break, the plan, the end")
struct FreeWordAndBreakTests {
    typealias F = Fixture

    @Test("free word: everyone may write")
    func freeWord() throws {
        var f = try Fixture()
        #expect(try f.apply(.say("hei"), by: F.kari).count == 1)
        #expect(try f.apply(.say("hei"), by: F.ola).count == 1)
    }

    @Test("one at a time: the first raised hand has the floor, done gives it to the next, the order is one for all")
    func handQueue() throws {
        var f = try Fixture()
        #expect(throws: Refusal.notOneAtATime) { try f.apply(.raiseHand, by: F.kari) }
        #expect(try f.apply(.setOneAtATime(true)) == [.freeWord(oneAtATime: true)])
        #expect(throws: Refusal.notYourTurn) { try f.apply(.say("hei"), by: F.kari) }
        try f.apply(.raiseHand, by: F.ola)
        try f.apply(.raiseHand, by: F.kari)
        #expect(try f.apply(.raiseHand, by: F.kari) == [])
        #expect(f.meeting.freeWord.queue == [F.ola, F.kari])
        #expect(f.meeting.floorHolder == F.ola)
        #expect(try f.apply(.say("nå meg"), by: F.ola).count == 1)
        #expect(throws: Refusal.notYourTurn) { try f.apply(.say("og meg"), by: F.kari) }
        #expect(try f.apply(.done, by: F.ola) == [.shareEnded(F.ola, .done), .queueChanged])
        #expect(f.meeting.floorHolder == F.kari)
        #expect(try f.apply(.lowerHand, by: F.kari) == [.queueChanged])
        #expect(f.meeting.floorHolder == nil)
        #expect(try f.apply(.setOneAtATime(false)) == [.freeWord(oneAtATime: false)])
        #expect(try f.apply(.say("fritt igjen"), by: F.kari).count == 1)
    }

    @Test("a raised hand leaves with its member")
    func handLeaves() throws {
        var f = try Fixture()
        try f.apply(.setOneAtATime(true))
        try f.apply(.raiseHand, by: F.kari)
        try f.apply(.raiseHand, by: F.ola)
        #expect(try f.apply(.leave, by: F.kari) == [.left(F.kari), .queueChanged])
        #expect(f.meeting.floorHolder == F.ola)
    }

    @Test("a break: nobody writes, everyone sees one end, it resumes by itself")
    func breakResumesByItself() throws {
        var f = try Fixture()
        #expect(try f.apply(.startBreak(minutes: 10)) == [.breakStarted(endsAt: F.t0.adding(seconds: 600))])
        #expect(throws: Refusal.onBreak) { try f.apply(.say("hei"), by: F.kari) }
        #expect(f.meeting.nextDeadline == F.t0.adding(seconds: 600))
        #expect(try f.apply(.tick, minutes: 9) == [])
        #expect(try f.apply(.tick, minutes: 10) == [.breakEnded])
        #expect(f.meeting.phase == .running)
    }

    @Test("the plan's break is the default; a break can be resumed early or extended")
    func breakPlanAndExtend() throws {
        var f = try Fixture(plan: MeetingPlan(breakMinutes: 15))
        try f.apply(.startBreak(minutes: nil))
        #expect(f.meeting.phase == .onBreak(endsAt: F.t0.adding(seconds: 900)))
        #expect(try f.apply(.extendBreak(minutes: 5), minutes: 1) == [.breakExtended(endsAt: F.t0.adding(seconds: 1200))])
        #expect(throws: Refusal.notAllowed) { try f.apply(.resume, by: F.kari) }
        #expect(try f.apply(.resume, minutes: 2) == [.breakEnded])
        #expect(throws: Refusal.noBreak) { try f.apply(.resume) }
        #expect(throws: Refusal.invalidValue) { try f.apply(.startBreak(minutes: 0)) }
        #expect(throws: Refusal.invalidValue) { try f.apply(.startBreak(minutes: 61)) }
    }

    @Test("a room may allow quiet café talk during the break")
    func talkDuringBreak() throws {
        var f = try Fixture(plan: MeetingPlan(talkDuringBreak: true))
        try f.apply(.startBreak(minutes: 5))
        #expect(try f.apply(.say("kaffe?"), by: F.kari).count == 1)
    }

    @Test("near the end of the plan everyone is reminded of the closing round, once")
    func closingReminder() throws {
        var f = try Fixture(plan: MeetingPlan(minutes: 120, reminderMinutes: 10))
        #expect(try f.apply(.tick, minutes: 109) == [])
        #expect(try f.apply(.tick, minutes: 110) == [.closingReminder])
        #expect(try f.apply(.tick, minutes: 111) == [])
        #expect(f.meeting.endsAt == F.t0.adding(seconds: 7200))
    }

    @Test("ending the meeting ends the round, and nobody writes until a new meeting starts")
    func endOfMeeting() throws {
        var f = try Fixture()
        try f.apply(.startRound(.closing, shuffleSeed: nil))
        #expect(throws: Refusal.notAllowed) { try f.apply(.endMeeting, by: F.kari) }
        #expect(try f.apply(.endMeeting) == [.roundEnded, .meetingEnded])
        #expect(throws: Refusal.meetingEnded) { try f.apply(.say("hallo?"), by: F.kari) }
        #expect(try f.apply(.startMeeting, minutes: 60) == [.meetingStarted])
        #expect(try f.apply(.say("ny uke"), by: F.kari).count == 1)
    }

    @Test("when no host is present, any member may run the meeting, so it never gets stuck")
    func noHostAnyoneRuns() throws {
        var f = try Fixture()
        #expect(throws: Refusal.notAllowed) { try f.apply(.startBreak(minutes: 5), by: F.kari) }
        try f.apply(.leave, by: F.host)
        #expect(try f.apply(.startBreak(minutes: 5), by: F.kari).count == 1)
        #expect(try f.apply(.resume, by: F.ola) == [.breakEnded])
    }
}
