import NIOCore

/// Closes a connection that has not sent a whole request head within its deadline.
///
/// Sits first in the pipeline and looks at raw bytes for the blank line that ends an HTTP head, so it
/// covers what Hummingbird's idle timeout does not: a connection that never sends a request, or sends one
/// byte at a time (slowloris), and a WebSocket upgrade that never completes. Once the head is in, it
/// steps out of the pipeline; later requests on a kept-alive connection are timed by Hummingbird's
/// idle timeout. (Behind TLS terminated in this process it would have to sit after the TLS handler.)
final class FirstRequestDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let ledger: ConnectionLedger
    private var deadline: Scheduled<Void>?
    /// The last bytes seen, so a CR LF CR LF split across reads is still found.
    private var recent: UInt32 = 0

    init(timeout: TimeAmount, ledger: ConnectionLedger) {
        self.timeout = timeout
        self.ledger = ledger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        self.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: self.timeout) {
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.deadline?.cancel()
        self.deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        let complete = self.scan(buffer)
        context.fireChannelRead(data)
        if complete {
            self.deadline?.cancel()
            self.deadline = nil
            self.ledger.headReceived(context.channel)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    /// Whether the bytes so far hold the end of a request head (CR LF CR LF).
    private func scan(_ buffer: ByteBuffer) -> Bool {
        let endOfHead: UInt32 = 0x0D0A_0D0A
        return buffer.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                self.recent = (self.recent << 8) | UInt32(byte)
                if self.recent == endOfHead { return true }
            }
            return false
        }
    }
}
