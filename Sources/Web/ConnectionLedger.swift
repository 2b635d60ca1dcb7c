import Foundation
import NIOConcurrencyHelpers
import NIOCore
import OrderedCollections

/// The server's count of open connections, and which of them have not yet sent a whole request head.
///
/// Every connection costs a file descriptor, and the process has a fixed number of them. The ledger
/// keeps the total under a cap so there is always a descriptor left to answer with. When the cap is
/// reached, the connection that has waited longest without sending a request is let go to make room
/// (an honest browser sends its request within milliseconds, so only idlers are ever in that list);
/// if every connection is busy, the newcomer is told the house is full.
final class ConnectionLedger: Sendable {
    /// What the ledger says about a new connection.
    enum Admission {
        case admitted
        /// Admitted by letting this idle connection go.
        case admittedInPlaceOf(any Channel)
        case refused
    }

    let maxConnections: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var open = 0
        /// Connections still waiting for their first request head, oldest first.
        var waiting: OrderedDictionary<ObjectIdentifier, any Channel> = [:]
    }

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// Counts a new connection in, if there is room.
    func admit(_ channel: any Channel) -> Admission {
        self.state.withLockedValue { state in
            if state.open < self.maxConnections {
                state.open += 1
                state.waiting[ObjectIdentifier(channel)] = channel
                return .admitted
            }
            guard !state.waiting.isEmpty else { return .refused }
            // The evicted connection still counts until its close is seen, so `open` may pass the cap by the few
            // closes in flight; each of those frees its descriptor within moments.
            let oldest = state.waiting.removeFirst().value
            state.open += 1
            state.waiting[ObjectIdentifier(channel)] = channel
            return .admittedInPlaceOf(oldest)
        }
    }

    /// The connection sent a whole request head: it is in use, no longer a candidate for eviction.
    func headReceived(_ channel: any Channel) {
        _ = self.state.withLockedValue { $0.waiting.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Whether a connection has still not sent a request.
    func isWaiting(_ channel: any Channel) -> Bool {
        self.state.withLockedValue { $0.waiting[ObjectIdentifier(channel)] != nil }
    }

    /// An admitted connection closed.
    func closed(_ channel: any Channel) {
        self.state.withLockedValue { state in
            state.open -= 1
            state.waiting.removeValue(forKey: ObjectIdentifier(channel))
        }
    }

    var openConnections: Int { self.state.withLockedValue { $0.open } }

    /// A cap that leaves room under the process's open-file limit for the database, logs and an answer.
    static func defaultMaxConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1000 }
        let files = Int(clamping: limit.rlim_cur)
        let reserve = min(256, max(48, files / 16))
        return max(16, files - reserve)
    }
}
