/// Each client file's content-hashed address (`/app/room.3f2a9c1b7e.js`), for the pages to name.
///
/// A hashed address never changes its content, so it is cached for a year without asking again: a phone
/// coming back next week loads the room with no round trips for its scripts. A new version of a file has
/// a new address, so an old script never meets a new server.
struct AssetNames: Sendable {
    let hashed: [String: String]

    /// The address to put in a page for a file (its plain address if it has no hashed one).
    func callAsFunction(_ path: String) -> String {
        self.hashed[path] ?? path
    }

    static let plain = AssetNames(hashed: [:])
}
