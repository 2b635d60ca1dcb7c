import Moderation

// MARK: What a room's kind changes: a group's actions only where there is a group.

extension LiveRoom {
    /// What a person present may do, as their page is told: the meeting's rules, less what this kind of room
    /// has no use for. A café is a drop-in, not a group: its host gets no «make the group self-organised», no
    /// list of the group's members and no «leave the group for good» (a café's host is the house's key
    /// holder, and the house gives a new host link). In a practice meeting there is no group to leave for good
    /// either (the visitor has no membership, and «Gå ut» ends the practice).
    func capabilities(of member: MemberID) -> Capabilities {
        var capabilities = self.meeting.capabilities(of: member)
        switch self.room.kind {
        case .group:
            break
        case .cafe:
            capabilities.organise = false
            capabilities.members = false
            // A guest keeps their own reason; a host, even the last, is never asked to hand over to leave.
            if capabilities.stepOut != .isGuest { capabilities.stepOut = .notAllowed }
        case .practice:
            capabilities.members = false
            capabilities.stepOut = .notAllowed
        }
        return capabilities
    }

    /// Whether this kind of room takes a command at all: the same answer as ``capabilities(of:)``, for a
    /// page that sends what it was never offered.
    func kindAllows(_ command: Command) -> Bool {
        switch (self.room.kind, command) {
        case (.practice, .stepOut), (.cafe, .stepOut), (.cafe, .makeSelfOrganised): false
        default: true
        }
    }
}
