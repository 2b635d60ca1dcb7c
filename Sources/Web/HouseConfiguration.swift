import Foundation
import RoomServer

/// How a house is run: where it listens, where its data and files are.
public struct HouseConfiguration: Sendable {
    /// Address to listen on. Loopback by default: a house on the internet sits behind a reverse proxy (deploy/).
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Where the SQLite database lives.
    public var dataDirectory: URL = URL(fileURLWithPath: "data", isDirectory: true)
    /// The browser client and locale files (an absolute path: the working directory is not trusted).
    public var publicDirectory: String = FileManager.default.currentDirectoryPath + "/Public"
    /// The address people use, e.g. https://hus.example.no. Used in printed links and to accept WebSocket origins.
    public var publicURL: String?
    /// Mark cookies Secure (set when the house is served over HTTPS).
    public var secureCookies: Bool = false
    /// The acute-help line at the foot of every page, where a house sets its own (`help-line`); a language
    /// not given keeps its locale file's `help.line`. A number in square brackets becomes a link a phone can call.
    public var helpLine: [Language: String] = [:]
    /// Limits on every input.
    public var limits: Limits = Limits()
    /// Whether a reverse proxy in front (deploy/) says who the client is, in `X-Real-IP`. Only the café code's
    /// and guest passes' pacing reads it, in memory; never set it without such a proxy, or anyone could pick
    /// their own address.
    public var trustProxy: Bool = false
    /// Where the house is: the house page shows its times in this zone (`time-zone`), never in UTC.
    public var timeZone: TimeZone = Self.defaultTimeZone
    /// Whether the room's WebSocket accepts a browser's offer of permessage-deflate (docs/PERFORMANCE.md).
    public var compression: Compression = .off

    /// permessage-deflate on the room's WebSocket. A chat frame is small, so the bytes it saves are few
    /// and the memory it holds per connection is not: measured by `make bench` (bench/wire.py).
    public enum Compression: String, Sendable, CaseIterable {
        /// Frames go as they are.
        case off
        /// Compressed, each message on its own: no window kept between messages. (Keeping the window, as
        /// browsers offer, cost 200 KiB per connection and saved a few bytes a message; it was measured and
        /// dropped: docs/PERFORMANCE.md.)
        case message
    }

    public init() {}

    /// A Norwegian house's own time, with summer time; UTC only where the system knows no zones at all.
    public static let defaultTimeZone = TimeZone(identifier: "Europe/Oslo") ?? TimeZone(secondsFromGMT: 0)!

    /// The base of links printed for people: the public address, or the listening address.
    public var baseURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://\(self.host):\(self.port)"
    }
}
