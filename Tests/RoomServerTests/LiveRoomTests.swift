import Foundation
import Logging
import Moderation
import Testing

@testable import RoomServer

/// One connection's outbox, read by the test.
struct Probe {
    let stream: AsyncStream<Outgoing>
    let outbox: Outbox
    var iterator: AsyncStream<Outgoing>.Iterator

    init(limit: Int = 64) {
        (self.stream, self.outbox) = Outbox.makeBounded(limit: limit)
        self.iterator = self.stream.makeAsyncIterator()
    }

    /// The next frame, decoded. The room writes synchronously, so what it sent is already there.
    mutating func next() async -> [String: Any]? {
        guard case .frame(let text) = await self.iterator.next() else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// Everything still queued, after which this probe is finished.
    mutating func rest() async -> [[String: Any]] {
        self.outbox.finish()
        var frames: [[String: Any]] = []
        while let frame = await self.next() { frames.append(frame) }
        return frames
    }
}

func member(_ id: String, _ name: String, role: Role = .member, room: String = "room000000000000") -> Membership {
    Membership(
        id: id,
        roomId: room,
        keyHash: "hash-\(id)",
        displayName: name,
        nameKey: NameKey(name).value,
        role: role,
        createdAt: Date(),
        pledgeAcceptedAt: Date(),
        lastSeenAt: Date()
    )
}

/// One real house for the live-room tests that need none of their own: their rooms and members are made
/// up, so what the room stores about them (a role, a removal) changes no row.
let sharedHouse: House = {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roomserver-live-\(UUID().uuidString)")
    return try! House.open(directory: directory)
}()

/// A live room whose members leave the moment their connection closes, unless a test wants the grace.
func liveRoom(limits: Limits = Limits(), grace: Int64 = 0, room: Room? = nil, hosts: Set<MemberID> = [], house: House = sharedHouse) -> LiveRoom {
    var limits = limits
    limits.leaveGraceSeconds = grace
    let room = room ?? Room(id: "room000000000000", name: "Rom", kind: .group, createdAt: Date())
    return LiveRoom(room: room, hosts: hosts, house: house, guests: GuestBook(), limits: limits, logger: Logger(label: "test"))
}

func say(_ text: String, ref: String? = nil) -> ClientFrame {
    ClientFrame(t: "say", text: text, ref: ref, id: nil)
}

@Suite("Live room: fan-out, presence, no replay, resume")
struct LiveRoomTests {
    let t0 = Instant(milliseconds: 1_000_000)

    @Test("a message reaches everyone present, with the same bytes, in the same order")
    func fanOut() async throws {
        let live = liveRoom()
        var kari = Probe()
        var ola = Probe()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else {
            Issue.record("not admitted")
            return
        }
        _ = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: nil, now: t0)
        await live.receive(say("hei", ref: "r1"), from: k, now: t0)
        let kariFrames = await kari.rest()
        let olaFrames = await ola.rest()
        #expect(kariFrames.map { $0["t"] as? String } == ["welcome", "you", "joined", "joined", "said"])
        #expect(olaFrames.map { $0["t"] as? String } == ["welcome", "you", "joined", "said"])
        #expect(olaFrames.last?["text"] as? String == "hei")
        #expect(olaFrames.last?["m"] as? String == "k")
        #expect(kariFrames.last?["ref"] as? String == "r1")
        #expect(kariFrames.last?["s"] as? Int == olaFrames.last?["s"] as? Int)
    }

