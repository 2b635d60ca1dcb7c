import NIOCore
import NIOWebSocket

/// Knows whether a room socket's peer is still there, at almost no cost for a quiet one.
///
/// The WebSocket library's own ping runs a task per connection that sleeps on the concurrency pool's
/// timers and wakes the connection's reader for every pong: for 19,000 café readers that was 16 % of a
/// core in thread switching alone (docs/PERFORMANCE.md). This handler does the same on the connection's
/// own event loop, with no task and no timer of its own: its loop's ``HeartbeatWheel`` has it look back
/// once a period. A peer that has
/// not answered the last ping is gone, and the connection is closed. A connection that was quiet either
/// way (nothing heard, or nothing sent, which a proxy's read timeout would count against it) gets a ping.
/// A busy one is never pinged. So a quiet socket is pinged every other period and never goes more than
/// two periods without a frame from the house; a dead one is closed within three.
///
/// Sits just after the frame decoder, so it sees frames both ways; pongs stop here, as nothing above
/// needs them. It also keeps the house to RFC 6455's last word: once a close frame has gone out, nothing
/// more does. The room writes straight to the socket (SocketOutbox) while the library keeps the close
/// handshake, so a frame from the room could otherwise follow a close the library sent.
final class Heartbeat: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let wheels: HeartbeatWheels
    /// Where it sits on its loop's wheel, and the context it looks through, while it is in the pipeline.
    private var place: (wheel: HeartbeatWheel, slot: Int, context: ChannelHandlerContext)?
    private var heard = false
    private var spoke = false
    private var awaitingPong = false
    private var closeSent = false
    /// Once a close frame has gone out: the socket is closed after the close handshake's time, answered
    /// or not. (The library waits for the answer only once its handler has returned, and a close it sends
    /// on a broken frame does not end the handler.)
    private var closing: Scheduled<Void>?

    init(wheels: HeartbeatWheels) {
        self.wheels = wheels
    }

    /// Puts a heartbeat on an upgraded room socket, after its frame decoder. On the channel's loop.
    static func add(to pipeline: ChannelPipeline.SynchronousOperations, wheels: HeartbeatWheels) throws {
        let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
        try pipeline.addHandler(Heartbeat(wheels: wheels), position: .after(decoder))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let wheel = self.wheels.wheel(for: context.eventLoop)
        self.place = (wheel, wheel.add(self), context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.leaveWheel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.leaveWheel()
        context.fireChannelInactive()
    }

    private func sentClose(context: ChannelHandlerContext) {
        self.closeSent = true
        guard self.closing == nil else { return }
        self.closing = context.eventLoop.assumeIsolated().scheduleTask(in: self.wheels.closeAfter) {
            context.close(promise: nil)
        }
    }

    /// Off the wheel; it also lets go of the context, which holds the pipeline.
    private func leaveWheel() {
        self.closing?.cancel()
        self.closing = nil
        guard let place = self.place else { return }
        self.place = nil
        place.wheel.remove(self, from: place.slot)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.heard = true
        if self.unwrapInboundIn(data).opcode == .pong { return }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !self.closeSent else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        if self.unwrapOutboundIn(data).opcode == .connectionClose { self.sentClose(context: context) }
        self.spoke = true
        context.write(data, promise: promise)
    }

    /// Once a period, from the wheel: is the peer still there, and has the line been quiet?
    func look() {
        guard let context = self.place?.context, context.channel.isActive, !self.closeSent else { return }
        if self.awaitingPong, !self.heard {
            // Said, for a peer that is there but not answering (a gone one never reads it): 1001, then closed.
            var reason = context.channel.allocator.buffer(capacity: 2)
            reason.write(webSocketErrorCode: .goingAway)
            let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: reason)
            self.sentClose(context: context)
            context.writeAndFlush(self.wrapOutboundOut(close)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        let quiet = !self.heard || !self.spoke
        self.awaitingPong = false
        self.heard = false
        self.spoke = false
        if quiet {
            let ping = WebSocketFrame(fin: true, opcode: .ping, data: context.channel.allocator.buffer(capacity: 0))
            context.writeAndFlush(self.wrapOutboundOut(ping), promise: nil)
            self.awaitingPong = true
            // The ping is a frame from the house: the next period need not send another just for a proxy.
            self.spoke = true
        }
    }
}
