import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import Moderation
import NIOCore
import RoomServer
import ServiceLifecycle

/// Everything a running house needs, opened once at start.
public struct HouseServices: Sendable {
    public let house: House
    public let registry: RoomRegistry
    /// Café guests' passes, in memory only.
    public let guests: GuestBook
    /// How fast café codes may be guessed, in memory only.
    let codes = CodeGuard()
    public let strings: Strings
    let assets: StaticAssets
    /// Every open connection, and the cap on them.
    let connections: ConnectionLedger

    public init(configuration: HouseConfiguration, logger: Logger) throws {
        self.house = try House.open(directory: configuration.dataDirectory)
        self.guests = GuestBook()
        self.registry = RoomRegistry(house: self.house, guests: self.guests, limits: configuration.limits, logger: logger)
        self.strings = try Strings.load(localesDirectory: configuration.publicDirectory + "/locales")
            .replacing("help.line", with: configuration.helpLine)
        self.assets = try StaticAssets.load(publicDirectory: configuration.publicDirectory)
        self.connections = ConnectionLedger(maxConnections: configuration.limits.maxConnections ?? ConnectionLedger.defaultMaxConnections())
    }
}

/// Builds the house's HTTP and WebSocket application. Tests build the same one with their own configuration.
public func buildApplication(
    configuration: HouseConfiguration,
    services: HouseServices,
    logger: Logger
) -> some ApplicationProtocol {
    // HEAD for every page, as GET without the body: an uptime monitor asks `HEAD /` (it was 404, the house "down").
    let router = Router(context: HouseRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware(strictTransport: configuration.publicURL?.hasPrefix("https://") == true))
    router.add(middleware: ErrorPageMiddleware(strings: services.strings, assets: services.assets.names))
    router.add(middleware: StaticAssetsMiddleware(assets: services.assets))
    RoomRoutes(
        house: services.house,
        practice: services.registry.practice,
        strings: services.strings,
        assets: services.assets.names,
        configuration: configuration
    ).add(to: router)
    InviteRoutes(
        house: services.house,
        registry: services.registry,
        strings: services.strings,
        assets: services.assets.names,
        configuration: configuration
    ).add(to: router)
    ManifestRoutes(house: services.house).add(to: router)
    MyRoomsRoutes(house: services.house, strings: services.strings, assets: services.assets.names, configuration: configuration).add(to: router)
    RoomTimeRoutes(
        house: services.house,
        registry: services.registry,
        strings: services.strings,
        assets: services.assets.names,
        configuration: configuration
    ).add(to: router)
    PracticeRoutes(
        practice: services.registry.practice,
        codes: services.codes,
        strings: services.strings,
        assets: services.assets.names,
        configuration: configuration
    ).add(to: router)
    HouseAdminRoutes(
        house: services.house,
        registry: services.registry,
        strings: services.strings,
        assets: services.assets.names,
        configuration: configuration
    ).add(to: router)
    CafeRoutes(
        house: services.house,
        guests: services.guests,
        registry: services.registry,
        codes: services.codes,
        strings: services.strings,
        assets: services.assets.names,
        configuration: configuration
    ).add(to: router)

    let limits = configuration.limits
    let deflate = socketDeflate(configuration.compression, maxFrameBytes: limits.maxFrameBytes)
    let socketRouter = Router(context: RoomSocketContext.self)
    let admissions = AdmissionGate(width: RoomSocket.admissionsAtOnce)
    RoomSocket(
        house: services.house,
        registry: services.registry,
        configuration: configuration,
        deflate: deflate,
        heartbeats: HeartbeatWheels(period: .seconds(limits.pingSeconds), closeAfter: .seconds(RoomSocket.closeSeconds)),
        admissions: admissions
    ).add(to: socketRouter)

    var http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(limits.idleSeconds))
    http1.httpDecoder = .init(
        maxHeaderFieldSize: limits.maxHeaderFieldBytes,
        maxHeaderListSize: limits.maxHeaderBytes,
        maxHeaderFieldCount: limits.maxHeaderCount
    )
    let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
        http1: http1,
        ws: .init(
            maxFrameSize: limits.maxFrameBytes,
            extensions: deflate.map { builder in [WebSocketExtensionFactory { builder }] } ?? [],
            // The room socket keeps its own heartbeat on the event loop (Heartbeat), far cheaper per connection.
            autoPing: .disabled,
            closeTimeout: .seconds(RoomSocket.closeSeconds),
            // Invalid UTF-8 in a text frame closes the connection with 1007, as RFC 6455 asks.
            validateUTF8: true
        )
    )
    let webSocketResponder = socketRouter.buildResponder()
    let (busy, restarting) = (services.strings.busyResponse(), services.strings.restartingResponse())
    let timeouts = RequestDeadlines.Timeouts(
        firstRequest: .seconds(limits.firstRequestSeconds),
        // A little longer than a handler's own wait for the body, so that its 408 goes out first.
        body: .seconds(limits.bodySeconds + 2),
        idle: .seconds(limits.idleSeconds),
        maxBodyBytes: limits.maxBodyBytes
    )
    let server = HTTPServerBuilder { responder in
        GuardedServerChannel(
            inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: channelConfiguration),
            ledger: services.connections,
            registry: services.registry,
            timeouts: timeouts,
            busyResponse: busy,
            restartingResponse: restarting
        )
    }

    let accepts = services.connections.acceptsPerWakeup()
    return Application(
        router: router,
        server: server,
        // A restart brings everyone back within seconds: 256 waiting connections (the default) overflowed, and
        // a phone whose handshake was dropped then waited on TCP's own retries (docs/PERFORMANCE.md, storm).
        // The kernel holds it to net.core.somaxconn.
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil, backlog: listenBacklog),
        services: [RoomSweeper(registry: services.registry, house: services.house, logger: logger)],
        onServerRunning: { listener in
            // Take waiting connections off the kernel's queue many at a time: after a restart 19,000 pages knock
            // within seconds, and a queue left full drops their handshakes, which TCP then retries only after
            // 1, 3, 7 and 15 s (docs/PERFORMANCE.md, storm). Taken in, they wait their turn in the house instead.
            try? await listener.setOption(ChannelOptions.maxMessagesPerRead, value: accepts)
        },
        logger: libraryLogger(logger)
    )
}