    @Test("someone who arrives late sees nothing said before they came")
    func noReplayToLateJoiner() async throws {
        let live = liveRoom()
        let kari = Probe()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else { return }
        await live.receive(say("sagt før Ola kom"), from: k, now: t0)
        var ola = Probe()
        let meeting = live.meetingID
        // Even a late joiner who claims to resume from the start gets nothing earlier.
        _ = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: .init(meetingID: meeting, seq: 0), now: t0)
        let frames = await ola.rest()
        #expect(!frames.contains { $0["t"] as? String == "said" })
        #expect(frames.first?["resumed"] as? Bool == false)
        #expect(frames.first?["present"] as? [[String: Any]] != nil)
    }

    @Test("typing reaches the others but not the writer, and is not numbered")
    func typing() async throws {
        let live = liveRoom()
        var kari = Probe()
        var ola = Probe()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else { return }
        _ = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: nil, now: t0)
        await live.receive(ClientFrame(t: "typing"), from: k, now: t0)
        #expect(!(await kari.rest()).contains { $0["t"] as? String == "typing" })
        let typing = await ola.rest().filter { $0["t"] as? String == "typing" }
        #expect(typing.count == 1)
        #expect(typing.first?["m"] as? String == "k")
        #expect(typing.first?["s"] == nil)
    }

    @Test("leaving is told to the others only when a member's last connection closes")
    func leaveAfterLastConnection() async throws {
        let live = liveRoom()
        var ola = Probe()
        _ = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: nil, now: t0)
        guard case .admitted(let tab1) = await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0),
            case .admitted(let tab2) = await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0)
        else { return }
        await live.disconnect(tab1, now: t0)
        await live.disconnect(tab2, now: t0)
        let kinds = await ola.rest().compactMap { $0["t"] as? String }
        #expect(kinds == ["welcome", "you", "joined", "joined", "left"])
    }

    @Test("someone who dropped off for a moment gets what they missed; after the window, nothing")
    func resume() async throws {
        // Within the grace the room still counts Ola as present: nobody was told Ola left.
        let live = liveRoom(grace: 15)
        var kari = Probe()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else { return }
        var ola1 = Probe()
        guard case .admitted(let o) = await live.connect(member("o", "Ola"), outbox: ola1.outbox, resume: nil, now: t0) else { return }
        let seen = await ola1.rest()
        let lastSeen = try #require(seen.compactMap { $0["s"] as? Int }.max())
        await live.disconnect(o, now: t0)
        await live.receive(say("mens Ola var borte"), from: k, now: t0.adding(seconds: 5))

        var ola2 = Probe()
        _ = await live.connect(
            member("o", "Ola"),
            outbox: ola2.outbox,
            resume: .init(meetingID: live.meetingID, seq: lastSeen),
            now: t0.adding(seconds: 10)
        )
        let frames = await ola2.rest()
        #expect(frames.first?["resumed"] as? Bool == true)
        #expect(frames.first?["s"] as? Int == lastSeen)
        #expect(frames.contains { $0["text"] as? String == "mens Ola var borte" })
        _ = await kari.rest()

        // Too late: the window has passed.
        var ola3 = Probe()
        let room2 = liveRoom()
        guard case .admitted(let k2) = await room2.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) else { return }
        guard case .admitted(let o2) = await room2.connect(member("o", "Ola"), outbox: Probe().outbox, resume: nil, now: t0) else { return }
        await room2.disconnect(o2, now: t0)
        await room2.receive(say("lenge etter"), from: k2, now: t0.adding(seconds: 1))
        _ = await room2.connect(
            member("o", "Ola"),
            outbox: ola3.outbox,
            resume: .init(meetingID: room2.meetingID, seq: 2),
            now: t0.adding(seconds: 120)
        )
        let late = await ola3.rest()
        #expect(late.first?["resumed"] as? Bool == false)
        #expect(!late.contains { $0["t"] as? String == "said" })
    }

    @Test("a resume point from another meeting gives nothing")
    func resumeOtherMeeting() async throws {
        let live = liveRoom()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) else { return }
        await live.receive(say("hei"), from: k, now: t0)
        var ola = Probe()
        _ = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: .init(meetingID: "another", seq: 0), now: t0)
        #expect(!(await ola.rest()).contains { $0["t"] as? String == "said" })
    }

    @Test("a refused command gets an error frame to the sender only, and the room goes on")
    func refusal() async throws {
        let live = liveRoom()
        var kari = Probe()
        var ola = Probe()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else { return }
        _ = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: nil, now: t0)
        await live.receive(say(String(repeating: "x", count: 2001), ref: "long"), from: k, now: t0)
        await live.receive(say("kort"), from: k, now: t0)
        let kariFrames = await kari.rest()
        let error = kariFrames.first { $0["t"] as? String == "error" }
        #expect(error?["code"] as? String == "too-long")
        #expect(error?["ref"] as? String == "long")
        let olaFrames = await ola.rest()
        #expect(!olaFrames.contains { $0["t"] as? String == "error" })
        #expect(olaFrames.last?["text"] as? String == "kort")
    }

    @Test("a reader that falls behind is dropped without holding the room up")
    func slowReaderDropped() async throws {
        let live = liveRoom()
        var fast = Probe(limit: 1000)
        let slow = Probe(limit: 4)
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: fast.outbox, resume: nil, now: t0) else { return }
        _ = await live.connect(member("s", "Sen"), outbox: slow.outbox, resume: nil, now: t0)
        for index in 0..<20 {
            await live.receive(say("melding \(index)"), from: k, now: t0.adding(seconds: Int64(index)))
        }
        let frames = await fast.rest()
        #expect(frames.filter { $0["t"] as? String == "said" }.count == 20)
        #expect(frames.contains { $0["t"] as? String == "left" && $0["m"] as? String == "s" })
        #expect(await live.connectionCount == 1)
    }

    @Test("a room refuses connections past its limits")
    func limits() async throws {
        var limits = Limits()
        limits.connectionsPerRoom = 3
        limits.connectionsPerMember = 2
        let live = liveRoom(limits: limits)
        #expect(await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) != .full)
        #expect(await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) != .full)
        #expect(await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) == .full)
        #expect(await live.connect(member("o", "Ola"), outbox: Probe().outbox, resume: nil, now: t0) != .full)
        #expect(await live.connect(member("p", "Per"), outbox: Probe().outbox, resume: nil, now: t0) == .full)
    }

    @Test("a dropped connection keeps its place for the grace: back in time, nobody was told it left")
    func graceKeepsPlace() async throws {
        let live = liveRoom(grace: 1)
        var kari = Probe()
        _ = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        guard case .admitted(let o1) = await live.connect(member("o", "Ola"), outbox: Probe().outbox, resume: nil, now: t0) else { return }
        await live.disconnect(o1, now: t0)
        guard case .admitted(let o2) = await live.connect(member("o", "Ola"), outbox: Probe().outbox, resume: nil, now: t0) else { return }
        // Dropped again, and this time not back: after the grace the others are told, by the room's own task.
        await live.disconnect(o2, now: t0)
        while let frame = await kari.next() {
            if frame["t"] as? String == "left" {
                #expect(frame["m"] as? String == "o")
                break
            }
        }
        let joinedTwice = await kari.rest().contains { $0["t"] as? String == "joined" }
        #expect(!joinedTwice)
    }

    @Test("someone who says goodbye leaves at once, even with a grace")
    func goodbyeLeavesAtOnce() async throws {
        let live = liveRoom(grace: 60)
        var kari = Probe()
        _ = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        let ola = Probe()
        guard case .admitted(let o) = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: nil, now: t0) else { return }
        await live.markLeaving(o)
        await live.disconnect(o, now: t0)
        #expect(await kari.rest().contains { $0["t"] as? String == "left" })
    }

    @Test("an empty room closes only after the resume window, and then forgets everything")
    func closeIfIdle() async throws {
        let live = liveRoom()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) else { return }
        await live.receive(say("hei"), from: k, now: t0)
        await live.disconnect(k, now: t0)
        #expect(await live.closeIfIdle(now: t0.adding(seconds: 10)) == false)
        #expect(await live.closeIfIdle(now: t0.adding(seconds: 61)) == true)
        #expect(await live.connect(member("k", "Kari"), outbox: Probe().outbox, resume: nil, now: t0) == .closed)
    }
}

