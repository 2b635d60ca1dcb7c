import Foundation
import Moderation
import Testing

@testable import RoomServer

/// «Jeg ser deg» on the wire: the quiet answer reaches only the one who is not well (and, as a receipt, whoever
/// answered), once per member, is refused without a «not well» that stands, and leaves nothing on disk.
@Suite("Live room: «Jeg ser deg» after «not well»", .timeLimit(.minutes(1)))
struct NotWellAnswerTests {
    let t0 = Instant(milliseconds: 1_000_000)

    static func signals(_ frames: [[String: Any]], _ e: String) -> [[String: Any]] {
        frames.filter { $0["t"] as? String == "signal" && $0["e"] as? String == e }
    }

    static func errors(_ frames: [[String: Any]]) -> [String] {
        frames.filter { $0["t"] as? String == "error" }.compactMap { $0["code"] as? String }
    }

    @Test("only the one who is not well learns who sees them; one answer each; none without a «not well»; nothing stored")
    func quietAnswer() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        // Ids no row of the house knows: if any file held one, the room would have written it down.
        let tag = UUID().uuidString.prefix(12)
        let (kariID, olaID, evaID) = ("kari\(tag)", "ola\(tag)", "eva\(tag)")
        let live = liveRoom(house: test.house)
        var kari = Probe()
        var ola = Probe()
        var eva = Probe()
        guard case .admitted(let k) = await live.connect(member(kariID, "Kari"), outbox: kari.outbox, resume: nil, now: t0),
            case .admitted(let o) = await live.connect(member(olaID, "Ola"), outbox: ola.outbox, resume: nil, now: t0),
            case .admitted(let e) = await live.connect(member(evaID, "Eva"), outbox: eva.outbox, resume: nil, now: t0)
        else {
            Issue.record("not admitted")
            return
        }
        // Nothing to answer yet.
        await live.receive(ClientFrame(t: "see-you", m: kariID), from: o, now: t0)
        await live.receive(ClientFrame(t: "not-well"), from: k, now: t0)
        await live.receive(ClientFrame(t: "see-you", m: kariID), from: o, now: t0)
        // Once each: a second press is refused, not a second signal.
        await live.receive(ClientFrame(t: "see-you", m: kariID), from: o, now: t0)
        // Not to someone who said nothing, nor without saying whom.
        await live.receive(ClientFrame(t: "see-you", m: olaID), from: e, now: t0)
        await live.receive(ClientFrame(t: "see-you"), from: e, now: t0)

        let kariFrames = await kari.rest()
        let olaFrames = await ola.rest()
        let evaFrames = await eva.rest()
        // With no host here, everyone present is told, and the page is told so.
        #expect(Self.signals(olaFrames, "not-well").first?["to"] as? String == "everyone")
        #expect(Self.signals(evaFrames, "not-well").first?["to"] as? String == "everyone")
        let seen = Self.signals(kariFrames, "seen")
        #expect(seen.count == 1)
        #expect(seen.first?["m"] as? String == kariID)
        #expect(seen.first?["by"] as? String == olaID)
        #expect(Self.signals(olaFrames, "seen").count == 1)
        #expect(Self.signals(evaFrames, "seen").isEmpty)
        #expect(Self.errors(olaFrames) == ["no-not-well", "already-said"])
        #expect(Self.errors(evaFrames) == ["no-not-well", "bad-field"])
        #expect(Self.errors(kariFrames).isEmpty)

        try await test.house.close()
        let bytes = try test.allBytes()
        for id in [kariID, olaID, evaID] { #expect(bytes.range(of: Data(id.utf8)) == nil) }
        #expect(bytes.range(of: Data("see-you".utf8)) == nil)
    }
}
