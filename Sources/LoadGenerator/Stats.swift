import Foundation
import Synchronization

/// Every member's counts in one place: connects, messages sent (and the deliveries they owe), deliveries
/// with their latency, and how sockets ended. Locked briefly per event; the lists are plain arrays.
final class Stats: Sendable {
    private struct State {
        var welcomed: Set<Int> = []
        var connectNanos: [UInt64] = []
        var sent = 0
        var expected = 0
        var latencies: [UInt32] = []
        var closes: [Int: Int] = [:]
        var failures = 0
        var firstFailure: String?
    }

    private let state = Mutex(State())

    func isWelcomed(_ index: Int) -> Bool { self.state.withLock { $0.welcomed.contains(index) } }
    var welcomedCount: Int { self.state.withLock { $0.welcomed.count } }

    func welcomed(_ index: Int, after nanos: UInt64) {
        self.state.withLock {
            $0.welcomed.insert(index)
            $0.connectNanos.append(nanos)
        }
    }

    func sent(peers: Int) {
        self.state.withLock {
            $0.sent += 1
            $0.expected += peers
        }
    }

    /// In microseconds, capped at about an hour: a latency is never that long unless something is broken.
    func delivered(latencyNanos: UInt64) {
        let micros = UInt32(min(UInt64(UInt32.max), latencyNanos / 1000))
        self.state.withLock { $0.latencies.append(micros) }
    }

    func closed(_ code: Int) { self.state.withLock { $0.closes[code, default: 0] += 1 } }
    /// A socket that could not be opened, or broke; the first reason is reported, as the library words it.
    func failed(_ reason: String) {
        self.state.withLock {
            $0.failures += 1
            if $0.firstFailure == nil { $0.firstFailure = String(reason.prefix(300)) }
        }
    }

    /// One JSON line: what the bench prints and docs/PERFORMANCE.md records.
    func report(members: Int, seconds: Double, cpuSeconds: Double) -> String {
        self.state.withLock { state in
            let sorted = state.latencies.sorted()
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
            }
            let connects = state.connectNanos.sorted()
            let fields: [String: Any] = [
                "members": members,
                "connected": state.welcomed.count,
                "connect ms p50": connects.isEmpty ? 0 : Double(connects[connects.count / 2]) / 1e6,
                "connect ms max": Double(connects.last ?? 0) / 1e6,
                "messages sent": state.sent,
                "deliveries": sorted.count,
                "deliveries expected": state.expected,
                "lost deliveries": max(0, state.expected - sorted.count),
                "latency ms p50": percentile(0.50),
                "latency ms p95": percentile(0.95),
                "latency ms p99": percentile(0.99),
                "latency ms max": Double(sorted.last ?? 0) / 1000,
                "close codes": Dictionary(uniqueKeysWithValues: state.closes.map { ("\($0.key)", $0.value) }),
                "failed connects": state.failures,
                "first failure": state.firstFailure ?? "",
                "seconds": (seconds * 10).rounded() / 10,
                "generator CPU seconds": (cpuSeconds * 100).rounded() / 100,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
