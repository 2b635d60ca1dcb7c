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
        /// Deliveries in rooms with a slow member, apart from the rest.
        var besideSlow: [UInt32] = []
        var elsewhere: [UInt32] = []
        /// A storm: members welcomed again after the house closed them, and when the first close and the
        /// last welcome were.
        var back: Set<Int> = []
        var stormBegan: UInt64?
        var lastBack: UInt64 = 0
        /// Where each member last was (connecting, open, welcomed, waiting to try again), for those not back.
        var whereabouts: [Int: String] = [:]
        var closes: [Int: Int] = [:]
        var failures = 0
        var failureKinds: [String: Int] = [:]
        /// In a storm, per second since the first 1001: members welcomed back, and sockets that failed, by kind.
        var backEachSecond: [Int: Int] = [:]
        var failuresEachSecond: [String: [Int: Int]] = [:]
        var firstFailure: String?
    }

    private let state = Mutex(State())

    var welcomedCount: Int { self.state.withLock { $0.welcomed.count } }
    var backCount: Int { self.state.withLock { $0.back.count } }

    func member(_ index: Int, is whereabouts: String) { self.state.withLock { $0.whereabouts[index] = whereabouts } }

    /// A member's socket is in; `generation` counts how many times it came back.
    func welcomed(_ index: Int, after nanos: UInt64, generation: Int) {
        self.state.withLock {
            if generation == 0 {
                $0.welcomed.insert(index)
                $0.connectNanos.append(nanos)
            } else {
                $0.back.insert(index)
                $0.lastBack = DispatchTime.now().uptimeNanoseconds
                if let began = $0.stormBegan { $0.backEachSecond[Int(($0.lastBack - began) / 1_000_000_000), default: 0] += 1 }
            }
        }
    }

    func sent(peers: Int) {
        self.state.withLock {
            $0.sent += 1
            $0.expected += peers
        }
    }

    /// In microseconds, capped at about an hour: a latency is never that long unless something is broken.
    func delivered(latencyNanos: UInt64, besideSlow: Bool) {
        let micros = UInt32(min(UInt64(UInt32.max), latencyNanos / 1000))
        self.state.withLock {
            $0.latencies.append(micros)
            if besideSlow { $0.besideSlow.append(micros) } else { $0.elsewhere.append(micros) }
        }
    }

    func closed(_ code: Int) {
        self.state.withLock {
            $0.closes[code, default: 0] += 1
            if code == 1001, $0.stormBegan == nil { $0.stormBegan = DispatchTime.now().uptimeNanoseconds }
        }
    }
    /// A socket that could not be opened, or broke; the first reason is reported, as the library words it.
    func failed(_ reason: String) {
        self.state.withLock {
            $0.failures += 1
            // The kind without the address and port, which differ every time.
            let kind = reason.replacingOccurrences(of: #"\[IPv4\][^)]*\)"#, with: "", options: .regularExpression)
            $0.failureKinds[String(kind.prefix(120)), default: 0] += 1
            if let began = $0.stormBegan {
                let second = Int((DispatchTime.now().uptimeNanoseconds - began) / 1_000_000_000)
                $0.failuresEachSecond[String(kind.prefix(60)), default: [:]][second, default: 0] += 1
            }
            if $0.firstFailure == nil { $0.firstFailure = String(reason.prefix(300)) }
        }
    }

    /// One JSON line: what the bench prints and docs/PERFORMANCE.md records.
    func report(members: Int, seconds: Double, cpuSeconds: Double) -> String {
        self.state.withLock { state in
            let sorted = state.latencies.sorted()
            func percentile(_ p: Double, of sorted: [UInt32]) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
            }
            func percentile(_ p: Double) -> Double { percentile(p, of: sorted) }
            let connects = state.connectNanos.sorted()
            var fields: [String: Any] = [
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
                "failures by kind": state.failureKinds,
                "seconds": (seconds * 10).rounded() / 10,
                "generator CPU seconds": (cpuSeconds * 100).rounded() / 100,
            ]
            if !state.besideSlow.isEmpty {
                // The same run, the rooms without a slow member: what the slow one's neighbours are held to.
                let beside = state.besideSlow.sorted()
                let elsewhere = state.elsewhere.sorted()
                fields["beside slow: deliveries"] = beside.count
                fields["beside slow: latency ms p50"] = percentile(0.50, of: beside)
                fields["beside slow: latency ms p99"] = percentile(0.99, of: beside)
                fields["elsewhere: latency ms p50"] = percentile(0.50, of: elsewhere)
                fields["elsewhere: latency ms p99"] = percentile(0.99, of: elsewhere)
            }
            if let began = state.stormBegan {
                fields["storm: members back"] = state.back.count
                var notBack: [String: Int] = [:]
                for (index, place) in state.whereabouts where !state.back.contains(index) { notBack[place, default: 0] += 1 }
                fields["storm: where those not back were"] = notBack
                // How steadily the house lets people in: welcomed back in each second after the first 1001.
                let last = state.backEachSecond.keys.max() ?? -1
                fields["storm: back in each second"] = last < 0 ? [] : (0...last).map { state.backEachSecond[$0] ?? 0 }
                fields["storm: failures in each second"] = state.failuresEachSecond.mapValues { seconds in
                    Dictionary(uniqueKeysWithValues: seconds.map { ("\($0.key)", $0.value) })
                }
                fields["storm: seconds from the first close to the last back"] =
                    state.lastBack > began ? (Double(state.lastBack - began) / 1e8).rounded() / 10 : 0
            }
            let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
