import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import Web

@Suite("The connection ledger keeps the server under its cap")
struct ConnectionLedgerTests {
    @Test("past the cap, a connection that is not a member's socket makes room: the oldest silent one first, then the oldest speaking HTTP")
    func letsGoNonMembersFirst() throws {
        let ledger = ConnectionLedger(maxConnections: 3)
        let (silent, speaking, socket) = (EmbeddedChannel(), EmbeddedChannel(), EmbeddedChannel())
        let (fourth, fifth, sixth) = (EmbeddedChannel(), EmbeddedChannel(), EmbeddedChannel())

        #expect(isAdmitted(ledger.admit(speaking)))
        #expect(isAdmitted(ledger.admit(socket)))
        #expect(isAdmitted(ledger.admit(silent)))
        ledger.headReceived(speaking)
        ledger.headReceived(socket)
        ledger.becameSocket(socket)

        // Full: the silent one goes first, though it came last.
        let first = try #require(evicted(ledger.admit(fourth)))
        #expect(first === silent)
        ledger.closed(silent)
        ledger.becameSocket(fourth)
        // No silent one left: the one speaking HTTP makes room.
        let second = try #require(evicted(ledger.admit(fifth)))
        #expect(second === speaking)
        ledger.closed(speaking)
        ledger.becameSocket(fifth)

        // Every connection is a member's socket now: the newcomer is refused, and nobody is let go.
        #expect(isRefused(ledger.admit(sixth)))
        #expect(ledger.openConnections == 3)

        // A member leaves: there is room again.
        ledger.closed(socket)
        #expect(isAdmitted(ledger.admit(sixth)))
    }

    @Test("on shutdown every connection still open is closed, whatever its stage, and nobody more is counted in")
    func closesEverythingOnShutdown() async throws {
        let ledger = ConnectionLedger(maxConnections: 10)
        let (silent, speaking, socket) = (EmbeddedChannel(), EmbeddedChannel(), EmbeddedChannel())
        for channel in [silent, speaking, socket] {
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
            #expect(isAdmitted(ledger.admit(channel)))
        }
        ledger.headReceived(speaking)
        ledger.headReceived(socket)
        ledger.becameSocket(socket)

        ledger.closeAll()
        for channel in [silent, speaking, socket] {
            #expect(!channel.isActive)
        }
        #expect(isRefused(ledger.admit(EmbeddedChannel())))
    }

    @Test("the default cap leaves descriptors for the database, the logs and an answer")
    func defaultCapLeavesRoom() {
        let cap = ConnectionLedger.defaultMaxConnections()
        #expect(cap >= 16)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < 1 << 20 {
            #expect(cap < Int(limit.rlim_cur))
        }
    }

    private func isAdmitted(_ admission: ConnectionLedger.Admission) -> Bool {
        if case .admitted = admission { return true }
        return false
    }

    private func evicted(_ admission: ConnectionLedger.Admission) -> (any Channel)? {
        if case .admittedInPlaceOf(let channel) = admission { return channel }
        return nil
    }

    private func isRefused(_ admission: ConnectionLedger.Admission) -> Bool {
        if case .refused = admission { return true }
        return false
    }
}
