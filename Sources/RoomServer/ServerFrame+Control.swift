import Foundation
import Moderation

/// The frames about who holds control and what one may do: `you`, `members`, `signal` (docs/PROTOCOL.md).
extension ServerFrame {
    /// What this person may do now, and why not. Sent to their connections whenever it changes.
    struct You: Encodable {
        let t = "you"
        let role: String
        let may: May
        let why: Why
        /// Who offered them the host role, if anyone has.
        let offer: String?
        let heldUntil: Int64?
        let paused: Bool
        /// In a room that runs itself: what others asked for that this person could agree to, and their own asks.
        let asks: Asks
        let mine: Asks

        init(_ capabilities: Capabilities) {
            self.role = capabilities.role.rawValue
            self.may = May(
                write: capabilities.write == nil,
                run: capabilities.run,
                invite: capabilities.invite,
                moderate: capabilities.moderate,
                members: capabilities.members,
                give: capabilities.giveControl,
                organise: capabilities.organise,
                stepDown: capabilities.stepDown == nil,
                stepOut: capabilities.stepOut == nil
            )
            self.why = Why(
                write: capabilities.write?.rawValue,
                stepOut: capabilities.stepOut?.rawValue,
                remove: capabilities.needsTwo ? "two" : nil,
                give: capabilities.needsTwo ? "two" : nil,
                invite: capabilities.needsTwo ? "two" : nil
            )
            self.offer = capabilities.offeredBy?.rawValue
            self.heldUntil = capabilities.heldUntil?.milliseconds
            self.paused = capabilities.paused
            self.asks = Asks(
                remove: capabilities.openRemovals.map(\.rawValue),
                give: capabilities.openOffers.map(\.rawValue),
                invite: capabilities.openInvites.map(InviteAskInfo.init)
            )
            self.mine = Asks(
                remove: capabilities.ownRemovals.map(\.rawValue),
                give: capabilities.ownOffers.map(\.rawValue),
                invite: capabilities.ownInvite.map { [InviteAskInfo($0)] } ?? []
            )
        }
    }

    /// Members a removal or a host offer was asked for, and who asked for an invite link.
    struct Asks: Encodable {
        let remove: [String]
        let give: [String]
        let invite: [InviteAskInfo]
    }

    /// An ask for an invite link: who asked (the link is made for them) and their note on whom it is for.
    struct InviteAskInfo: Encodable {
        let m: String
        let label: String?
        /// For a new phone's link: the member whose phone it is.
        let newPhone: String?

        init(_ ask: InviteAsk) {
            self.m = ask.by.rawValue
            self.label = ask.label
            self.newPhone = ask.forMember?.rawValue
        }
    }

    struct May: Encodable {
        let write: Bool
        let run: Bool
        let invite: Bool
        let moderate: Bool
        let members: Bool
        let give: Bool
        let organise: Bool
        let stepDown: Bool
        let stepOut: Bool
    }

    struct Why: Encodable {
        /// `round`, `hand`, `break`, `ended`, `held-back`, `absent`.
        let write: String?
        /// `last-host`.
        let stepOut: String?
        /// `two`: in a self-organised room, a removal needs a second member.
        let remove: String?
        /// `two`: in a self-organised room, offering the host role needs a second member.
        let give: String?
        /// `two`: in a self-organised room, an invite link needs a second member.
        let invite: String?
    }

    /// A café's drop-in link (a path; the page puts its origin in front) and its code, for whoever may invite.
    struct Cafe: Encodable {
        let t = "cafe"
        let path: String
        /// "123 456 789", as it is read aloud.
        let code: String
    }

    /// The group's members, for whoever holds control: names, roles and the month each was last seen.
    struct Members: Encodable {
        let t = "members"
        let members: [MemberInfo]
    }

    struct MemberInfo: Encodable {
        let id: String
        let name: String
        let role: String
        /// "2026-11": never a finer date.
        let seen: String
        /// "2026-12-06": the day the key in use was made (joining, or a new phone), so that of two with the same
        /// name the right one is chosen.
        let key: String
    }

    static func members(_ memberships: [Membership]) -> String {
        encode(
            Members(
                members: memberships.map {
                    MemberInfo(
                        id: $0.id,
                        name: $0.displayName,
                        role: $0.role.rawValue,
                        seen: Self.month($0.lastSeenAt),
                        key: Self.day($0.keyCreatedAt)
                    )
                }
            )
        )
    }

    /// "2026-11-26", in UTC: the finest a café's count is kept.
    static func day(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// "2026-11", in UTC: all a member list shows of when someone was last here.
    static func month(_ date: Date) -> String {
        String(Self.day(date).prefix(7))
    }

    /// Something said to a few people only: an offer of the host role, an answer to it, an ask to remove
    /// someone or for an invite link, "not well" and its quiet answer. Never numbered, never kept for resume.
    struct Signal: Encodable {
        let t = "signal"
        let e: String
        let m: String
        let by: String?
        let name: String?
        /// For `not-well`: `hosts` or `everyone`, whom it reached; for `not-well-sent` also `practice` (nobody real was told).
        let to: String?
        /// For `invite-asked` and `invite-made`: the asker's note on whom the link is for.
        let label: String?
        /// For `invite-asked` and `invite-made` of a new phone's link: the member whose phone it is.
        let newPhone: String?

        init(
            _ e: String,
            _ m: MemberID,
            by: MemberID? = nil,
            name: String? = nil,
            to: String? = nil,
            label: String? = nil,
            newPhone: MemberID? = nil
        ) {
            self.e = e
            self.m = m.rawValue
            self.by = by?.rawValue
            self.name = name
            self.to = to
            self.label = label
            self.newPhone = newPhone?.rawValue
        }
    }
}
