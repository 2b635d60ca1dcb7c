import Foundation
import Moderation

/// The café guests of the house, in memory only: who a guest's cookie is, for as long as their sitting lasts.
///
/// A guest's pass is a random token in a session cookie; the book holds only the token's hash. A reload or a
/// dropped connection keeps the name (and, through the live room's grace, the place). When a café's sitting
/// ends the passes go with it; a guest sent out loses theirs at once, and their browser is told so if it
/// comes back this sitting. A pass nobody used within two minutes goes too. Nothing here is ever stored.
public actor GuestBook {
    /// At most this many guests in one café, and in the whole house, at a time.
    public static let maxPerRoom = 300
    public static let maxInHouse = 5_000
    /// A pass lasts at most this long even if the sitting never ends.
    public static let lifetime: TimeInterval = 12 * 3600
    /// A pass made this recently survives the end of a sitting, and one not used by then is dropped.
    static let onTheWay: TimeInterval = 120

    struct Pass {
        let guest: Guest
        var used = false
    }

    private var passes: [String: Pass] = [:]
    /// Passes of guests sent out, by token hash, until their café's sitting ends.
    private var sentOut: [String: String] = [:]

    public init() {}

    public enum Problem: Error, Equatable {
        case name(DisplayName.Problem)
        /// The house holds as many guests as it will.
        case full
    }

    /// What a browser's pass is in a café.
    public enum Standing: Sendable, Equatable {
        case inside(Guest)
        case sentOut
        case none
    }

    /// A new guest in a café: the token for their cookie, and who they are.
    /// - Parameter taken: the name keys (``NameKey``) already used in the room by its members.
    public func admit(
        roomId: String,
        name rawName: String,
        taken: Set<String>,
        now: Date = Date()
    ) -> Result<(token: String, guest: Guest), Problem> {
        self.forgetStale(now: now)
        let name: String
        switch DisplayName.validate(rawName) {
        case .failure(let problem): return .failure(.name(problem))
        case .success(let valid): name = valid
        }
        let inRoom = self.passes.values.filter { $0.guest.roomId == roomId }
        guard inRoom.count < Self.maxPerRoom, self.passes.count < Self.maxInHouse else { return .failure(.full) }
        let used = taken.union(inRoom.map { NameKey($0.guest.name).value })
        let guest = Guest(id: MemberID("g" + randomIdentifier()), roomId: roomId, name: Self.distinct(name, from: used), createdAt: now)
        let token = Secret.generate()
        self.passes[token.hash] = Pass(guest: guest)
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
        guard case .inside(let guest) = self.standing(token: token, roomId: roomId, now: now) else { return nil }
        return guest
    }

    /// Where a browser's pass stands in this café: inside, sent out this sitting, or nothing.
    public func standing(token: String, roomId: String, now: Date = Date()) -> Standing {
        guard Secret.isWellFormed(token) else { return .none }
        let hash = Secret(value: token).hash
        if self.sentOut[hash] == roomId { return .sentOut }
        guard let pass = self.passes[hash], pass.guest.roomId == roomId, pass.guest.createdAt > now.addingTimeInterval(-Self.lifetime)
        else { return .none }
        return .inside(pass.guest)
    }

    /// The guest's page connected: the pass is in use, and is kept for the sitting.
    public func used(_ id: MemberID) {
        for (hash, pass) in self.passes where pass.guest.id == id { self.passes[hash]?.used = true }
    }

    /// A guest sent out of the café: their pass ends now, and their browser is told so if it comes back.
    public func revoke(_ id: MemberID) {
        for (hash, pass) in self.passes where pass.guest.id == id {
            self.passes[hash] = nil
            self.sentOut[hash] = pass.guest.roomId
        }
    }

    /// The café's sitting ended: its guests' passes end too (but not those just made, whose holders are on their way in).
    public func endSitting(roomId: String, now: Date = Date()) {
        self.passes = self.passes.filter { $0.value.guest.roomId != roomId || $0.value.guest.createdAt > now.addingTimeInterval(-Self.onTheWay) }
        self.sentOut = self.sentOut.filter { $0.value != roomId }
    }

    public var count: Int { self.passes.count }

    /// Passes past their lifetime, and passes nobody came in with (a script making them to fill the café).
    private func forgetStale(now: Date) {
        self.passes = self.passes.filter { _, pass in
            pass.guest.createdAt > now.addingTimeInterval(-Self.lifetime)
                && (pass.used || pass.guest.createdAt > now.addingTimeInterval(-Self.onTheWay))
        }
    }
}
