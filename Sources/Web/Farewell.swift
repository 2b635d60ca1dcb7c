import Hummingbird
import Logging
import RoomServer
import ServiceLifecycle
import UnixSignals

/// The first thing to stop on shutdown: tells everyone in a room that the house is restarting (1001)
/// and waits for their sockets to close, before the HTTP server itself stops.
///
/// A service group stops its services in reverse order, so this one, last in the list, goes first.
/// Without it the WebSocket library would close every socket with 1000 "normal", and pages would
/// take it as a goodbye instead of reconnecting.
struct Farewell: Service, CustomStringConvertible {
    var description: String { "Farewell" }

    let registry: RoomRegistry

    func run() async throws {
        try? await gracefulShutdown()
        await self.registry.closeAll(within: 3)
    }
}

/// The house as it runs: the application, and the farewell that stops first. SIGTERM and SIGINT stop it
/// gracefully; whatever is still open after a few seconds is cancelled, so the process always exits.
public func houseServiceGroup(application: some ApplicationProtocol, services: HouseServices, logger: Logger) -> ServiceGroup {
    var configuration = ServiceGroupConfiguration(
        services: [.init(service: application), .init(service: Farewell(registry: services.registry))],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
    configuration.maximumGracefulShutdownDuration = .seconds(10)
    configuration.maximumCancellationDuration = .seconds(3)
    return ServiceGroup(configuration: configuration)
}
