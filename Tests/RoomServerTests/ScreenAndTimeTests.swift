import Foundation
import Moderation
import Testing

@testable import RoomServer

@Suite("Live room: the weekly time in the welcome, and a speaker away from the screen")
struct ScreenAndTimeTests {
    let t0 = Instant(milliseconds: 1_000_000)

    @Test("the welcome carries the room's weekly time; a new one reaches everyone present, and so does none")
    func weeklyTime() async throws {
        var room = Room(id: "room000000000000", name: "Rom", kind: .group, createdAt: Date())
        room.weeklyTime = try WeeklyTime(day: 4, start: 18 * 60, minutes: 120)
        let live = liveRoom(room: room)
        var kari = Probe()
        _ = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        let welcome = try #require(await kari.next())
        let time = try #require((welcome["room"] as? [String: Any])?["time"] as? [String: Any])
        #expect(time["day"] as? Int == 4 && time["start"] as? String == "18:00" && time["end"] as? String == "20:00")
        await live.weeklyTimeChanged(try WeeklyTime(day: 2, start: 9 * 60, minutes: 60), now: t0)
        await live.weeklyTimeChanged(nil, now: t0)
        let frames = await kari.rest().filter { $0["t"] as? String == "time" }
        #expect(frames.count == 2)
        #expect((frames[0]["time"] as? [String: Any])?["start"] as? String == "09:00")
        #expect(frames[1]["time"] is NSNull)
    }

    @Test("only whoever has the word may say they are away; the others are told, once, and the mark goes with the turn")
    func awayFromScreen() async throws {
        let live = liveRoom(hosts: [MemberID("h")])
        var host = Probe()
        var kari = Probe()
        guard case .admitted(let h) = await live.connect(member("h", "Vert", role: .host), outbox: host.outbox, resume: nil, now: t0),
            case .admitted(let k) = await live.connect(member("k", "Kari"), outbox: kari.outbox, resume: nil, now: t0)
        else {
            Issue.record("not admitted")
            return
        }
        // Nobody has the word yet: being away holds nobody up.
        await live.receive(ClientFrame(t: "screen", away: true), from: k, now: t0)
        await live.receive(ClientFrame(t: "screen"), from: k, now: t0)
        await live.receive(ClientFrame(t: "meeting.start"), from: h, now: t0)
        await live.receive(ClientFrame(t: "round.start", prompt: "how-am-i"), from: h, now: t0)
        await live.receive(ClientFrame(t: "pass"), from: h, now: t0)
        // Kari has the word: away, said twice, reaches the host once; back, once.
        await live.receive(ClientFrame(t: "screen", away: true), from: k, now: t0)
        await live.receive(ClientFrame(t: "screen", away: true), from: k, now: t0)
        await live.receive(ClientFrame(t: "screen", away: false), from: k, now: t0)
        await live.receive(ClientFrame(t: "screen", away: false), from: k, now: t0)
        // The host may not say it for her.
        await live.receive(ClientFrame(t: "screen", away: true), from: h, now: t0)
        let toHost = await host.rest()
        let screens = toHost.filter { $0["t"] as? String == "screen" }
        #expect(screens.count == 2)
        #expect(screens.map { $0["away"] as? Bool } == [true, false])
        #expect(screens.allSatisfy { $0["m"] as? String == "k" })
        #expect(toHost.last?["code"] as? String == "not-your-turn")
        let toKari = await kari.rest()
        #expect(!toKari.contains { $0["t"] as? String == "screen" })
        #expect(toKari.compactMap { $0["code"] as? String }.prefix(2) == ["not-your-turn", "bad-field"])
    }
}
