import Hummingbird
import Logging
import RoomServer
import ServiceLifecycle
import UnixSignals

/// What the house does when it is told to stop, beside Hummingbird's own stop:
/// - Hummingbird closes the listening socket at once, so a page that knocks now is refused by the kernel
///   and tries again after its back-off, instead of waiting in a full accept queue on TCP's own retries
///   (1, 3, 7, 15, 31 s). Nobody new is let in at the door either.
/// - Everyone in a room is told the house is restarting (1001), and their sockets get a second to close.
///   Without it the WebSocket library would close every socket with 1000 "normal", and pages would take it
///   as a goodbye instead of reconnecting.
/// - Then every connection still open is closed, whatever it is doing: a request trickling in, a socket that
///   did not take its goodbye. Nothing that is connected can hold the stop up (a trickled body once kept
///   Hummingbird waiting until the service group crashed the process).
struct Farewell: Sendable {
    let registry: RoomRegistry
    let connections: ConnectionLedger

    func say() async {
        self.registry.stopAdmitting()
        // Long enough for every close frame to be written (the room writes it ahead of anything still waiting) and
        // most pages to answer; the sooner this house is gone, the sooner the next one listens.
        await self.registry.closeAll(within: 1)
        self.connections.closeAll()
    }
}

/// The application and its farewell, stopped together: both hear the group's stop at the same moment, so
/// the listening socket closes while the rooms say goodbye, and the application's stop ends once the
/// farewell has closed what was left.
struct HouseServer<App: Service>: Service, CustomStringConvertible {
    var description: String { "HouseServer" }

    let application: App
    let farewell: Farewell

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.application.run() }
            group.addTask {
                // Cancelled instead (the application failed): nothing to say goodbye to.
                guard (try? await gracefulShutdown()) != nil else { return }
                await self.farewell.say()
            }
        }
    }
}

/// The house as it runs. SIGTERM and SIGINT stop it gracefully, well within 10 s; whatever is still open
/// after that is cancelled, so the process always exits.
public func houseServiceGroup(application: some ApplicationProtocol, services: HouseServices, logger: Logger) -> ServiceGroup {
    let farewell = Farewell(registry: services.registry, connections: services.connections)
    var configuration = ServiceGroupConfiguration(
        services: [.init(service: HouseServer(application: application, farewell: farewell))],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
    configuration.maximumGracefulShutdownDuration = .seconds(10)
    configuration.maximumCancellationDuration = .seconds(3)
    return ServiceGroup(configuration: configuration)
}
