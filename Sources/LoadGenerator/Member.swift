import Foundation
import HTTPTypes
import HummingbirdWSClient
import HummingbirdWSCompression
import Logging
import NIOWebSocket

/// One member on one socket: reads every frame, notes each message from another member with its latency,
/// and says one message every `interval` seconds (a random phase, so the room is not in step) until
/// `sendUntil`, then listens a few seconds more for what is still on its way.
struct Member: Sendable {
    let index: Int
    let url: String
    /// The member's cookie.
    let headers: [String]
    let peers: Int
    /// Members in the whole run: nobody speaks until all are in.
    let total: Int
    let interval: Double
    let sendUntil: UInt64
    let deflate: String
    let stats: Stats
    let logger: Logger

    static let drainSeconds = 5.0

    func run() async {
        var fields = HTTPFields()
        // The client sends an Origin of its own (the URL's scheme and host), which the house accepts as its own.
        fields[.cookie] = self.headers[0]
        var configuration = WebSocketClientConfiguration(additionalHeaders: fields)
        // As Chromium offers it: client_max_window_bits, with or without keeping the window between messages.
        switch self.deflate {
        case "message":
            configuration = WebSocketClientConfiguration(additionalHeaders: fields, extensions: [.perMessageDeflate(noContextTakeover: true)])
        case "context": configuration = WebSocketClientConfiguration(additionalHeaders: fields, extensions: [.perMessageDeflate()])
        default: break
        }
        let began = DispatchTime.now().uptimeNanoseconds
        do {
            let close = try await WebSocketClient.connect(url: self.url, configuration: configuration, logger: self.logger) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            guard case .text(let text) = message else { continue }
                            self.read(text, began: began)
                        }
                    }
                    group.addTask {
                        // Everyone in first (at most a minute): a message sent before a member arrived is never
                        // theirs (no replay), and must not count as lost. Then each at a random phase.
                        let patience = DispatchTime.now().uptimeNanoseconds + 60_000_000_000
                        while self.stats.welcomedCount < self.total, DispatchTime.now().uptimeNanoseconds < patience {
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        if self.interval > 0 {
                            try await Task.sleep(for: .milliseconds(Int(Double.random(in: 0..<self.interval) * 1000)))
                        } else {
                            let left =
                                self.sendUntil > DispatchTime.now().uptimeNanoseconds ? self.sendUntil - DispatchTime.now().uptimeNanoseconds : 0
                            try await Task.sleep(for: .nanoseconds(left))
                        }
                        var sequence = 0
                        // An idle member (a café evening's reader) says nothing: it only holds its socket.
                        while self.interval > 0, DispatchTime.now().uptimeNanoseconds < self.sendUntil {
                            sequence += 1
                            let now = DispatchTime.now().uptimeNanoseconds
                            try await outbound.writeTextMessage("{\"t\":\"say\",\"text\":\"LOAD \(self.index) \(now) \(sequence)\"}")
                            self.stats.sent(peers: self.peers)
                            try await Task.sleep(for: .milliseconds(Int(self.interval * 1000)))
                        }
                        try await Task.sleep(for: .seconds(Self.drainSeconds))
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
            self.stats.closed(close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) } ?? 1000)
        } catch {
            self.stats.failed("\(error)")
        }
    }

    /// A frame from the house: the welcome (connected), or a message with the sending member's clock in it.
    private func read(_ text: String, began: UInt64) {
        if !self.stats.isWelcomed(self.index), text.contains("\"t\":\"welcome\"") {
            self.stats.welcomed(self.index, after: DispatchTime.now().uptimeNanoseconds - began)
            return
        }
        guard let marker = text.range(of: "\"text\":\"LOAD ") else { return }
        let rest = text[marker.upperBound...].prefix { $0 != "\"" }.split(separator: " ")
        guard rest.count == 3, let sender = Int(rest[0]), sender != self.index, let sentAt = UInt64(rest[1]) else { return }
        self.stats.delivered(latencyNanos: DispatchTime.now().uptimeNanoseconds &- sentAt)
    }
}
