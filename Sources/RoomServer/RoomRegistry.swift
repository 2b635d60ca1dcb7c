import Foundation
import Logging
import Moderation
import Synchronization

/// The live rooms of the house: makes a room's actor on first connect, drops it when it is empty.
public actor RoomRegistry {
    let limits: Limits
    let logger: Logger
    let house: House
    /// The café guests' passes: a café's go when its sitting does.
    public let guests: GuestBook
    /// Practice meetings, one visitor each, in memory only.
    public nonisolated let practice: PracticeHall
    private var rooms: [String: LiveRoom] = [:]
    /// Set when the server starts shutting down: nobody new is let in. An atomic, so that a new connection
    /// can be turned away at the door before any request is read (a whole house of pages knocks again
    /// within seconds of a restart).
    private nonisolated let stopping = Atomic(false)
    public nonisolated var isStopping: Bool { self.stopping.load(ordering: .relaxed) }
    /// The database's `data_version` at the last sweep that asked for removals.
    private var seenDataVersion: Int?

    public init(house: House, guests: GuestBook = GuestBook(), limits: Limits = Limits(), logger: Logger) {
        self.house = house
        self.guests = guests
        self.limits = limits
        self.logger = logger
        self.practice = PracticeHall(house: house, limits: limits, logger: logger)
    }

    /// Lets a member or a guest into a room's live meeting, making the meeting if nobody is there.
    public func connect(
        room: Room,
        attendee: Attendee,
        outbox: Outbox,
        resume: LiveRoom.ResumePoint?,
        now: Instant
    ) async -> (LiveRoom?, LiveRoom.Admission) {
        while true {
            if self.isStopping { return (nil, .restarting) }
            let live: LiveRoom
            if let open = self.rooms[room.id] {
                live = open
            } else {
                // The room's hosts, present or not, so the meeting knows who is the last one.
                let hosts = (try? await self.house.hostIDs(roomId: room.id)) ?? []
                // Someone else may have opened it while we asked.
                live = self.rooms[room.id] ?? self.open(room, hosts: hosts)
            }
            let admission = await live.connect(attendee, outbox: outbox, resume: resume, now: now)
            if admission == .closed {
                // It closed while we waited for it: forget it and open a fresh one.
                if self.rooms[room.id] === live { self.rooms[room.id] = nil }
                continue
            }
            return (live, admission)
        }
    }

    /// What a newcomer would meet at a room's door now: open when nobody is there (a new meeting is unlocked).
    public func door(roomId: String) async -> LiveRoom.Door {
        guard let live = self.rooms[roomId] else { return .open }
        return await live.doorForNewcomers
    }

    private func open(_ room: Room, hosts: Set<MemberID>) -> LiveRoom {
        let live = LiveRoom(room: room, hosts: hosts, house: self.house, guests: self.guests, limits: self.limits, logger: self.logger)
        self.rooms[room.id] = live
        self.logger.debug("meeting opened", metadata: ["room": "\(room.id)"])
        return live
    }

    /// Closes rooms that are empty and past their resume window. The server calls this every few seconds.
    public func sweep(now: Instant) async {
        await self.practice.sweep(now: now)
        await self.noticeRemovals(now: now)
        for (id, live) in self.rooms where !live.isOccupied {
            if await live.closeIfIdle(now: now), self.rooms[id] === live {
                self.rooms[id] = nil
                // The sitting is over: so are its guests' passes.
                await self.guests.endSitting(roomId: id)
                self.logger.debug("meeting closed", metadata: ["room": "\(id)"])
            }
        }
    }

    /// A member the house removed from the command line leaves their live room within a sweep. One question
    /// to the database for the whole house, not one per room (1,900 quiet rooms asked 380 times a second),
    /// and only after another process wrote to it.
    private func noticeRemovals(now: Instant) async {
        // Only another process removes members behind the server's back; when nobody else wrote, nobody was.
        guard let version = try? await self.house.writtenElsewhere(), version != self.seenDataVersion else { return }
        var asked: [(live: LiveRoom, ids: Set<String>)] = []
        for live in self.rooms.values {
            let ids = await live.membershipIDs
            if !ids.isEmpty { asked.append((live, ids)) }
        }
        guard !asked.isEmpty else {
            self.seenDataVersion = version
            return
        }
        guard let existing = try? await self.house.existingMemberships(ids: asked.flatMap(\.ids)) else { return }
        self.seenDataVersion = version
        for (live, ids) in asked where !ids.isSubset(of: existing) {
            await live.noticeRemovals(gone: ids.subtracting(existing), now: now)
        }
    }

    public var liveRoomCount: Int { self.rooms.count }

    /// A member's membership moved to a new phone: the room, if it is live, closes the old key's pages and says so.
    public func memberMoved(roomId: String, member: MemberID) async {
        await self.rooms[roomId]?.moved(member)
    }

    /// A room's weekly time was stored: its live meeting, if any, tells the people present.
    public func weeklyTimeChanged(roomId: String, _ time: WeeklyTime?, now: Instant) async {
        await self.rooms[roomId]?.weeklyTimeChanged(time, now: now)
    }

    /// Closes a room's live meeting at once, every connection told the room no longer exists (4404): the
    /// house deleted it. Pages do not come back; nobody new gets in, as the room is gone from the database.
    public func close(roomId: String) async {
        guard let live = self.rooms.removeValue(forKey: roomId) else { return }
        await live.closeAll(.unknownRoom)
        await live.shut()
        await self.guests.endSitting(roomId: roomId)
        self.logger.info("meeting closed by the house", metadata: ["room": "\(roomId)"])
    }

    /// The house is stopping: nobody new is let in from now on, at the door or into a room.
    public nonisolated func stopAdmitting() {
        self.stopping.store(true, ordering: .relaxed)
    }

    /// Tells every connection in every room that the server is restarting (1001), and waits until they
    /// have closed or `seconds` have passed. Called first on shutdown, before the HTTP server stops, so
    /// people are told why and their pages reconnect by themselves.
    public func closeAll(within seconds: Double = 3) async {
        self.stopAdmitting()
        // A practice meeting lives in memory only: it cannot come back after a restart, and says so.
        await self.practice.endAll()
        for live in self.rooms.values { await live.closeAll(.goingAway) }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        // Read without a hop to each room: asking 1,900 rooms every 50 ms kept the one core from closing sockets.
        while ContinuousClock.now < deadline, self.rooms.values.contains(where: \.isOccupied) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
