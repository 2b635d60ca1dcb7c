import Foundation
import Moderation

/// The café guests of the house, in memory only: who a guest's cookie is, for as long as their sitting lasts.
///
/// A guest's pass is a random token in a session cookie; the book holds only the token's hash. A reload or a
/// dropped connection keeps the name (and, through the live room's grace, the place). When a café's sitting
/// ends the passes go with it; a guest sent out loses theirs at once. Nothing here is ever stored.
public actor GuestBook {
    /// At most this many guests in one café, and in the whole house, at a time.
    public static let maxPerRoom = 300
    public static let maxInHouse = 5_000
    /// A pass lasts at most this long even if the sitting never ends.
    public static let lifetime: TimeInterval = 12 * 3600
    /// Passes made this recently survive the end of a sitting: their holder is on the way in.
    static let onTheWay: TimeInterval = 120

    private var passes: [String: Guest] = [:]

    public init() {}

    public enum Problem: Error, Equatable {
        case name(DisplayName.Problem)
        /// The house holds as many guests as it will.
        case full
    }

    /// A new guest in a café: the token for their cookie, and who they are.
    /// - Parameter taken: the name keys (``NameKey``) already used in the room by its members.
    public func admit(roomId: String, name rawName: String, taken: Set<String>, now: Date = Date()) -> Result<(token: String, guest: Guest), Problem>
    {
        self.forgetExpired(now: now)
        let name: String
        switch DisplayName.validate(rawName) {
        case .failure(let problem): return .failure(.name(problem))
        case .success(let valid): name = valid
        }
        let inRoom = self.passes.values.filter { $0.roomId == roomId }
        guard inRoom.count < Self.maxPerRoom, self.passes.count < Self.maxInHouse else { return .failure(.full) }
        let used = taken.union(inRoom.map { NameKey($0.name).value })
        let guest = Guest(id: MemberID("g" + randomIdentifier()), roomId: roomId, name: Self.distinct(name, from: used), createdAt: now)
        let token = Secret.generate()
        self.passes[token.hash] = guest
        return .success((token.value, guest))
    }

    /// Two guests who both say "Anne" are "Anne" and "Anne 2": nobody passes for someone else.
    static func distinct(_ name: String, from used: Set<String>) -> String {
        guard used.contains(NameKey(name).value) else { return name }
        for number in 2...999 {
            let suffix = " \(number)"
            let base = String(name.prefix(Meeting.maxNameLength - suffix.count))
            let candidate = base + suffix
            if !used.contains(NameKey(candidate).value) { return candidate }
        }
        return String(name.prefix(Meeting.maxNameLength - 9)) + " " + String(randomIdentifier().prefix(8))
    }

    /// The guest a cookie's token stands for in this café, if the pass still holds.
    public func guest(token: String, roomId: String, now: Date = Date()) -> Guest? {
        guard Secret.isWellFormed(token), let guest = self.passes[Secret(value: token).hash] else { return nil }
        guard guest.roomId == roomId, guest.createdAt > now.addingTimeInterval(-Self.lifetime) else { return nil }
        return guest
    }

    /// A guest sent out of the café: their pass ends now.
    public func revoke(_ id: MemberID) {
        self.passes = self.passes.filter { $0.value.id != id }
    }

    /// The café's sitting ended: its guests' passes end too (but not those just made, whose holders are on their way in).
    public func endSitting(roomId: String, now: Date = Date()) {
        self.passes = self.passes.filter { $0.value.roomId != roomId || $0.value.createdAt > now.addingTimeInterval(-Self.onTheWay) }
    }

    public var count: Int { self.passes.count }

    private func forgetExpired(now: Date) {
        self.passes = self.passes.filter { $0.value.createdAt > now.addingTimeInterval(-Self.lifetime) }
    }
}
