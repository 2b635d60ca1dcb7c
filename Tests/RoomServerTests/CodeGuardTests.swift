import Moderation
import Testing

@testable import RoomServer

@Suite("Café codes: how fast they may be tried")
struct CodeGuardTests {
    let now = Instant(milliseconds: 1_000_000)

    @Test("five tries at once per client, then one every 12 s; a right code costs nothing")
    func perClient() async {
        let guard_ = CodeGuard()
        for _ in 0..<5 { #expect(await guard_.admit(client: "a", now: self.now) == .go) }
        // The sixth waits for one token's time, and is told how long.
        #expect(await guard_.admit(client: "a", now: self.now) == .clientWait(seconds: 12))
        #expect(await guard_.admit(client: "a", now: self.now.adding(seconds: 7)) == .clientWait(seconds: 5))
        #expect(await guard_.admit(client: "b", now: self.now) == .go, "another client is not held up")
        #expect(await guard_.admit(client: "a", now: self.now.adding(seconds: 12)) == .go)
        await guard_.right(client: "a")
        #expect(await guard_.admit(client: "a", now: self.now.adding(seconds: 12)) == .go)
    }

    @Test("across the house: sixty tries, taken when admitted (so none slip through between), then one every 2 s")
    func houseWide() async {
        let guard_ = CodeGuard()
        var admitted = 0
        for client in 0..<100 where await guard_.admit(client: "c\(client)", now: self.now) == .go { admitted += 1 }
        #expect(admitted == 60)
        #expect(await guard_.admit(client: "fresh", now: self.now) == .houseWait(seconds: 2))
        // The client refused for the house's sake keeps its own five.
        for _ in 0..<4 { _ = await guard_.admit(client: "fresh", now: self.now) }
        #expect(await guard_.admit(client: "fresh", now: self.now.adding(seconds: 2)) == .go)
    }

    @Test("an IPv6 client is its /64: one home's many addresses are one client; IPv4 stays as it is")
    func ipv6Prefix() async {
        #expect(CodeGuard.client("192.0.2.7") == "192.0.2.7")
        #expect(CodeGuard.client("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(CodeGuard.client("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64")
        #expect(CodeGuard.client("2001:db8::5") == "2001:db8:0:0::/64")
        let guard_ = CodeGuard()
        for suffix in 1...3 { #expect(await guard_.admitPractice(client: "2001:db8:1:2::\(suffix)", now: self.now) == .go) }
        #expect(await guard_.admitPractice(client: "2001:db8:1:2::99", now: self.now) == .clientWait(seconds: 120))
        #expect(await guard_.admitPractice(client: "2001:db8:1:3::1", now: self.now) == .go)
    }

    @Test("an IPv4 client on a dual-stack listener (::ffff:a.b.c.d) is its IPv4 address, not one /64 shared by every IPv4 client")
    func mappedIPv4IsItsOwnClient() async {
        #expect(CodeGuard.client("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(CodeGuard.client("::FFFF:198.51.100.1") == "198.51.100.1")
        #expect(CodeGuard.client("0:0:0:0:0:ffff:192.0.2.8") == "192.0.2.8")
        #expect(CodeGuard.client("64:ff9b::192.0.2.9") != "192.0.2.9")
        let guard_ = CodeGuard()
        // Five wrong tries from one IPv4 client do not make another wait.
        for _ in 0..<5 { #expect(await guard_.admit(client: "::ffff:192.0.2.7", now: self.now) == .go) }
        #expect(await guard_.admit(client: "::ffff:192.0.2.7", now: self.now) != .go)
        #expect(await guard_.admit(client: "::ffff:203.0.113.5", now: self.now) == .go)
    }
}
