import Foundation
import Logging
import Moderation

// MARK: Frames from members: commands to the meeting, and the work on the house's records they ask for

extension LiveRoom {
    /// Handles one frame from a connection: a command to the meeting, or a request about the group
    /// (invites, its members). The meeting decides whether this member may; only then is the house asked.
    public func receive(_ frame: ClientFrame, from id: ConnectionID, now: Instant) async {
        guard let connection = self.connections[id] else { return }
        guard self.admitFrame(from: id, now: now) else {
            if frame.t != "typing" { self.send(ServerFrame.error("rate-limited", ref: frame.ref), to: id) }
            return
        }
        let member = connection.attendee.id
        switch frame.t {
        case "invite.create", "invite.agree", "invite.list", "invite.revoke":
            await self.invites(frame, from: id, member: member, now: now)
            return
        case "members.list":
            await self.listMembers(frame, from: id, member: member)
            return
        case "member.remove":
            await self.remove(frame, from: id, member: member, now: now)
            return
        case "cafe.entry", "cafe.renew":
            await self.cafeEntry(frame, from: id, member: member)
            return
        case "evaluate":
            self.evaluate(frame, from: id, member: member, now: now)
            return
        case "screen":
            self.screen(frame, from: id, member: member, now: now)
            return
        default:
            break
        }
        switch frame.command() {
        case .failure(let code):
            self.send(ServerFrame.error(code.rawValue, ref: frame.ref), to: id)
        case .success(let command):
            await self.apply(command, by: member, ref: frame.ref, from: id, now: now)
        }
    }

    /// Applies a command, tells everyone, and has the house keep what lasts (roles, removals).
    func apply(_ command: Command, by member: MemberID, ref: String?, from id: ConnectionID?, now: Instant) async {
        // What only a group has (leaving it for good, running itself) is refused where there is no group.
        if !self.kindAllows(command) {
            if let id { self.send(ServerFrame.error(Refusal.notAllowed.rawValue, ref: ref), to: id) }
            return
        }
        let events: [Event]
        do {
            events = try self.meeting.apply(command, by: member, at: now)
        } catch {
            // A refused "typing" is not worth a word: it is passing, and the writer's box is already held.
            if command != .typing, let id { self.send(ServerFrame.error(error.rawValue, ref: ref), to: id) }
            return
        }
        self.publish(events, ref: ref, now: now, closingForgotten: false)
        self.forgetIfEmpty(now: now)
        await self.record(events)
        // Whoever stepped out or was removed is told so once the house has it on record, not before: their
        // page may come straight back, and a key that still worked would let them in.
        self.closeForgotten(events)
    }

    /// Tells one connection something only it should hear (an error, the invite list).
    public func send(_ frame: String, to id: ConnectionID) {
        self.deliver(.frame(frame), to: id)
    }

    // MARK: Invites: whoever holds control; in a room that runs itself, two members to make one

    private func invites(_ frame: ClientFrame, from id: ConnectionID, member: MemberID, now: Instant) async {
        // A café lets guests in by its own link and code: it makes no members, so it makes no invite links.
        let makesMembers = frame.t == "invite.create" || frame.t == "invite.agree"
        guard self.meeting.capabilities(of: member).invite, !(makesMembers && self.room.kind == .cafe) else {
            self.send(ServerFrame.error(Refusal.notAllowed.rawValue, ref: frame.ref), to: id)
            return
        }
        switch frame.t {
        case "invite.create":
            guard case .success(let label) = InviteLabel.validate(frame.label) else {
                self.send(ServerFrame.error("bad-label", ref: frame.ref), to: id)
                return
            }
            // With `m`: a link for that member's new phone (their name and role move to it; the old key dies).
            let newPhone = frame.m.map(MemberID.init)
            await self.decideInvite(.askInvite(label: label, forMember: newPhone), by: member, ref: frame.ref, from: id, now: now)
            return
        case "invite.agree":
            guard let asker = frame.m else {
                self.send(ServerFrame.error("bad-field", ref: frame.ref), to: id)
                return
            }
            await self.decideInvite(.agreeInvite(MemberID(asker)), by: member, ref: frame.ref, from: id, now: now)
            return
        case "invite.revoke":
            // Listing and revoking only take access away: one member may, in any room.
            do {
                guard let invite = frame.id, try await self.house.revokeInvite(id: invite, roomId: self.room.id, now: now.date) else {
                    self.send(ServerFrame.error("bad-field", ref: frame.ref), to: id)
                    return
                }
            } catch {
                self.inviteFailed(error, ref: frame.ref, to: [id])
                return
            }
        default:
            break
        }
        await self.sendInvites(to: id, ref: frame.ref, now: now)
    }

