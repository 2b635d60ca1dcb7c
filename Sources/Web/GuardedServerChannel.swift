import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import RoomServer
import ServiceLifecycle

/// Wraps the HTTP/WebSocket channel of every connection with the house's own guards: a cap on open
/// connections that only members' sockets can fill, a deadline for each stage of a request, and a 400 for a
/// first head that cannot be parsed. On shutdown the Farewell closes whatever the ledger still holds.
struct GuardedServerChannel<Inner: ServerChildChannel>: ServerChildChannel {
    enum Value: ServerChildChannelValue {
        case served(Inner.Value)
        /// Over the cap: told so, and closed.
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .served(let value): value.channel
            case .refused(let channel): channel
            }
        }
    }

    let inner: Inner
    let ledger: ConnectionLedger
    let registry: RoomRegistry
    let timeouts: RequestDeadlines.Timeouts
    /// The whole HTTP response sent to a connection over the cap, and to one that comes during a restart.
    let busyResponse: String
    let restartingResponse: String

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // Shutting down: answered 503 at once, and nothing else is done for it.
        if self.registry.isStopping { return Self.refuse(channel, answer: self.restartingResponse) }
        switch self.ledger.admit(channel) {
        case .refused:
            return Self.refuse(channel, answer: self.busyResponse)
        case .admittedInPlaceOf(let idle):
            idle.close(promise: nil)
        case .admitted:
            break
        }
        let (ledger, timeouts) = (self.ledger, self.timeouts)
        channel.closeFuture.whenComplete { _ in ledger.closed(channel) }
        return self.inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(BadRequestAnswer(), position: .after(decoder))
            try operations.addHandler(RequestDeadlines(timeouts: timeouts, ledger: ledger), position: .after(decoder))
            return .served(value)
        }
    }

    private static func refuse(_ channel: any Channel, answer: String) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(BusyAnswer(response: answer))
            return .refused(channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        switch value {
        case .refused(let channel):
            try? await channel.closeFuture.get()
        case .served(let served):
            if await SocketHandOff.handedOff(served) { return }
            await self.inner.handle(value: served, logger: logger)
        }
    }
}

/// Tells a connection over the cap that the house is busy (or, during a restart, restarting), then closes it.
///
/// Half-closes first and reads what the client sent: closing a socket with unread input resets it,
/// and the client might then never see the answer.
final class BusyAnswer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let response: String
    private var lingering: Scheduled<Void>?

    init(response: String) {
        self.response = response
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.answer(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Discarded: whatever was asked, the answer is the same.
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.lingering?.cancel()
        context.fireChannelInactive()
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard self.lingering == nil else { return }
        let channel = context.channel
        self.lingering = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) {
            channel.close(promise: nil)
        }
        context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: self.response))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
    }
}
