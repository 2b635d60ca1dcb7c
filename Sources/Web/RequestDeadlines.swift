import NIOCore
import NIOHTTP1

/// One deadline for each stage of an HTTP connection, that no byte pattern can move.
///
/// - A new connection has `firstRequest` to send its whole first request head.
/// - A request has `body` from its head to the end of its body, whether a handler reads the body or not
///   (Hummingbird drains a body nobody read, and drained bytes must not keep a connection), and at most
///   `maxBodyBytes` of it.
/// - A kept-alive connection has `idle` from the end of an answer to the whole of its next head.
/// - While the house is answering, no deadline runs: that is the handler's time.
///
/// The clock moves only on the HTTP decoder's parts, never on bytes: a head that begins with blank lines or
/// comes one byte every few seconds is a head that has not arrived, and a body that trickles is still a
/// body that has not ended. (A byte scanner for CR LF CR LF took the blank lines before a request line for a
/// finished head, and Hummingbird's idle timer starts again on every byte.)
///
/// It also puts the security headers every answer needs on answers the libraries write themselves.
///
/// Sits right after the HTTP decoder. A WebSocket upgrade request keeps the head's deadline until its end has
/// come (NIO's upgrader waits for the end, so a body announced and never sent would otherwise hold the
/// connection for ever); from then on the house owes the answer and no deadline runs. A 101 makes this a
/// bystander that passes everything on unread (raw bytes pass here then, not HTTP parts), until the room
/// socket takes the connection over (``socketTookOver(_:)``). Any other answer (the upgrade refused, or not
/// one after all because a header it needs was missing) puts the connection back under the HTTP deadlines.
final class RequestDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The stages' times, and the body's bound.
    struct Timeouts: Sendable {
        var firstRequest: TimeAmount
        var body: TimeAmount
        var idle: TimeAmount
        var maxBodyBytes: Int
    }

    private let timeouts: Timeouts
    private let ledger: ConnectionLedger
    private var deadline: Scheduled<Void>?
    private var headsSeen = 0
    /// A request's head came and its end has not.
    private var reading = false
    /// Requests whose answer has not been written to its end.
    private var answersOwed = 0
    private var bodyBytes = 0
    /// A WebSocket upgrade was asked for, and whether its request's end and the answer's head have passed:
    /// after a 101, what passes is raw bytes.
    private var upgrading = false
    private var upgradeRequestEnded = false
    private var upgradeAnswered = false

    init(timeouts: Timeouts, ledger: ConnectionLedger) {
        self.timeouts = timeouts
        self.ledger = ledger
    }

    /// A room socket took this connection over: no HTTP deadline applies to it any longer, and the ledger
    /// counts it as a member's, never to be let go for a newcomer. On the channel's event loop.
    static func socketTookOver(_ channel: any Channel) {
        let pipeline = channel.pipeline.syncOperations
        guard let deadlines = try? pipeline.handler(type: RequestDeadlines.self) else { return }
        deadlines.ledger.becameSocket(channel)
        pipeline.removeHandler(deadlines, promise: nil)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.arm(context, in: self.timeouts.firstRequest)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.deadline?.cancel()
        self.deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.upgrading else {
            self.readWhileUpgrading(context, data)
            return
        }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            if self.headsSeen == 0 { self.ledger.headReceived(context.channel) }
            self.headsSeen += 1
            if Self.asksForWebSocket(head) {
                // The head's deadline runs on until the request's end (readWhileUpgrading).
                self.upgrading = true
                self.upgradeRequestEnded = false
                self.upgradeAnswered = false
                self.bodyBytes = 0
            } else {
                self.reading = true
                self.answersOwed += 1
                self.bodyBytes = 0
                self.arm(context, in: self.timeouts.body)
            }
        case .body(let part):
            guard self.bodyFits(part, context) else { return }
        case .end:
            self.reading = false
            self.settle(context)
        }
        context.fireChannelRead(data)
    }

    /// Until the upgrade request's end, its parts are still HTTP; after a 101 they are raw bytes.
    private func readWhileUpgrading(_ context: ChannelHandlerContext, _ data: NIOAny) {
        guard !self.upgradeRequestEnded else {
            context.fireChannelRead(data)
            return
        }
        switch self.unwrapInboundIn(data) {
        case .head:
            break
        case .body(let part):
            guard self.bodyFits(part, context) else { return }
        case .end:
            // The house answers now: the upgrade (101, and the room's socket takes over with its own heartbeat)
            // or a refusal. A deadline from here on only closed the pages the house itself was slow to answer
            // (a restart's crowd).
            self.upgradeRequestEnded = true
            self.deadline?.cancel()
            self.deadline = nil
        }
        context.fireChannelRead(data)
    }

    /// Counts a part of a body against its bound; past it, the connection is closed and false returned.
    private func bodyFits(_ part: ByteBuffer, _ context: ChannelHandlerContext) -> Bool {
        self.bodyBytes += part.readableBytes
        guard self.bodyBytes <= self.timeouts.maxBodyBytes else {
            context.close(promise: nil)
            return false
        }
        return true
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Until the answer's head has passed, what is written here is HTTP parts: NIO's upgrader writes its 101
        // through the HTTP encoder before it takes the encoder out.
        if self.upgrading {
            guard !self.upgradeAnswered else {
                context.write(data, promise: promise)
                return
            }
            guard case .head(let head) = self.unwrapOutboundIn(data), head.status != .switchingProtocols else {
                self.upgradeAnswered = true
                context.write(data, promise: promise)
                return
            }
            // Not upgraded: an ordinary answer, and the connection is HTTP again, with its deadlines.
            self.upgrading = false
            self.answersOwed += 1
            self.reading = !self.upgradeRequestEnded
            if self.reading { self.arm(context, in: self.timeouts.body) }
        }
        switch self.unwrapOutboundIn(data) {
        case .head(var head) where Self.lacksFloor(head.headers):
            Self.addFloor(&head.headers)
            context.write(self.wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            self.answersOwed = max(0, self.answersOwed - 1)
            self.settle(context)
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    // MARK: Headers on answers the libraries write themselves

    /// The headers every answer carries. The house's own pages get them (and more) from
    /// SecurityHeadersMiddleware; a 400 that Hummingbird writes for a request it could not parse never
    /// passes a middleware, so it gets them here.
    private static let floor: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ]

    private static func lacksFloor(_ headers: HTTPHeaders) -> Bool {
        !headers.contains(name: "X-Content-Type-Options")
    }

    private static func addFloor(_ headers: inout HTTPHeaders) {
        for (name, value) in Self.floor where !headers.contains(name: name) { headers.add(name: name, value: value) }
    }

    /// After a request's end or an answer's end: the body's deadline keeps running while a body is still
    /// coming; none runs while the house owes an answer; otherwise the next head's time starts now.
    private func settle(_ context: ChannelHandlerContext) {
        if self.reading { return }
        if self.answersOwed > 0 {
            self.deadline?.cancel()
            self.deadline = nil
        } else {
            self.arm(context, in: self.timeouts.idle)
        }
    }

    private func arm(_ context: ChannelHandlerContext, in time: TimeAmount) {
        self.deadline?.cancel()
        let channel = context.channel
        self.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: time) {
            channel.close(promise: nil)
        }
    }

    private static func asksForWebSocket(_ head: HTTPRequestHead) -> Bool {
        head.headers[canonicalForm: "upgrade"].contains { $0.lowercased() == "websocket" }
    }
}