/// Connections the kernel may hold for the house before it accepts them (capped by net.core.somaxconn).
let listenBacklog = 4096

/// The logger handed to Hummingbird and the WebSocket library: never below debug.
///
/// At trace those libraries log the first bytes of every frame, which is what someone said. The house's
/// own code logs opaque ids only, so it may go to trace; the libraries may not, whatever the setting.
/// A client that leaves before asking anything is logged at debug, not as an error.
func libraryLogger(_ logger: Logger) -> Logger {
    var capped = Logger(label: logger.label) { _ in ConnectionNoiseLogHandler(inner: logger.handler) }
    if capped.logLevel < .debug { capped.logLevel = .debug }
    return capped
}

/// Closes empty rooms after their resume window, and deletes records past their retention, in the background.
struct RoomSweeper: Service, CustomStringConvertible {
    var description: String { "RoomSweeper" }

    let registry: RoomRegistry
    let house: House
    let logger: Logger

    func run() async throws {
        // Stop at once on shutdown, not after the next sleep.
        await cancelWhenGracefulShutdown {
            await self.sweepForever()
        }
    }

    private func sweepForever() async {
        var sinceRetention = Duration.zero
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(5))
            guard !Task.isCancelled else { return }
            await self.registry.sweep(now: Instant(Date()))
            returnFreedMemory()
            sinceRetention += .seconds(5)
            if sinceRetention >= .seconds(3600) || sinceRetention == .seconds(5) {
                if let deleted = try? await self.house.deleteExpiredRecords() {
                    self.logger.info(
                        "retention",
                        metadata: ["memberships.deleted": "\(deleted.memberships)", "invites.deleted": "\(deleted.invites)"]
                    )
                }
                if sinceRetention >= .seconds(3600) { sinceRetention = .seconds(10) }
            }
        }
    }
}

/// Gives memory freed since the last sweep back to the system.
///
/// A burst (a slow reader's megabyte of queued frames, a full room's reconnect) is freed when it ends, but
/// glibc keeps freed pages in its arenas; on a small server that looks like a leak and crowds out the
/// database's cache. Trimming every few seconds costs well under a millisecond on a heap this size.
func returnFreedMemory() {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
}

#if os(Linux)
/// glibc's `malloc_trim`, which the Glibc module does not export (it lives in malloc.h).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// permessage-deflate for the room socket, when the house accepts it: every message on its own, from zlib
/// streams the whole house shares (SharedDeflate). Every frame of 16 bytes or more is compressed, and an
/// inflated frame is held to the same limit as a plain one.
func socketDeflate(_ compression: HouseConfiguration.Compression, maxFrameBytes: Int) -> SharedDeflateBuilder? {
    switch compression {
    case .off: nil
    case .message: SharedDeflateBuilder(pool: DeflatePool(), maxInflatedBytes: maxFrameBytes)
    }
}
