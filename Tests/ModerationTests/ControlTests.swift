import Moderation
import Testing

/// Who may do what, in which state: docs/ROLES.md, one row at a time.
@Suite("Control: roles, handing over, looking after the group")
struct ControlTests {
    let host = MemberID("host")
    let ann = MemberID("ann")
    let bo = MemberID("bo")
    let cy = MemberID("cy")
    let now = Instant(milliseconds: 1_000)

    /// The three states of a room: a host present, the host gone, self-organised.
    enum State: CaseIterable {
        case hostPresent, hostGone, selfOrganised
    }

    /// A running meeting in `state`, with Ann and Bo present (and the host, when present).
    func meeting(_ state: State) throws -> Meeting {
        var meeting = Meeting(hosts: state == .selfOrganised ? [] : [self.host], selfOrganised: state == .selfOrganised)
        if state == .hostPresent { _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now) }
        for (id, name) in [(self.ann, "Ann"), (self.bo, "Bo")] {
            _ = try meeting.apply(.join(name: name, role: .member), by: id, at: self.now)
        }
        return meeting
    }

    /// Whether `command` by `actor` is allowed in `state`.
    func allowed(_ command: Command, by actor: MemberID, in state: State) throws -> Bool {
        var meeting = try self.meeting(state)
        do {
            _ = try meeting.apply(command, by: actor, at: self.now)
            return true
        } catch .notAllowed {
            return false
        }
    }

    @Test("running the meeting: the host; anyone when the host is gone; everyone in a self-organised room")
    func running() throws {
        #expect(try self.allowed(.startMeeting, by: self.host, in: .hostPresent))
        #expect(try !self.allowed(.startMeeting, by: self.ann, in: .hostPresent))
        #expect(try self.allowed(.startMeeting, by: self.ann, in: .hostGone))
        #expect(try self.allowed(.startMeeting, by: self.ann, in: .selfOrganised))
    }

    @Test("holding control (lock, hold back, remove, give the role): a host, or every member of a self-organised room")
    func holdingControl() throws {
        let commands: [Command] = [.lock(true), .holdBack(self.bo, minutes: 5), .remove(self.bo, name: "Bo"), .offerHost(self.bo)]
        for command in commands {
            #expect(try self.allowed(command, by: self.host, in: .hostPresent), "\(command)")
            #expect(try !self.allowed(command, by: self.ann, in: .hostPresent), "\(command)")
            #expect(try !self.allowed(command, by: self.ann, in: .hostGone), "\(command)")
            #expect(try self.allowed(command, by: self.ann, in: .selfOrganised), "\(command)")
        }
        for state in State.allCases {
            let meeting = try self.meeting(state)
            #expect(meeting.capabilities(of: self.ann).invite == (state == .selfOrganised))
            #expect(meeting.capabilities(of: self.ann).run == (state != .hostPresent))
        }
        #expect(try self.meeting(.hostPresent).capabilities(of: self.host).invite)
    }

    @Test("giving control: the member offered accepts, and holds the role; a room may have two hosts")
    func giveAndAccept() throws {
        var meeting = try self.meeting(.hostPresent)
        #expect(try meeting.apply(.offerHost(self.ann), by: self.host, at: self.now) == [.hostOffered(to: self.ann, by: self.host)])
        #expect(meeting.capabilities(of: self.ann).offeredBy == self.host)
        #expect(throws: Refusal.noOffer) { try meeting.apply(.acceptHost, by: self.bo, at: self.now) }
        #expect(try meeting.apply(.acceptHost, by: self.ann, at: self.now) == [.roleChanged(self.ann, .host)])
        #expect(meeting.hosts == [self.host, self.ann])
        #expect(meeting.participant(self.ann)?.role == .host)
        #expect(meeting.capabilities(of: self.ann).invite)
        #expect(meeting.capabilities(of: self.ann).offeredBy == nil)
        // The igangsetter stays, as a member.
        #expect(try meeting.apply(.stepDown, by: self.host, at: self.now) == [.roleChanged(self.host, .member)])
        #expect(!meeting.capabilities(of: self.host).run)
    }

    @Test("declining: the one who offered hears it, and nothing changes")
    func decline() throws {
        var meeting = try self.meeting(.hostPresent)
        _ = try meeting.apply(.offerHost(self.ann), by: self.host, at: self.now)
        #expect(try meeting.apply(.declineHost, by: self.ann, at: self.now) == [.hostDeclined(self.ann, offeredBy: self.host)])
        #expect(meeting.hosts == [self.host])
        #expect(throws: Refusal.noOffer) { try meeting.apply(.acceptHost, by: self.ann, at: self.now) }
    }

    @Test("an offer lapses when either of them leaves")
    func offerLapses() throws {
        var meeting = try self.meeting(.hostPresent)
        _ = try meeting.apply(.offerHost(self.ann), by: self.host, at: self.now)
        _ = try meeting.apply(.leave, by: self.host, at: self.now)
        #expect(throws: Refusal.noOffer) { try meeting.apply(.acceptHost, by: self.ann, at: self.now) }
    }

    @Test("the last host can neither step down nor step out; with a second host, either can")
    func lastHost() throws {
        var meeting = try self.meeting(.hostPresent)
        #expect(throws: Refusal.lastHost) { try meeting.apply(.stepOut, by: self.host, at: self.now) }
        #expect(throws: Refusal.lastHost) { try meeting.apply(.stepDown, by: self.host, at: self.now) }
        #expect(meeting.capabilities(of: self.host).stepOut == .lastHost)
        // A member steps out whenever they like.
        #expect(meeting.capabilities(of: self.bo).stepOut == nil)
        _ = try meeting.apply(.offerHost(self.ann), by: self.host, at: self.now)
        _ = try meeting.apply(.acceptHost, by: self.ann, at: self.now)
        let events = try meeting.apply(.stepOut, by: self.host, at: self.now)
        #expect(events == [.left(self.host), .steppedOut(self.host, name: "Vert")])
        #expect(meeting.hosts == [self.ann])
        #expect(throws: Refusal.removed) { try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now) }
    }

    @Test("a host who is away still counts: the present host may step out when another host exists")
    func absentHostCounts() throws {
        var meeting = Meeting(hosts: [self.host, self.cy])
        _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        #expect(try meeting.apply(.stepOut, by: self.host, at: self.now).contains(.steppedOut(self.host, name: "Vert")))
    }

    @Test("self-organised: every host becomes a member, everyone holds control, and one member can be asked to host again")
    func selfOrganised() throws {
        var meeting = try self.meeting(.hostPresent)
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.makeSelfOrganised, by: self.ann, at: self.now) }
        let events = try meeting.apply(.makeSelfOrganised, by: self.host, at: self.now)
        #expect(events == [.selfOrganised(true, by: self.host)])
        #expect(meeting.participant(self.host)?.role == .member)
        #expect(meeting.hosts.isEmpty)
        #expect(meeting.capabilities(of: self.bo).invite)
        // The former host may now leave the group like anyone.
        #expect(meeting.capabilities(of: self.host).stepOut == nil)
        // Asking one member to host again takes two: one member alone cannot make a host who may then remove alone.
        #expect(try meeting.apply(.offerHost(self.bo), by: self.ann, at: self.now) == [.hostProposed(self.bo, by: self.ann)])
        #expect(meeting.capabilities(of: self.host).openOffers == [self.bo])
        #expect(meeting.capabilities(of: self.ann).ownOffers == [self.bo])
        #expect(meeting.capabilities(of: self.bo).openOffers.isEmpty, "the member it is about is not asked to agree")
        #expect(throws: Refusal.alreadyAsked) { try meeting.apply(.offerHost(self.bo), by: self.ann, at: self.now) }
        #expect(throws: Refusal.noOffer) { try meeting.apply(.acceptHost, by: self.bo, at: self.now) }
        #expect(try meeting.apply(.offerHost(self.bo), by: self.host, at: self.now) == [.hostOffered(to: self.bo, by: self.host)])
        #expect(try meeting.apply(.acceptHost, by: self.bo, at: self.now) == [.roleChanged(self.bo, .host), .selfOrganised(false, by: self.bo)])
        #expect(!meeting.capabilities(of: self.ann).invite)
    }

    @Test("removing in a self-organised room needs two members; the same member asking twice is not two")
    func twoMemberRule() throws {
        var meeting = try self.meeting(.selfOrganised)
        _ = try meeting.apply(.join(name: "Cy", role: .member), by: self.cy, at: self.now)
        #expect(try meeting.apply(.remove(self.cy, name: "Cy"), by: self.ann, at: self.now) == [.removalProposed(self.cy, name: "Cy", by: self.ann)])
        #expect(meeting.isPresent(self.cy))
        #expect(throws: Refusal.alreadyAsked) { try meeting.apply(.remove(self.cy, name: "Cy"), by: self.ann, at: self.now) }
        let events = try meeting.apply(.remove(self.cy, name: "Cy"), by: self.bo, at: self.now)
        #expect(events == [.left(self.cy), .removed(self.cy, name: "Cy", by: self.bo, askedBy: self.ann)])
        #expect(!meeting.isPresent(self.cy))
    }

    @Test("an ask to remove lapses when whoever asked leaves")
    func askLapses() throws {
        var meeting = try self.meeting(.selfOrganised)
        _ = try meeting.apply(.join(name: "Cy", role: .member), by: self.cy, at: self.now)
        _ = try meeting.apply(.remove(self.cy, name: "Cy"), by: self.ann, at: self.now)
        _ = try meeting.apply(.leave, by: self.ann, at: self.now)
        #expect(try meeting.apply(.remove(self.cy, name: "Cy"), by: self.bo, at: self.now) == [.removalProposed(self.cy, name: "Cy", by: self.bo)])
    }

    @Test("a removed member can never act again, nor come back in this meeting")
    func removedCannotAct() throws {
        var meeting = try self.meeting(.hostPresent)
        _ = try meeting.apply(.startMeeting, by: self.host, at: self.now)
        _ = try meeting.apply(.remove(self.bo, name: "Bo"), by: self.host, at: self.now)
        for command: Command in [.say("hei"), .raiseHand, .join(name: "Bo", role: .member), .pause(true), .notWell, .stepOut] {
            #expect(throws: Refusal.removed) { try meeting.apply(command, by: self.bo, at: self.now) }
        }
        #expect(throws: Refusal.removed) { try meeting.apply(.remove(self.bo, name: "Bo"), by: self.host, at: self.now) }
    }

    @Test("an absent member can be removed (a lost key); a host cannot be removed by a member, nor oneself")
    func removeTargets() throws {
        var meeting = try self.meeting(.hostPresent)
        #expect(try meeting.apply(.remove(self.cy, name: "Cy"), by: self.host, at: self.now) == [.removed(self.cy, name: "Cy", by: self.host)])
        #expect(throws: Refusal.notYourself) { try meeting.apply(.remove(self.host, name: "Vert"), by: self.host, at: self.now) }
        var twoHosts = Meeting(hosts: [self.host, self.ann])
        _ = try twoHosts.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        _ = try twoHosts.apply(.join(name: "Ann", role: .host), by: self.ann, at: self.now)
        #expect(throws: Refusal.isHost) { try twoHosts.apply(.remove(self.host, name: "Vert"), by: self.ann, at: self.now) }
    }

    @Test("the house removes anyone, a host too, and a live meeting lets them go")
    func houseRemoves() throws {
        var meeting = try self.meeting(.hostPresent)
        let events = try meeting.apply(.removedByHouse, by: self.host, at: self.now)
        #expect(events == [.left(self.host), .removed(self.host, name: "Vert", by: nil)])
        #expect(meeting.capabilities(of: self.ann).run)
    }

    @Test("holding back: no writing until the time is up or someone lets them; the clock releases them by itself")
    func holdBack() throws {
        var meeting = try self.meeting(.hostPresent)
        let events = try meeting.apply(.holdBack(self.bo, minutes: 5), by: self.host, at: self.now)
        let until = self.now.adding(seconds: 300)
        #expect(events == [.heldBack(self.bo, until: until, by: self.host)])
        #expect(throws: Refusal.heldBack) { try meeting.apply(.say("hei"), by: self.bo, at: self.now) }
        #expect(meeting.capabilities(of: self.bo).write == .heldBack)
        #expect(meeting.nextDeadline == until)
        #expect(try meeting.apply(.tick, by: self.host, at: until) == [.released(self.bo, by: nil)])
        #expect(try meeting.apply(.say("hei"), by: self.bo, at: until) == [.said(self.bo, "hei")])
        _ = try meeting.apply(.holdBack(self.bo, minutes: 5), by: self.host, at: self.now)
        #expect(try meeting.apply(.release(self.bo), by: self.host, at: self.now) == [.released(self.bo, by: self.host)])
        #expect(throws: Refusal.invalidValue) { try meeting.apply(.holdBack(self.bo, minutes: 31), by: self.host, at: self.now) }
        #expect(throws: Refusal.notPresent) { try meeting.apply(.holdBack(self.cy, minutes: 5), by: self.host, at: self.now) }
    }

    @Test("leaving and coming back does not escape being held back")
    func heldBackSurvivesLeaving() throws {
        var meeting = try self.meeting(.hostPresent)
        _ = try meeting.apply(.holdBack(self.bo, minutes: 5), by: self.host, at: self.now)
        _ = try meeting.apply(.leave, by: self.bo, at: self.now)
        _ = try meeting.apply(.join(name: "Bo", role: .member), by: self.bo, at: self.now)
        #expect(throws: Refusal.heldBack) { try meeting.apply(.say("hei"), by: self.bo, at: self.now) }
    }

    @Test("locked: newcomers are refused, hosts and those already in this meeting are not; the end opens it")
    func lock() throws {
        var meeting = try self.meeting(.hostPresent)
        _ = try meeting.apply(.startMeeting, by: self.host, at: self.now)
        #expect(try meeting.apply(.lock(true), by: self.host, at: self.now) == [.locked(true, by: self.host)])
        #expect(throws: Refusal.locked) { try meeting.apply(.join(name: "Cy", role: .member), by: self.cy, at: self.now) }
        _ = try meeting.apply(.leave, by: self.bo, at: self.now)
        #expect(try meeting.apply(.join(name: "Bo", role: .member), by: self.bo, at: self.now).count == 1)
        _ = try meeting.apply(.leave, by: self.host, at: self.now)
        _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        _ = try meeting.apply(.endMeeting, by: self.host, at: self.now)
        #expect(!meeting.locked)
        #expect(try meeting.apply(.join(name: "Cy", role: .member), by: self.cy, at: self.now).count == 1)
    }

    @Test("a held-back member cannot let themselves through, and the quiet signals cannot flood the room")
    func noWayAround() throws {
        var meeting = try self.meeting(.selfOrganised)
        _ = try meeting.apply(.holdBack(self.bo, minutes: 5), by: self.ann, at: self.now)
        #expect(throws: Refusal.notYourself) { try meeting.apply(.release(self.bo), by: self.bo, at: self.now) }
        _ = try meeting.apply(.notWell, by: self.bo, at: self.now)
        #expect(throws: Refusal.alreadySaid) { try meeting.apply(.notWell, by: self.bo, at: self.now.adding(seconds: 60)) }
        #expect(try meeting.apply(.notWell, by: self.bo, at: self.now.adding(seconds: 120)) == [.notWell(self.bo)])
        _ = try meeting.apply(.pause(true), by: self.bo, at: self.now)
        #expect(throws: Refusal.tooSoon) { try meeting.apply(.pause(false), by: self.bo, at: self.now.adding(seconds: 1)) }
        #expect(try meeting.apply(.pause(false), by: self.bo, at: self.now.adding(seconds: 5)) == [.paused(self.bo, false)])
    }

    @Test("quiet signals: anyone present, never about the meeting's shape")
    func quietSignals() throws {
        var meeting = try self.meeting(.hostPresent)
        #expect(try meeting.apply(.pause(true), by: self.bo, at: self.now) == [.paused(self.bo, true)])
        #expect(meeting.capabilities(of: self.bo).paused)
        #expect(try meeting.apply(.pause(true), by: self.bo, at: self.now).isEmpty)
        #expect(try meeting.apply(.notWell, by: self.bo, at: self.now) == [.notWell(self.bo)])
        #expect(!Event.notWell(self.bo).changesStructure)
        _ = try meeting.apply(.leave, by: self.bo, at: self.now)
        #expect(meeting.paused.isEmpty)
        #expect(throws: Refusal.notPresent) { try meeting.apply(.notWell, by: self.cy, at: self.now) }
    }

    @Test("a role changed in this meeting wins over the role a late connection brings")
    func roleRecordWins() throws {
        var meeting = try self.meeting(.hostPresent)
        _ = try meeting.apply(.offerHost(self.ann), by: self.host, at: self.now)
        _ = try meeting.apply(.acceptHost, by: self.ann, at: self.now)
        _ = try meeting.apply(.stepDown, by: self.host, at: self.now)
        _ = try meeting.apply(.leave, by: self.host, at: self.now)
        _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        #expect(meeting.participant(self.host)?.role == .member)
    }
}
