import NIOCore
import NIOEmbedded
import NIOWebSocket
import RoomServer
import Testing

@testable import Web

/// A room socket's outbox and gate on an embedded channel: what a reader that stopped reading costs the
/// house, and what it is told.
@Suite("A room socket's outbox and gate")
struct SocketGateTests {
    private func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(SocketGate())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func text(_ channel: EmbeddedChannel, _ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(string: text))
    }

    private func written(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        var frames: [WebSocketFrame] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) { frames.append(frame) }
        return frames
    }

    private func closeCode(_ frame: WebSocketFrame?) -> UInt16? {
        guard var data = frame?.data, frame?.opcode == .connectionClose else { return nil }
        return data.readInteger(as: UInt16.self)
    }

    @Test("frames go on while the socket takes them, wait while it does not, and go on in order when it does again")
    func holdsWhileNotWritable() throws {
        let channel = try self.channel()
        channel.writeAndFlush(self.text(channel, "1"), promise: nil)
        channel.isWritable = false
        channel.writeAndFlush(self.text(channel, "2"), promise: nil)
        channel.writeAndFlush(self.text(channel, "3"), promise: nil)
        #expect(try self.written(channel).map { String(buffer: $0.data) } == ["1"])
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try self.written(channel).map { String(buffer: $0.data) } == ["2", "3"])
    }

    @Test("a close frame goes ahead of what waits, and what waited is dropped, each writer told so")
    func closeGoesFirst() throws {
        let channel = try self.channel()
        channel.isWritable = false
        let waiting = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(self.text(channel, "waiting"), promise: waiting)
        var reason = channel.allocator.buffer(capacity: 2)
        reason.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: 4408))
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: reason), promise: nil)
        let frames = try self.written(channel)
        #expect(frames.count == 1)
        #expect(self.closeCode(frames.first) == 4408)
        #expect(throws: ChannelError.ioOnClosedChannel) { try waiting.futureResult.wait() }
    }

    @Test("a reader that stopped is closed with 4408 once a few long replies wait: bounded in bytes, not only frames")
    func boundedInBytes() throws {
        let channel = try self.channel()
        let outbox = Outbox(SocketOutbox(channel: channel, deflate: nil, limit: 512, byteLimit: 1 << 20))
        // A member list of 1,000 long names is about 225 KB; the socket takes nothing.
        let reply = String(repeating: "x", count: 225_000)
        #expect(outbox.yield(.frame(reply)) == .accepted)
        channel.embeddedEventLoop.run()
        channel.isWritable = false
        var accepted = 1
        while outbox.yield(.frame(reply)) == .accepted {
            accepted += 1
            channel.embeddedEventLoop.run()
        }
        #expect(accepted <= 5)
        channel.embeddedEventLoop.run()
        // Closed at once: what reached the socket before it stopped, then the close with its reason.
        let frames = try self.written(channel)
        #expect(frames.count == 2)
        #expect(self.closeCode(frames.last) == 4408)
        #expect(outbox.yield(.frame("after")) == .ended)
    }
}
