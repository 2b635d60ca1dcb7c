/// What one member may do right now, and why not: the room's single answer, sent to their page as `you`.
///
/// The page draws its buttons from this and never re-derives the rules (docs/ROLES.md).
public struct Capabilities: Sendable, Equatable {
    /// Why a member may not write now.
    public enum WriteBlock: String, Sendable, Equatable {
        /// Someone else has the floor in a round.
        case round
        /// Someone else has the word, one at a time.
        case hand
        /// The break: nobody writes.
        case onBreak = "break"
        /// The meeting has ended.
        case ended
        /// Their messages are held back for a few minutes.
        case heldBack = "held-back"
        /// Not present (removed, or not yet in).
        case absent
    }

    public var role: Role
    /// nil: may write.
    public var write: WriteBlock?
    public var run: Bool
    /// Make (in a self-organised room: ask for, or agree to), list and revoke invite links.
    public var invite: Bool
    /// Lock the room, hold back and remove members, see the group's members.
    public var moderate: Bool
    /// See the group's whole membership, present or not (for a lost key, a removal). A room without a group
    /// (a café, a practice meeting) turns it off: its words would be the group's (``LiveRoom``).
    public var members: Bool
    /// In a self-organised room a removal, an offer of the host role and an invite link wait for a second member.
    public var needsTwo: Bool
    /// Offer the host role to someone present.
    public var giveControl: Bool
    /// Make the room self-organised.
    public var organise: Bool
    /// Why this member may not step down from the host role (nil: may, or is not a host).
    public var stepDown: Refusal?
    /// Why this member may not leave the group for good (nil: may).
    public var stepOut: Refusal?
    /// Who offered them the host role, if anyone has.
    public var offeredBy: MemberID?
    /// In a room that runs itself: the removals and host offers another member asked for, which this member
    /// could make happen by agreeing (never one about themselves).
    public var openRemovals: [MemberID]
    public var openOffers: [MemberID]
    /// The invite links other members asked for, which this member's agreement would make.
    public var openInvites: [InviteAsk]
    /// The ones this member asked for, waiting for a second.
    public var ownRemovals: [MemberID]
    public var ownOffers: [MemberID]
    public var ownInvite: InviteAsk?
    /// Until when their messages are held back.
    public var heldUntil: Instant?
    public var paused: Bool
}

extension Meeting {
    public func capabilities(of id: MemberID) -> Capabilities {
        let role = self.roles[id] ?? .member
        let control = self.holdsControl(id)
        return Capabilities(
            role: role,
            write: self.writeBlock(for: id),
            run: self.mayRun(id),
            invite: control,
            moderate: control,
            members: control,
            needsTwo: self.selfOrganised,
            giveControl: control,
            organise: role == .host && !self.selfOrganised && self.isPresent(id),
            stepDown: role != .host ? .notAllowed : (self.isLastHost(id) ? .lastHost : nil),
            stepOut: role == .guest ? .isGuest : (self.isLastHost(id) ? .lastHost : nil),
            offeredBy: self.offers[id],
            // Only for whoever could agree: a café's guest is never asked, nor told.
            openRemovals: control ? Self.asks(self.removalAsks) { $0.key != id && $0.value != id } : [],
            openOffers: control ? Self.asks(self.hostAsks) { $0.key != id && $0.value != id } : [],
            openInvites: control ? self.inviteAsks.values.filter { $0.by != id }.sorted { $0.by.rawValue < $1.by.rawValue } : [],
            ownRemovals: Self.asks(self.removalAsks) { $0.value == id },
            ownOffers: Self.asks(self.hostAsks) { $0.value == id },
            ownInvite: self.inviteAsks[id],
            heldUntil: self.heldBack[id],
            paused: self.paused.contains(id)
        )
    }

    private static func asks(_ asks: [MemberID: MemberID], where keep: ((key: MemberID, value: MemberID)) -> Bool) -> [MemberID] {
        asks.filter(keep).map(\.key).sorted { $0.rawValue < $1.rawValue }
    }

    /// Why a member may not write now, said the way the page shows it.
    public func writeBlock(for id: MemberID) -> Capabilities.WriteBlock? {
        switch self.writingRefusal(for: id) {
        case nil: nil
        case .heldBack: .heldBack
        case .onBreak: .onBreak
        case .meetingEnded: .ended
        case .notYourTurn: self.round != nil ? .round : .hand
        default: .absent
        }
    }
}
