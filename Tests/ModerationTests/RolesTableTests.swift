import Moderation
import Testing

/// docs/ROLES.md's table, row by row: each command, given by the host or by a member in each state of the
/// room, is allowed or refused exactly as the table says.
@Suite("The roles table (docs/ROLES.md)")
struct RolesTableTests {
    static let host = MemberID("host")
    static let ann = MemberID("ann")
    static let bo = MemberID("bo")
    static let now = Instant(milliseconds: 1_000)

    enum Outcome: Equatable, CustomStringConvertible {
        case allowed
        /// Allowed, but it only asks: nothing happens until a second member agrees.
        case asked
        case refused(Refusal)

        var description: String {
            switch self {
            case .allowed: "allowed"
            case .asked: "asked, waiting for a second member"
            case .refused(let refusal): "refused \(refusal.rawValue)"
            }
        }

        init(_ events: [Event]) {
            let asks = events.contains {
                switch $0 {
                case .removalProposed, .hostProposed, .inviteProposed: true
                default: false
                }
            }
            self = asks ? .asked : .allowed
        }
    }

    /// The table's four columns: who gives the command, in which state.
    enum Column: CaseIterable {
        case host, memberHostPresent, memberHostGone, memberSelfOrganised
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let what: String
        let command: Command
        let expected: [Outcome]
        var testDescription: String { self.what }
    }

    static let yes = Outcome.allowed
    static let no = Outcome.refused(.notAllowed)
    /// "two members must agree".
    static let two = Outcome.asked

    static let rows: [Row] = [
        Row(what: "write", command: .say("hei"), expected: [yes, yes, yes, yes]),
        Row(what: "run the meeting", command: .startMeeting, expected: [yes, no, yes, yes]),
        Row(what: "make an invite link", command: .askInvite(label: "Per"), expected: [yes, no, no, two]),
        Row(what: "offer the host role", command: .offerHost(bo), expected: [yes, no, no, two]),
        Row(what: "step down", command: .stepDown, expected: [.refused(.lastHost), no, no, no]),
        Row(what: "make the room self-organised", command: .makeSelfOrganised, expected: [yes, no, no, no]),
        Row(what: "lock the room", command: .lock(true), expected: [yes, no, no, yes]),
        Row(what: "hold back a member", command: .holdBack(bo, minutes: 5), expected: [yes, no, no, yes]),
        Row(what: "let a member through", command: .release(bo), expected: [yes, no, no, yes]),
        Row(what: "remove a member", command: .remove(bo, name: "Bo"), expected: [yes, no, no, two]),
        Row(what: "pause", command: .pause(true), expected: [yes, yes, yes, yes]),
        Row(what: "not well", command: .notWell, expected: [yes, yes, yes, yes]),
        Row(what: "step out", command: .stepOut, expected: [.refused(.lastHost), yes, yes, yes]),
    ]

    /// Ann and Bo present; the host present, gone, or none at all (self-organised).
    static func meeting(_ column: Column) throws -> (Meeting, actor: MemberID) {
        let organised = column == .memberSelfOrganised
        var meeting = Meeting(hosts: organised ? [] : [Self.host], selfOrganised: organised)
        if column == .host || column == .memberHostPresent {
            _ = try meeting.apply(.join(name: "Vert", role: .host), by: Self.host, at: Self.now)
        }
        for (id, name) in [(Self.ann, "Ann"), (Self.bo, "Bo")] {
            _ = try meeting.apply(.join(name: name, role: .member), by: id, at: Self.now)
        }
        return (meeting, column == .host ? Self.host : Self.ann)
    }

    @Test("each command, in each state, as the table says", arguments: Self.rows)
    func row(_ row: Row) throws {
        for (column, expected) in zip(Column.allCases, row.expected) {
            var (meeting, actor) = try Self.meeting(column)
            let outcome: Outcome
            do {
                outcome = Outcome(try meeting.apply(row.command, by: actor, at: Self.now))
            } catch {
                outcome = .refused(error)
            }
            #expect(outcome == expected, "\(row.what), \(column)")
        }
    }

    @Test("what each column may do, as the page is told it")
    func capabilities() throws {
        // `invite` also lists and revokes links, which only take access away: one member may, even where making one needs two.
        let expected: [Column: (run: Bool, invite: Bool, moderate: Bool, organise: Bool)] = [
            .host: (true, true, true, true),
            .memberHostPresent: (false, false, false, false),
            .memberHostGone: (true, false, false, false),
            .memberSelfOrganised: (true, true, true, false),
        ]
        for column in Column.allCases {
            let (meeting, actor) = try Self.meeting(column)
            let capabilities = meeting.capabilities(of: actor)
            let want = try #require(expected[column])
            #expect(capabilities.run == want.run, "\(column)")
            #expect(capabilities.invite == want.invite, "\(column)")
            #expect(capabilities.moderate == want.moderate, "\(column)")
            #expect(capabilities.organise == want.organise, "\(column)")
            #expect(capabilities.needsTwo == (column == .memberSelfOrganised), "\(column)")
        }
    }
}
