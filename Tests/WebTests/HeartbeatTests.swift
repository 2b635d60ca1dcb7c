import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import Web

/// The heartbeat on an embedded channel, whose clock only moves when the test moves it.
@Suite("A room socket's heartbeat")
struct HeartbeatTests {
    private func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(Heartbeat(wheels: HeartbeatWheels(period: .seconds(30))))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func channels(_ count: Int, on loop: EmbeddedEventLoop, wheels: HeartbeatWheels) throws -> [EmbeddedChannel] {
        try (0..<count).map { _ in
            let channel = EmbeddedChannel(loop: loop)
            try channel.pipeline.syncOperations.addHandler(Heartbeat(wheels: wheels))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            return channel
        }
    }

    private func pings(_ channel: EmbeddedChannel) throws -> Int {
        try self.pingFrames(channel).count
    }

    private func pingFrames(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        var pings: [WebSocketFrame] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) {
            if frame.opcode == .ping { pings.append(frame) }
        }
        return pings
    }

    /// Answers a ping as a browser does: a pong with the ping's own bytes.
    private func answer(_ ping: WebSocketFrame, on channel: EmbeddedChannel) throws {
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .pong, data: ping.data))
    }

    private func frame(_ opcode: WebSocketOpcode) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, data: ByteBuffer())
    }

    @Test("a quiet peer that answers is pinged every other period and kept; its pongs go no further")
    func quietPeerIsKept() throws {
        let channel = try self.channel()
        for _ in 0..<5 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(30))
            let pings = try self.pingFrames(channel)
            #expect(pings.count == 1)
            #expect(pings.first?.data.readableBytes == 8)
            try self.answer(try #require(pings.first), on: channel)
            #expect(try channel.readInbound(as: WebSocketFrame.self) == nil)
            channel.embeddedEventLoop.advanceTime(by: .seconds(30))
            #expect(try self.pings(channel) == 0)
        }
        #expect(channel.isActive)
    }

    @Test("a peer that does not answer a ping within a period is closed")
    func silentPeerIsClosed() throws {
        let channel = try self.channel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(try self.pings(channel) == 1)
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(!channel.isActive)
    }

    @Test("a busy peer that answers is pinged every other period like a quiet one, and kept")
    func busyPeerIsPingedToo() throws {
        let channel = try self.channel()
        var pinged = 0
        for _ in 0..<6 {
            try channel.writeInbound(self.frame(.text))
            try channel.writeOutbound(self.frame(.text))
            channel.embeddedEventLoop.advanceTime(by: .seconds(30))
            #expect(try channel.readInbound(as: WebSocketFrame.self)?.opcode == .text)
            for ping in try self.pingFrames(channel) {
                pinged += 1
                try self.answer(ping, on: channel)
            }
        }
        #expect(pinged == 3)
        #expect(channel.isActive)
    }

    @Test("a peer that never reads is closed however much it sends: frames and a blind pong are no answer")
    func busyPeerThatNeverReadsIsClosed() throws {
        let channel = try self.channel()
        // A request every few seconds, each answered by the house, as a socket asking for the member list does.
        try channel.writeInbound(self.frame(.text))
        try channel.writeOutbound(self.frame(.text))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(try self.pings(channel) == 1)
        var blind = ByteBuffer()
        blind.writeInteger(UInt64(42))
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .pong, data: blind))
        try channel.writeInbound(self.frame(.text))
        try channel.writeOutbound(self.frame(.text))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(!channel.isActive)
    }

    @Test("sockets that came at different moments share their loop's wheel: each is looked at once a period, a full period after it came")
    func wheelLooksAtEachOncePerPeriod() throws {
        let loop = EmbeddedEventLoop()
        let wheels = HeartbeatWheels(period: .seconds(30))
        let early = try self.channels(3, on: loop, wheels: wheels)
        loop.advanceTime(by: .seconds(10))
        let late = try self.channels(3, on: loop, wheels: wheels)
        loop.advanceTime(by: .seconds(20))
        #expect(try early.map(self.pings) == [1, 1, 1])
        #expect(try late.map(self.pings) == [0, 0, 0])
        loop.advanceTime(by: .seconds(10))
        #expect(try late.map(self.pings) == [1, 1, 1])
        // None answered: each is closed one period after its own ping, the late ones 10 s after the early.
        loop.advanceTime(by: .seconds(20))
        #expect(early.allSatisfy { !$0.isActive })
        #expect(late.allSatisfy { $0.isActive })
        loop.advanceTime(by: .seconds(10))
        #expect(late.allSatisfy { !$0.isActive })
    }

    @Test("once a close frame has gone out, nothing more does; 5 s later, answered or not, the house's side ends, and 30 s after that the socket")
    func nothingAfterClose() throws {
        let channel = EmbeddedChannel()
        // Nearer the socket than the heartbeat: sees each close it asks for, and keeps a half close from
        // closing the embedded channel outright (which knows no half closes).
        let closes = CloseRecorder()
        try channel.pipeline.syncOperations.addHandler(closes)
        try channel.pipeline.syncOperations.addHandler(Heartbeat(wheels: HeartbeatWheels(period: .seconds(30))))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        var reason = ByteBuffer()
        reason.write(webSocketErrorCode: .normalClosure)
        try channel.writeOutbound(WebSocketFrame(fin: true, opcode: .connectionClose, data: reason))
        #expect(try channel.readOutbound(as: WebSocketFrame.self)?.opcode == .connectionClose)
        #expect(throws: ChannelError.ioOnClosedChannel) { try channel.writeOutbound(self.frame(.text)) }
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(closes.modes.isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(closes.modes == [.output])
        // What the peer still sends is read, not answered with a reset.
        try channel.writeInbound(self.frame(.text))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(closes.modes == [.output, .all])
        #expect(!channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(try channel.readOutbound(as: WebSocketFrame.self) == nil)
    }
}

/// Records the closes asked for, and passes on only a full one.
private final class CloseRecorder: ChannelOutboundHandler {
    typealias OutboundIn = Any
    private(set) var modes: [CloseMode] = []

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        self.modes.append(mode)
        if mode == .all { context.close(mode: mode, promise: promise) } else { promise?.succeed(()) }
    }
}
