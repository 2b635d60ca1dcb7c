import Foundation

/// A frame from a browser, as read off the socket. See docs/PROTOCOL.md.
public struct ClientFrame: Decodable, Sendable, Equatable {
    /// The frame's type: `say`, `typing`, `invite.create`, `invite.agree`, `invite.list`, `invite.revoke`, `evaluate`, … (docs/PROTOCOL.md).
    public var t: String
    /// The message text (`say`).
    public var text: String?
    /// A client-chosen reference echoed back with the result (`say`), so the sender knows which draft went through.
    public var ref: String?
    /// An invite id (`invite.revoke`).
    public var id: String?
    /// A built-in prompt's key (`round.start`).
    public var prompt: String?
    /// Shuffle the round's order (`round.start`).
    public var shuffle: Bool?
    /// On or off (`free.one-at-a-time`).
    public var on: Bool?
    /// Minutes (`break.start`, `break.extend`).
    public var minutes: Int?
    /// Whom a new link is for, the host's own note (`invite.create`).
    public var label: String?
    /// The member a frame is about (`host.offer`, `member.remove`, `member.hold`, `member.release`, `see-you`; `invite.agree`: who asked).
    public var m: String?
    /// The most present (`room.cap`); absent: no cap.
    public var cap: Int?
    /// Question → answer (`evaluate`): see ``Evaluation``.
    public var answers: [String: String]?
    /// The page is hidden while its person has the word (`screen`).
    public var away: Bool?

    public init(
        t: String,
        text: String? = nil,
        ref: String? = nil,
        id: String? = nil,
        prompt: String? = nil,
        shuffle: Bool? = nil,
        on: Bool? = nil,
        minutes: Int? = nil,
        label: String? = nil,
        m: String? = nil,
        cap: Int? = nil,
        answers: [String: String]? = nil,
        away: Bool? = nil
    ) {
        self.t = t
        self.text = text
        self.ref = ref
        self.id = id
        self.prompt = prompt
        self.shuffle = shuffle
        self.on = on
        self.minutes = minutes
        self.label = label
        self.m = m
        self.cap = cap
        self.answers = answers
        self.away = away
    }

    public enum Problem: String, Error, Sendable {
        case badJSON = "bad-json"
        case badField = "bad-field"
    }

    /// Decodes a text frame. Never includes any of the input in an error: it may be what someone said.
    public static func decode(_ text: String) -> Result<ClientFrame, Problem> {
        guard let frame = try? JSONDecoder().decode(ClientFrame.self, from: Data(text.utf8)) else { return .failure(.badJSON) }
        if let ref = frame.ref, ref.utf8.count > 64 { return .failure(.badField) }
        if let id = frame.id, id.utf8.count > 64 { return .failure(.badField) }
        if let member = frame.m, member.utf8.count > 64 { return .failure(.badField) }
        if let answers = frame.answers, answers.count > 8 || answers.contains(where: { $0.key.utf8.count > 16 || $0.value.utf8.count > 16 }) {
            return .failure(.badField)
        }
        return .success(frame)
    }
}
