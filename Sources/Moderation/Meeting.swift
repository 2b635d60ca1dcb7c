/// One sitting in a room: who is present and what they may do.
///
/// A meeting is a value. Every change goes through ``apply(_:by:at:)``, which either
/// returns the events everyone present should see, or throws a typed ``Refusal``.
/// It holds no message text: what is said passes through as an event and is gone.
public struct Meeting: Sendable, Equatable {
    /// The longest message, in characters (grapheme clusters), that anyone may send.
    public static let maxMessageLength = 2000

    /// The longest display name, in characters.
    public static let maxNameLength = 40

    /// Who is present, in the order they arrived.
    public private(set) var present: [Participant] = []

    public init() {}

    public func participant(_ id: MemberID) -> Participant? {
        self.present.first { $0.id == id }
    }

    public func isPresent(_ id: MemberID) -> Bool {
        self.participant(id) != nil
    }

    /// Applies one command from one member.
    /// - Returns: the events to show everyone present, in order.
    public mutating func apply(_ command: Command, by actor: MemberID, at now: Instant) throws(Refusal) -> [Event] {
        switch command {
        case .join(let name, let role):
            guard !self.isPresent(actor) else { throw .alreadyPresent }
            let participant = Participant(id: actor, name: name, role: role)
            self.present.append(participant)
            return [.joined(participant)]

        case .leave:
            guard let index = self.present.firstIndex(where: { $0.id == actor }) else { throw .notPresent }
            self.present.remove(at: index)
            return [.left(actor)]

        case .say(let text):
            guard self.isPresent(actor) else { throw .notPresent }
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty else { throw .emptyMessage }
            guard text.count <= Self.maxMessageLength else { throw .messageTooLong }
            return [.said(actor, trimmed)]

        case .typing:
            guard self.isPresent(actor) else { throw .notPresent }
            return [.typing(actor)]
        }
    }
}

extension String {
    /// The string without leading and trailing white space and new lines.
    ///
    /// Written out here because the rules module does not import Foundation.
    func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
