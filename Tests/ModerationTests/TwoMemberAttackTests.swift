import Moderation
import PropertyBased
import Testing

/// Issue 21, item 4: one member redeemed their own invites in other browsers and, with those puppets agreeing,
/// removed a member and made a host. Here one attacking member gives any sequence of commands, with every member
/// it could make alone (a member joins for each link the rules grant it) and the café's guests it can always bring
/// in; the group's other members only come and go. It never removes anyone, never makes a host, and never gets a
/// link made without a second member who was in the group before.
@Suite("No member alone, with any number of self-made members, removes someone or makes a host")
struct TwoMemberAttackTests {
    static let attacker = MemberID("a")
    /// Members the attacker would make from links granted to its side; they join only when one is granted.
    static let puppets = (1...3).map { MemberID("p\($0)") }
    /// A café's guests: whoever may invite can always let them in, alone.
    static let guests = [MemberID("g1"), MemberID("g2")]
    static let honest = [MemberID("h1"), MemberID("h2")]
    static let host = MemberID("vert")

    /// The rooms where a member is not a host: self-organised (every member holds control), or the host away.
    enum Room: CaseIterable {
        case selfOrganised, hostGone
    }

    /// Everything the attacker's side can say, aimed at anyone.
    static func command(_ code: Int, target: MemberID, role: Role) -> Command {
        let commands: [Command] = [
            .askInvite(label: "Per"), .askInvite(label: nil), .agreeInvite(target), .askInvite(label: nil, forMember: target),
            .remove(target, name: target.rawValue), .offerHost(target), .acceptHost, .declineHost,
            .join(name: "x", role: role), .leave, .stepOut, .stepDown, .makeSelfOrganised,
            .lock(true), .holdBack(target, minutes: 1), .release(target), .startMeeting, .say("x"), .tick,
        ]
        return commands[code % commands.count]
    }

    @Test("the puppet attack fails: no removal, no host, no link without a second member who was there before")
    func attackFails() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...1_000_000).array(of: 1...120)) { codes in
            let room = Room.allCases[(codes.first ?? 0) % Room.allCases.count]
            var meeting =
                room == .selfOrganised ? Meeting(selfOrganised: true) : Meeting(hosts: [Self.host], selfOrganised: false)
            let now = Instant(milliseconds: 1_000)
            for member in Self.honest + [Self.attacker] {
                _ = try? meeting.apply(.join(name: member.rawValue, role: .member), by: member, at: now)
            }
            let hostsBefore = meeting.hosts
            var made: [MemberID] = []
            for code in codes {
                // Only the attacker's side acts; the group's own members just come and go.
                let side = [Self.attacker] + made + Self.guests
                let everyone = side + Self.honest + [Self.host] + Self.puppets
                let target = everyone[(code / 11) % everyone.count]
                let command: Command
                let actor: MemberID
                if code % 10 == 0 {
                    actor = Self.honest[(code / 10) % Self.honest.count]
                    command = (code / 20) % 2 == 0 ? .leave : .join(name: actor.rawValue, role: .member)
                } else {
                    actor = side[(code / 3) % side.count]
                    command = Self.command(code / 97, target: target, role: Self.guests.contains(actor) ? .guest : .member)
                }
                guard let events = try? meeting.apply(command, by: actor, at: now) else { continue }
                for event in events {
                    switch event {
                    case .removed(let member, _, _, _):
                        Issue.record("\(member) was removed by the attacker's side in a \(room) room")
                    case .roleChanged(let member, .host):
                        Issue.record("\(member) was made host by the attacker's side")
                    case .hostOffered(let member, _):
                        Issue.record("the host role was offered to \(member) without a second member who was there before")
                    case .inviteGranted(let to, _, let agreedBy, _):
                        if agreedBy.map(Self.honest.contains) != true {
                            Issue.record("a link was made for \(to), agreed by \(agreedBy?.rawValue ?? "nobody")")
                        }
                        // Whoever the link was for opens it in another browser: one more voice on the attacker's side.
                        if let puppet = Self.puppets.first(where: { !made.contains($0) }), to == Self.attacker || made.contains(to) {
                            made.append(puppet)
                            _ = try? meeting.apply(.join(name: puppet.rawValue, role: .member), by: puppet, at: now)
                        }
                    default:
                        continue
                    }
                }
                #expect(meeting.hosts == hostsBefore, "the room's hosts changed")
                #expect(meeting.removed.isDisjoint(with: Self.honest), "a member of the group was removed")
                #expect(meeting.selfOrganised == (room == .selfOrganised), "who holds control changed")
            }
        }
    }

    /// Why the rule is about links: a single member made by one alone is the second voice a removal asks for.
    @Test("with one self-made member, a removal would go through: which is why making a member needs two")
    func oneSelfMadeMemberIsEnough() throws {
        var meeting = Meeting(selfOrganised: true)
        let puppet = Self.puppets[0]
        for member in Self.honest + [Self.attacker, puppet] {
            _ = try meeting.apply(.join(name: member.rawValue, role: .member), by: member, at: Instant(milliseconds: 0))
        }
        let victim = Self.honest[0]
        _ = try meeting.apply(.remove(victim, name: "h1"), by: Self.attacker, at: Instant(milliseconds: 0))
        let events = try meeting.apply(.remove(victim, name: "h1"), by: puppet, at: Instant(milliseconds: 0))
        #expect(events.contains(.removed(victim, name: "h1", by: puppet, askedBy: Self.attacker)))
        // And the link that would have made it waits for a member of the group.
        var fresh = Meeting(selfOrganised: true)
        for member in Self.honest + [Self.attacker] {
            _ = try fresh.apply(.join(name: member.rawValue, role: .member), by: member, at: Instant(milliseconds: 0))
        }
        let asked = try fresh.apply(.askInvite(label: nil), by: Self.attacker, at: Instant(milliseconds: 0))
        #expect(asked == [.inviteProposed(by: Self.attacker, label: nil)])
    }
}
