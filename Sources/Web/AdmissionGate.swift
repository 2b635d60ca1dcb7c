import DequeModule
import Synchronization

/// At most `width` members being let into their rooms at once; the others wait their turn, in the order
/// they came, at no cost while they wait.
///
/// Letting a member in is a few hops (the room's record, the member's key, the registry, the room) on the
/// concurrency pool, whose queue is first come, first served. After a restart 19,000 pages come back within
/// seconds, and every hop of every one of them queued behind the first hops of all the others: the new
/// server worked at full speed for eight seconds and had welcomed 37 people, then welcomed 9,000 in one
/// second, and the rest of the pages waited all that time. With a few at a time, each one that enters is
/// welcomed within milliseconds, and the house lets people in steadily, as they arrive.
final class AdmissionGate: Sendable {
    let width: Int
    private let state: Mutex<State>

    private struct State {
        var inside = 0
        var waiting: Deque<CheckedContinuation<Void, Never>> = []
    }

    init(width: Int) {
        self.width = max(1, width)
        self.state = Mutex(State())
    }

    /// Waits for a place, then holds it until ``leave()``.
    func enter() async {
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let now = self.state.withLock { state in
                guard state.inside < self.width else {
                    state.waiting.append(turn)
                    return false
                }
                state.inside += 1
                return true
            }
            if now { turn.resume() }
        }
    }

    /// Gives the place to the next one waiting, if anyone is.
    func leave() {
        let next = self.state.withLock { state in
            guard let next = state.waiting.popFirst() else {
                state.inside -= 1
                return nil as CheckedContinuation<Void, Never>?
            }
            return next
        }
        next?.resume()
    }

    /// Runs `body` holding a place.
    func admit<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await self.enter()
        defer { self.leave() }
        return try await body()
    }

    /// Members waiting for a place now (for tests and the bench).
    var waiting: Int { self.state.withLock { $0.waiting.count } }
}
