import Moderation
import Testing

/// Who may let a new member in: a host alone; in a self-organised room, two members (docs/ROLES.md, "Invite").
@Suite("Invitations: a host alone, two members in a room that runs itself")
struct InviteTests {
    let host = MemberID("host")
    let ann = MemberID("ann")
    let bo = MemberID("bo")
    let cy = MemberID("cy")
    let guest = MemberID("guest")
    let now = Instant(milliseconds: 1_000)

    /// Ann, Bo and Cy present in a room that runs itself.
    func selfOrganised() throws -> Meeting {
        var meeting = Meeting(selfOrganised: true)
        for (id, name) in [(self.ann, "Ann"), (self.bo, "Bo"), (self.cy, "Cy")] {
            _ = try meeting.apply(.join(name: name, role: .member), by: id, at: self.now)
        }
        return meeting
    }

    @Test("a host gets a link at once, and nothing waits")
    func hostAlone() throws {
        var meeting = Meeting(hosts: [self.host])
        _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        let events = try meeting.apply(.askInvite(label: "Per"), by: self.host, at: self.now)
        #expect(events == [.inviteGranted(to: self.host, label: "Per", agreedBy: nil)])
        #expect(meeting.inviteAsks.isEmpty)
        #expect(meeting.capabilities(of: self.host).ownInvite == nil)
    }

    @Test("in a self-organised room a link waits for a second member, and is made for whoever asked")
    func twoMembers() throws {
        var meeting = try self.selfOrganised()
        #expect(try meeting.apply(.askInvite(label: "Per"), by: self.ann, at: self.now) == [.inviteProposed(by: self.ann, label: "Per")])
        let ask = InviteAsk(by: self.ann, label: "Per")
        #expect(meeting.capabilities(of: self.ann).ownInvite == ask)
        #expect(meeting.capabilities(of: self.ann).openInvites.isEmpty, "nobody is asked to agree to their own ask")
        #expect(meeting.capabilities(of: self.bo).openInvites == [ask])
        #expect(meeting.capabilities(of: self.cy).openInvites == [ask])
        // Asking again, or agreeing to oneself, is still one member.
        #expect(throws: Refusal.alreadyAsked) { try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now) }
        #expect(throws: Refusal.notYourself) { try meeting.apply(.agreeInvite(self.ann), by: self.ann, at: self.now) }
        #expect(throws: Refusal.noAsk) { try meeting.apply(.agreeInvite(self.cy), by: self.bo, at: self.now) }
        let events = try meeting.apply(.agreeInvite(self.ann), by: self.bo, at: self.now)
        #expect(events == [.inviteGranted(to: self.ann, label: "Per", agreedBy: self.bo)])
        #expect(meeting.inviteAsks.isEmpty)
        // One agreement makes one link: a third member finds nothing left to agree to.
        #expect(throws: Refusal.noAsk) { try meeting.apply(.agreeInvite(self.ann), by: self.cy, at: self.now) }
    }

    @Test("an ask for a link lapses when whoever asked leaves, steps out or is removed")
    func askLapses() throws {
        for ending: Command in [.leave, .stepOut] {
            var meeting = try self.selfOrganised()
            _ = try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now)
            _ = try meeting.apply(ending, by: self.ann, at: self.now)
            #expect(meeting.capabilities(of: self.bo).openInvites.isEmpty, "\(ending)")
            #expect(throws: Refusal.noAsk) { try meeting.apply(.agreeInvite(self.ann), by: self.bo, at: self.now) }
        }
        var meeting = try self.selfOrganised()
        _ = try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now)
        _ = try meeting.apply(.remove(self.ann, name: "Ann"), by: self.bo, at: self.now)
        _ = try meeting.apply(.remove(self.ann, name: "Ann"), by: self.cy, at: self.now)
        #expect(meeting.inviteAsks.isEmpty)
    }

    @Test("when the room has a host again, every ask that waited for a second member is gone: the host decides")
    func asksEndWithSelfOrganisation() throws {
        var meeting = try self.selfOrganised()
        _ = try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now)
        _ = try meeting.apply(.remove(self.cy, name: "Cy"), by: self.ann, at: self.now)
        _ = try meeting.apply(.join(name: "Ny vert", role: .host), by: self.host, at: self.now)
        #expect(!meeting.selfOrganised)
        #expect(meeting.inviteAsks.isEmpty && meeting.removalAsks.isEmpty && meeting.hostAsks.isEmpty)
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.agreeInvite(self.ann), by: self.bo, at: self.now) }
    }

    @Test("a café's guest neither asks for a link nor agrees to one, and is not told of asks")
    func guestsHaveNoVoice() throws {
        var meeting = try self.selfOrganised()
        _ = try meeting.apply(.join(name: "Gjest", role: .guest), by: self.guest, at: self.now)
        _ = try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now)
        _ = try meeting.apply(.remove(self.cy, name: "Cy"), by: self.ann, at: self.now)
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.askInvite(label: nil), by: self.guest, at: self.now) }
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.agreeInvite(self.ann), by: self.guest, at: self.now) }
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.remove(self.cy, name: "Cy"), by: self.guest, at: self.now) }
        let told = meeting.capabilities(of: self.guest)
        #expect(told.openInvites.isEmpty && told.openRemovals.isEmpty && told.openOffers.isEmpty)
    }

    @Test("a member who is not in a self-organised room neither asks nor agrees, whether or not the host is here")
    func membersOfAHostedRoom() throws {
        var meeting = Meeting(hosts: [self.host])
        _ = try meeting.apply(.join(name: "Ann", role: .member), by: self.ann, at: self.now)
        _ = try meeting.apply(.join(name: "Bo", role: .member), by: self.bo, at: self.now)
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now) }
        _ = try meeting.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        #expect(throws: Refusal.notAllowed) { try meeting.apply(.askInvite(label: nil), by: self.ann, at: self.now) }
        #expect(throws: Refusal.noAsk) { try meeting.apply(.agreeInvite(self.ann), by: self.host, at: self.now) }
    }

    @Test("a new phone's link is asked for and agreed like any link, and says whose phone it is all the way")
    func newPhone() throws {
        var meeting = try self.selfOrganised()
        let asked = try meeting.apply(.askInvite(label: nil, forMember: self.cy), by: self.ann, at: self.now)
        #expect(asked == [.inviteProposed(by: self.ann, label: nil, forMember: self.cy)])
        #expect(meeting.capabilities(of: self.bo).openInvites == [InviteAsk(by: self.ann, label: nil, forMember: self.cy)])
        let granted = try meeting.apply(.agreeInvite(self.ann), by: self.bo, at: self.now)
        #expect(granted == [.inviteGranted(to: self.ann, label: nil, agreedBy: self.bo, forMember: self.cy)])

        var hosted = Meeting(hosts: [self.host])
        _ = try hosted.apply(.join(name: "Vert", role: .host), by: self.host, at: self.now)
        _ = try hosted.apply(.join(name: "Ann", role: .member), by: self.ann, at: self.now)
        #expect(
            try hosted.apply(.askInvite(label: nil, forMember: self.ann), by: self.host, at: self.now)
                == [.inviteGranted(to: self.host, label: nil, agreedBy: nil, forMember: self.ann)]
        )
        #expect(throws: Refusal.notAllowed) { try hosted.apply(.askInvite(label: nil, forMember: self.host), by: self.ann, at: self.now) }
    }
}
