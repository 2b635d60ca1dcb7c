import NIOCore
import NIOHTTP1

/// Answers a first request that cannot be parsed with 400 and closes the connection.
///
/// Hummingbird answers parse errors once a request is under way, but an error in the very first
/// head (a header too large, too many headers, Content-Length with Transfer-Encoding) happens while
/// the WebSocket upgrade handler still owns the pipeline, and nothing answered it: the connection
/// stayed open for good. This handler sits right after the HTTP decoder and stays out of the way once
/// a request has passed it. (Its answer gets the security headers from ``RequestDeadlines``, which sits
/// between it and the encoder.)
final class BadRequestAnswer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var requestSeen = false
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Not unwrapped: after a WebSocket upgrade, raw bytes pass here on their way to the frame decoder.
        self.requestSeen = true
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !self.requestSeen, error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !self.answered else { return }
        self.answered = true
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(self.wrapOutboundOut(.end(nil))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
