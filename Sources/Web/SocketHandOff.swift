import HummingbirdCore
import HummingbirdWebSocket
import NIOCore

/// Moves an upgraded room socket off the task that served its upgrade request, onto a task of its own.
///
/// Hummingbird serves every connection in a task of one task group, for as long as the connection lives.
/// For a room socket that costs twice (docs/PERFORMANCE.md):
/// - A task keeps the most memory its stack ever needed until it ends, and the connection's task went
///   through the whole HTTP stack to get to the upgrade: at 19,000 members, kilobytes per person.
/// - The runtime takes a finished task out of its group by walking the group's list, so every goodbye
///   cost a walk past all the others, and a stop at 19,000 took seconds.
/// So once a connection has become a WebSocket, its handler runs in a new, shallow task, and the
/// connection's task ends. The new task is detached: it does not inherit the graceful shutdown, so the
/// WebSocket library does not close every socket with 1000 ("normal", a goodbye to a page) the moment the
/// house is told to stop. The house's Farewell says 1001 instead, and closes whatever is left.
///
/// The upgrade's outcome is not public in the WebSocket library, so it is read by reflection. Should a new
/// version of the library change that, nothing breaks: the socket is served on the connection's task as
/// before (a test checks that the hand-off happens).
enum SocketHandOff {
    /// Starts the socket's own task and returns true, if this connection was upgraded to a WebSocket.
    static func handedOff(_ value: some ServerChildChannelValue) async -> Bool {
        guard let future = self.upgradeResult(value), let result = try? await future.get() else { return false }
        guard case .websocket(let asyncChannel, let handler, let logger) = result else { return false }
        Task.detached { await handler(asyncChannel, logger) }
        return true
    }

    /// The outcome of the connection's upgrade, if this is the WebSocket library's channel value.
    static func upgradeResult(_ value: some ServerChildChannelValue) -> EventLoopFuture<HTTP1WebSocketUpgradeChannel.UpgradeResult>? {
        Mirror(reflecting: value).children.first { $0.label == "upgradeResult" }?.value
            as? EventLoopFuture<HTTP1WebSocketUpgradeChannel.UpgradeResult>
    }
}
