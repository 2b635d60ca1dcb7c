import Foundation
import Moderation
import Testing

@testable import RoomServer

@Suite("Live room: no replay after leaving, paced connects and frames, a host never locked out", .timeLimit(.minutes(1)))
struct LiveRoomHardeningTests {
    let t0 = Instant(milliseconds: 1_000_000)

    /// Kari and Ola in a room; Ola has seen everything up to the returned sequence number.
    func kariAndOla(_ live: LiveRoom) async throws -> (kari: LiveRoom.ConnectionID, ola: LiveRoom.ConnectionID, kariProbe: Probe, seen: Int) {
        let kari = Probe(limit: 1000)
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else {
            throw Failure.notAdmitted
        }
        var ola = Probe()
        guard case .admitted(let o) = await live.connect(member("o", "Ola"), outbox: ola.outbox, resume: nil, now: t0) else {
            throw Failure.notAdmitted
        }
        await live.receive(say("før Ola gikk"), from: k, now: t0)
        let seen = try #require(await ola.rest().compactMap { $0["s"] as? Int }.max())
        return (k, o, kari, seen)
    }

    enum Failure: Error { case notAdmitted }

    @Test("someone who pressed leave gets nothing said after it, even with a fresh resume point")
    func noReplayAfterGoodbye() async throws {
        let live = liveRoom(grace: 15)
        let (k, o, _, seen) = try await kariAndOla(live)
        await live.markLeaving(o)
        await live.disconnect(o, now: t0)
        await live.receive(say("etter at Ola gikk"), from: k, now: t0.adding(seconds: 2))

        var back = Probe()
        _ = await live.connect(
            member("o", "Ola"),
            outbox: back.outbox,
            resume: .init(meetingID: live.meetingID, seq: seen),
            now: t0.adding(seconds: 5)
        )
        let frames = await back.rest()
        #expect(frames.first?["resumed"] as? Bool == false)
        #expect(!frames.contains { $0["t"] as? String == "said" })
    }

    @Test("someone whose grace ran out, so the others were told they left, gets nothing said after it")
    func noReplayAfterAnnouncedDeparture() async throws {
        var limits = Limits()
        limits.connectBurst = 100
        let live = liveRoom(limits: limits, grace: 0)
        let (k, o, _, seen) = try await kariAndOla(live)
        await live.disconnect(o, now: t0)
        await live.receive(say("etter at Ola gikk"), from: k, now: t0.adding(seconds: 2))

        // Every resume point a client could send, from before the departure to after it.
        for since in 0...(seen + 3) {
            var back = Probe()
            guard
                case .admitted(let again) = await live.connect(
                    member("o", "Ola"),
                    outbox: back.outbox,
                    resume: .init(meetingID: live.meetingID, seq: since),
                    now: t0.adding(seconds: 5)
                )
            else { throw Failure.notAdmitted }
            let frames = await back.rest()
            #expect(!frames.contains { $0["text"] as? String == "etter at Ola gikk" }, "since \(since)")
            #expect(!frames.contains { $0["text"] as? String == "før Ola gikk" }, "since \(since)")
            await live.disconnect(again, now: t0.adding(seconds: 5))
        }
    }

    @Test("when the last person leaves, nothing said is kept for anyone to resume")
    func emptyRoomForgetsWhatWasSaid() async throws {
        let live = liveRoom(grace: 0)
        let kari = Probe()
        guard case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0) else {
            throw Failure.notAdmitted
        }
        await live.receive(say("hemmelig"), from: k, now: t0)
        await live.disconnect(k, now: t0)
        var back = Probe()
        _ = await live.connect(member("k", "Kari"), outbox: back.outbox, resume: .init(meetingID: live.meetingID, seq: 0), now: t0.adding(seconds: 1))
        #expect(!(await back.rest()).contains { $0["t"] as? String == "said" })
        // The room itself stays for the resume window (a break's clock survives), then closes.
        #expect(await live.closeIfIdle(now: t0.adding(seconds: 2)) == false)
    }

    @Test("connecting and leaving in a loop is paced: a burst, then refused, so the others hear few notices")
    func connectLoopIsPaced() async throws {
        var limits = Limits()
        limits.connectBurst = 3
        limits.connectsPerSecond = 0.2
        let live = liveRoom(limits: limits, grace: 0)
        var kari = Probe(limit: 1000)
        _ = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        var admitted = 0
        var refused = 0
        for cycle in 0..<100 {
            let now = t0.adding(seconds: Int64(cycle / 10))  // 100 cycles in 10 seconds
            switch await live.connect(member("o", "Ola"), outbox: Probe().outbox, resume: nil, now: now) {
            case .admitted(let o):
                admitted += 1
                await live.markLeaving(o)
                await live.disconnect(o, now: now)
            case .tooFast:
                refused += 1
            default:
                Issue.record("unexpected admission")
            }
        }
        // Three at once, then one per five seconds: at most five in ten seconds.
        #expect(admitted <= 5)
        #expect(refused >= 95)
        let notices = await kari.rest().filter { ["joined", "left"].contains($0["t"] as? String) }
        #expect(notices.count <= 2 * 5)
    }

    @Test("four tabs of one member share one pace for what they send")
    func framePaceIsPerMember() async throws {
        var limits = Limits()
        limits.memberBurstFrames = 10
        limits.memberFramesPerSecond = 1
        let live = liveRoom(limits: limits)
        var kari = Probe(limit: 1000)
        _ = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        var tabs: [LiveRoom.ConnectionID] = []
        for _ in 0..<4 {
            guard case .admitted(let tab) = await live.connect(member("o", "Ola"), outbox: Probe(limit: 1000).outbox, resume: nil, now: t0) else {
                throw Failure.notAdmitted
            }
            tabs.append(tab)
        }
        for index in 0..<40 {
            await live.receive(say("melding \(index)"), from: tabs[index % 4], now: t0)
        }
        let said = await kari.rest().filter { $0["t"] as? String == "said" }
        #expect(said.count == 10)
    }

    @Test("a full room still lets its host in, and no further than the host's reserve")
    func fullRoomLetsHostIn() async throws {
        var limits = Limits()
        limits.connectionsPerRoom = 2
        limits.hostReserve = 1
        let live = liveRoom(limits: limits)
        _ = await live.connect(member("a", "Anne"), outbox: Probe().outbox, resume: nil, now: t0)
        _ = await live.connect(member("b", "Bjørn"), outbox: Probe().outbox, resume: nil, now: t0)
        #expect(await live.connect(member("c", "Camilla"), outbox: Probe().outbox, resume: nil, now: t0) == .full)
        let host = await live.connect(member("h", "Hege", role: .host), outbox: Probe().outbox, resume: nil, now: t0)
        guard case .admitted = host else {
            Issue.record("the host was locked out of a full room")
            return
        }
        #expect(await live.connect(member("h2", "Hanne", role: .host), outbox: Probe().outbox, resume: nil, now: t0) == .full)
    }

    @Test("shutting down tells every connection the house is restarting (1001)")
    func shutdownSaysRestarting() async throws {
        let live = liveRoom()
        var kari = Probe()
        _ = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        await live.closeAll(.goingAway)
        var last: Outgoing?
        while let item = await kari.iterator.next() { last = item }
        #expect(last == .close(.goingAway))
        #expect(CloseCode.goingAway.rawValue == 1001)
    }
}
