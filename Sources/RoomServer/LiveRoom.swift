import Foundation
import Logging
import Moderation
import Synchronization

/// A room while people are in it: owns the meeting, the connections and the resume window.
///
/// One actor per live room, so a room's events have one order that everyone sees.
/// Messages pass through in memory and are written to connections, nowhere else.
public actor LiveRoom {
    public nonisolated let room: Room
    /// A random id for this sitting; a client that reconnects to a different one starts afresh.
    public nonisolated let meetingID: String
    let limits: Limits
    let logger: Logger
    /// Where what the room decides about people is kept: roles, removals, invites. Never what was said.
    let house: House
    /// A café's guests for this sitting (memory only).
    let guests: GuestBook

    /// The one authority on who is present and what each may do (docs/ROLES.md).
    var meeting: Meeting
    var seq = 0
    var connections: [ConnectionID: Connection] = [:] {
        didSet { self.occupied.store(!self.connections.isEmpty, ordering: .relaxed) }
    }
    private nonisolated let occupied = Atomic(false)
    /// Whether anyone is connected, readable without waiting for the actor: the sweep passes by the rooms
    /// in use without a hop to each (1,900 quiet rooms, every 5 s).
    public nonisolated var isOccupied: Bool { self.occupied.load(ordering: .relaxed) }
    private var nextConnection = 0
    var window: ResumeWindow
    /// For each member present: the event number when they arrived (for resume).
    private var arrivals: [MemberID: Int] = [:]
    /// When the last person present left: the meeting's shape (not what was said) outlives them briefly.
    private var lastDeparture: Instant?
    /// How fast each member may connect, and how much all their connections together may send.
    private var connectPace: [MemberID: TokenBucket] = [:]
    private var framePace: [MemberID: TokenBucket] = [:]
    var closed = false
    /// Members whose last connection dropped without a goodbye, still present during their grace.
    private var dropped: [MemberID: Task<Void, Never>] = [:]
    var deadlineTask: Task<Void, Never>?
    /// The shape last sent, to send a new one only when it changed.
    var lastShape: ServerFrame.MeetingShape
    var scheduledDeadline: Instant?
    /// What each member present was last told they may do (`you`), to tell them again only when it changes.
    var told: [MemberID: Capabilities] = [:]
    /// Everyone present at some time since the meeting started, until it is counted (a number, in memory only).
    var attendance: Set<MemberID>?
    /// Who was present when the meeting ended and has not yet answered its evaluation (memory only).
    var mayEvaluate: Set<MemberID> = []
    /// Who pressed «Gå ut» during this sitting (a practice meeting ends with its visitor).
    var saidGoodbye: Set<MemberID> = []
    /// The room's weekly time as it is now: set from the room page's form while the room is live (LiveRoom+Time).
    var weeklyTime: WeeklyTime?
    /// Whoever has the floor and whose page said it is hidden (screen off, another app): memory only, at most one,
    /// and it lapses when the floor moves on.
    var awayFromScreen: MemberID?

    public struct ConnectionID: Hashable, Sendable {
        let value: Int
    }

    struct Connection {
        let attendee: Attendee
        let outbox: Outbox
        var leaving = false
    }

    /// Where a reconnecting client was: the meeting and the last event it saw.
    public struct ResumePoint: Sendable, Equatable {
        public let meetingID: String
        public let seq: Int

        public init(meetingID: String, seq: Int) {
            self.meetingID = meetingID
            self.seq = seq
        }
    }

    public enum Admission: Sendable, Equatable {
        case admitted(ConnectionID)
        case full
        /// This member connected too often in a short while; they may try again in a little while.
        case tooFast
        /// The room closed just now; ask the registry for a fresh one.
        case closed
        /// The server is shutting down.
        case restarting
        /// The room is closed to newcomers for this meeting.
        case locked
        /// This member was removed from the group (or stepped out, or a guest sent out) during this meeting.
        case removed
        /// As many are present as whoever holds control allowed.
        case capped
    }

    /// - Parameter hosts: the room's host memberships, present or not (``House/hostIDs(roomId:)``).
    init(room: Room, hosts: Set<MemberID>, house: House, guests: GuestBook, limits: Limits, logger: Logger) {
        self.room = room
        self.guests = guests
        self.meetingID = randomIdentifier()
        self.limits = limits
        self.logger = logger
        self.house = house
        self.weeklyTime = room.weeklyTime
        var plan = room.plan
        plan.secondsPerMinute = limits.minuteSeconds
        self.meeting = Meeting(plan: plan, hosts: hosts, selfOrganised: room.selfOrganised)
        self.lastShape = ServerFrame.MeetingShape(self.meeting)
        self.window = ResumeWindow(maxEvents: limits.resumeEvents, maxBytes: limits.resumeBytes, maxAgeSeconds: limits.resumeSeconds)
    }

    public var connectionCount: Int { self.connections.count }

    // MARK: Connecting

    /// Lets a member in: sends the welcome (and what they missed, if they are resuming), and tells the others.
    public func connect(_ membership: Membership, outbox: Outbox, resume: ResumePoint?, now: Instant) -> Admission {
        self.connect(Attendee(membership), outbox: outbox, resume: resume, now: now)
    }

    /// Lets a member or a café guest in: sends the welcome (and what they missed, if they are resuming),
    /// what they may do, and tells the others.
    public func connect(_ attendee: Attendee, outbox: Outbox, resume: ResumePoint?, now: Instant) -> Admission {
        guard !self.closed else { return .closed }
        let member = attendee.id
        guard !self.meeting.removed.contains(member) else { return .removed }
        // A full room still lets its hosts in: the person who runs the meeting must never be locked out of it.
        let role = self.meeting.roles[member] ?? attendee.role
        let roomLimit = self.limits.connectionsPerRoom + (role == .host ? self.limits.hostReserve : 0)
        guard self.connections.count < roomLimit,
            self.connections.values.filter({ $0.attendee.id == member }).count < self.limits.connectionsPerMember
        else { return .full }
        var pace = self.connectPace[member] ?? TokenBucket(capacity: self.limits.connectBurst, rate: self.limits.connectsPerSecond)
        let allowed = pace.take(at: now)
        self.connectPace[member] = pace
        guard allowed else { return .tooFast }

        let missed = self.missedFrames(for: member, resume: resume, now: now)
        var joinEvents: [Event] = []
        let firstVisit = !self.meeting.hasBeenHere(member)
        if !self.meeting.isPresent(member) {
            do {
                joinEvents = try self.meeting.apply(.join(name: attendee.name, role: attendee.role), by: member, at: now)
            } catch .locked {
                return .locked
            } catch .full {
                return .capped
            } catch {
                return .removed
            }
            self.arrivals[member] = self.seq
        }
        // Back within the grace: still present, nobody was told they left.
        self.dropped.removeValue(forKey: member)?.cancel()
        // A café counts its guests; whoever runs it (the host) is not a visitor.
        if firstVisit, self.room.kind == .cafe, role == .guest { self.countVisit(now: now) }
        self.nextConnection += 1
        let id = ConnectionID(value: self.nextConnection)
        self.connections[id] = Connection(attendee: attendee, outbox: outbox)

        let you = self.meeting.participant(member) ?? Participant(id: member, name: attendee.name, role: role)
        // A resuming client gets a welcome numbered with its own last event, then the frames it missed, in order.
        let welcome = ServerFrame.Welcome(
            meeting: self.meetingID,
            s: missed == nil ? self.seq : (resume?.seq ?? self.seq),
            resumed: missed != nil,
            you: .init(you),
            room: .init(id: self.room.id, name: self.room.name, kind: self.room.kind.rawValue, time: self.weeklyTime.map(ServerFrame.TimeInfo.init)),
            present: self.meeting.present.map(ServerFrame.Person.init),
            limits: .init(text: self.limits.maxMessageLength),
            now: now.milliseconds,
            shape: .init(self.meeting)
        )
        self.deliver(.frame(ServerFrame.encode(welcome)), to: id)
        for frame in missed ?? [] { self.deliver(.frame(frame), to: id) }
        // What this page may do, from the start: its buttons are drawn from it, never guessed.
        let capabilities = self.capabilities(of: member)
        self.deliver(.frame(ServerFrame.encode(ServerFrame.You(capabilities))), to: id)
        self.told[member] = capabilities
        self.logger.debug("member connected", metadata: ["room": "\(self.room.id)", "member": "\(member)", "resumed": "\(missed != nil)"])
        self.publish(joinEvents, now: now)
        return .admitted(id)
    }

    /// What a member missed while their connection was down, if they may have it.
    ///
    /// Only someone the room still counts as present (their connection dropped, and the grace has not run
    /// out) gets anything, and only from a point at which they were present. Once the others have been
    /// told someone left, that person never receives anything said after it: they come back as a late
    /// joiner does, with nothing replayed.
    private func missedFrames(for member: MemberID, resume: ResumePoint?, now: Instant) -> [String]? {
        guard let resume, resume.meetingID == self.meetingID, resume.seq <= self.seq,
            self.meeting.isPresent(member), let arrived = self.arrivals[member], arrived <= resume.seq
        else { return nil }
        self.window.trim(now: now)
        return self.window.frames(after: resume.seq, latest: self.seq)
    }

    /// The member said goodbye on this connection (they pressed "leave"): when it closes, they leave at once.
    public func markLeaving(_ id: ConnectionID) {
        if let member = self.connections[id]?.attendee.id { self.saidGoodbye.insert(member) }
        self.close(id, with: .normal)
    }

    /// Closes one connection with `code`, as a goodbye: no grace follows when it is gone.
    func close(_ id: ConnectionID, with code: CloseCode) {
        guard var connection = self.connections[id] else { return }
        connection.leaving = true
        self.connections[id] = connection
        self.deliver(.close(code), to: id)
    }

    /// A connection closed. When it was the member's last, they leave the meeting: at once if they said
    /// goodbye, otherwise after a short grace, so a phone in a tunnel keeps its place (and its turn).
    public func disconnect(_ id: ConnectionID, now: Instant) {
        guard let connection = self.connections.removeValue(forKey: id) else { return }
        connection.outbox.finish()
        let member = connection.attendee.id
        guard !self.connections.values.contains(where: { $0.attendee.id == member }) else { return }
        self.logger.debug("member disconnected", metadata: ["room": "\(self.room.id)", "member": "\(member)"])
        guard !connection.leaving, self.limits.leaveGraceSeconds > 0, self.meeting.isPresent(member) else {
            self.leave(member, now: now)
            return
        }
        self.dropped[member]?.cancel()
        let grace = self.limits.leaveGraceSeconds
        self.dropped[member] = Task { [weak self] in
            try? await Task.sleep(for: .seconds(grace))
            guard !Task.isCancelled else { return }
            await self?.leaveIfStillGone(member)
        }
    }

    private func leaveIfStillGone(_ member: MemberID) {
        self.dropped[member] = nil
        guard !self.connections.values.contains(where: { $0.attendee.id == member }) else { return }
        self.leave(member, now: Instant(Date()))
    }

    private func leave(_ member: MemberID, now: Instant) {
        self.dropped.removeValue(forKey: member)?.cancel()
        self.arrivals.removeValue(forKey: member)
        let events = (try? self.meeting.apply(.leave, by: member, at: now)) ?? []
        self.publish(events, now: now)
        self.forgetIfEmpty(now: now)
    }

    /// When the last person present has gone (left, stepped out, removed), what was said goes with them.
    func forgetIfEmpty(now: Instant) {
        if self.meeting.present.isEmpty {
            // Nobody is left who could resume: what was said is dropped now, not when the window ages out.
            self.window.removeAll()
            self.lastDeparture = now
        }
    }

    /// Closes the room if nobody is in it and the last person left a while ago.
    ///
    /// The meeting's shape (a break's clock, the round) waits `resumeSeconds` for people to come back;
    /// nothing that was said does.
    /// - Returns: whether the room is now closed.
    public func closeIfIdle(now: Instant) -> Bool {
        guard self.connections.isEmpty, self.dropped.isEmpty else { return false }
        if let last = self.lastDeparture, last >= now.adding(seconds: -self.limits.resumeSeconds) { return false }
        self.countAttendance(now: now)
        self.shut()
        return true
    }

    /// Marks the room closed (idle, deleted, or a practice meeting over): no deadline fires, nothing said is
    /// kept, and a connection on its way in is sent to a fresh room or told it is gone.
    public func shut() {
        self.closed = true
        self.deadlineTask?.cancel()
        self.deadlineTask = nil
        self.window.removeAll()
    }

    /// Closes every connection with `code` (the server is shutting down, or the room was deleted).
    public func closeAll(_ code: CloseCode) {
        self.countAttendance(now: Instant(Date()))
        for (id, connection) in self.connections {
            self.deliver(.close(code), to: id)
            connection.outbox.finish()
        }
    }

    /// Whether one more frame from this member fits their pace, shared by all their connections.
    ///
    /// Each connection has its own gate too (``FrameGate``); this one stops a member with four tabs
    /// from sending four times as much.
    func admitFrame(from id: ConnectionID, now: Instant) -> Bool {
        guard let member = self.connections[id]?.attendee.id else { return false }
        var pace = self.framePace[member] ?? TokenBucket(capacity: self.limits.memberBurstFrames, rate: self.limits.memberFramesPerSecond)
        let allowed = pace.take(at: now)
        self.framePace[member] = pace
        return allowed
    }

    /// One more person came to this café sitting: a number for the day, never who. Not awaited: a count
    /// must never hold up a person coming in.
    private func countVisit(now: Instant) {
        let day = ServerFrame.day(now.date)
        let (house, roomId, logger) = (self.house, self.room.id, self.logger)
        Task {
            do {
                try await house.countCafeVisit(roomId: roomId, day: day)
            } catch {
                logger.error("café visit not counted", metadata: ["room": "\(roomId)", "error.type": "\(type(of: error))"])
            }
        }
    }
}
