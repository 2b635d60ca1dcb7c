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
            return self.end(closingWith: code) ? .accepted : .ended
        }
    }

    private func write(_ frame: WebSocketFrame) -> Outbox.Result {
        let bytes = frame.data.readableBytes
        // Admitted and queued under one lock, so nothing admitted can fall in behind a close frame.
        let (admitted, first): (Outbox.Result, Bool) = self.state.withLockedValue { state in
            if state.ended { return (.ended, false) }
            // Over either bound, and the socket's own buffer full as well: a resuming member's few hundred missed
            // frames (at most the resume window's megabyte) fit, and so does a burst the loop has not yet written.
            let over = state.inFlight >= self.limit || state.bytesInFlight + bytes > self.byteLimit
            if over, !self.channel.isWritable { return (.full, false) }
            state.inFlight += 1
            state.bytesInFlight += bytes
            return (.accepted, Self.queue(frame, in: &state))
        }
        if first { self.scheduleDrain() }
        return admitted
    }

    /// Queues a frame for the event loop; true when the loop must be asked to write. What one turn of the room
    /// says to this connection (a welcome and what may be done; a joined and a new shape) goes in one visit to
    /// the loop and one write to the kernel: a visit and a system call per frame were a good part of letting a
    /// member in. Under the state's lock.
    private static func queue(_ frame: WebSocketFrame, in state: inout State) -> Bool {
        state.pending.append(frame)
        defer { state.drainScheduled = true }
        return !state.drainScheduled
    }

    private func scheduleDrain() {
        self.channel.eventLoop.execute { self.drain() }
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
        self.end(closingWith: .tooSlow)
    }

    /// The connection ended (the peer closed, or the socket did): the room letting go of it later sends nothing.
    func connectionEnded() {
        self.end(closingWith: nil)
    }

    /// Marks the outbox ended and queues the close frame, if one is to be said, in the same step: after what the
    /// room said before it, in order (the gate then drops whatever still waits, ``SocketGate``). True for the one
    /// call that ended it. The heartbeat closes the socket after the close handshake's time.
    @discardableResult
    private func end(closingWith code: CloseCode?) -> Bool {
        let frame = code.map(self.closeFrame)
        let (ended, first): (Bool, Bool) = self.state.withLockedValue { state in
            guard !state.ended else { return (false, false) }
            state.ended = true
            guard let frame else { return (true, false) }
            return (true, Self.queue(frame, in: &state))
        }
        if first { self.scheduleDrain() }
        return ended
    }

    private func closeFrame(_ code: CloseCode) -> WebSocketFrame {
        var data = self.channel.allocator.buffer(capacity: 2 + code.reason.utf8.count)
        data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code.rawValue)))
        data.writeString(code.reason)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
