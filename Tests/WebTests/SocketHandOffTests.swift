import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOEmbedded
import Testing

@testable import Web

/// The room socket leaves the connection's task only if the WebSocket library's upgrade outcome can still
/// be read; if a new version renames it, sockets are still served, but on the deep task. This says so.
@Suite("An upgraded room socket gets a task of its own")
struct SocketHandOffTests {
    @Test("the WebSocket library's channel value still carries its upgrade outcome where SocketHandOff reads it")
    func upgradeOutcomeIsReadable() async throws {
        let upgrade = HTTP1WebSocketUpgradeChannel(
            responder: { _, _, _ in },
            webSocketResponder: Router(context: RoomSocketContext.self).buildResponder(),
            configuration: .init()
        )
        let channel = EmbeddedChannel()
        let value = try await upgrade.setup(channel: channel, logger: Logger(label: "test")).get()
        #expect(SocketHandOff.upgradeResult(value) != nil)
        _ = try? await channel.close()
    }
}
