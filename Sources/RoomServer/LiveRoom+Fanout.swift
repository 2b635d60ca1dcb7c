import Foundation
import Logging
import Moderation

// MARK: Telling people: every event to everyone present, private signals to a few, `you` to each

extension LiveRoom {
    // MARK: Fan-out

    /// Encodes each event once and writes the same string to every connection; after a change of
    /// the meeting's shape, the whole shape follows as one `state` frame. Whoever left the group is closed
    /// out at the end, unless the caller does that itself once the house has recorded it.
    func publish(_ events: [Event], ref: String? = nil, now: Instant, closingForgotten: Bool = true) {
        var changes: [ServerFrame.Change] = []
        for event in events {
            let frame: String
            switch event {
            case .joined(let participant):
                self.seq += 1
                frame = ServerFrame.encode(ServerFrame.Joined(s: self.seq, m: .init(participant)))
            case .left(let member):
                self.seq += 1
                frame = ServerFrame.encode(ServerFrame.Left(s: self.seq, m: member.rawValue))
            case .said(let member, let text):
                self.seq += 1
                frame = ServerFrame.encode(ServerFrame.Said(s: self.seq, m: member.rawValue, ref: ref, text: text, at: now.milliseconds))
            case .typing(let member):
                // Typing is passing: not numbered, not kept for resume, not sent back to the writer.
                self.broadcast(ServerFrame.encode(ServerFrame.Typing(m: member.rawValue)), except: member, now: now)
                continue
            case .timeCue(let member):
                // Gentle and private: only the speaker's own screens.
                self.tell([member], ServerFrame.encode(ServerFrame.Cue()))
                continue
            case .hostOffered, .hostDeclined, .removalProposed, .hostProposed, .notWell, .seen:
                self.signal(event)
                continue
            default:
                if let change = ServerFrame.Change(event) { changes.append(change) }
                continue
            }
            self.window.append(seq: self.seq, at: now, frame: frame)
            self.broadcast(frame, except: nil, now: now)
        }
        // Talk (said, typing, a cue) leaves the shape and what anyone may do as they were.
        guard events.contains(where: { !$0.isTalk }) else { return }
        self.noteAttendance(events, now: now)
        defer {
            if closingForgotten { self.closeForgotten(events) }
            self.tellCapabilities()
        }
        guard events.contains(where: \.changesStructure) else { return }
        // Arrivals and departures change the shape only sometimes (a round's order, whether anyone may run it).
        let shape = ServerFrame.MeetingShape(self.meeting)
        if !changes.isEmpty || shape != self.lastShape {
            self.lastShape = shape
            self.seq += 1
            let state = ServerFrame.encode(ServerFrame.State(s: self.seq, now: now.milliseconds, why: changes, shape: shape))
            self.window.append(seq: self.seq, at: now, frame: state)
            self.broadcast(state, except: nil, now: now)
        }
        if events.contains(.meetingEnded) {
            // What was said in the meeting that ended can no longer be resumed by anyone.
            self.window.removeAll()
        }
        self.scheduleDeadline()
    }

    // MARK: Deadlines

    /// Keeps one task sleeping until the meeting's next deadline (a break's end, a time cue, the reminder).
    func scheduleDeadline() {
        let next = self.meeting.nextDeadline
        guard next != self.scheduledDeadline else { return }
        self.deadlineTask?.cancel()
        self.scheduledDeadline = next
        guard let next, !self.closed else {
            self.deadlineTask = nil
            return
        }
        self.deadlineTask = Task { [weak self] in
            let wait = max(0, next.milliseconds - Instant(Date()).milliseconds)
            try? await Task.sleep(for: .milliseconds(wait))
            guard !Task.isCancelled else { return }
            await self?.fireDeadlines()
        }
    }

    private func fireDeadlines() {
        self.scheduledDeadline = nil
        let now = Instant(Date())
        let events = (try? self.meeting.apply(.tick, by: MemberID("system"), at: now)) ?? []
        self.publish(events, now: now)
        // A time cue alone is talk, not shape, so publish left the next deadline to us.
        self.scheduleDeadline()
    }

    func broadcast(_ frame: String, except skipped: MemberID?, now: Instant) {
        var tooSlow: [ConnectionID] = []
        let shared = Outgoing.shared(SharedFrame(frame))
        for (id, connection) in self.connections where connection.attendee.id != skipped {
            if self.deliver(shared, to: id) == .full {
                tooSlow.append(id)
            }
        }
        // Closed already; let go at once, rather than when their sockets end, so the room stops writing to them.
        for id in tooSlow { self.disconnect(id, now: now) }
    }

    /// Writes one frame to every connection of these members.
    func tell(_ members: Set<MemberID>, _ frame: String) {
        let shared = Outgoing.shared(SharedFrame(frame))
        for (id, connection) in self.connections where members.contains(connection.attendee.id) {
            self.deliver(shared, to: id)
        }
    }

    /// Hands one connection one frame: every frame the room sends goes through here, to ``Outbox/yield(_:)``,
    /// which closes a connection that cannot take it with 4408 (its page resumes).
    @discardableResult
    func deliver(_ item: Outgoing, to id: ConnectionID) -> Outbox.Result {
        guard let connection = self.connections[id] else { return .ended }
        let result = connection.outbox.yield(item)
        if result == .full { self.logger.info("slow connection dropped", metadata: ["room": "\(self.room.id)"]) }
        return result
    }

