import Logging
import Moderation

extension LiveRoom {
    /// A member's membership moved to a new phone (House+NewPhone): the pages that came in with the old key are
    /// closed (4413, their key no longer works) and everyone present is told «Anne er med fra en ny telefon», never
    /// that anyone was removed. The close is not a goodbye: the member's place and turn wait the usual grace for the
    /// new phone to come in.
    public func moved(_ member: MemberID) {
        let old = self.connections.filter { $0.value.attendee.id == member }
        guard let name = old.first?.value.attendee.name ?? self.meeting.present.first(where: { $0.id == member })?.name else { return }
        self.tell(Set(self.connections.values.map(\.attendee.id)).subtracting([member]), ServerFrame.moved(member, name: name))
        for id in old.keys { self.deliver(.close(.moved), to: id) }
        self.logger.info("membership moved to a new phone", metadata: ["room": "\(self.room.id)", "member": "\(member)"])
    }
}
