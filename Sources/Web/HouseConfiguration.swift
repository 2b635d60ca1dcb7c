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
    /// Limits on every input.
    public var limits: Limits = Limits()

    public init() {}

    /// The base of links printed for people: the public address, or the listening address.
    public var baseURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://\(self.host):\(self.port)"
    }
}
