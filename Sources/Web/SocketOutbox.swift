import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
import RoomServer

/// One room socket's outbox: frames go from the room straight onto the connection's event loop.
///
/// Before, every connection had a queue and a writer task waiting on it, and each frame woke that task,
/// which then hopped through the WebSocket library's actor to the event loop. At 19,000 members that was
/// a task's memory per connection and three hand-overs per delivery (docs/PERFORMANCE.md). Now a frame is
/// made by whoever sends it (the room), once for all who hear it (SharedFrame), and handed to the event
/// loop once.
///
/// It is bounded the same way: frames written but not yet taken by the kernel are counted, and when a
/// connection holds `limit` of them and its socket's buffer is full too, its reader is too slow (``Outbox/Result/full``); the room then
/// finishes it and it is closed with 4408. A close goes through the library's writer, which keeps the
/// close handshake; it is queued after every frame sent before it. Either way the socket itself is
/// closed a few seconds later, so a peer that stopped reading cannot keep its buffers.
final class SocketOutbox: OutboxSink {
    private let channel: any Channel
    private let outbound: WebSocketOutboundWriter
    /// permessage-deflate, when this connection negotiated it.
    private let deflate: SharedDeflate?
    private let limit: Int
    private let closeAfter: TimeAmount
    private let state = NIOLockedValueBox(State())

    private struct State {
        /// Frames written to the channel and not yet taken by the kernel.
        var inFlight = 0
        /// A close was asked for, the room let go, or the connection ended: nothing more is sent.
        var ended = false
    }

    init(
        channel: any Channel,
        outbound: WebSocketOutboundWriter,
        deflate: SharedDeflate?,
        limit: Int,
        closeAfter: TimeAmount
    ) {
        self.channel = channel
        self.outbound = outbound
        self.deflate = deflate
        self.limit = limit
        self.closeAfter = closeAfter
    }

    /// Whether a close was asked for (or the connection ended): what the peer says after that is not heard.
    var isEnded: Bool { self.state.withLockedValue { $0.ended } }

    func send(_ item: Outgoing) -> Outbox.Result {
        switch item {
        case .frame(let text):
            return self.write { self.encode(text) }
        case .shared(let shared):
            // Window 0 stands for "not compressed".
            return self.write { shared.made(as: self.deflate?.window ?? 0) { self.encode(shared.text) } }
        case .close(let code):
            guard self.end() else { return .ended }
            self.close(code)
            return .accepted
        }
    }

    private func write(_ frame: () -> WebSocketFrame) -> Outbox.Result {
        let admitted: Outbox.Result = self.state.withLockedValue { state in
            if state.ended { return .ended }
            // As before, when a queue and a writer task stood here: `limit` frames waiting, and the socket's
            // own buffer (64 KiB) full as well. A resuming member's few hundred missed frames fit.
            if state.inFlight >= self.limit, !self.channel.isWritable { return .full }
            state.inFlight += 1
            return .accepted
        }
        guard admitted == .accepted else { return admitted }
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { _ in self.state.withLockedValue { $0.inFlight -= 1 } }
        self.channel.writeAndFlush(frame(), promise: written)
        return .accepted
    }

    private func encode(_ text: String) -> WebSocketFrame {
        let frame = WebSocketFrame(fin: true, opcode: .text, data: self.channel.allocator.buffer(string: text))
        guard let deflate = self.deflate else { return frame }
        // A frame that will not compress goes as it is: permessage-deflate allows a plain message.
        return (try? deflate.deflated(frame)) ?? frame
    }

    func finish() {
        guard self.end() else { return }
        self.close(.tooSlow)
    }

    /// The connection ended (the peer closed, or the socket did): the room letting go of it later sends nothing.
    func connectionEnded() {
        _ = self.end()
    }

    /// Marks the outbox ended; true for the one call that did.
    private func end() -> Bool {
        self.state.withLockedValue { state in
            defer { state.ended = true }
            return !state.ended
        }
    }

    private func close(_ code: CloseCode) {
        let outbound = self.outbound
        // The library keeps the close handshake, and its writer is async: a short task, only while closing.
        Task { try? await outbound.close(code) }
        let channel = self.channel
        channel.eventLoop.scheduleTask(in: self.closeAfter) { channel.close(promise: nil) }
    }
}
