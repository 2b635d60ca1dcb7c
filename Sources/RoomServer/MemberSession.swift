import Foundation
import Logging
import Moderation

/// One member's connection to a live room: reads their frames, applies the limits, hands each to the room.
///
/// Owned by the task reading the socket, so its state needs no lock.
public struct MemberSession: Sendable {
    public let attendee: Attendee
    let roomId: String
    public let live: LiveRoom
    public let connection: LiveRoom.ConnectionID
    let outbox: Outbox
    let logger: Logger
    private var gate: FrameGate
    private var closing = false
    private let maxMessageLength: Int

    public init(
        attendee: Attendee,
        live: LiveRoom,
        connection: LiveRoom.ConnectionID,
        outbox: Outbox,
        limits: Limits,
        logger: Logger
    ) {
        self.attendee = attendee
        self.roomId = live.room.id
        self.live = live
        self.connection = connection
        self.outbox = outbox
        self.logger = logger
        self.gate = FrameGate(limits: limits)
        self.maxMessageLength = limits.maxMessageLength
    }

    /// Handles one text frame.
    public mutating func receive(text: String, now: Date = Date()) async {
        let instant = Instant(now)
        switch self.gate.admit(at: instant) {
        case .pass:
            break
        case .drop(let tell):
            if tell { self.reply(ServerFrame.error("rate-limited", ref: Self.peekRef(text))) }
            return
        case .close:
            // Frames already in flight still arrive after the close is queued: log it once.
            if !self.closing {
                self.closing = true
                let metadata: Logger.Metadata = ["room": "\(self.roomId)", "member": "\(self.attendee.id)"]
                self.logger.info("connection closed for flooding", metadata: metadata)
            }
            self.outbox.yield(.close(.policyViolation))
            self.outbox.finish()
            return
        }

        let frame: ClientFrame
        switch ClientFrame.decode(text) {
        case .failure(let problem):
            self.reply(ServerFrame.error(problem.rawValue))
            return
        case .success(let decoded):
            frame = decoded
        }

        // Everything but goodbye goes to the room, which alone decides what this member may do.
        if frame.t == "leave" {
            await self.live.markLeaving(self.connection)
        } else {
            await self.live.receive(frame, from: self.connection, now: instant)
        }
    }

    /// Handles one binary frame: the protocol has none, so it is refused with an error, not a close.
    public mutating func receiveBinary(now: Date = Date()) {
        switch self.gate.admit(at: Instant(now)) {
        case .pass, .drop(tell: true): self.reply(ServerFrame.error("binary"))
        case .drop(tell: false): break
        case .close:
            self.outbox.yield(.close(.policyViolation))
            self.outbox.finish()
        }
    }

    private func reply(_ frame: String) {
        self.outbox.yield(.frame(frame))
    }

    /// The `ref` of a frame we are refusing without decoding it fully, so the client can match the error to its draft.
    private static func peekRef(_ text: String) -> String? {
        guard text.utf8.count <= 16 * 1024, case .success(let frame) = ClientFrame.decode(text) else { return nil }
        return frame.ref
    }
}
