import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Moderation
import NIOCore
import NIOWebSocket
import RoomServer

/// The live room's WebSocket: `/r/{room}/ws`.
///
/// The member key comes in the cookie; a missing or removed key, an unknown room or a full room
/// get a close code the client turns into words. Every frame goes through ``MemberSession``.
///
/// A connection is one task: the one that upgraded it, which then reads. What the room says is written
/// straight to the socket by ``SocketOutbox``, with no writer task or queue per connection.
struct RoomSocket: Sendable {
    let house: House
    let registry: RoomRegistry
    let configuration: HouseConfiguration
    /// permessage-deflate, when the house accepts it.
    let deflate: SharedDeflateBuilder?
    /// The timers that keep every socket's heartbeat, one per event loop.
    let heartbeats: HeartbeatWheels
    /// A few members let in at a time, the rest in turn (a restart brings everyone back at once).
    let admissions: AdmissionGate

    /// A membership's "last seen" is written at most this often, so reconnecting is not a database write each time.
    static let lastSeenResolution: TimeInterval = 3600

    func add(to router: Router<RoomSocketContext>) {
        router.ws("/r/:room/ws") { request, _ in
            // A page of another site must not open a socket with this browser's key.
            guard request.headers[values: .origin].count == 1, sameOrigin(request, configuration: self.configuration) else {
                return .dontUpgrade
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let roomId = context.requestContext.parameters.get("room") ?? ""
            try await self.serve(
                roomId: roomId,
                request: context.request,
                channel: context.requestContext.channel,
                inbound: inbound,
                outbound: outbound,
                logger: context.logger
            )
        }
    }

    func serve(
        roomId: String,
        request: Request,
        channel: any Channel,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async throws {
        guard (try? await self.prepare(channel).get()) != nil else { return }
        // Finding the room and the member goes through the database and the registry, whose calls run deep. A
        // task keeps the most memory its stack ever needed for as long as it lives, so they run in a task of
        // their own, which ends once the member has a seat: the socket's task stays shallow.
        let seat = try await self.admissions.admit {
            // A page that gave up while it waited (it will knock again) is not let in now.
            guard channel.isActive else { return nil as Seat? }
            return try await Task {
                try await self.seat(roomId: roomId, request: request, channel: channel, outbound: outbound, logger: logger)
            }.value
        }
        guard let seat else { return }
        // No shutdown handler here: on shutdown the Farewell closes every live room with 1001 first, which
        // ends this loop (and a handler would cost every connection a registration and deeper frames).
        var failure: (any Error)?
        do {
            try await Self.read(inbound, into: seat.session, socket: seat.socket, maxSize: self.configuration.limits.maxFrameBytes)
        } catch {
            failure = error
        }
        seat.socket.connectionEnded()
        await seat.live.disconnect(seat.connection, now: Instant(Date()))
        if let failure {
            // Only the type: never what was sent.
            logger.debug("socket closed on error", metadata: ["error.type": "\(type(of: failure))"])
            throw failure
        }
    }

    /// Readies an upgraded socket on its event loop, in one visit: no HTTP deadline any more; its heartbeat
    /// (pings on its own loop; the library's would cost a task each) and its gate; a small send buffer in the
    /// kernel; and one small receive buffer, since a room socket reads one small frame at a time (not the
    /// four of 2 KiB an HTTP connection may; it grows again for a long message).
    /// Fails only on a channel already closing: nothing to serve then.
    private func prepare(_ channel: any Channel) -> EventLoopFuture<Void> {
        let wheels = self.heartbeats
        return channel.eventLoop.submit {
            RequestDeadlines.socketTookOver(channel)
            try Heartbeat.add(to: channel.pipeline.syncOperations, wheels: wheels)
            try SocketGate.add(to: channel.pipeline.syncOperations)
            guard let options = channel.syncOptions else { return }
            // The kernel's share of what waits for a slow reader: little of it unsent, so a close frame behind
            // it is still read (autotuning let it grow to megabytes on loopback). Not a small send buffer: that
            // bounds what is on its way too, and at 19,000 members the sockets kept filling it, each time
            // costing a wait for writability (chat p99 316 ms instead of 26 ms, a fifth more CPU).
            // Only a bound: a system without the option still serves the room.
            try? options.setOption(Self.unsentBytes, value: Self.unsentBytesAtMost)
            try options.setOption(ChannelOptions.maxMessagesPerRead, value: 1)
            try options.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536))
        }
    }

    /// A member let into a live room, on this socket.
    private struct Seat: Sendable {
        let live: LiveRoom
        let connection: LiveRoom.ConnectionID
        let session: MemberSession
        let socket: SocketOutbox
    }

