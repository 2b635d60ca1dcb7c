import Synchronization

/// What a live room hands to one connection's writer.
public enum Outgoing: Sendable, Equatable {
    /// A JSON text frame.
    case frame(String)
    /// A JSON text frame said to several connections at once (``SharedFrame``).
    case shared(SharedFrame)
    /// Close the connection with this code; the client shows the reason in words.
    case close(CloseCode)
}

/// One frame for everyone in a room: whichever connection turns it into bytes first (and compresses
/// them, when it speaks permessage-deflate) leaves them here for the rest, so a message said to ten is
/// encoded once. It lives only as long as it is being sent: when the last connection has written it,
/// it is gone, bytes and all. Nothing keeps it for later.
public final class SharedFrame: Sendable, Equatable {
    public let text: String
    private let made = Mutex<[Int32: any Sendable]>([:])

    public init(_ text: String) {
        self.text = text
    }

    /// What a writer made of the text for `form` (say, a deflate window; 0 for none): made by the first
    /// writer that asks, then the same for every other.
    public func made<Bytes: Sendable>(as form: Int32, by make: () -> Bytes) -> Bytes {
        self.made.withLock { made in
            if let bytes = made[form] as? Bytes { return bytes }
            let bytes = make()
            made[form] = bytes
            return bytes
        }
    }

    public static func == (lhs: SharedFrame, rhs: SharedFrame) -> Bool {
        lhs.text == rhs.text
    }
}

/// WebSocket close codes the server uses (docs/PROTOCOL.md).
public enum CloseCode: UInt16, Sendable, Equatable {
    case normal = 1000
    /// The server is restarting: reconnect in a moment.
    case goingAway = 1001
    /// Sent far too many frames too fast.
    case policyViolation = 1008
    /// No valid member key for this room (never had one, or it was removed).
    case notMember = 4401
    /// The page's origin is not this house.
    case forbidden = 4403
    /// No such room.
    case unknownRoom = 4404
    /// Removed from the group: the key no longer works.
    case removed = 4410
    /// Stepped out of the group: the key was deleted.
    case steppedOut = 4411
    /// The room is closed to newcomers for this meeting.
    case locked = 4423
    /// A practice meeting is over (it ended, or ran out of time): a new one can be started.
    case practiceOver = 4412
    /// The membership moved to a new phone's browser: this one's key no longer works.
    case moved = 4413
    /// As many are present as whoever holds control allowed: wait, then try again.
    case capped = 4430
    /// Fell too far behind reading: dropped, may reconnect and resume.
    case tooSlow = 4408
    /// Connected too often in a short while: wait, then try again.
    case tooFast = 4420
    /// The room (or this member's number of open connections) is full.
    case full = 4429

    /// The reason text sent with the close frame: a code, never words or names.
    public var reason: String {
        switch self {
        case .normal: "bye"
        case .goingAway: "restarting"
        case .policyViolation: "flood"
        case .notMember: "not-member"
        case .forbidden: "forbidden"
        case .unknownRoom: "unknown-room"
        case .removed: "removed"
        case .steppedOut: "stepped-out"
        case .locked: "locked"
        case .practiceOver: "practice-over"
        case .moved: "moved"
        case .capped: "capped"
        case .tooSlow: "too-slow"
        case .tooFast: "too-fast"
        case .full: "full"
        }
    }
}

/// The sending end of one connection: where a live room puts what that connection should hear.
///
/// On a room socket it writes straight to the socket (the web layer's `SocketOutbox`), so no task per
/// connection waits on a queue; in tests and for the practice meeting's scripted members it is a bounded
/// stream that is read like a socket.
public struct Outbox: Sendable {
    /// What became of one thing handed to a connection.
    public enum Result: Sendable, Equatable {
        case accepted
        /// The connection already holds as much as it may: its reader is too slow.
        case full
        /// The connection is closing or closed.
        case ended
    }

    let sink: any OutboxSink

    public init(_ sink: any OutboxSink) {
        self.sink = sink
    }

    /// Hands the connection a frame, or asks it to close with a code. Every frame to a connection comes
    /// through here (a broadcast, a reply, the welcome, a resume), so there is one rule for a connection that
    /// cannot take it: when it is full, it is closed with 4408 at once, and its page resumes from the last
    /// frame it saw. A page never misses a frame without knowing it.
    @discardableResult
    public func yield(_ item: Outgoing) -> Result {
        let result = self.sink.send(item)
        if result == .full { self.sink.finish() }
        return result
    }

    /// Nothing more goes to this connection. If it is still open and no close was asked for, it has fallen
    /// too far behind: it is closed with 4408.
    public func finish() {
        self.sink.finish()
    }

    /// A bounded buffer for one connection: when it is full, the reader is too slow.
    public static func makeBounded(limit: Int) -> (AsyncStream<Outgoing>, Outbox) {
        let (stream, continuation) = AsyncStream.makeStream(of: Outgoing.self, bufferingPolicy: .bufferingOldest(limit))
        return (stream, Outbox(StreamSink(continuation: continuation)))
    }
}

/// What an ``Outbox`` hands its frames to.
public protocol OutboxSink: Sendable {
    func send(_ item: Outgoing) -> Outbox.Result
    func finish()
}

/// An outbox read as a stream.
private struct StreamSink: OutboxSink {
    let continuation: AsyncStream<Outgoing>.Continuation

    func send(_ item: Outgoing) -> Outbox.Result {
        // Read as a socket would: the text, whoever else it was said to.
        let item: Outgoing = if case .shared(let frame) = item { .frame(frame.text) } else { item }
        return switch self.continuation.yield(item) {
        case .enqueued: .accepted
        case .dropped: .full
        case .terminated: .ended
        @unknown default: .ended
        }
    }

    func finish() {
        self.continuation.finish()
    }
}
