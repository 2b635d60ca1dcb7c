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
        try channel.pipeline.syncOperations.addHandler(Heartbeat(period: .seconds(30)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func pings(_ channel: EmbeddedChannel) throws -> Int {
        var count = 0
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) {
            if frame.opcode == .ping { count += 1 }
        }
        return count
    }

    private func frame(_ opcode: WebSocketOpcode) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, data: ByteBuffer())
    }

    @Test("a quiet peer that answers is pinged every other period and kept; its pongs go no further")
    func quietPeerIsKept() throws {
        let channel = try self.channel()
        for _ in 0..<5 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(30))
            #expect(try self.pings(channel) == 1)
            try channel.writeInbound(self.frame(.pong))
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

    @Test("a connection busy both ways is never pinged; one that only listens still is, for a proxy's sake")
    func busyIsNotPinged() throws {
        let channel = try self.channel()
        for _ in 0..<4 {
            try channel.writeInbound(self.frame(.text))
            try channel.writeOutbound(self.frame(.text))
            channel.embeddedEventLoop.advanceTime(by: .seconds(30))
            #expect(try self.pings(channel) == 0)
            #expect(try channel.readInbound(as: WebSocketFrame.self)?.opcode == .text)
        }
        // Frames go out, none come in: asked whether it is still there.
        try channel.writeOutbound(self.frame(.text))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(try self.pings(channel) == 1)
        // Frames come in, none go out (someone typing in a silent room): pinged, so a proxy sees traffic.
        try channel.writeInbound(self.frame(.text))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        try channel.writeInbound(self.frame(.text))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(try self.pings(channel) == 1)
        #expect(channel.isActive)
    }
}
