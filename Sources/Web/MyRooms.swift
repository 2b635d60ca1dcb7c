import Hummingbird
import RoomServer

/// «Mine rom»: which rooms this browser is a member of, so the front page can lead straight into them.
///
/// A member's key is a cookie scoped to its room's path (``memberCookie(roomId:key:secure:maxAge:)``), so the
/// front page never sees it. This second cookie, for the whole house, holds only room ids: never a key, never
/// a name, nothing said. It is written where a membership is made or used (the invite's POST, the room page
/// opened with a key that works) and loses a room whose key stopped working or that the house deleted.
/// Whoever holds the phone can see the list: docs/PRIVACY.md says so, and the front page offers to forget it.
struct MyRooms: Equatable, Sendable {
    static let cookieName = "rs_rooms"
    /// Ids only, so twenty fit in about 340 bytes: far under a browser's cookie limit, and more groups than
    /// anyone belongs to.
    static let limit = 20

    /// Most recently used first.
    private(set) var ids: [String]

    init(ids: [String] = []) {
        self.ids = []
        for id in ids.reversed() { self.add(id) }
    }

    /// Reads the cookie as the browser sent it; anything that is not a room id is dropped, not trusted.
    init(cookie: String?) {
        let ids = (cookie ?? "").split(separator: ".").map(String.init).filter(Room.isWellFormedID)
        self.init(ids: ids)
    }

    init(_ request: Request) {
        self.init(cookie: request.cookies[Self.cookieName]?.value)
    }

    /// Puts a room first; the one used longest ago falls off past the limit.
    mutating func add(_ id: String) {
        guard Room.isWellFormedID(id) else { return }
        self.ids.removeAll { $0 == id }
        self.ids.insert(id, at: 0)
        if self.ids.count > Self.limit { self.ids.removeLast(self.ids.count - Self.limit) }
    }

    mutating func remove(_ id: String) {
        self.ids.removeAll { $0 == id }
    }

    /// Keeps only the rooms in `kept` (those that still exist), in this list's order.
    mutating func keep(only kept: Set<String>) {
        self.ids.removeAll { !kept.contains($0) }
    }

    /// The cookie to set: for the whole house (the front page reads it), never readable by script. Lax, not
    /// Strict like the key, so a front page opened from a link in another app still shows the list; it holds
    /// nothing that could act. An empty list tells the browser to forget the cookie.
    func cookie(secure: Bool) -> Cookie {
        Cookie(
            name: Self.cookieName,
            value: self.ids.joined(separator: "."),
            maxAge: self.ids.isEmpty ? 0 : 400 * 24 * 3600,
            path: "/",
            secure: secure,
            httpOnly: true,
            sameSite: .lax
        )
    }
}

extension Response {
    /// Notes in «Mine rom» that this browser is (or is no longer) a member of a room, when that changes the list.
    mutating func noteMyRoom(_ roomId: String, member: Bool, request: Request, secure: Bool) {
        let before = MyRooms(request)
        var after = before
        if member { after.add(roomId) } else { after.remove(roomId) }
        // Unchanged, and already first: no cookie to write. A member's weekly visit still renews it, so the
        // list does not age out while the key lives.
        if after == before && !member { return }
        self.setCookie(after.cookie(secure: secure))
    }
}