@Suite("Limits on incoming frames")
struct FrameGateTests {
    @Test("a burst passes, then frames are dropped, told once per ten, and a flood is closed")
    func gate() {
        var limits = Limits()
        limits.burstFrames = 5
        limits.framesPerSecond = 1
        limits.refusalsBeforeClose = 30
        var gate = FrameGate(limits: limits)
        let now = Instant(milliseconds: 0)
        for _ in 0..<5 { #expect(gate.admit(at: now) == .pass) }
        #expect(gate.admit(at: now) == .drop(tell: true))
        #expect(gate.admit(at: now) == .drop(tell: false))
        for _ in 0..<27 { _ = gate.admit(at: now) }
        #expect(gate.admit(at: now) == .close)
    }

    @Test("tokens come back with time")
    func refill() {
        var limits = Limits()
        limits.burstFrames = 1
        limits.framesPerSecond = 2
        var gate = FrameGate(limits: limits)
        #expect(gate.admit(at: Instant(milliseconds: 0)) == .pass)
        #expect(gate.admit(at: Instant(milliseconds: 100)) == .drop(tell: true))
        #expect(gate.admit(at: Instant(milliseconds: 700)) == .pass)
    }

    @Test("a client frame that is not JSON, or has an oversized field, is refused without echoing it")
    func decode() {
        #expect(ClientFrame.decode("not json") == .failure(.badJSON))
        #expect(ClientFrame.decode("{\"t\":\"say\",\"ref\":\"\(String(repeating: "r", count: 65))\"}") == .failure(.badField))
        #expect(ClientFrame.decode("{\"t\":\"say\",\"text\":\"hei\"}") == .success(ClientFrame(t: "say", text: "hei")))
    }
}

@Suite("Live room: the meeting's shape and its deadlines")
struct LiveMeetingTests {
    @Test("the welcome carries the room's plan and the server's clock; a state frame follows each change")
    func welcomeAndState() async throws {
        let room = Room(id: "room000000000000", name: "Rom", kind: .group, createdAt: Date(), plan: MeetingPlan(minutes: 90))
        let live = liveRoom(room: room)
        var host = Probe()
        let now = Instant(Date())
        guard case .admitted(let h) = await live.connect(member("h", "Vert", role: .host), outbox: host.outbox, resume: nil, now: now)
        else { return }
        await live.receive(ClientFrame(t: "meeting.start"), from: h, now: now)
        await live.receive(ClientFrame(t: "round.start", prompt: "nonsense"), from: h, now: now)
        await live.receive(ClientFrame(t: "break.start", minutes: 99), from: h, now: now)
        let frames = await host.rest()
        let welcome = try #require(frames.first)
        let shape = try #require(welcome["shape"] as? [String: Any])
        #expect((shape["plan"] as? [String: Any])?["minutes"] as? Int == 90)
        #expect(shape["phase"] as? String == "not-started")
        #expect(welcome["now"] as? Int64 == now.milliseconds)
        let started = try #require(
            frames.first { $0["t"] as? String == "state" && ($0["shape"] as? [String: Any])?["phase"] as? String == "running" }
        )
        #expect((started["why"] as? [[String: Any]])?.first?["e"] as? String == "meeting-started")
        let errors = frames.filter { $0["t"] as? String == "error" }.compactMap { $0["code"] as? String }
        #expect(errors == ["bad-field", "invalid-value"])
    }

