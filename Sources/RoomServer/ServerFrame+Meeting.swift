import Moderation

/// The `state` frame: the whole shape of the meeting after something changed it, with why.
///
/// Sending the whole shape (it is small) rather than only the change means a client that
/// reconnects, or misses nothing, always draws the same picture as everyone else.
extension ServerFrame {
    struct State: Encodable {
        let t = "state"
        let s: Int
        /// The server's clock, so the client can correct countdowns for its own clock's skew.
        let now: Int64
        let why: [Change]
        let shape: MeetingShape
    }

    struct MeetingShape: Encodable, Equatable {
        let phase: String
        let startedAt: Int64?
        let endsAt: Int64?
        let breakAt: Int64?
        let breakEndsAt: Int64?
        let plan: PlanShape
        let round: RoundShape?
        let free: FreeShape
        /// Who has the floor, if anyone.
        let floor: String?
        /// Whether anyone present may run the meeting (no host is present, or the room runs itself).
        let anyoneRuns: Bool
        /// The hosts present, so everyone sees who holds control.
        let hosts: [String]
        /// No host: the group runs itself.
        let selfOrganised: Bool
        /// Closed to newcomers for this meeting.
        let locked: Bool
        /// At most this many present, if whoever holds control set a cap.
        let cap: Int?
        /// Who said they are taking a short pause.
        let paused: [String]
        /// Whose messages are held back.
        let held: [String]

        init(_ meeting: Meeting) {
            self.phase = meeting.phase.name
            self.startedAt = meeting.startedAt?.milliseconds
            self.endsAt = meeting.endsAt?.milliseconds
            self.breakAt = meeting.startedAt?.adding(seconds: meeting.plan.seconds(meeting.plan.breakAtMinute)).milliseconds
            if case .onBreak(let endsAt) = meeting.phase { self.breakEndsAt = endsAt.milliseconds } else { self.breakEndsAt = nil }
            self.plan = PlanShape(
                minutes: meeting.plan.minutes,
                breakMinutes: meeting.plan.breakMinutes,
                cueMinutes: meeting.plan.cueMinutes,
                talkDuringBreak: meeting.plan.talkDuringBreak,
                minuteSeconds: meeting.plan.secondsPerMinute
            )
            self.round = meeting.round.map(RoundShape.init)
            self.free = FreeShape(oneAtATime: meeting.freeWord.oneAtATime, queue: meeting.freeWord.queue.map(\.rawValue))
            self.floor = meeting.floorHolder?.rawValue
            // A café's guests never run it: with only guests present, nobody can.
            let onlyGuests = !meeting.present.isEmpty && meeting.present.allSatisfy { $0.role == .guest }
            self.anyoneRuns = (meeting.selfOrganised || !meeting.hostPresent) && !onlyGuests
            self.hosts = meeting.present.filter { $0.role == .host }.map(\.id.rawValue)
            self.selfOrganised = meeting.selfOrganised
            self.locked = meeting.locked
            self.cap = meeting.cap
            self.paused = meeting.present.filter { meeting.paused.contains($0.id) }.map(\.id.rawValue)
            self.held = meeting.heldBack.keys.map(\.rawValue).sorted()
        }
    }

    struct PlanShape: Encodable, Equatable {
        let minutes: Int
        let breakMinutes: Int
        let cueMinutes: Int
        let talkDuringBreak: Bool
        /// Seconds in one of the plan's minutes: 60, except in demonstrations and tests.
        let minuteSeconds: Int64
    }

    struct RoundShape: Encodable, Equatable {
        /// A built-in prompt's key (its words are in the locale files), or nil.
        let prompt: String?
        /// A custom prompt's text, or nil.
        let text: String?
        let order: [String]
        let speaker: String
        let since: Int64

        init(_ round: Round) {
            self.prompt = round.prompt.key
            if case .custom(let text) = round.prompt { self.text = text } else { self.text = nil }
            self.order = round.order.map(\.rawValue)
            self.speaker = round.speaker.rawValue
            self.since = round.turnStartedAt.milliseconds
        }
    }

    struct FreeShape: Encodable, Equatable {
        let oneAtATime: Bool
        let queue: [String]
    }

    /// One change, for the client to announce ("Kari passed", "The break has started").
    struct Change: Encodable {
        let e: String
        let m: String?
        let end: String?
        /// Who did it (nil: the house, or the clock).
        let by: String?
        /// The new role (`role`).
        let role: String?
        /// The member's name, when they may no longer be among those present (`removed`, `stepped-out`).
        let name: String?
        /// Who asked first (`removed` in a room that runs itself; `by` is the second, who agreed).
        let asked: String?
        /// Until when (`held-back`), server ms.
        let until: Int64?
        /// The most present (`capped`); absent: no cap.
        let cap: Int?

        init(
            _ e: String,
            _ m: MemberID? = nil,
            end: String? = nil,
            by: MemberID? = nil,
            asked: MemberID? = nil,
            role: Role? = nil,
            name: String? = nil,
            until: Instant? = nil,
            cap: Int? = nil
        ) {
            self.e = e
            self.m = m?.rawValue
            self.end = end
            self.by = by?.rawValue
            self.asked = asked?.rawValue
            self.role = role?.rawValue
            self.name = name
            self.until = until?.milliseconds
            self.cap = cap
        }

        /// The change an event makes, or nil for events that are not about the meeting's shape.
        init?(_ event: Event) {
            switch event {
            case .meetingStarted: self.init("meeting-started")
            case .meetingEnded: self.init("meeting-ended")
            case .roundStarted: self.init("round-started")
            case .turn(let member): self.init("turn", member)
            case .shareEnded(let member, let end): self.init("share-ended", member, end: end.rawValue)
            case .roundEnded: self.init("round-ended")
            case .freeWord(let on): self.init(on ? "one-at-a-time" : "free-word")
            case .queueChanged: self.init("queue")
            case .breakStarted: self.init("break-started")
            case .breakExtended: self.init("break-extended")
            case .breakEnded: self.init("break-ended")
            case .closingReminder: self.init("closing-reminder")
            case .roleChanged(let member, let role): self.init("role", member, role: role)
            case .selfOrganised(let on, let by): self.init(on ? "self-organised" : "hosted", by: by)
            case .locked(let on, let by): self.init(on ? "locked" : "unlocked", by: by)
            case .capped(let cap, let by): self.init("capped", by: by, cap: cap)
            case .sentOut(let member, let name, let by): self.init("sent-out", member, by: by, name: name)
            case .removed(let member, let name, let by, let asked): self.init("removed", member, by: by, asked: asked, name: name)
            case .steppedOut(let member, let name): self.init("stepped-out", member, name: name)
            case .heldBack(let member, let until, let by): self.init("held-back", member, by: by, until: until)
            case .released(let member, let by): self.init("released", member, by: by)
            case .paused(let member, let on): self.init(on ? "paused" : "back", member)
            case .joined, .left, .said, .typing, .timeCue, .hostOffered, .hostDeclined, .removalProposed, .hostProposed, .inviteProposed,
                .inviteGranted, .notWell, .seen:
                return nil
            }
        }
    }

    /// The private time cue, to the speaker's connections only.
    struct Cue: Encodable {
        let t = "cue"
    }
}