    /// The rules decide whether a link is made now (a host; a second member agreeing) or an ask waits; only
    /// when they grant it does the house make one.
    private func decideInvite(_ command: Command, by member: MemberID, ref: String?, from id: ConnectionID, now: Instant) async {
        let events: [Event]
        do {
            events = try self.meeting.apply(command, by: member, at: now)
        } catch {
            self.send(ServerFrame.error(error.rawValue, ref: ref), to: id)
            return
        }
        // The ask goes to those who could agree, then what each may agree to (as a removal's ask does).
        for event in events {
            if case .inviteProposed = event { self.signal(event) }
        }
        self.tellCapabilities()
        for case .inviteGranted(let asker, let label, let agreedBy, let newPhone) in events {
            await self.makeInvite(for: asker, label: label, agreedBy: agreedBy, newPhone: newPhone, ref: ref, from: id, now: now)
        }
    }

    /// Makes the link the rules granted and hands it to whoever asked: to the connection that asked when a host
    /// made it alone; to all of the asker's pages when a second member agreed, and both are told.
    private func makeInvite(
        for asker: MemberID,
        label: String?,
        agreedBy: MemberID?,
        newPhone: MemberID?,
        ref: String?,
        from id: ConnectionID,
        now: Instant
    ) async {
        let created: IssuedInvite?
        let unused: [Invite]
        do {
            if let newPhone {
                created = try await self.house.issueNewPhoneLink(roomId: self.room.id, membershipId: newPhone.rawValue, now: now.date)
                // No such member in this room (removed meanwhile, or never): nothing made, and said so.
                guard created != nil else {
                    self.send(ServerFrame.error("bad-field", ref: ref), to: id)
                    if agreedBy != nil { self.tell([asker], ServerFrame.error("bad-field")) }
                    return
                }
            } else {
                created = try await self.house.issueInvites(roomId: self.room.id, count: 1, label: label, now: now.date).first
            }
            unused = try await self.house.usableInvites(roomId: self.room.id, now: now.date)
        } catch {
            self.inviteFailed(error, ref: ref, to: [id])
            // Nothing was made: whoever asked asks again.
            if agreedBy != nil { self.tell([asker], ServerFrame.error(Self.inviteErrorCode(error))) }
            return
        }
        var metadata: Logger.Metadata = ["room": "\(self.room.id)", "member": "\(asker)"]
        if let agreedBy { metadata["agreed"] = "\(agreedBy)" }
        if let newPhone { metadata["newPhone"] = "\(newPhone)" }
        self.logger.info("invite created", metadata: metadata)
        guard agreedBy != nil else {
            self.send(ServerFrame.invites(unused, created: created), to: id)
            return
        }
        // The link first, then the words about it.
        self.tell([asker], ServerFrame.invites(unused, created: created))
        self.signal(.inviteGranted(to: asker, label: label, agreedBy: agreedBy, forMember: newPhone))
        // The agreeing member's list of unused links has one more.
        self.send(ServerFrame.invites(unused), to: id)
    }

    /// The room's unused links, for whoever may list them.
    private func sendInvites(to id: ConnectionID, ref: String?, now: Instant) async {
        do {
            let unused = try await self.house.usableInvites(roomId: self.room.id, now: now.date)
            self.send(ServerFrame.invites(unused), to: id)
        } catch {
            self.inviteFailed(error, ref: ref, to: [id])
        }
    }

    private func inviteFailed(_ error: any Error, ref: String?, to ids: [ConnectionID]) {
        let code = Self.inviteErrorCode(error)
        if code == "unavailable" {
            self.logger.error("invite request failed", metadata: ["room": "\(self.room.id)", "error.type": "\(type(of: error))"])
        }
        for id in ids { self.send(ServerFrame.error(code, ref: ref), to: id) }
    }

