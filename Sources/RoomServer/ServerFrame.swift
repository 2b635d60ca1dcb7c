import Foundation
import Moderation

/// Frames the server sends. Each is encoded once to a JSON string and the same string is
/// written to every connection that should get it. See docs/PROTOCOL.md.
public enum ServerFrame {
    public static let protocolVersion = 1

    struct Person: Encodable {
        let id: String
        let name: String
        let role: String

        init(_ participant: Participant) {
            self.id = participant.id.rawValue
            self.name = participant.name
            self.role = participant.role.rawValue
        }
    }

    struct Welcome: Encodable {
        let t = "welcome"
        let v = ServerFrame.protocolVersion
        let meeting: String
        let s: Int
        let resumed: Bool
        let you: Person
        let room: RoomInfo
        let present: [Person]
        let limits: LimitInfo
        /// The server's clock and the meeting's shape, so a client arriving mid-break shows the right time left.
        let now: Int64
        let shape: MeetingShape
    }

    struct RoomInfo: Encodable {
        let id: String
        let name: String
        let kind: String
        /// When the room meets each week; absent when no time is set.
        let time: TimeInfo?
    }

    struct LimitInfo: Encodable {
        let text: Int
    }

    struct Joined: Encodable {
        let t = "joined"
        let s: Int
        let m: Person
    }

    struct Left: Encodable {
        let t = "left"
        let s: Int
        let m: String
    }

    struct Said: Encodable {
        let t = "said"
        let s: Int
        let m: String
        let ref: String?
        let text: String
        let at: Int64
    }

    struct Typing: Encodable {
        let t = "typing"
        let m: String
    }

    struct Failure: Encodable {
        let t = "error"
        let code: String
        let ref: String?
    }

    struct Invites: Encodable {
        let t = "invites"
        let unused: [InviteInfo]
        let created: CreatedInvite?
    }

    struct InviteInfo: Encodable {
        let id: String
        let expiresAt: Int64
        let label: String?
        /// A new phone's link: the member whose phone it is.
        let newPhone: String?
    }

    struct CreatedInvite: Encodable {
        let id: String
        let path: String
        let expiresAt: Int64
        let label: String?
        let newPhone: String?
    }

    struct Moved: Encodable {
        let t = "moved"
        let m: String
        let name: String
    }

    /// A member is in the group from a new phone now (docs/PROTOCOL.md, `moved`). Not numbered, never resumed.
    static func moved(_ member: MemberID, name: String) -> String {
        encode(Moved(m: member.rawValue, name: name))
    }

    static func encode(_ value: some Encodable) -> String {
        // Encoding these plain structs cannot fail.
        String(decoding: try! Self.encoder.encode(value), as: UTF8.self)
    }

    /// One encoder for every frame (its options never change, and encoding with it is safe from any thread).
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Sorted keys: the same value always gives the same bytes (the room compares shapes by their bytes).
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// An error frame: a code the client turns into words, and the `ref` of the frame it answers.
    public static func error(_ code: String, ref: String? = nil) -> String {
        encode(Failure(code: code, ref: ref))
    }

    /// The host's view of a room's unused links, and the link just made, if any.
    public static func invites(_ unused: [Invite], created: IssuedInvite? = nil) -> String {
        encode(
            Invites(
                unused: unused.map {
                    InviteInfo(id: $0.id, expiresAt: $0.expiresAt.epochMilliseconds, label: $0.label, newPhone: $0.forMembershipId)
                },
                created: created.map {
                    CreatedInvite(
                        id: $0.invite.id,
                        path: $0.path,
                        expiresAt: $0.invite.expiresAt.epochMilliseconds,
                        label: $0.invite.label,
                        newPhone: $0.invite.forMembershipId
                    )
                }
            )
        )
    }
}

extension Date {
    var epochMilliseconds: Int64 { Int64((self.timeIntervalSince1970 * 1000).rounded()) }
}

extension Instant {
    /// The instant of a wall-clock date.
    public init(_ date: Date) {
        self.init(milliseconds: date.epochMilliseconds)
    }
}
