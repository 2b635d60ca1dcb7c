import Foundation
import HTTPTypes
import HummingbirdWSClient
import HummingbirdWSCompression
import Logging
import NIOWebSocket

/// One member on one socket: reads every frame, notes each message from another member with its latency,
/// and says one message every `interval` seconds (a random phase, so the room is not in step; or all at
/// once, for a burst) until `sendUntil`, then listens a few seconds more for what is still on its way.
///
/// A slow member stops reading once everyone is in (its socket stays open) and drains at the end; a member
/// in a storm comes back whenever the house closes it, with the room page's back-off and jitter.
struct Member: Sendable {
    struct Role: Sendable {
        /// Never reads while the others talk.
        var slow = false
        /// In a room with a slow member: its deliveries are counted apart.
        var besideSlow = false
        /// Comes back when the house closes the socket (a restart), as the room page does.
        var storm = false
        /// Speaks at the same moment as everyone else (a burst), not at a random phase.
        var together = false
    }

    let index: Int
    let url: String
    let cookie: String
    /// Members in the room who read, not counting this one: each message this one says is owed to them.
    let peers: Int
    let interval: Double
    let sendUntil: UInt64
    let deflate: String
    let role: Role
    let stats: Stats
    let everyoneIn: Gate
    let logger: Logger

    static let drainSeconds = 5.0

    /// How a session on one socket ended.
    enum Ending {
        /// This member closed it, its run over.
        case done
        case closed(Int)
        case failed
    }

    func run() async {
        var generation = 0
        var attempts = 0
        while true {
            let (ending, welcomed) = await self.session(generation: generation)
            let comesBack: Bool
            switch ending {
            case .done: comesBack = false
            case .closed(let code): comesBack = self.role.storm || (self.role.slow && code == 4408)
            case .failed: comesBack = self.role.storm && generation > 0
            }
            guard comesBack, DispatchTime.now().uptimeNanoseconds < self.sendUntil else { return }
            if welcomed { attempts = 0 }
            // As Public/app/room.js: 1 s doubling to 15 s, each spread over half to one and a half times,
            // so that a house full of pages does not come back in the same instant.
            let delay = min(15.0, pow(2.0, Double(attempts))) * Double.random(in: 0.5..<1.5)
            attempts += 1
            self.stats.member(self.index, is: "waiting to try again after \(ending)")
            try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            generation += 1
        }
    }

    private func configuration() -> WebSocketClientConfiguration {
        var fields = HTTPFields()
        // The client sends an Origin of its own (the URL's scheme and host), which the house accepts as its own.
        fields[.cookie] = self.cookie
        // Offered as Chromium offers it, with the window kept; the house answers with what it does
        // (--compression message: no window kept either way).
        guard self.deflate != "off" else { return WebSocketClientConfiguration(additionalHeaders: fields) }
        return WebSocketClientConfiguration(additionalHeaders: fields, extensions: [.perMessageDeflate(clientMaxWindow: 15)])
    }

    private func session(generation: Int) async -> (Ending, Bool) {
        let began = DispatchTime.now().uptimeNanoseconds
        if generation > 0 { self.stats.member(self.index, is: "connecting") }
        let welcomed = Flag()
        let finished = Flag()
        do {
            let close = try await WebSocketClient.connect(url: self.url, configuration: self.configuration(), logger: self.logger) {
                inbound,
                outbound,
                _ in
                if generation > 0 { self.stats.member(self.index, is: "open, not welcomed") }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var paused = false
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            guard case .text(let text) = message else { continue }
                            if !welcomed.isSet, text.contains("\"t\":\"welcome\"") {
                                welcomed.set()
                                self.stats.welcomed(self.index, after: DispatchTime.now().uptimeNanoseconds - began, generation: generation)
                                continue
                            }
                            if self.role.slow, !paused, self.everyoneIn.isOpen {
                                // Stops reading while the others talk; the house's queue for it fills.
                                paused = true
                                try await Self.sleep(until: self.sendUntil)
                            }
                            if !self.role.slow { self.read(text) }
                        }
                    }
                    group.addTask {
                        await self.everyoneIn.wait()
                        if generation == 0, self.interval > 0, !self.role.slow {
                            try await self.speak(outbound)
                        }
                        try await Self.sleep(until: self.sendUntil)
                        try await Task.sleep(for: .seconds(Self.drainSeconds))
                        finished.set()
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
            let code = close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) } ?? 1000
            self.stats.closed(code)
            return (finished.isSet ? .done : .closed(code), welcomed.isSet)
        } catch {
            self.stats.failed("\(error)")
            return (.failed, welcomed.isSet)
        }
    }

    /// Once everyone is in (a message sent before a member arrived is never theirs: no replay), each member
    /// speaks at its own phase, or all at once for a burst.
    private func speak(_ outbound: WebSocketOutboundWriter) async throws {
        let phase = self.role.together ? 0 : Double.random(in: 0..<self.interval)
        try await Task.sleep(for: .milliseconds(Int(phase * 1000)))
        var sequence = 0
        while DispatchTime.now().uptimeNanoseconds < self.sendUntil {
            sequence += 1
            let now = DispatchTime.now().uptimeNanoseconds
            try await outbound.writeTextMessage("{\"t\":\"say\",\"text\":\"LOAD \(self.index) \(now) \(sequence)\"}")
            self.stats.sent(peers: self.peers)
            try await Task.sleep(for: .milliseconds(Int(self.interval * 1000)))
        }
    }

    private static func sleep(until deadline: UInt64) async throws {
        let now = DispatchTime.now().uptimeNanoseconds
        if deadline > now { try await Task.sleep(for: .nanoseconds(deadline - now)) }
    }

    /// A message with the sending member's clock in it.
    private func read(_ text: String) {
        guard let marker = text.range(of: "\"text\":\"LOAD ") else { return }
        let rest = text[marker.upperBound...].prefix { $0 != "\"" }.split(separator: " ")
        guard rest.count == 3, let sender = Int(rest[0]), sender != self.index, let sentAt = UInt64(rest[1]) else { return }
        self.stats.delivered(latencyNanos: DispatchTime.now().uptimeNanoseconds &- sentAt, besideSlow: self.role.besideSlow)
    }
}