    private static func inviteErrorCode(_ error: any Error) -> String {
        if case House.InviteProblem.tooMany = error { return "too-many-invites" }
        return "unavailable"
    }

    // MARK: A café's link and code: whoever may invite

    private func cafeEntry(_ frame: ClientFrame, from id: ConnectionID, member: MemberID) async {
        guard self.room.kind == .cafe, self.meeting.capabilities(of: member).invite else {
            self.send(ServerFrame.error(Refusal.notAllowed.rawValue, ref: frame.ref), to: id)
            return
        }
        do {
            let renew = frame.t == "cafe.renew"
            let entry = try await renew ? self.house.renewCafeEntry(roomId: self.room.id) : self.house.cafeEntry(roomId: self.room.id)
            if renew { self.logger.info("café link and code renewed", metadata: ["room": "\(self.room.id)", "member": "\(member)"]) }
            self.send(ServerFrame.encode(ServerFrame.Cafe(path: entry.path, code: entry.spokenCode)), to: id)
        } catch {
            self.logger.error("café entry failed", metadata: ["room": "\(self.room.id)", "error.type": "\(type(of: error))"])
            self.send(ServerFrame.error("unavailable", ref: frame.ref), to: id)
        }
    }

    // MARK: The group's members: a lost key, a removal

    private func listMembers(_ frame: ClientFrame, from id: ConnectionID, member: MemberID) async {
        guard self.capabilities(of: member).members else {
            self.send(ServerFrame.error(Refusal.notAllowed.rawValue, ref: frame.ref), to: id)
            return
        }
        do {
            let members = try await self.house.members(roomId: self.room.id)
            self.send(ServerFrame.members(members.filter { !self.meeting.removed.contains($0.memberID) }), to: id)
        } catch {
            self.logger.error("member list failed", metadata: ["room": "\(self.room.id)", "error.type": "\(type(of: error))"])
            self.send(ServerFrame.error("unavailable", ref: frame.ref), to: id)
        }
    }

    /// Removes a member, present or not (a lost key's old membership): looked up first, so the room can
    /// say who it was; then the meeting decides, and the house deletes the membership.
    private func remove(_ frame: ClientFrame, from id: ConnectionID, member: MemberID, now: Instant) async {
        guard let target = frame.m else {
            self.send(ServerFrame.error("bad-field", ref: frame.ref), to: id)
            return
        }
        // Nobody without control learns from the answer whether an id is a member.
        guard self.meeting.holdsControl(member) else {
            self.send(ServerFrame.error(Refusal.notAllowed.rawValue, ref: frame.ref), to: id)
            return
        }
        // A café guest has no row: the meeting knows them, and they are sent out of this sitting only.
        if let guest = self.meeting.participant(MemberID(target)), guest.role == .guest {
            await self.apply(.remove(guest.id, name: guest.name), by: member, ref: frame.ref, from: id, now: now)
            return
        }
        let found: Membership?
        do {
            found = try await self.house.membership(id: target, roomId: self.room.id)
        } catch {
            self.send(ServerFrame.error("unavailable", ref: frame.ref), to: id)
            return
        }
        guard let found else {
            self.send(ServerFrame.error("unknown-member", ref: frame.ref), to: id)
            return
        }
        await self.apply(.remove(found.memberID, name: found.displayName), by: member, ref: frame.ref, from: id, now: now)
    }

    /// The memberships present or connected here, for the registry to ask the house which still exist.
    /// Members only: a guest has no membership for the house to remove.
    public var membershipIDs: Set<String> {
        let members = self.meeting.present.filter { $0.role != .guest }.map(\.id.rawValue)
        return Set(members + self.connections.values.compactMap(\.attendee.membershipId))
    }

    /// Notices members the house removed (from the command line, in another process): they leave at once,
    /// their pages are told, and the room says so. The registry asks for every room at once, every few seconds.
    public func noticeRemovals(gone: Set<String>, now: Instant) async {
        for gone in gone.sorted() where !self.meeting.removed.contains(MemberID(gone)) {
            await self.apply(.removedByHouse, by: MemberID(gone), ref: nil, from: nil, now: now)
        }
    }
}
