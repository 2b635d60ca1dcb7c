import Moderation
import PropertyBased
import Testing

/// Thousands of random command sequences, with members joining and leaving at random,
/// against the invariants a meeting must never break.
@Suite("Meeting invariants under random command sequences")
struct MeetingPropertyTests {
    /// "g" is a café guest: never stored, never in control.
    static let members = [MemberID("host"), MemberID("a"), MemberID("b"), MemberID("c"), MemberID("g")]

    /// One random step: a command, who gives it, and how many seconds pass first.
    static func step(_ code: Int) -> (Command, MemberID, Int64) {
        let actor = Self.members[code % Self.members.count]
        let target = Self.members[(code / 7) % Self.members.count]
        let seconds = Int64((code / 4) % 400)
        let commands: [Command] = [
            .join(name: actor.rawValue, role: Self.role(of: actor)), .leave,
            .say("x"), .typing, .startMeeting, .endMeeting,
            .startRound(.howAmI, shuffleSeed: UInt64(code)), .startRound(.closing, shuffleSeed: nil),
            .endRound, .skip, .done, .pass, .setOneAtATime(true), .setOneAtATime(false), .raiseHand, .lowerHand,
            .startBreak(minutes: 5), .startBreak(minutes: nil), .resume, .extendBreak(minutes: 5), .tick, .tick,
            .join(name: actor.rawValue, role: actor.rawValue == "g" ? .guest : .member), .leave,
            // Who holds control, and looking after the group, aimed at a random member.
            .offerHost(target), .acceptHost, .declineHost, .stepDown, .makeSelfOrganised, .stepOut,
            .lock(true), .lock(false), .remove(target, name: target.rawValue), .removedByHouse,
            .holdBack(target, minutes: 1), .release(target), .pause(true), .notWell, .setCap(3), .setCap(nil),
            .askInvite(label: nil), .agreeInvite(target), .seeYou(target), .seeYou(target),
        ]
        return (commands[(code / 1600) % commands.count], actor, seconds)
    }

    static func role(of member: MemberID) -> Role {
        switch member.rawValue {
        case "host": .host
        case "g": .guest
        default: .member
        }
    }

    static func checkInvariants(_ meeting: Meeting, known: Set<MemberID>, now: Instant) {
        let present = Set(meeting.present.map(\.id))
        #expect(present.count == meeting.present.count, "someone is present twice")
        if let holder = meeting.floorHolder {
            #expect(present.contains(holder), "the floor holder is not present")
        }
        if let round = meeting.round {
            #expect(Set(round.order).isSubset(of: known), "a round's order holds someone who is not a member")
            #expect(Set(round.order).count == round.order.count, "someone is twice in a round's order")
            #expect(round.order.indices.contains(round.current))
            if meeting.phase == .running { #expect(present.contains(round.speaker), "the speaker is not present") }
        }
        #expect(Set(meeting.freeWord.queue).isSubset(of: present), "a raised hand belongs to someone absent")
        #expect(Set(meeting.freeWord.queue).count == meeting.freeWord.queue.count)
        if case .onBreak(let endsAt) = meeting.phase {
            #expect(endsAt > now.adding(seconds: -1), "a break that should have ended is still on")
            var later = meeting
            _ = try? later.apply(.tick, by: Self.members[0], at: endsAt)
            #expect(later.phase == .running, "a break did not end at its end")
        }
        // Guests never run a meeting; with a member present, someone always can.
        if meeting.present.contains(where: { $0.role != .guest }) {
            #expect(present.contains { meeting.mayRun($0) }, "nobody present can move the meeting on")
        }
        for guest in meeting.present where guest.role == .guest {
            #expect(!meeting.holdsControl(guest.id) && !meeting.mayRun(guest.id), "a guest holds control")
        }
        #expect(present.isDisjoint(with: meeting.removed), "someone removed is present")
        #expect(meeting.hosts.isDisjoint(with: meeting.removed), "someone removed holds control")
        for participant in meeting.present {
            #expect(participant.role == (meeting.roles[participant.id] ?? .member), "a role shown differs from the record")
        }
        if meeting.selfOrganised { #expect(meeting.hosts.isEmpty, "a self-organised room has a host") }
        #expect(Set(meeting.offers.keys).isSubset(of: present), "an offer to someone absent")
        // An ask waits only for a second member of a room that runs itself, and only while whoever asked is here.
        if !meeting.selfOrganised {
            #expect(meeting.removalAsks.isEmpty && meeting.hostAsks.isEmpty && meeting.inviteAsks.isEmpty, "an ask outlived self-organisation")
        }
        #expect(Set(meeting.removalAsks.values).isSubset(of: present), "a removal asked for by someone absent")
        #expect(Set(meeting.hostAsks.keys).union(meeting.hostAsks.values).isSubset(of: present), "a host ask about or by someone absent")
        #expect(Set(meeting.inviteAsks.keys).isSubset(of: present), "a link asked for by someone absent")
        #expect(meeting.inviteAsks.allSatisfy { $0.key == $0.value.by })
        #expect(Set(meeting.paused).isSubset(of: present), "a pause shown for someone absent")
        // «Not well» lives only while its person is here, and is answered only by those told, each once.
        #expect(Set(meeting.notWellNow.keys).isSubset(of: present), "a «not well» outlived its person")
        for (member, call) in meeting.notWellNow {
            #expect(call.seenBy.isSubset(of: call.told) && !call.told.contains(member), "«Jeg ser deg» from someone not told")
        }
        if let deadline = meeting.nextDeadline, meeting.phase != .ended {
            #expect(deadline >= now.adding(seconds: -400), "a deadline was left unfired")
        }
    }

    @Test("one floor holder, present; orders hold only members; breaks end; never stuck; the removed never act")
    func invariants() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...1_000_000).array(of: 1...120)) { codes in
            var meeting = Meeting(plan: MeetingPlan(minutes: 30, breakMinutes: 5, reminderMinutes: 5, cueMinutes: 1))
            var now = Instant(milliseconds: 0)
            var known: Set<MemberID> = []
            for code in codes {
                let (command, actor, seconds) = Self.step(code)
                now = now.adding(seconds: seconds)
                // The server fires every deadline that has come before it handles the next command.
                if let deadline = meeting.nextDeadline, deadline <= now {
                    _ = try? meeting.apply(.tick, by: actor, at: now)
                }
                if case .join = command { known.insert(actor) }
                let before = meeting
                do {
                    let events = try meeting.apply(command, by: actor, at: now)
                    for case .turn(let speaker) in events {
                        #expect(meeting.isPresent(speaker), "the floor went to someone absent")
                    }
                    #expect(!before.removed.contains(actor) || command == .tick, "a removed member acted")
                } catch {
                    #expect(meeting == before, "a refused command changed the meeting")
                }
                Self.checkInvariants(meeting, known: known, now: now)
            }
        }
    }
}
