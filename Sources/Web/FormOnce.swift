import Foundation

/// Forms on the house page that make something (a room, a host link, an admin link) carry a random
/// token: reloading the page that answered one sends the same form again, and must not make a second room.
///
/// The tokens seen are kept in memory, the newest few thousand: a form older than that is long gone.
actor FormOnce {
    static let kept = 4096
    private var seen: Set<String> = []
    private var order: [String] = []

    /// A token for a new form.
    nonisolated static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(UInt64.random(in: .min ... .max, using: &generator), radix: 36) }.joined(separator: "-")
    }

    /// Whether this is the first time `token` is sent. A form without one (a script) is always first.
    func first(_ token: String?) -> Bool {
        guard let token, !token.isEmpty, token.utf8.count <= 64 else { return true }
        guard self.seen.insert(token).inserted else { return false }
        self.order.append(token)
        if self.order.count > Self.kept {
            self.seen.remove(self.order.removeFirst())
        }
        return true
    }
}
