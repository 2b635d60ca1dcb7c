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
/// It is bounded in frames and in bytes: what was handed to the socket and not yet taken by the kernel is
/// counted (most of it waits in the socket's ``SocketGate``). When a connection holds `limit` frames or
/// `byteLimit` bytes and its socket takes no more, its reader is too slow (``Outbox/Result/full``) and the
/// outbox closes it with 4408. (Frames alone let a host's socket that never read pile up a hundred
/// megabytes of 225 KB member lists.) The close frame is written here, straight to the socket like every
/// other frame: the library's writer waits for a socket that takes more, which a reader that stopped never
/// does, so the close it was asked for never went. The gate drops what waits before it; the heartbeat
/// closes the socket itself a few seconds after its close frame, answered or not, so a peer that stopped
/// reading cannot keep its buffers.
final class SocketOutbox: OutboxSink {
    private let channel: any Channel
    /// permessage-deflate, when this connection negotiated it.
    private let deflate: SharedDeflate?
    private let limit: Int
    private let byteLimit: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        /// Frames handed to the channel and not yet taken by the kernel (or dropped), and their bytes.
        var inFlight = 0
        var bytesInFlight = 0
        /// A close was asked for, the room let go, or the connection ended: nothing more is sent.
        var ended = false
        /// Frames waiting for the event loop, in order, and whether it has been asked to write them.
        var pending: [WebSocketFrame] = []
        var drainScheduled = false
    }

    init(channel: any Channel, deflate: SharedDeflate?, limit: Int, byteLimit: Int) {
        self.channel = channel
        self.deflate = deflate
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// Whether a close was asked for (or the connection ended): what the peer says after that is not heard.
    var isEnded: Bool { self.state.withLockedValue { $0.ended } }

    func send(_ item: Outgoing) -> Outbox.Result {
        switch item {
        case .frame(let text):
            return self.write(self.encode(text))
        case .shared(let shared):
            // Window 0 stands for "not compressed".
            return self.write(shared.made(as: self.deflate?.window ?? 0) { self.encode(shared.text) })
        case .close(let code):
            guard self.end() else { return .ended }
            self.close(code)
            return .accepted
        }
    }

    private func write(_ frame: WebSocketFrame) -> Outbox.Result {
        let bytes = frame.data.readableBytes
        let admitted: Outbox.Result = self.state.withLockedValue { state in
            if state.ended { return .ended }
            // Over either bound, and the socket's own buffer full as well: a resuming member's few hundred missed
            // frames (at most the resume window's megabyte) fit, and so does a burst the loop has not yet written.
            let over = state.inFlight >= self.limit || state.bytesInFlight + bytes > self.byteLimit
            if over, !self.channel.isWritable { return .full }
            state.inFlight += 1
            state.bytesInFlight += bytes
            return .accepted
        }
        guard admitted == .accepted else { return admitted }
        self.enqueue(frame)
        return .accepted
    }

    /// Hands a frame to the event loop. What one turn of the room says to this connection (a welcome and what
    /// may be done; a joined and a new shape) goes in one visit to the loop and one write to the kernel: a
    /// visit and a system call per frame were a good part of letting a member in.
    private func enqueue(_ frame: WebSocketFrame) {
        let first = self.state.withLockedValue { state in
            state.pending.append(frame)
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
        if first { self.channel.eventLoop.execute { self.drain() } }
    }

    /// On the event loop: writes every frame waiting, then flushes once.
    private func drain() {
        let frames = self.state.withLockedValue { state in
            defer {
                state.pending.removeAll(keepingCapacity: false)
                state.drainScheduled = false
            }
            return state.pending
        }
        for frame in frames {
            // A close frame is not counted: it is the last thing sent.
            guard frame.opcode != .connectionClose else {
                self.channel.write(frame, promise: nil)
                continue
            }
            let bytes = frame.data.readableBytes
            let written = self.channel.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in
                self.state.withLockedValue { state in
                    state.inFlight -= 1
                    state.bytesInFlight -= bytes
                }
            }
            self.channel.write(frame, promise: written)
        }
        self.channel.flush()
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

    /// Sends the close frame ahead of whatever still waits (``SocketGate``). The heartbeat closes the socket
    /// after the close handshake's time.
    private func close(_ code: CloseCode) {
        var data = self.channel.allocator.buffer(capacity: 2 + code.reason.utf8.count)
        data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code.rawValue)))
        data.writeString(code.reason)
        // After what the room said before it, in the same order: the gate then drops whatever still waits.
        self.enqueue(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
    }
}
