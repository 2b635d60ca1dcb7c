import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import Web

/// Each stage of an HTTP connection has one deadline that no byte pattern moves (the attacks of the
/// second hardening round, byte for byte), on an embedded channel's virtual clock.
@Suite("Request deadlines that no byte pattern resets")
struct RequestDeadlinesTests {
    static let timeouts = RequestDeadlines.Timeouts(
        firstRequest: .seconds(10),
        body: .seconds(12),
        idle: .seconds(15),
        maxBodyBytes: 64 * 1024
    )

    /// A connection as the house has it: the HTTP decoder, then the deadlines.
    private func connection(ledger: ConnectionLedger = ConnectionLedger(maxConnections: 10)) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        _ = ledger.admit(channel)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        try channel.pipeline.syncOperations.addHandler(RequestDeadlines(timeouts: Self.timeouts, ledger: ledger))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func send(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    /// What the house would write back: a whole answer.
    private func answer(_ channel: EmbeddedChannel) throws {
        let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "0"])
        try channel.writeOutbound(HTTPServerResponsePart.head(head))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    @Test("a head that begins with blank lines and then comes a byte every 8 s is closed 10 s after the connection opened")
    func leadingBlankLinesDoNotFinishAHead() throws {
        let channel = try self.connection()
        try self.send(channel, "\r\n\r\nGET / HTTP/1.1\r\n")
        for byte in "Host: a".utf8 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(8))
            guard channel.isActive else { break }
            try self.send(channel, String(UnicodeScalar(byte)))
        }
        #expect(!channel.isActive)
    }

    @Test("a head that never ends is closed at its deadline, not a moment before")
    func aHalfHeadIsClosedAtItsDeadline() throws {
        let channel = try self.connection()
        try self.send(channel, "GET / HTTP/1.1\r\nX-Slow: ")
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("a body nobody reads, trickled a byte every 10 s after the answer went out, is closed when the body's time is up")
    func anUnreadTrickledBodyIsClosed() throws {
        let channel = try self.connection()
        try self.send(channel, "GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n")
        _ = try channel.readInbound(as: HTTPServerRequestPart.self)
        try self.answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        try self.send(channel, "x")
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test("a body past the bound closes the connection at once")
    func aHugeBodyIsClosed() throws {
        let channel = try self.connection()
        try self.send(channel, "POST /kode HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n")
        // The decoder complains that the body ended early: the connection is already closed.
        try? self.send(channel, String(repeating: "x", count: 70 * 1024))
        #expect(!channel.isActive)
    }

    @Test("while the house answers no deadline runs; after the answer the next head has the idle time, however it trickles")
    func theNextHeadHasTheIdleTime() throws {
        let channel = try self.connection()
        try self.send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        // A slow answer (the database under load) is not cut short.
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        try self.answer(channel)
        try self.send(channel, "GET / HT")
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        try self.send(channel, "T")
        channel.embeddedEventLoop.advanceTime(by: .seconds(7))
        #expect(!channel.isActive)
    }

    @Test("a kept-alive connection that asks again in time goes on")
    func aSecondRequestInTimeGoesOn() throws {
        let channel = try self.connection()
        try self.send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        try self.answer(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(14))
        try self.send(channel, "GET /app/x.js HTTP/1.1\r\nHost: a\r\n\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(channel.isActive)
    }

    @Test("an answer the libraries write themselves carries the security headers")
    func libraryAnswersGetTheHeaders() throws {
        let channel = try self.connection()
        try self.send(channel, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["Connection": "close"])
        try channel.writeOutbound(HTTPServerResponsePart.head(head))
        guard case .head(let written) = try channel.readOutbound(as: HTTPServerResponsePart.self) else {
            Issue.record("no head written")
            return
        }
        #expect(written.headers["X-Content-Type-Options"] == ["nosniff"])
        #expect(written.headers["Referrer-Policy"] == ["no-referrer"])
        #expect(written.headers["X-Frame-Options"] == ["DENY"])
    }

    @Test("an upgrade lets raw bytes pass until the room socket takes over, then the ledger counts a member")
    func anUpgradeKeepsItsDeadlineUntilTheSocketTakesOver() throws {
        let ledger = ConnectionLedger(maxConnections: 1)
        let channel = try self.connection(ledger: ledger)
        try self.send(channel, "GET /r/x/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .switchingProtocols)))
        // After an upgrade the decoder is gone and bytes pass as they are; nothing here may read them as HTTP.
        let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        channel.pipeline.syncOperations.removeHandler(decoder, promise: nil)
        channel.embeddedEventLoop.run()
        try channel.writeInbound(channel.allocator.buffer(bytes: [0x81, 0x80, 1, 2, 3, 4]))
        try channel.writeOutbound(channel.allocator.buffer(bytes: [0x81, 0x00]))
        RequestDeadlines.socketTookOver(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        // The only connection is a member's now: a newcomer is refused rather than letting it go.
        guard case .refused = ledger.admit(EmbeddedChannel()) else {
            Issue.record("a member's socket was let go for a newcomer")
            return
        }
    }

    @Test("once an upgrade request has come whole, the answer is the house's: a crowd it is slow to answer is not closed for it")
    func anUpgradeWaitsForTheHouse() throws {
        let channel = try self.connection()
        try self.send(channel, "GET /r/x/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(channel.isActive)
    }

    @Test("an upgrade head that announces a body and never sends it is closed 10 s after the connection opened")
    func anUpgradeWithABodyThatNeverComesIsClosed() throws {
        let channel = try self.connection()
        try self.send(
            channel,
            "GET /r/x/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 1\r\n\r\n"
        )
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("an upgrade that is not made (a header it needs was missing) leaves an HTTP connection with its deadlines")
    func anUpgradeNotMadeIsHTTPAgain() throws {
        let channel = try self.connection()
        try self.send(channel, "GET /r/x/ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        _ = try channel.readInbound(as: HTTPServerRequestPart.self)
        _ = try channel.readInbound(as: HTTPServerRequestPart.self)
        try self.answer(channel)
        let written = try #require(try channel.readOutbound(as: HTTPServerResponsePart.self))
        guard case .head(let head) = written else {
            Issue.record("no head written")
            return
        }
        #expect(head.headers["X-Content-Type-Options"] == ["nosniff"])
        // The next head has the idle time, counted from the answer.
        channel.embeddedEventLoop.advanceTime(by: .seconds(14))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }
}
