import Foundation
import Logging
import Moderation

/// The practice meetings running now: one visitor each, with pretend members, in memory only.
///
/// A practice meeting has no row in the database, no name kept and no link to share: the visitor's pass
/// (a random token in a session cookie for its room's path) is known here by its hash, with the room,
/// until the meeting ends, the visitor leaves, or its time is up. At most ``Limits/practiceMeetings`` run
/// at once; who may start one how often is the caller's to pace.
public actor PracticeHall {
    struct Session {
        let room: Room
        let passHash: String
        let visitor: Attendee
        let live: LiveRoom
        let script: PracticeScript
        let run: Task<Void, Never>
        let started: Instant
        /// Where the visitor came from (an invite page's path), to go back to it at the end.
        let back: String?
    }

    let house: House
    let limits: Limits
    let logger: Logger
    private var sessions: [String: Session] = [:]
    /// Places taken by meetings still being opened: the cap counts them, so a burst of starts cannot pass it.
    private var opening = 0

    public init(house: House, limits: Limits, logger: Logger) {
        self.house = house
        self.limits = limits
        self.logger = logger
    }

    public enum Opening: Sendable {
        case opened(room: Room, pass: Secret)
        /// As many practice meetings run as the house allows: try again in a few minutes.
        case full
    }

    /// Starts a practice meeting for one visitor, speaking their language (`words`).
    public func open(words: @escaping PracticeWords, back: String?, now: Instant) async -> Opening {
        guard !self.isFull else { return .full }
        self.opening += 1
        defer { self.opening -= 1 }
        var plan = MeetingPlan()
        // An hour of the plan is eight minutes at the calm pace: the script fits in it, the clock never runs out first.
        plan.minutes = 60
        plan.breakMinutes = 1
        // The gentle time cue comes after the script's own patience with a turn has begun, not before.
        plan.cueMinutes = 5
        let room = Room(id: randomIdentifier(), name: words("practice.room.name"), kind: .practice, createdAt: Date(), plan: plan)
        var limits = self.limits
        limits.minuteSeconds = self.limits.practiceMinuteSeconds
        // An old phone's screen locks, or the visitor looks at an SMS: their place is kept a minute.
        limits.leaveGraceSeconds = max(limits.leaveGraceSeconds, 60)
        let host = MemberID(randomIdentifier())
        // Nothing of a practice meeting reaches the logs, not even its room's id: its room and script log nowhere.
        let quiet = Logger(label: self.logger.label) { _ in SwiftLogNoOpLogHandler() }
        let live = LiveRoom.practice(room: room, host: host, house: self.house, limits: limits, logger: quiet)
        let visitor = Attendee(id: MemberID(randomIdentifier()), name: words("practice.you"), role: .member)
        let script = PracticeScript(
            live: live,
            visitor: visitor.id,
            host: host,
            words: words,
            beat: self.limits.practiceBeatSeconds,
            logger: quiet
        )
        await script.open()
        let roomId = room.id
        let task = Task { [weak self] in
            await script.run()
            await self?.end(roomId)
        }
        let pass = Secret.generate()
        self.sessions[room.id] = Session(
            room: room,
            passHash: pass.hash,
            visitor: visitor,
            live: live,
            script: script,
            run: task,
            started: now,
            back: back
        )
        self.logger.info("practice meeting opened", metadata: ["practice.count": "\(self.sessions.count)"])
        return .opened(room: room, pass: pass)
    }

    /// What a pass opens: the practice meeting's room, its live room, the visitor, and where they came from
    /// (to offer the way back at the end). A visitor who pressed «Gå ut» has ended their practice meeting:
    /// Back in the browser finds it over, not going on without them.
    public func visitor(roomId: String, pass: String) async -> (room: Room, live: LiveRoom, visitor: Attendee, back: String?)? {
        guard let session = self.sessions[roomId], Secret.isWellFormed(pass), Secret(value: pass).hash == session.passHash else { return nil }
        if await session.live.leftWithGoodbye(session.visitor.id) {
            await self.end(roomId)
            return nil
        }
        return (session.room, session.live, session.visitor, session.back)
    }

    public var count: Int { self.sessions.count }

    /// Whether as many practice meetings run (or are being opened) as the house allows.
    public var isFull: Bool { self.sessions.count + self.opening >= self.limits.practiceMeetings }

    /// The visitor's page connected (again): it is told the step the meeting is at.
    public func visitorConnected(roomId: String) async {
        await self.sessions[roomId]?.script.repeatGuide()
    }

    /// Ends a practice meeting: its pages are told it is over, its pretend members stop, nothing remains.
    public func end(_ roomId: String) async {
        guard let session = self.sessions.removeValue(forKey: roomId) else { return }
        session.run.cancel()
        await session.live.closeAll(.practiceOver)
        await session.live.shut()
        self.logger.info("practice meeting ended", metadata: ["practice.count": "\(self.sessions.count)"])
    }

    /// Ends practice meetings past their time. Called with the registry's sweep.
    public func sweep(now: Instant) async {
        for (id, session) in self.sessions where session.started < now.adding(seconds: -self.limits.practiceSeconds) {
            await self.end(id)
        }
    }

    /// Ends them all (the server is stopping).
    public func endAll() async {
        for id in self.sessions.keys { await self.end(id) }
    }
}