    /// Lets the knocking member into their live room, or closes the socket with the reason they are not.
    private func seat(
        roomId: String,
        request: Request,
        channel: any Channel,
        outbound: WebSocketOutboundWriter,
        logger: Logger
    ) async throws -> Seat? {
        let entry = try await self.house.entry(roomId: roomId, key: request.cookies["rs_member"]?.value)
        let room = entry?.room
        // A practice meeting lives in memory only, for the visitor whose pass opens it.
        let practice = room == nil ? await self.practiceVisitor(request, roomId: roomId) : nil
        if room == nil, practice == nil {
            // A visitor whose practice meeting is over is told so; anyone else, that there is no such room.
            let over = request.cookies[PracticeRoutes.cookieName] != nil
            try await outbound.close(over ? CloseCode.practiceOver : CloseCode.unknownRoom)
            return nil
        }
        let known: Attendee?
        if let room { known = await self.attendee(request, room: room, membership: entry?.membership) } else { known = practice?.visitor }
        guard let attendee = known else {
            try await outbound.close(CloseCode.notMember)
            return nil
        }

        let limits = self.configuration.limits
        // However this connection's outbox ends (a goodbye, a shutdown, a reader too slow to keep up), the socket
        // is closed within the close handshake's time (Heartbeat): a peer that stopped reading cannot keep its buffers.
        let socket = SocketOutbox(
            channel: channel,
            deflate: self.deflate?.negotiated(request.headers),
            limit: limits.outboundFrames,
            byteLimit: limits.outboundBytes
        )
        let outbox = Outbox(socket)
        let live: LiveRoom?
        let admission: LiveRoom.Admission
        if let room {
            (live, admission) = await self.registry.connect(
                room: room,
                attendee: attendee,
                outbox: outbox,
                resume: Self.resumePoint(request),
                now: Instant(Date())
            )
        } else {
            live = practice?.live
            admission = await practice?.live.connect(attendee, outbox: outbox, resume: Self.resumePoint(request), now: Instant(Date())) ?? .closed
            if admission == .closed {
                try await outbound.close(CloseCode.practiceOver)
                return nil
            }
            if case .admitted = admission { await self.registry.practice.visitorConnected(roomId: roomId) }
        }
        guard let live, case .admitted(let connection) = admission else {
            switch admission {
            case .tooFast: try await outbound.close(CloseCode.tooFast)
            case .restarting: try await outbound.close(CloseCode.goingAway)
            case .locked: try await outbound.close(CloseCode.locked)
            case .capped: try await outbound.close(CloseCode.capped)
            case .removed: try await outbound.close(CloseCode.removed)
            default: try await outbound.close(CloseCode.full)
            }
            return nil
        }
        // Let in while the Farewell was telling every room goodbye: told too, so the page comes back after the restart.
        if self.registry.isStopping { outbox.yield(.close(.goingAway)) }
        // A practice meeting's id is in no log (docs/PRIVACY.md): its session logs nowhere.
        let sessionLogger = room == nil ? Logger(label: logger.label) { _ in SwiftLogNoOpLogHandler() } : logger
        let session = MemberSession(attendee: attendee, live: live, connection: connection, outbox: outbox, limits: limits, logger: sessionLogger)
        return Seat(live: live, connection: connection, session: session, socket: socket)
    }

    /// The live practice meeting and its visitor, when this request carries the pass for it.
    private func practiceVisitor(_ request: Request, roomId: String) async -> (live: LiveRoom, visitor: Attendee)? {
        guard let pass = request.cookies[PracticeRoutes.cookieName]?.value,
            let practice = await self.registry.practice.visitor(roomId: roomId, pass: pass)
        else { return nil }
        return (practice.live, practice.visitor)
    }

    /// Who is knocking: a member by the key in their cookie (found with the room), or, in a café, a guest by
    /// their pass for this sitting.
    private func attendee(_ request: Request, room: Room, membership: Membership?) async -> Attendee? {
        if let membership {
            if membership.lastSeenAt < Date().addingTimeInterval(-Self.lastSeenResolution) {
                // Not waited for: a write per member would hold every admission up behind the house's one writer
                // when a whole house comes back a week after its last meeting.
                let (house, id) = (self.house, membership.id)
                Task { try? await house.touch(membershipId: id) }
            }
            return Attendee(membership)
        }
        guard room.kind == .cafe, let token = request.cookies[guestCookieName(roomId: room.id)]?.value,
            let guest = await self.registry.guests.guest(token: token, roomId: room.id)
        else { return nil }
        await self.registry.guests.used(guest.id)
        return Attendee(guest: guest)
    }

    /// Hands each message to the member's session until the peer closes, the close handshake ends, or the
    /// socket is closed. Once a close was asked for, what still comes is read but not heard.
    private static func read(_ inbound: WebSocketInboundStream, into session: MemberSession, socket: SocketOutbox, maxSize: Int) async throws {
        var session = session
        // A protocol error (invalid UTF-8, a broken fragment) is thrown on, so the
        // WebSocket layer closes with its proper code (1007, 1002, ...).
        for try await message in inbound.messages(maxSize: maxSize) where !socket.isEnded {
            switch message {
            case .text(let text): await session.receive(text: text)
            case .binary: session.receiveBinary()
            }
        }
    }

    /// `?meeting=…&since=…` from a client that is reconnecting.
    static func resumePoint(_ request: Request) -> LiveRoom.ResumePoint? {
        let query = request.uri.queryParameters
        guard let meeting = query.get("meeting"), meeting.utf8.count <= 32, let since = query.get("since", as: Int.self), since >= 0 else {
            return nil
        }
        return LiveRoom.ResumePoint(meetingID: meeting, seq: since)
    }
}

extension RoomSocket {
    /// TCP_NOTSENT_LOWAT (Linux 25, Darwin 0x201): how many bytes the kernel holds for a socket that it has
    /// not sent yet, before the socket takes no more.
    #if os(Linux)
    static let unsentBytes = ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: 25))
    #else
    static let unsentBytes = ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: 0x201))
    #endif
    static let unsentBytesAtMost: SocketOptionValue = 16 * 1024
    /// Seconds for a closing connection to finish its close handshake before its socket is closed anyway.
    static let closeSeconds: Int64 = 5
    /// Members being let in at once (``AdmissionGate``): enough to keep the database's readers and the core
    /// busy, few enough that each is welcomed within milliseconds of its turn.
    static let admissionsAtOnce = 32
}

/// The WebSocket router's context: Hummingbird's, plus the connection's channel, so the room can close
/// a socket whose peer stopped reading (its writes would otherwise wait for ever).
struct RoomSocketContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}

extension WebSocketOutboundWriter {
    func close(_ code: CloseCode) async throws {
        try await self.close(WebSocketErrorCode(codeNumber: Int(code.rawValue)), reason: code.reason)
    }
}
