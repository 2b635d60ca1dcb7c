import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import NIOWebSocket
import RoomServer
import Testing
import WSClient

@Suite("The room's WebSocket")
struct RoomSocketTests {
    /// The key's cookie. (The test client sets Origin itself, to its own host.)
    func headers(key: String, port: Int?) -> HTTPFields {
        [.cookie: "rs_member=\(key)"]
    }

    @Test("a member with a key is welcomed and hears their own message")
    func memberIsWelcomed() async throws {
        let app = try TestApp()
        let (room, host) = try await app.house.createRoom(name: "Rom", kind: .group)
        let (_, key) = try await app.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let received = UnsafeBox()
            let close = try await client.ws(
                "/r/\(room.id)/ws",
                configuration: .init(additionalHeaders: headers(key: key.value, port: client.port))
            ) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                while let message = try await messages.next() {
                    guard case .text(let text) = message else { continue }
                    received.append(text)
                    if text.contains("\"t\":\"joined\"") {
                        try await outbound.write(.text(#"{"t":"say","text":"hei fra Kari","ref":"r1"}"#))
                    }
                    if text.contains("\"t\":\"said\"") { return }
                }
            }
            _ = close
            let frames = received.values
            #expect(frames.first?.contains("\"t\":\"welcome\"") == true)
            #expect(frames.last?.contains("hei fra Kari") == true)
        }
    }

    // Refusals (4401 for an unknown or removed key, 4404 for an unknown room) are tested in
    // Tests/e2e/test_socket.py. Here the Swift WebSocket test client sometimes never returns when the
    // close frame arrives together with the 101 answer, even after the server has closed the socket.
}

/// Collects strings from the socket handler for the test to read afterwards.
final class UnsafeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ value: String) {
        self.lock.withLock { self.storage.append(value) }
    }

    var values: [String] { self.lock.withLock { self.storage } }
}
