import Foundation
import NIOConcurrencyHelpers
import NIOCore
import OrderedCollections

/// The server's open connections, each in its stage: waiting for its first request head, speaking HTTP,
/// or a member's room socket.
///
/// Every connection costs a file descriptor, and the process has a fixed number of them. The ledger
/// keeps the total under a cap so there is always a descriptor left to answer with. When the cap is
/// reached, a connection that is not a member's room socket is let go to make room: the one that has
/// waited longest without sending a request, else the oldest one speaking HTTP (every HTTP stage has a
/// deadline, so none of them is anyone's for long: ``RequestDeadlines``). Only when every connection is a
/// member's socket is the newcomer told the house is full. So the cap can be filled only by real members.
final class ConnectionLedger: Sendable {
    /// What the ledger says about a new connection.
    enum Admission {
        case admitted
        /// Admitted by letting this connection go.
        case admittedInPlaceOf(any Channel)
        case refused
    }

    let maxConnections: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var open = 0
        /// Connections still waiting for their first request head, oldest first.
        var waiting: OrderedDictionary<ObjectIdentifier, any Channel> = [:]
        /// Connections that sent a head and are not (yet) a room socket, oldest first.
        var speaking: OrderedDictionary<ObjectIdentifier, any Channel> = [:]
        /// Members' room sockets.
        var sockets: [ObjectIdentifier: any Channel] = [:]
        /// Set once the house stops: nobody more is counted in.
        var closing = false
    }

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// Counts a new connection in, if there is room.
    func admit(_ channel: any Channel) -> Admission {
        self.state.withLockedValue { state in
            if state.closing { return .refused }
            if state.open < self.maxConnections {
                state.open += 1
                state.waiting[ObjectIdentifier(channel)] = channel
                return .admitted
            }
            // The let-go connection still counts until its close is seen, so `open` may pass the cap by the few
            // closes in flight; each of those frees its descriptor within moments.
            let oldest: any Channel
            if !state.waiting.isEmpty {
                oldest = state.waiting.removeFirst().value
            } else if !state.speaking.isEmpty {
                oldest = state.speaking.removeFirst().value
            } else {
                return .refused
            }
            state.open += 1
            state.waiting[ObjectIdentifier(channel)] = channel
            return .admittedInPlaceOf(oldest)
        }
    }

    /// The connection sent a whole request head: no longer the first to be let go.
    func headReceived(_ channel: any Channel) {
        self.state.withLockedValue { state in
            let id = ObjectIdentifier(channel)
            guard state.waiting.removeValue(forKey: id) != nil else { return }
            state.speaking[id] = channel
        }
    }

    /// The connection is a member's room socket now: never let go for a newcomer.
    func becameSocket(_ channel: any Channel) {
        self.state.withLockedValue { state in
            let id = ObjectIdentifier(channel)
            guard state.speaking.removeValue(forKey: id) != nil || state.waiting.removeValue(forKey: id) != nil else { return }
            state.sockets[id] = channel
        }
    }

    /// Whether a connection has still not sent a request.
    func isWaiting(_ channel: any Channel) -> Bool {
        self.state.withLockedValue { $0.waiting[ObjectIdentifier(channel)] != nil }
    }

    /// An admitted connection closed.
    func closed(_ channel: any Channel) {
        self.state.withLockedValue { state in
            // One let go for a newcomer is no longer listed, but it still counted until now.
            let id = ObjectIdentifier(channel)
            state.waiting.removeValue(forKey: id)
            state.speaking.removeValue(forKey: id)
            state.sockets.removeValue(forKey: id)
            state.open -= 1
        }
    }

    /// Closes every connection still open, and counts nobody in after this: the house is stopping, and
    /// whatever is open now (a request trickling in, a socket that did not take its goodbye) must not hold
    /// the stop up.
    func closeAll() {
        let open = self.state.withLockedValue { state in
            state.closing = true
            return Array(state.waiting.values) + Array(state.speaking.values) + Array(state.sockets.values)
        }
        for channel in open { channel.close(promise: nil) }
    }

    var openConnections: Int { self.state.withLockedValue { $0.open } }

    /// A cap that leaves room under the process's open-file limit for the database, logs and an answer.
    static func defaultMaxConnections() -> Int {
        let files = Self.openFileLimit() ?? 1064
        let reserve = min(256, max(48, files / 16))
        return max(16, files - reserve)
    }

    /// Connections to take off the kernel's queue each time the listening socket is ready (NIO's default is 4).
    ///
    /// After a restart 19,000 pages knock within seconds: taken a few at a time, the queue filled and the kernel
    /// dropped handshakes, which TCP retries only after 1, 3, 7 and 15 s (docs/PERFORMANCE.md, storm). Taken in,
    /// they wait their turn in the house instead. But each one taken holds a descriptor until it is answered, so
    /// never more at once than half the room the cap leaves under the open-file limit: past it, accepting fails
    /// and NIO waits a second before it tries again.
    func acceptsPerWakeup() -> UInt {
        let spare = (Self.openFileLimit() ?? (self.maxConnections + 64)) - self.maxConnections
        return UInt(min(256, max(4, spare / 2)))
    }

    private static func openFileLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return Int(clamping: limit.rlim_cur)
    }
}
