import Foundation
import Logging
import Moderation

/// One member's connection to a live room: reads their frames, applies the limits, routes each one.
///
/// Owned by the task reading the socket, so its state needs no lock.
public struct MemberSession: Sendable {
    public let membership: Membership
    public let live: LiveRoom
    public let connection: LiveRoom.ConnectionID
    let outbox: Outbox
    let house: House
    let logger: Logger
    private var gate: FrameGate
    private let maxMessageLength: Int

    public init(
        membership: Membership,
        live: LiveRoom,
        connection: LiveRoom.ConnectionID,
        outbox: Outbox,
        house: House,
        limits: Limits,
        logger: Logger
    ) {
        self.membership = membership
        self.live = live
        self.connection = connection
        self.outbox = outbox
        self.house = house
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
            self.logger.info("connection closed for flooding", metadata: ["room": "\(self.membership.roomId)", "member": "\(self.membership.id)"])
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

        switch frame.t {
        case _ where ClientFrame.meetingTypes.contains(frame.t):
            await self.live.receive(frame, from: self.connection, now: instant)
        case "leave":
            await self.live.markLeaving(self.connection)
        case "invite.create", "invite.list", "invite.revoke":
            await self.handleInvites(frame, now: now)
        default:
            self.reply(ServerFrame.error("unknown-type", ref: frame.ref))
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

    // MARK: Invites (host only)

    private func handleInvites(_ frame: ClientFrame, now: Date) async {
        guard self.membership.role == .host else {
            self.reply(ServerFrame.error("not-allowed", ref: frame.ref))
            return
        }
        do {
            var created: IssuedInvite?
            switch frame.t {
            case "invite.create":
                guard case .success(let label) = InviteLabel.validate(frame.label) else {
                    self.reply(ServerFrame.error("bad-label", ref: frame.ref))
                    return
                }
                created = try await self.house.issueInvites(roomId: self.membership.roomId, count: 1, label: label, now: now).first
                self.logger.info("invite created", metadata: ["room": "\(self.membership.roomId)", "member": "\(self.membership.id)"])
            case "invite.revoke":
                guard let id = frame.id, try await self.house.revokeInvite(id: id, roomId: self.membership.roomId, now: now) else {
                    self.reply(ServerFrame.error("bad-field", ref: frame.ref))
                    return
                }
            default:
                break
            }
            let unused = try await self.house.usableInvites(roomId: self.membership.roomId, now: now)
            self.reply(ServerFrame.invites(unused, created: created))
        } catch House.InviteProblem.tooMany {
            self.reply(ServerFrame.error("too-many-invites", ref: frame.ref))
        } catch {
            self.logger.error("invite request failed", metadata: ["room": "\(self.membership.roomId)", "error.type": "\(type(of: error))"])
            self.reply(ServerFrame.error("unavailable", ref: frame.ref))
        }
    }

    /// The `ref` of a frame we are refusing without decoding it fully, so the client can match the error to its draft.
    private static func peekRef(_ text: String) -> String? {
        guard text.utf8.count <= 16 * 1024, case .success(let frame) = ClientFrame.decode(text) else { return nil }
        return frame.ref
    }
}
