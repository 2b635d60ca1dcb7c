import NIOCore
import NIOWebSocket

/// Knows whether a room socket's peer is still there, at almost no cost for a quiet one.
///
/// The WebSocket library's own ping runs a task per connection that sleeps on the concurrency pool's
/// timers and wakes the connection's reader for every pong: for 19,000 café readers that was 16 % of a
/// core in thread switching alone (docs/PERFORMANCE.md). This handler does the same on the connection's
/// own event loop, one timer per connection and no task: once a period it looks back. A peer that has
/// not answered the last ping is gone, and the connection is closed. A connection that was quiet either
/// way (nothing heard, or nothing sent, which a proxy's read timeout would count against it) gets a ping.
/// A busy one is never pinged. So a quiet socket is pinged every other period and never goes more than
/// two periods without a frame from the house; a dead one is closed within three.
///
/// Sits just after the frame decoder, so it sees frames both ways; pongs stop here, as nothing above
/// needs them.
final class Heartbeat: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let period: TimeAmount
    private var heard = false
    private var spoke = false
    private var awaitingPong = false
    private var next: Scheduled<Void>?

    init(period: TimeAmount) {
        self.period = period
    }

    /// Puts a heartbeat on an upgraded room socket, after its frame decoder. Runs on the channel's loop.
    static func add(to channel: any Channel, period: TimeAmount) -> EventLoopFuture<Void> {
        channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
            try pipeline.addHandler(Heartbeat(period: period), position: .after(decoder))
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.schedule(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.next?.cancel()
        self.next = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.next?.cancel()
        self.next = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.heard = true
        if self.unwrapInboundIn(data).opcode == .pong { return }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        self.spoke = true
        context.write(data, promise: promise)
    }

    private func schedule(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.next = context.eventLoop.assumeIsolated().scheduleTask(in: self.period) {
            self.look(context: loopBound.value)
        }
    }

    private func look(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if self.awaitingPong, !self.heard {
            // Said, for a peer that is there but not answering (a gone one never reads it): 1001, then closed.
            var reason = context.channel.allocator.buffer(capacity: 2)
            reason.write(webSocketErrorCode: .goingAway)
            let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: reason)
            context.writeAndFlush(self.wrapOutboundOut(close)).whenComplete { _ in context.close(promise: nil) }
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
        self.schedule(context: context)
    }
}
