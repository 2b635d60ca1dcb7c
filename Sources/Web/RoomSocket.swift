import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Moderation
import NIOCore
import NIOWebSocket
import RoomServer
import ServiceLifecycle

/// The live room's WebSocket: `/r/{room}/ws`.
///
/// The member key comes in the cookie; a missing or removed key, an unknown room or a full room
/// get a close code the client turns into words. Every frame goes through ``MemberSession``.
struct RoomSocket: Sendable {
    let house: House
    let registry: RoomRegistry
    let configuration: HouseConfiguration

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
        // Pings on the connection's own event loop (see Heartbeat): the library's own would cost a task each.
        // It fails only on a channel already closing: nothing to serve then.
        guard (try? await Heartbeat.add(to: channel, period: .seconds(self.configuration.limits.pingSeconds)).get()) != nil else { return }
        let room = try await self.house.room(id: roomId)
        // A practice meeting lives in memory only, for the visitor whose pass opens it.
        let practice = room == nil ? await self.practiceVisitor(request, roomId: roomId) : nil
        if room == nil, practice == nil {
            // A visitor whose practice meeting is over is told so; anyone else, that there is no such room.
            let over = request.cookies[PracticeRoutes.cookieName] != nil
            try await outbound.close(over ? CloseCode.practiceOver : CloseCode.unknownRoom)
            return
        }
        let known: Attendee?
        if let room { known = try await self.attendee(request, room: room) } else { known = practice?.visitor }
        guard let attendee = known else {
            try await outbound.close(CloseCode.notMember)
            return
        }

        let limits = self.configuration.limits
        let (stream, outbox) = Outbox.makeBounded(limit: limits.outboundFrames)
        // However this connection's queue ends (a goodbye, a shutdown, a reader too slow to keep up), the socket
        // is closed within the close handshake's time: a peer that stopped reading cannot keep its buffers.
        outbox.onTermination = { _ in
            channel.eventLoop.scheduleTask(in: .seconds(Self.closeSeconds)) { channel.close(promise: nil) }
        }
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
                return
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
            return
        }
        let session = MemberSession(
            attendee: attendee,
            live: live,
            connection: connection,
            outbox: outbox,
            limits: limits,
            logger: logger
        )

        do {
            // On shutdown, say goodbye and end the handler, so a client that never answers cannot hold the server up.
            try await withGracefulShutdownHandler {
                try await self.pump(session: session, stream: stream, inbound: inbound, outbound: outbound, limits: limits)
            } onGracefulShutdown: {
                outbox.yield(.close(.goingAway))
            }
        } catch {
            await live.disconnect(connection, now: Instant(Date()))
            // Only the type: never what was sent.
            logger.debug("socket closed on error", metadata: ["error.type": "\(type(of: error))"])
            throw error
        }
        await live.disconnect(connection, now: Instant(Date()))
    }

    /// The live practice meeting and its visitor, when this request carries the pass for it.
    private func practiceVisitor(_ request: Request, roomId: String) async -> (live: LiveRoom, visitor: Attendee)? {
        guard let pass = request.cookies[PracticeRoutes.cookieName]?.value,
            let practice = await self.registry.practice.visitor(roomId: roomId, pass: pass)
        else { return nil }
        return (practice.live, practice.visitor)
    }

    /// Who is knocking: a member by the key in their cookie, or, in a café, a guest by their pass for this sitting.
    private func attendee(_ request: Request, room: Room) async throws -> Attendee? {
        if let key = request.cookies["rs_member"]?.value, let membership = try await self.house.membership(roomId: room.id, key: key) {
            if membership.lastSeenAt < Date().addingTimeInterval(-Self.lastSeenResolution) {
                try? await self.house.touch(membershipId: membership.id)
            }
            return Attendee(membership)
        }
        guard room.kind == .cafe, let token = request.cookies[guestCookieName(roomId: room.id)]?.value,
            let guest = await self.registry.guests.guest(token: token, roomId: room.id)
        else { return nil }
        await self.registry.guests.used(guest.id)
        return Attendee(guest: guest)
    }

    /// Runs the writer and the reader of one connection until either ends.
    private func pump(
        session: MemberSession,
        stream: AsyncStream<Outgoing>,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        limits: Limits
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await Self.write(stream, to: outbound)
            }
            group.addTask { [session] in
                var session = session
                // A protocol error (invalid UTF-8, a broken fragment) is thrown on, so the
                // WebSocket layer closes with its proper code (1007, 1002, ...).
                for try await message in inbound.messages(maxSize: limits.maxFrameBytes) {
                    switch message {
                    case .text(let text): await session.receive(text: text)
                    case .binary: session.receiveBinary()
                    }
                }
            }
            // Whichever ends first (the person closed, or we closed them) ends the other.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Writes queued frames in order. When the queue is ended without a close (the reader fell too far behind), closes with 4408.
    static func write(_ stream: AsyncStream<Outgoing>, to outbound: WebSocketOutboundWriter) async {
        do {
            for await item in stream {
                switch item {
                case .frame(let text):
                    try await outbound.write(.text(text))
                case .close(let code):
                    try await outbound.close(code)
                    return
                }
            }
            if !Task.isCancelled { try await outbound.close(CloseCode.tooSlow) }
        } catch {
            // The connection is gone; the reader will notice.
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
    /// Seconds for a closing connection to finish its close handshake before its socket is closed anyway.
    static let closeSeconds: Int64 = 5
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