    @Test("a break ends by itself on the server, and everyone is told")
    func breakEndsByItself() async throws {
        var limits = Limits()
        limits.minuteSeconds = 1
        let live = liveRoom(limits: limits)
        var host = Probe()
        let now = Instant(Date())
        guard case .admitted(let h) = await live.connect(member("h", "Vert", role: .host), outbox: host.outbox, resume: nil, now: now)
        else { return }
        await live.receive(ClientFrame(t: "meeting.start"), from: h, now: now)
        await live.receive(ClientFrame(t: "break.start", minutes: 1), from: h, now: now)
        // Wait for the frame, not for a time: the room's own deadline task sends it.
        while let frame = await host.next() {
            if frame["t"] as? String == "state", (frame["why"] as? [[String: Any]])?.contains(where: { $0["e"] as? String == "break-ended" }) == true
            {
                #expect((frame["shape"] as? [String: Any])?["phase"] as? String == "running")
                return
            }
        }
        Issue.record("the break never ended")
    }

    @Test("after the speaker's private cue, the room still fires the next deadline (the closing reminder)")
    func cueThenReminder() async throws {
        var limits = Limits()
        limits.minuteSeconds = 1
        // Reminder 10 plan-minutes before the end: at 3 s; the cue after 1 plan-minute: at 1 s.
        let plan = MeetingPlan(minutes: 13, breakMinutes: 1, cueMinutes: 1)
        let live = liveRoom(limits: limits, room: Room(id: "room000000000000", name: "Rom", kind: .group, createdAt: Date(), plan: plan))
        var host = Probe()
        let now = Instant(Date())
        guard case .admitted(let h) = await live.connect(member("h", "Vert", role: .host), outbox: host.outbox, resume: nil, now: now)
        else { return }
        await live.receive(ClientFrame(t: "meeting.start"), from: h, now: now)
        await live.receive(ClientFrame(t: "round.start", prompt: "how-am-i"), from: h, now: now)
        var cued = false
        // Wait for the frames, not for a time: the room's own deadline task sends them.
        while let frame = await host.next() {
            if frame["t"] as? String == "cue" { cued = true }
            let why = (frame["why"] as? [[String: Any]]) ?? []
            if why.contains(where: { $0["e"] as? String == "closing-reminder" }) {
                #expect(cued)
                return
            }
        }
        Issue.record("the closing reminder never came")
    }
}
