import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import Web

@Suite("The connection ledger keeps the server under its cap")
struct ConnectionLedgerTests {
    @Test("past the cap, the oldest connection without a request makes room; if none is idle, the newcomer is refused")
    func evictsOldestIdleThenRefuses() {
        let ledger = ConnectionLedger(maxConnections: 2)
        let (first, second, third, fourth) = (EmbeddedChannel(), EmbeddedChannel(), EmbeddedChannel(), EmbeddedChannel())

        #expect(isAdmitted(ledger.admit(first)))
        #expect(isAdmitted(ledger.admit(second)))
        // Full: the first, still silent, is let go for the third.
        guard case .admittedInPlaceOf(let evicted) = ledger.admit(third) else {
            Issue.record("the oldest idle connection should have made room")
            return
        }
        #expect(evicted === first)
        #expect(!ledger.isWaiting(first))

        // Everyone left has sent a request: nobody to let go, so the fourth is refused.
        ledger.headReceived(second)
        ledger.headReceived(third)
        ledger.closed(first)
        #expect(isRefused(ledger.admit(fourth)))

        // A connection closes: there is room again.
        ledger.closed(second)
        #expect(isAdmitted(ledger.admit(fourth)))
        #expect(ledger.openConnections == 2)
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

    private func isRefused(_ admission: ConnectionLedger.Admission) -> Bool {
        if case .refused = admission { return true }
        return false
    }
}
