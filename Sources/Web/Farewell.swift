import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import RoomServer
import ServiceLifecycle
import UnixSignals

/// The first thing to stop on shutdown. In this order:
/// 1. The listening socket closes, so a page that knocks now is refused by the kernel at once and tries
///    again after its back-off, instead of waiting in a full accept queue on TCP's own retries (1, 3, 7,
///    15, 31 s: a restart under 19,000 members left hundreds waiting 30 s and more).
/// 2. Everyone in a room is told the house is restarting (1001), and their sockets get a few seconds to
///    close.
/// 3. Every connection still open is closed: a request trickling in, a socket that did not take its
///    goodbye. Nothing that is connected can hold the stop up.
///
/// A service group stops its services in reverse order, so this one, last in the list, goes first.
/// Without it the WebSocket library would close every socket with 1000 "normal", and pages would
/// take it as a goodbye instead of reconnecting.
struct Farewell: Service, CustomStringConvertible {
    var description: String { "Farewell" }

    let registry: RoomRegistry
    let listener: Listener
    let connections: ConnectionLedger

    func run() async throws {
        try? await gracefulShutdown()
        self.registry.stopAdmitting()
        await self.listener.close()
        await self.registry.closeAll(within: 3)
        self.connections.closeAll()
    }
}

/// The server's listening socket, known once it listens, so the Farewell can close it first.
final class Listener: Sendable {
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    func listening(_ channel: any Channel) {
        self.channel.withLockedValue { $0 = channel }
    }

    func close() async {
        guard let channel = self.channel.withLockedValue({ $0 }) else { return }
        try? await channel.close()
    }
}

/// Runs the application, and holds its place in the service group until the group stops it.
///
/// The Farewell closes the listening socket before the application's turn to stop; Hummingbird's server
/// then ends as soon as its last connection has, and a service that ends before its turn would make the
/// group give up the orderly stop.
struct HouseServer<App: Service>: Service, CustomStringConvertible {
    var description: String { "HouseServer" }

    let application: App

    func run() async throws {
        try await self.application.run()
        try? await gracefulShutdown()
    }
}

/// The house as it runs: the application, and the farewell that stops first. SIGTERM and SIGINT stop it
/// gracefully; whatever is still open after a few seconds is closed, so the process always exits.
public func houseServiceGroup(application: some ApplicationProtocol, services: HouseServices, logger: Logger) -> ServiceGroup {
    var configuration = ServiceGroupConfiguration(
        services: [
            .init(service: HouseServer(application: application)),
            .init(service: Farewell(registry: services.registry, listener: services.listener, connections: services.connections)),
        ],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
    configuration.maximumGracefulShutdownDuration = .seconds(10)
    configuration.maximumCancellationDuration = .seconds(3)
    return ServiceGroup(configuration: configuration)
}
