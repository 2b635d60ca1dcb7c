import Foundation
import Testing

@testable import RoomServer

@Suite("House administrators: one-time admin links, keys, sessions that end when idle")
struct HouseAdminTests {
    @Test("an admin link works once, makes an administrator under the name given, and opens a session")
    func linkOnce() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let link = try await test.house.issueAdminLink()
        #expect(link.path.hasPrefix("/hus/inn/"))
        #expect(try await test.house.adminLink(token: link.token.value)?.isUsable(at: Date()) == true)
        let (admin, key) = try await test.house.redeemAdminLink(token: link.token.value, label: " Kari (LINK) ", returningKey: nil).get()
        #expect(admin.label == "Kari (LINK)")
        let again = try await test.house.redeemAdminLink(token: link.token.value, label: "Ola", returningKey: nil)
        #expect(throws: House.AdminRedeemProblem.spent) { try again.get() }
        guard case .active(let session) = try await test.house.adminSession(key: key.value) else {
            Issue.record("no session")
            return
        }
        #expect(session.id == admin.id)
        #expect(try await test.house.adminSession(key: Secret.generate().value) == .none)
        #expect(try await test.house.adminSession(key: "not a key") == .none)
        #expect(try await test.house.admins().count == 1)
    }

    @Test("a session ends after half an hour without a request, and a new link brings the same administrator back")
    func idle() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let start = Date()
        let first = try await test.house.issueAdminLink(now: start)
        let (admin, key) = try await test.house.redeemAdminLink(token: first.token.value, label: "Kari", returningKey: nil, now: start).get()
        // Each request moves the end on.
        let later = start.addingTimeInterval(House.adminIdleTimeout - 60)
        guard case .active = try await test.house.adminSession(key: key.value, now: later) else {
            Issue.record("not active")
            return
        }
        let idle = later.addingTimeInterval(House.adminIdleTimeout + 1)
        #expect(try await test.house.adminSession(key: key.value, now: idle) == .ended)
        // Back with a new link and the old key in the browser: the same administrator, a new key.
        let second = try await test.house.issueAdminLink(now: idle)
        let (back, newKey) = try await test.house.redeemAdminLink(token: second.token.value, label: "", returningKey: key.value, now: idle).get()
        #expect(back.id == admin.id && newKey != key)
        #expect(try await test.house.adminSession(key: key.value, now: idle) == .none)
        guard case .active = try await test.house.adminSession(key: newKey.value, now: idle) else {
            Issue.record("not back")
            return
        }
        #expect(try await test.house.admins().count == 1)
        // Signing out ends the session at once.
        try await test.house.endAdminSession(id: admin.id, now: idle)
        #expect(try await test.house.adminSession(key: newKey.value, now: idle.addingTimeInterval(1)) == .ended)
    }

    @Test("a name that would not do for a member will not do for an administrator; expired links are refused")
    func refusals() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let link = try await test.house.issueAdminLink()
        await #expect(throws: House.AdminRedeemProblem.label(.empty)) {
            try await test.house.redeemAdminLink(token: link.token.value, label: "  ", returningKey: nil).get()
        }
        // The refused name did not spend the link.
        #expect(try await test.house.adminLink(token: link.token.value)?.isUsable(at: Date()) == true)
        let old = try await test.house.issueAdminLink(lifetime: 60, now: Date().addingTimeInterval(-3600))
        await #expect(throws: House.AdminRedeemProblem.spent) {
            try await test.house.redeemAdminLink(token: old.token.value, label: "Kari", returningKey: nil).get()
        }
        await #expect(throws: House.AdminRedeemProblem.unknown) {
            try await test.house.redeemAdminLink(token: Secret.generate().value, label: "Kari", returningKey: nil).get()
        }
    }

    @Test("administrators remove each other; unused links can be withdrawn, and there are at most so many")
    func removeAndRevoke() async throws {
        let test = try TestHouse()
        defer { test.remove() }
        let a = try await test.house.redeemAdminLink(token: try await test.house.issueAdminLink().token.value, label: "Kari", returningKey: nil).get()
        let b = try await test.house.redeemAdminLink(token: try await test.house.issueAdminLink().token.value, label: "Ola", returningKey: nil).get()
        #expect(try await test.house.removeAdmin(id: b.0.id))
        #expect(try await test.house.adminSession(key: b.1.value) == .none)
        guard case .active = try await test.house.adminSession(key: a.1.value) else {
            Issue.record("a gone")
            return
        }
        for _ in 0..<House.maxUsableAdminLinks { _ = try await test.house.issueAdminLink() }
        await #expect(throws: House.AdminProblem.tooManyLinks) { try await test.house.issueAdminLink() }
        #expect(try await test.house.revokeAdminLinks() == House.maxUsableAdminLinks)
        #expect(try await test.house.usableAdminLinks() == 0)
    }
}
