import Foundation
import Hummingbird
import HummingbirdWSCompression
import HummingbirdWebSocket
import Logging
import Moderation
import RoomServer
import ServiceLifecycle

/// Everything a running house needs, opened once at start.
public struct HouseServices: Sendable {
    public let house: House
    public let registry: RoomRegistry
    public let strings: Strings
    let assets: StaticAssets

    public init(configuration: HouseConfiguration, logger: Logger) throws {
        self.house = try House.open(directory: configuration.dataDirectory)
        self.registry = RoomRegistry(limits: configuration.limits, logger: logger)
        self.strings = try Strings.load(localesDirectory: configuration.publicDirectory + "/locales")
        self.assets = try StaticAssets.load(publicDirectory: configuration.publicDirectory)
    }
}

/// Builds the house's HTTP and WebSocket application. Tests build the same one with their own configuration.
public func buildApplication(
    configuration: HouseConfiguration,
    services: HouseServices,
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router(context: BasicWebSocketRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(strings: services.strings))
    router.add(middleware: StaticAssetsMiddleware(assets: services.assets))
    RoomRoutes(house: services.house, strings: services.strings, configuration: configuration).add(to: router)
    InviteRoutes(house: services.house, strings: services.strings, configuration: configuration).add(to: router)

    let socketRouter = Router(context: BasicWebSocketRequestContext.self)
    RoomSocket(house: services.house, registry: services.registry, configuration: configuration).add(to: socketRouter)

    return Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: socketRouter,
            configuration: .init(
                ws: .init(
                    maxFrameSize: configuration.limits.maxFrameBytes,
                    extensions: [.perMessageDeflate(maxDecompressedFrameSize: configuration.limits.maxFrameBytes)],
                    autoPing: .enabled(timePeriod: .seconds(30)),
                    closeTimeout: .seconds(5),
                    // Invalid UTF-8 in a text frame closes the connection with 1007, as RFC 6455 asks.
                    validateUTF8: true
                )
            )
        ),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [RoomSweeper(registry: services.registry, house: services.house, logger: logger)],
        logger: logger
    )
}

/// Closes empty rooms after their resume window, and deletes records past their retention, in the background.
struct RoomSweeper: Service, CustomStringConvertible {
    var description: String { "RoomSweeper" }

    let registry: RoomRegistry
    let house: House
    let logger: Logger

    func run() async throws {
        // Stop at once on shutdown, not after the next sleep.
        try? await cancelWhenGracefulShutdown {
            await self.sweepForever()
        }
        await self.registry.closeAll()
    }

    private func sweepForever() async {
        var sinceRetention = Duration.zero
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(5))
            guard !Task.isCancelled else { return }
            await self.registry.sweep(now: Instant(Date()))
            sinceRetention += .seconds(5)
            if sinceRetention >= .seconds(3600) || sinceRetention == .seconds(5) {
                if let deleted = try? self.house.deleteExpiredRecords() {
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
