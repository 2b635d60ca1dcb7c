import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RoomServer
import ServiceLifecycle
import Web

/// `roomserver serve`: starts the house.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the house's web server.",
        discussion: """
            The data folder must hold the house's database (house.sqlite), whole: the server refuses to start on a \
            missing, empty or damaged one, so that it never runs as a new, empty house while the real one is lost. \
            --create makes a new house where there is none (make run does so the first time).
            """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080).")
    var port: Int?

    @Option(name: .customLong("public-dir"), help: "Directory with the browser client and locales (default: found beside the program).")
    var publicDirectory: String?

    @Option(name: .customLong("public-url"), help: "The address people use, e.g. https://hus.example.no.")
    var publicURL: String?

    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (when served over HTTPS).")
    var secureCookies = false

    @Option(
        name: .customLong("minute-seconds"),
        help: "Seconds in one minute of a meeting's plan (breaks, time cues). Only for demonstrations and tests."
    )
    var minuteSeconds: Int64 = 60

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    @Option(name: .customLong("ping-seconds"), help: .hidden)
    var pingSeconds: Int64 = 30

    /// A practice meeting's beat in milliseconds: calm by default, short for tests.
    @Option(name: .customLong("practice-beat-ms"), help: .hidden)
    var practiceBeatMilliseconds: Int = 1500

    @Option(name: .customLong("practice-meetings"), help: "Practice meetings running at once (default 20; 0 turns them off).")
    var practiceMeetings: Int?

    @Option(name: .customLong("max-connections"), help: "Open connections the server holds at once (default: just under the open-file limit).")
    var maxConnections: Int?

    @Flag(name: .customLong("trust-proxy"), help: "Take the client's address from X-Real-IP (only behind a reverse proxy that sets it).")
    var trustProxy = false

    @Option(name: .customLong("time-zone"), help: "The house's time zone, for the times on the house page (default Europe/Oslo).")
    var timeZone: String?

    @Option(help: "permessage-deflate on the room's socket: off or message (default off; see docs/PERFORMANCE.md).")
    var compression: String?

    func run() async throws {
        // Each setting: the flag, else ROOMSERVER_…, else the configuration file, else the default.
        let settings = try self.data.settings()
        // The database holds names and keys: its files are the house's alone, whatever the shell's umask.
        umask(0o077)
        let level = Logger.Level(rawValue: settings.value("log-level", flag: self.logLevel) ?? "info") ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "roomserver")

        var configuration = HouseConfiguration()
        configuration.host = settings.value("host", flag: self.host) ?? "127.0.0.1"
        guard let port = Int(settings.value("port", flag: self.port.map(String.init)) ?? "8080"), (1...65535).contains(port) else {
            throw ValidationError("The port must be a number from 1 to 65535.")
        }
        configuration.port = port
        configuration.dataDirectory = URL(fileURLWithPath: try self.data.dataDirectory(), isDirectory: true)
        configuration.publicDirectory = try Self.publicDirectory(settings.value("public-dir", flag: self.publicDirectory))
        configuration.publicURL = settings.value("public-url", flag: self.publicURL)
        configuration.limits.minuteSeconds = max(1, min(60, self.minuteSeconds))
        guard let compression = HouseConfiguration.Compression(rawValue: settings.value("compression", flag: self.compression) ?? "off") else {
            throw ValidationError("compression must be off or message.")
        }
        configuration.compression = compression
        configuration.trustProxy = settings.flag("trust-proxy", flag: self.trustProxy)
        configuration.limits.pingSeconds = max(1, min(300, self.pingSeconds))
        guard let practiceMeetings = Int(settings.value("practice-meetings", flag: self.practiceMeetings.map(String.init)) ?? "20"),
            (0...1000).contains(practiceMeetings)
        else { throw ValidationError("practice-meetings must be a number from 0 to 1000.") }
        configuration.limits.practiceMeetings = practiceMeetings
        let beat = Double(max(50, min(5000, self.practiceBeatMilliseconds))) / 1000
        configuration.limits.practiceBeatSeconds = beat
        // A practice break is one minute of its plan: a few beats, so it ends while the visitor still watches.
        configuration.limits.practiceMinuteSeconds = max(1, Int64((beat * 16 / 3).rounded()))
        let maxConnections = settings.value("max-connections", flag: self.maxConnections.map(String.init)).flatMap { Int($0) }
        configuration.limits.maxConnections = maxConnections.map { max(1, $0) }
        configuration.helpLine = try settings.helpLine()
        if let zone = settings.value("time-zone", flag: self.timeZone) {
            guard let timeZone = TimeZone(identifier: zone) else { throw ValidationError("time-zone must be a zone such as Europe/Oslo.") }
            configuration.timeZone = timeZone
        }
        configuration.secureCookies = self.secureCookies || (configuration.publicURL?.hasPrefix("https://") ?? false)

        try Self.checkHouse(in: configuration.dataDirectory, create: self.data.create)

        let services = try HouseServices(configuration: configuration, logger: logger)
        try await self.openPracticeRoomIfEmpty(services.house, configuration: configuration)

        let app = buildApplication(configuration: configuration, services: services, logger: logger)
        do {
            try await houseServiceGroup(application: app, services: services, logger: logger).run()
        } catch {
            try? await services.house.close()
            throw error
        }
        // A clean stop leaves no write-ahead log behind, and so no page of a deleted record in one.
        try await services.house.close()
    }

    /// Starts only on a house that is there and whole, or, with `--create`, where there is none yet.
    static func checkHouse(in directory: URL, create: Bool) throws {
        let file = directory.appendingPathComponent(HouseFile.fileName).path
        switch HouseFile.examine(directory: directory) {
        case .house:
            return
        case .missing where create, .empty where create:
            return
        case .missing:
            throw StartRefused(
                """
                No house in \(directory.path): there is no \(file).
                Give the folder that holds the house (--data, or `data` in the configuration file), or start with --create \
                to make a new, empty house there.
                """
            )
        case .empty:
            throw StartRefused(
                """
                \(file) is empty (0 bytes): it holds no house.
                If the house's data was lost, restore the newest backup (docs/OPERATIONS.md, Backups). To start a new, \
                empty house there instead, start with --create.
                """
            )
        case .damaged(let words):
            throw StartRefused(
                """
                \(file) is damaged; SQLite says: \(words)
                The server does not start on it. Move the file aside (with any -wal and -shm beside it) \
                and restore the newest backup (docs/OPERATIONS.md, Backups).
                """
            )
        }
    }

    /// The browser client's folder: as given, else `Public` here, else beside the program (a package's
    /// `../share/roomserver/public`, or the source tree a build sits in), so `serve` works from any folder.
    static func publicDirectory(_ given: String?) throws -> String {
        if let given { return URL(fileURLWithPath: given).standardizedFileURL.path }
        let program = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [URL(fileURLWithPath: "Public"), program.appendingPathComponent("../share/roomserver/public")]
        var folder = program
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("Public"))
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("locales/nb.json").path) {
            return candidate.standardizedFileURL.path
        }
        throw ValidationError(
            "Cannot find the browser client (a folder with locales/nb.json). Give --public-dir, or `public-dir` in the configuration."
        )
    }

    /// On a first start, a practice room and its host link, so a newcomer can try everything at once.
    ///
    /// The link is a key to a room: it goes to a file in the data directory that only the house's user can
    /// read, and to the screen only when a person is watching it (a terminal), never to a log or the journal.
    func openPracticeRoomIfEmpty(_ house: House, configuration: HouseConfiguration) async throws {
        guard try await house.roomCount() == 0 else { return }
        let (room, hostLink) = try await house.createRoom(name: "Prøverom", kind: .group)
        let text = """
            A practice room ("Prøverom") was made for this new house. Its host link (works once, for 30 days) is:

                \(configuration.baseURL)\(hostLink.path)

            Open it in a browser to enter as the room's host and invite others.
            Room id: \(room.id)

            """
        let file = configuration.dataDirectory.appendingPathComponent("first-host-link.txt")
        FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        // Written straight to the file descriptor: a buffered print would show only when the server stops.
        let shown = isatty(STDOUT_FILENO) == 1 ? "\n" + text : "\nA practice room was made. Its host link is in \(file.path)\n\n"
        FileHandle.standardOutput.write(Data(shown.utf8))
    }
}

/// Why the server would not start: said in full, without the usage text a mistyped option gets.
struct StartRefused: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
