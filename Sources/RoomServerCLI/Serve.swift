import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RoomServer
import ServiceLifecycle
import Web

/// `roomserver serve`: starts the house.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the house's web server.")

    @OptionGroup var data: DataOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .customLong("public-dir"), help: "Directory with the browser client and locales.")
    var publicDirectory: String = "Public"

    @Option(name: .customLong("public-url"), help: "The address people use, e.g. https://hus.example.no.")
    var publicURL: String?

    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (when served over HTTPS).")
    var secureCookies = false

    @Option(
        name: .customLong("minute-seconds"),
        help: "Seconds in one minute of a meeting's plan (breaks, time cues). Only for demonstrations and tests."
    )
    var minuteSeconds: Int64 = 60

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(name: .customLong("ping-seconds"), help: .hidden)
    var pingSeconds: Int64 = 30

    @Option(name: .customLong("max-connections"), help: "Open connections the server holds at once (default: just under the open-file limit).")
    var maxConnections: Int?

    @Flag(name: .customLong("trust-proxy"), help: "Take the client's address from X-Real-IP (only behind a reverse proxy that sets it).")
    var trustProxy = false

    @Option(help: "permessage-deflate on the room's socket: off, message or context (default off; see docs/PERFORMANCE.md).")
    var compression: String = "off"

    func validate() throws {
        guard HouseConfiguration.Compression(rawValue: self.compression) != nil else {
            throw ValidationError("--compression must be off, message or context.")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "roomserver")

        var configuration = HouseConfiguration()
        configuration.host = self.host
        configuration.port = self.port
        configuration.dataDirectory = URL(fileURLWithPath: self.data.dataDirectory, isDirectory: true)
        configuration.publicDirectory = URL(fileURLWithPath: self.publicDirectory).standardizedFileURL.path
        configuration.publicURL = self.publicURL
        configuration.limits.minuteSeconds = max(1, min(60, self.minuteSeconds))
        configuration.compression = HouseConfiguration.Compression(rawValue: self.compression) ?? .off
        configuration.trustProxy = self.trustProxy
        configuration.limits.pingSeconds = max(1, min(300, self.pingSeconds))
        configuration.limits.maxConnections = self.maxConnections.map { max(1, $0) }
        configuration.secureCookies = self.secureCookies || (self.publicURL?.hasPrefix("https://") ?? false)

        let services = try HouseServices(configuration: configuration, logger: logger)
        try await self.openPracticeRoomIfEmpty(services.house, configuration: configuration)

        let app = buildApplication(configuration: configuration, services: services, logger: logger)
        try await houseServiceGroup(application: app, services: services, logger: logger).run()
    }

    /// On a first start, a practice room and its host link, so a newcomer can try everything at once.
    func openPracticeRoomIfEmpty(_ house: House, configuration: HouseConfiguration) async throws {
        guard try await house.roomCount() == 0 else { return }
        let (room, hostLink) = try await house.createRoom(name: "Prøverom", kind: .group)
        // Written straight to the file descriptor: under make or a test, standard output is a pipe,
        // and a buffered print would show the link only when the server stops.
        FileHandle.standardOutput.write(
            Data(
                """

                A practice room ("Prøverom") was made for this new house. Its host link (shown once, works once,
                for 30 days) is:

                    \(configuration.baseURL)\(hostLink.path)

                Open it in a browser to enter as the room's host and invite others.
                Room id: \(room.id)

                """.utf8
            )
        )
    }
}
