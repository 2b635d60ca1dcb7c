import Foundation
import Logging
import Moderation

/// The words of a practice meeting in the visitor's language: a locale key in, its text out.
public typealias PracticeWords = @Sendable (String) -> String

/// A practice meeting's pretend members and what they do, at a calm pace, so one visitor can try a
/// whole meeting alone: arrivals and hellos, a round with their own turn, the hand queue, a break that
/// ends by itself, the closing round, and the end that clears the screen.
///
/// The pretend members are connections to the live room like any page's: they read the frames the room
/// sends and act through the same client frames, so the rules are the real ones (`Meeting.apply`).
/// Kari, the pretend igangsetter, runs the meeting; Anne and Per take part. A guide line tells the visitor
/// what to try at each step. If the visitor does nothing, the meeting still goes by and ends.
actor PracticeScript {
    /// One pretend member: who, and their connection to the room.
    struct Pretend {
        let attendee: Attendee
        var connection: LiveRoom.ConnectionID?
    }

    /// What the pretend igangsetter has seen of the meeting, from the frames the room sent her.
    struct Seen {
        var phase = "not-started"
        var roundOn = false
        var speaker: String?
        var floor: String?
        var saidByVisitor = 0
        /// When the visitor last typed (their turn is given more time while they do).
        var visitorTypedAt: ContinuousClock.Instant?
        /// The visitor said «Jeg har det ikke bra»: Kari, their pretend host, was told.
        var notWell = 0
    }

    /// The visitor left (or never came): the script stops.
    struct Gone: Error {}

    let live: LiveRoom
    let visitor: MemberID
    let words: PracticeWords
    /// Seconds per beat of the script: calm for a person, short for tests.
    let beat: Double
    let logger: Logger
    /// The pretend members: Kari runs the meeting, Anne and Per take part.
    enum Who: CaseIterable {
        case kari, anne, per
    }
    private var cast: [Who: Pretend] = [:]
    private var seen = Seen()
    private var readers: [Task<Void, Never>] = []
    private var absentSince: ContinuousClock.Instant?
    private var lastGuide: String?
    /// How long the visitor may be gone from the meeting before the practice meeting ends. A dropped phone
    /// stays present through the room's own grace, so this only has to outlast a moment: someone who
    /// pressed «Gå ut» has left at once, and their practice meeting ends with them.
    static let awaySeconds = 2.0

    init(live: LiveRoom, visitor: MemberID, host: MemberID, words: @escaping PracticeWords, beat: Double, logger: Logger) {
        self.live = live
        self.visitor = visitor
        self.words = words
        self.beat = beat
        self.logger = logger
        self.cast = [
            .kari: Pretend(attendee: Attendee(id: host, name: words("practice.kari.name"), role: .host)),
            .anne: Pretend(attendee: Attendee(id: MemberID(randomIdentifier()), name: words("practice.anne.name"), role: .member)),
            .per: Pretend(attendee: Attendee(id: MemberID(randomIdentifier()), name: words("practice.per.name"), role: .member)),
        ]
    }

    // MARK: The meeting, step by step

    /// Kari is there before the visitor comes in, so the room is not empty when they arrive.
    func open() async {
        // Awaited first: the dictionary must not be held open across the wait.
        let kariConnection = await self.join(.kari, reads: true)
        self.cast[.kari]?.connection = kariConnection
    }

    /// Runs the whole practice meeting; returns when it is over or the visitor has gone.
    func run() async {
        defer { for reader in self.readers { reader.cancel() } }
        do {
            // A start nobody follows (a crawler, a closed tab) gives its place back soon; a visitor who came and
            // said goodbye at once (between two looks) gives it back at once.
            try await self.until(beats: 30 / self.beat, stopWhenGone: false) {
                let (live, visitor) = ($0.live, $0.visitor)
                if await live.isPresent(visitor) { return true }
                return await live.leftWithGoodbye(visitor)
            }
            try await self.checkVisitor()
            try await self.welcome()
            try await self.round(prompt: "how-am-i", shares: ["practice.kari.share1", "practice.anne.share1", nil], guide: "round")
            try await self.freeWord()
            try await self.pause()
            try await self.round(
                prompt: "closing",
                shares: ["practice.kari.share2", "practice.anne.share2", "practice.per.share2"],
                guide: "closing"
            )
            try await self.end()
        } catch {
            // The visitor went, or the meeting was closed: nothing more to do.
        }
    }

    private func welcome() async throws {
        await self.guide("welcome")
        try await self.wait(2)
        try await self.say(.kari, "practice.kari.welcome")
        try await self.wait(3)
        // Awaited first: the dictionary must not be held open across the wait.
        let anneConnection = await self.join(.anne, reads: false)
        self.cast[.anne]?.connection = anneConnection
        try await self.wait(2)
        try await self.say(.anne, "practice.anne.hello")
        try await self.wait(2)
        // Awaited first: the dictionary must not be held open across the wait.
        let perConnection = await self.join(.per, reads: false)
        self.cast[.per]?.connection = perConnection
        try await self.wait(2)
        try await self.say(.per, "practice.per.hello")
        await self.guide("write")
        let before = self.seen.saidByVisitor
        if try await self.until(beats: 20, { await $0.seen.saidByVisitor > before }) {
            try await self.wait(1)
            try await self.say(.anne, "practice.anne.reply")
        }
        try await self.wait(2)
    }

    /// A round in the order of who is present; each pretend member writes a few kind words and presses
    /// Ferdig, or passes (`nil`). The visitor's turn waits for them, and moves on gently if they do nothing.
    private func round(prompt: String, shares: [String?], guide: String) async throws {
        try await self.say(.kari, "practice.kari.\(prompt)")
        try await self.wait(1)
        if self.seen.phase == "not-started" {
            await self.act(.kari, ClientFrame(t: "meeting.start"))
            try await self.wait(1)
        }
        await self.act(.kari, ClientFrame(t: "round.start", prompt: prompt, shuffle: false))
        let pretend: [(Who, String?)] = [(.kari, shares[0]), (.anne, shares[1]), (.per, shares[2])]
        try await self.until(beats: 3) { await $0.seen.roundOn }
        while self.seen.roundOn {
            let speaker = self.seen.speaker
            if speaker == self.visitor.rawValue {
                await self.guide("\(guide)-turn")
                let moved = try await self.visitorFinishes { await $0.seen.speaker != speaker || !$0.seen.roundOn }
                if !moved {
                    // In a round only the speaker writes: the kind word goes in the guide line, and stays a while.
                    await self.act(.kari, ClientFrame(t: "round.skip"))
                    await self.guide("skipped")
                    try await self.until(beats: 5) { await $0.seen.speaker != speaker || !$0.seen.roundOn }
                    try await self.wait(3)
                }
            } else if let (who, share) = pretend.first(where: { self.id(of: $0.0) == speaker }) {
                await self.guide("\(guide)-wait")
                try await self.wait(2)
                if let share {
                    try await self.say(who, share)
                    try await self.wait(1)
                    await self.act(who, ClientFrame(t: "done"))
                } else {
                    await self.act(who, ClientFrame(t: "pass"))
                }
                try await self.until(beats: 5) { await $0.seen.speaker != speaker || !$0.seen.roundOn }
            } else {
                try await self.wait(0.5)
            }
        }
        try await self.wait(2)
    }

    /// The word one at a time: Anne raises her hand and speaks, and the visitor may try it, before or after her.
    private func freeWord() async throws {
        try await self.say(.kari, "practice.kari.free")
        await self.act(.kari, ClientFrame(t: "free.one-at-a-time", on: true))
        await self.guide("hand")
        let (anne, visitor) = (self.id(of: .anne), self.visitor.rawValue)
        var anneSpoke = false
        var visitorSpoke = false
        var anneRaised = false
        let started = ContinuousClock.now
        var anneDoneAt: ContinuousClock.Instant?
        while true {
            if self.seen.floor == visitor {
                await self.guide("floor")
                visitorSpoke = try await self.visitorFinishes { await $0.seen.floor != visitor }
                if !visitorSpoke { break }
                if !anneSpoke { await self.guide("hand-wait") }
            } else if let anne, self.seen.floor == anne, !anneSpoke {
                try await self.wait(2)
                try await self.say(.anne, "practice.anne.free")
                try await self.wait(1)
                await self.act(.anne, ClientFrame(t: "done"))
                anneSpoke = true
                anneDoneAt = ContinuousClock.now
                if !visitorSpoke { await self.guide("hand") }
            } else if !anneRaised, ContinuousClock.now - started > self.beats(3) {
                await self.act(.anne, ClientFrame(t: "hand.raise"))
                anneRaised = true
            } else if anneSpoke, visitorSpoke || ContinuousClock.now - (anneDoneAt ?? started) > self.beats(20) {
                break
            } else if ContinuousClock.now - started > self.beats(90) {
                break
            } else {
                try await self.wait(0.5)
            }
        }
        try await self.wait(2)
        await self.act(.kari, ClientFrame(t: "free.one-at-a-time", on: false))
    }

    /// Waits for the visitor to finish their turn (`done`), at least 30 beats, and longer while they are
    /// still typing (an old phone, one slow sentence), at most 120. Returns whether they finished.
    private func visitorFinishes(_ finished: (isolated PracticeScript) async -> Bool) async throws -> Bool {
        let started = ContinuousClock.now
        while true {
            if await finished(self) { return true }
            let quiet = self.seen.visitorTypedAt.map { ContinuousClock.now - $0 > self.beats(8) } ?? true
            let waited = ContinuousClock.now - started
            if waited > self.beats(120) || (waited > self.beats(30) && quiet) { return false }
            try await Task.sleep(for: self.poll)
            try await self.checkVisitor()
        }
    }

    private func beats(_ count: Double) -> Duration {
        .milliseconds(Int(count * self.beat * 1000))
    }

    /// How often a wait looks again: half a beat, at most a quarter second.
    private var poll: Duration { .milliseconds(Int(min(250, self.beat * 500))) }

    /// A short break that ends by itself (the room's own clock).
    private func pause() async throws {
        try await self.say(.kari, "practice.kari.break")
        await self.act(.kari, ClientFrame(t: "break.start", minutes: 1))
        await self.guide("break")
        try await self.until(beats: 5) { await $0.seen.phase == "break" }
        try await self.until(beats: 200) { await $0.seen.phase != "break" }
        try await self.wait(2)
    }

    private func end() async throws {
        try await self.say(.kari, "practice.kari.end")
        try await self.wait(3)
        await self.act(.kari, ClientFrame(t: "meeting.end"))
        await self.guide("ended")
        // The visitor looks at the end as long as they like, up to a while; then the room closes.
        try await self.until(beats: 40) { await !$0.live.isPresent($0.visitor) }
    }

    // MARK: Acting as a page does

    private func id(of who: Who) -> String? {
        self.cast[who]?.attendee.id.rawValue
    }

    private func join(_ who: Who, reads: Bool) async -> LiveRoom.ConnectionID? {
        guard let attendee = self.cast[who]?.attendee else { return nil }
        let (stream, outbox) = Outbox.makeBounded(limit: 512)
        guard case .admitted(let id) = await self.live.connect(attendee, outbox: outbox, resume: nil, now: Instant(Date())) else { return nil }
        // Every pretend member's frames are read, as a page reads them, so no queue fills; Kari's are looked at.
        self.readers.append(
            Task { [weak self] in
                for await outgoing in stream {
                    guard reads, case .frame(let text) = outgoing else { continue }
                    await self?.saw(text)
                }
            }
        )
        return id
    }

    private func act(_ who: Who, _ frame: ClientFrame) async {
        guard let connection = self.cast[who]?.connection else { return }
        await self.live.receive(frame, from: connection, now: Instant(Date()))
    }

    /// Writing takes a moment, as it does for a person: the others see "… skriver".
    private func say(_ who: Who, _ key: String) async throws {
        await self.act(who, ClientFrame(t: "typing"))
        try await self.wait(1.5)
        await self.act(who, ClientFrame(t: "say", text: self.words(key)))
    }

    /// The guide line again: after «Jeg har det ikke bra» (a step of its own that does not replace the
    /// meeting's), or for a page that just connected (a reload, Back), which has not seen the current step.
    func repeatGuide(step: String? = nil) async {
        guard let step = step ?? self.lastGuide else { return }
        await self.live.whisper(ServerFrame.encode(ServerFrame.Guide(step: step)), to: self.visitor)
    }

    /// Awaited, so the guide's steps reach the visitor in the order the meeting takes them.
    private func guide(_ step: String) async {
        // The same step again (the next pretend member's turn) is not said again.
        guard step != self.lastGuide else { return }
        self.lastGuide = step
        await self.live.whisper(ServerFrame.encode(ServerFrame.Guide(step: step)), to: self.visitor)
    }

    // MARK: Watching the meeting

    /// A frame the room sent Kari: the meeting's shape, and whether the visitor has written.
    func saw(_ text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let type = object["t"] as? String
        else { return }
        if type == "said", object["m"] as? String == self.visitor.rawValue { self.seen.saidByVisitor += 1 }
        if type == "typing", object["m"] as? String == self.visitor.rawValue { self.seen.visitorTypedAt = ContinuousClock.now }
        if type == "signal", object["e"] as? String == "not-well" {
            // Nobody real is told in a practice meeting: the guide says so, and where help is.
            Task { await self.repeatGuide(step: "not-well") }
        }
        guard type == "state" || type == "welcome", let shape = object["shape"] as? [String: Any] else { return }
        self.seen.phase = shape["phase"] as? String ?? self.seen.phase
        let round = shape["round"] as? [String: Any]
        self.seen.roundOn = round != nil
        self.seen.speaker = round?["speaker"] as? String
        self.seen.floor = shape["floor"] as? String
    }

    private func wait(_ beats: Double) async throws {
        try await Task.sleep(for: self.beats(beats))
        try await self.checkVisitor()
    }

    /// Waits until `condition` holds, at most `beats`; returns whether it did.
    @discardableResult
    private func until(beats: Double, stopWhenGone: Bool = true, _ condition: (isolated PracticeScript) async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + self.beats(beats)
        while ContinuousClock.now < deadline {
            if await condition(self) { return true }
            try await Task.sleep(for: self.poll)
            if stopWhenGone { try await self.checkVisitor() }
        }
        return await condition(self)
    }

    /// Stops the script once the visitor has been away a while: nobody is left to practise.
    private func checkVisitor() async throws {
        try Task.checkCancellation()
        if await self.live.leftWithGoodbye(self.visitor) { throw Gone() }
        if await self.live.isPresent(self.visitor) {
            self.absentSince = nil
        } else if let since = self.absentSince {
            if ContinuousClock.now - since > .seconds(Self.awaySeconds) { throw Gone() }
        } else {
            self.absentSince = ContinuousClock.now
        }
    }
}

extension ServerFrame {
    /// A practice meeting's guide line: what to try now (to the visitor only; the words are in the locale files).
    struct Guide: Encodable {
        let t = "guide"
        let step: String
    }
}
