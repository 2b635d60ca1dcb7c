import DequeModule
import NIOCore
import NIOWebSocket

/// Holds a room socket's frames while the kernel takes no more, so that what waits is the house's to drop.
///
/// The room writes frames straight to the channel (``SocketOutbox``). Had they all gone on to NIO, a peer
/// that stopped reading would have megabytes queued ahead of anything the house said next, its close
/// frame too: a reader closed for being too slow never saw why (4408), only the connection dropping. Here
/// frames go on only while the channel is writable (NIO holds at most its high-water mark, 64 KiB), and
/// the rest wait in this queue. A close frame goes straight through and the queue is dropped: the page
/// reads what was already on its way, then the close, and resumes from the last frame it saw, so nothing
/// dropped here is missed unknowingly. The queue's bound is the outbox's (frames and bytes); past it the
/// outbox closes the socket.
///
/// Sits right after the heartbeat on a room socket, so the heartbeat's pings pass it by. On the channel's
/// event loop only.
final class SocketGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var held: Deque<(frame: NIOAny, promise: EventLoopPromise<Void>?)> = []

    /// Puts a gate on an upgraded room socket, right after its heartbeat. On the channel's loop.
    static func add(to pipeline: ChannelPipeline.SynchronousOperations) throws {
        let heartbeat = try pipeline.handler(type: Heartbeat.self)
        try pipeline.addHandler(SocketGate(), position: .after(heartbeat))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if self.unwrapOutboundIn(data).opcode == .connectionClose {
            self.drop()
            context.write(data, promise: promise)
        } else if self.held.isEmpty, context.channel.isWritable {
            context.write(data, promise: promise)
        } else {
            self.held.append((data, promise))
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, !self.held.isEmpty {
            while context.channel.isWritable, let next = self.held.popFirst() {
                context.write(next.frame, promise: next.promise)
            }
            context.flush()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.drop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.drop()
    }

    /// Lets go of every frame still waiting: each one's writer hears it was not sent.
    private func drop() {
        let dropped = self.held
        self.held.removeAll()
        for (_, promise) in dropped { promise?.fail(ChannelError.ioOnClosedChannel) }
    }
}
