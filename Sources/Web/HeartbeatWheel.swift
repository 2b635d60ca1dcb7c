import NIOConcurrencyHelpers
import NIOCore

/// One timer per event loop for all the room sockets' heartbeats on it.
///
/// A timer per connection meant 19,000 entries in the event loops' timer heaps, and a wake-up of its own
/// for each of them every period, the ping it sent and the pong that came back (docs/PERFORMANCE.md). The
/// wheel ticks once a second and looks at the heartbeats in one of its slots, so every heartbeat is still
/// looked at once a period, and the pings of a slot go out, and their pongs come back, together.
///
/// Bound to its event loop: only used on it.
final class HeartbeatWheel {
    private let eventLoop: any EventLoop
    private var slots: [[ObjectIdentifier: Heartbeat]]
    /// The slot looked at last.
    private var hand = 0
    private(set) var ticking: RepeatedTask?

    init(eventLoop: any EventLoop, period: TimeAmount, slots: Int) {
        self.eventLoop = eventLoop
        self.slots = Array(repeating: [:], count: max(1, slots))
        let tick = TimeAmount.nanoseconds(max(1, period.nanoseconds / Int64(self.slots.count)))
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        self.ticking = eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            loopBound.value.tick()
        }
    }

    /// Puts a heartbeat in the slot just looked at, so it is first looked at a whole period from now.
    func add(_ beat: Heartbeat) -> Int {
        self.slots[self.hand][ObjectIdentifier(beat)] = beat
        return self.hand
    }

    func remove(_ beat: Heartbeat, from slot: Int) {
        self.slots[slot][ObjectIdentifier(beat)] = nil
    }

    private func tick() {
        self.hand = (self.hand + 1) % self.slots.count
        // A look may close a connection, which takes its heartbeat out of this very slot: the loop walks
        // the slot as it was.
        for beat in self.slots[self.hand].values { beat.look() }
    }
}

/// A house's heartbeat wheels, one for each event loop, made the first time a socket on that loop needs one.
final class HeartbeatWheels: Sendable {
    let period: TimeAmount
    /// How long a socket that sent its close frame may wait for the answer before it is closed anyway.
    let closeAfter: TimeAmount
    private let slots: Int
    private let wheels = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<HeartbeatWheel>]>([:])
    /// Each wheel's timer, stopped when the house lets go of its wheels.
    private let ticking = NIOLockedValueBox<[RepeatedTask]>([])

    /// One slot for each second of the period.
    init(period: TimeAmount, closeAfter: TimeAmount = .seconds(5), slots: Int? = nil) {
        self.period = period
        self.closeAfter = closeAfter
        self.slots = slots ?? Int(max(1, period.nanoseconds / TimeAmount.seconds(1).nanoseconds))
    }

    deinit {
        for task in self.ticking.withLockedValue({ $0 }) { task.cancel() }
    }

    /// The wheel of this event loop. Called on that loop.
    func wheel(for eventLoop: any EventLoop) -> HeartbeatWheel {
        self.wheels.withLockedValue { wheels in
            if let wheel = wheels[ObjectIdentifier(eventLoop)] { return wheel.value }
            let wheel = HeartbeatWheel(eventLoop: eventLoop, period: self.period, slots: self.slots)
            wheels[ObjectIdentifier(eventLoop)] = NIOLoopBound(wheel, eventLoop: eventLoop)
            if let task = wheel.ticking { self.ticking.withLockedValue { $0.append(task) } }
            return wheel
        }
    }
}