    /// Routes a private signal to the few who should have it (docs/ROLES.md, "Quiet signals"). The invite
    /// events come here from the invitations' own path (LiveRoom+Frames.swift), once the house has the link.
    func signal(_ event: Event) {
        // Everyone who could agree to an ask, and whoever asked: the members present; never a café's guest.
        let agreeing = Set(self.meeting.present.map(\.id).filter { self.meeting.holdsControl($0) })
        switch event {
        case .hostOffered(let target, let by):
            self.tell([target, by], ServerFrame.encode(ServerFrame.Signal("host-offered", target, by: by)))
        case .hostDeclined(let member, let offeredBy):
            self.tell([member, offeredBy], ServerFrame.encode(ServerFrame.Signal("host-declined", member, by: offeredBy)))
        case .removalProposed(let target, let name, let by):
            // Not the person it is about.
            self.tell(agreeing.subtracting([target]), ServerFrame.encode(ServerFrame.Signal("removal-asked", target, by: by, name: name)))
        case .hostProposed(let target, let by):
            self.tell(agreeing.subtracting([target]), ServerFrame.encode(ServerFrame.Signal("host-asked", target, by: by)))
        case .inviteProposed(let by, let label, let newPhone):
            self.tell(agreeing, ServerFrame.encode(ServerFrame.Signal("invite-asked", by, label: label, newPhone: newPhone)))
        case .inviteGranted(let asker, let label, let agreedBy?, let newPhone):
            // Whoever asked has the link in an `invites` frame; both are told who agreed.
            self.tell(
                [asker, agreedBy],
                ServerFrame.encode(ServerFrame.Signal("invite-made", asker, by: agreedBy, label: label, newPhone: newPhone))
            )
        case .notWell(let member):
            // Whom the rules said to tell (the hosts present, or everyone present), and whether those told are
            // the hosts, so the page says what the others can do when nobody holds the role.
            guard let call = self.meeting.notWellNow[member] else { break }
            let to = call.toHosts ? "hosts" : "everyone"
            self.tell(call.told, ServerFrame.encode(ServerFrame.Signal("not-well", member, to: to)))
            // In a practice meeting the hosts are pretend (their script answers with a guide line): the visitor is
            // told what would happen in a real meeting, not that someone was told.
            let told = self.room.kind == .practice ? "practice" : to
            self.tell([member], ServerFrame.encode(ServerFrame.Signal("not-well-sent", member, to: told)))
        case .seen(let member, let by):
            // Only the one who is not well learns who sees them; whoever answered learns it arrived. Nobody else.
            self.tell([member, by], ServerFrame.encode(ServerFrame.Signal("seen", member, by: by)))
        default:
            break
        }
    }

    /// Sends `you` to each member present whose capabilities changed.
    func tellCapabilities() {
        var now: [MemberID: Capabilities] = [:]
        for participant in self.meeting.present {
            let capabilities = self.capabilities(of: participant.id)
            now[participant.id] = capabilities
            guard self.told[participant.id] != capabilities else { continue }
            self.tell([participant.id], ServerFrame.encode(ServerFrame.You(capabilities)))
        }
        self.told = now
    }

    /// Closes the connections of whoever stepped out or was removed, with a code their page turns into words.
    func closeForgotten(_ events: [Event]) {
        for event in events {
            let code: CloseCode
            let member: MemberID
            switch event {
            case .removed(let id, _, _, _): (member, code) = (id, .removed)
            case .steppedOut(let id, _): (member, code) = (id, .steppedOut)
            case .sentOut(let id, _, _): (member, code) = (id, .removed)
            default: continue
            }
            for (id, connection) in self.connections where connection.attendee.id == member {
                self.close(id, with: code)
            }
            self.logger.info("member left the group", metadata: ["room": "\(self.room.id)", "member": "\(member)", "how": "\(code.reason)"])
        }
    }

    /// Has the house keep what the events changed that outlasts the meeting: roles, the room running
    /// itself, memberships ended. One transaction per command, so the records change in the meeting's order.
    func record(_ events: [Event]) async {
        // A practice meeting has nothing in the house to keep.
        guard self.room.kind != .practice else { return }
        var changes: [House.GroupChange] = []
        for event in events {
            switch event {
            case .roleChanged(let member, let role): changes.append(.role(member, role))
            case .selfOrganised(let on, _): changes.append(.selfOrganised(on))
            // The house removed it already when `by` is nil.
            case .removed(let member, _, let by, _) where by != nil: changes.append(.end(member))
            case .steppedOut(let member, _): changes.append(.end(member))
            // A guest has no row: their pass ends, in memory.
            case .sentOut(let member, _, _): await self.guests.revoke(member)
            default: continue
            }
        }
        guard !changes.isEmpty else { return }
        do {
            try await self.house.record(changes, roomId: self.room.id)
        } catch {
            // The meeting holds the change for this sitting; the next one starts from the records.
            self.logger.error("group change not stored", metadata: ["room": "\(self.room.id)", "error.type": "\(type(of: error))"])
        }
    }
}
