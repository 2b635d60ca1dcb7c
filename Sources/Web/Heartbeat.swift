import NIOCore
import NIOWebSocket

/// Knows whether a room socket's peer is still there and still reading, at almost no cost for a quiet one.
///
/// The WebSocket library's own ping runs a task per connection that sleeps on the concurrency pool's
/// timers and wakes the connection's reader for every pong: for 19,000 café readers that was 16 % of a
/// core in thread switching alone (docs/PERFORMANCE.md). This handler does the same on the connection's
/// own event loop, with no task and no timer of its own: its loop's ``HeartbeatWheel`` has it look back
/// once a period. Every socket is pinged every other period, and a peer that has not answered its ping
/// within a period is gone: the connection is closed. So a quiet socket never goes more than two periods
/// without a frame from the house (a proxy's read timeout), and a dead or deaf one is closed within three.
///
/// Only a pong that echoes the ping's own random bytes counts. A peer that stopped reading cannot know
/// them; frames it sends (a request a second, each answered by the house) are not a sign that it reads,
/// and neither is a pong sent blindly. (Before, any frame counted, and a busy socket was never pinged: a
/// host's socket that never read and asked for the member list eight times a second was never let go.)
///
/// Sits just after the frame decoder, so it sees frames both ways; pongs stop here, as nothing above
/// needs them. It also keeps the house to RFC 6455's last word: once a close frame has gone out, nothing
/// more does. The room writes straight to the socket (SocketOutbox), and so does its close, while the
/// library answers a peer's close through its own writer; whichever comes second is not sent.
final class Heartbeat: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let wheels: HeartbeatWheels
    /// Where it sits on its loop's wheel, and the context it looks through, while it is in the pipeline.
    private var place: (wheel: HeartbeatWheel, slot: Int, context: ChannelHandlerContext)?
    /// The bytes of the ping waiting for its pong, if one is.
    private var awaiting: UInt64?
    /// Whether the last look sent a ping that has since been answered: this look sends none.
    private var answered = false
    private var closeSent = false
    /// Once a close frame has gone out: the house's side is ended after the close handshake's time, answered
    /// or not, and the socket closed ``linger`` later. (The library waits for the answer only once its
    /// handler has returned, and a close it sends on a broken frame does not end the handler.)
    private var closing: Scheduled<Void>?

    /// How long a socket whose close went unanswered is still read from after the house's side is ended.
    ///
    /// A reader closed for being slow has the close frame behind what it has not read yet. Were the socket
    /// closed outright, anything the page sent after it (a typing signal, a frame already on its way) would be
    /// answered by the kernel with a reset that throws away everything unsent, the close frame too, and the
    /// page would see the connection drop (1006) instead of why (4408). Half closed, the close frame and the
    /// end follow what was sent, and what the page still sends is read and let go. A slow phone reads what can
    /// be ahead of it (what its own receive window took, and 16 KiB the kernel had not sent) well within this;
    /// one that reads nothing at all is closed after it.
    static let linger: TimeAmount = .seconds(30)

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
        let loop = context.eventLoop.assumeIsolated()
        self.closing = loop.scheduleTask(in: self.wheels.closeAfter) {
            context.close(mode: .output, promise: nil)
            // A peer that had ended its side already makes that a full close, which took this off its wheel.
            guard self.place != nil, context.channel.isActive else { return }
            self.closing = loop.scheduleTask(in: Self.linger) { context.close(promise: nil) }
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
        let frame = self.unwrapInboundIn(data)
        guard frame.opcode == .pong else {
            context.fireChannelRead(data)
            return
        }
        var echoed = frame.unmaskedData
        if let awaiting = self.awaiting, echoed.readableBytes == 8, echoed.readInteger(as: UInt64.self) == awaiting {
            self.awaiting = nil
            self.answered = true
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !self.closeSent else {
            // As for a closed channel, which both the room and the library take quietly.
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if self.unwrapOutboundIn(data).opcode == .connectionClose { self.sentClose(context: context) }
        context.write(data, promise: promise)
    }

    /// Once a period, from the wheel: did the peer answer, and is it time to ask again?
    func look() {
        guard let context = self.place?.context, context.channel.isActive, !self.closeSent else { return }
        if self.awaiting != nil {
            // Said, for a peer that is there but not answering (a gone one never reads it): 1001, then closed.
            var reason = context.channel.allocator.buffer(capacity: 2)
            reason.write(webSocketErrorCode: .goingAway)
            let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: reason)
            self.sentClose(context: context)
            context.writeAndFlush(self.wrapOutboundOut(close)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        if self.answered {
            self.answered = false
            return
        }
        let bytes = UInt64.random(in: .min ... .max)
        var data = context.channel.allocator.buffer(capacity: 8)
        data.writeInteger(bytes)
        context.writeAndFlush(self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: data)), promise: nil)
        self.awaiting = bytes
    }
}
