import ArgumentParser
import Foundation
import Moderation
import RoomServer

extension Admin {
    /// Removes a member from a room, by the name the group gives the house.
    ///
    /// The house never lists members' names; whoever asks for a removal (an igangsetter, the group) says
    /// whom. The name is matched as the room matches names (``NameKey``), so "kari" finds "Kari". A member in
    /// the live room is told within a few seconds, and their page closes.
    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-member",
            abstract: "Remove a member from a room by their name in the room: their key stops working at once."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "The room's id.")
        var room: String

        @Option(help: "The member's name in the room, as the group gives it.")
        var name: String

        func run() async throws {
            let house = try self.data.openHouse()
            guard try await house.room(id: self.room) != nil else {
                throw ValidationError("No room with id \(self.room). `roomserver admin rooms` lists the rooms.")
            }
            guard let removed = try await house.removeMembership(named: self.name, roomId: self.room) else {
                throw ValidationError("Nobody by that name is a member of the room. Nothing was changed.")
            }
            print("Removed. Their key no longer works; if they are in the room now, they are told within a few seconds.")
            let room = try await house.room(id: self.room)
            if removed.role == .host, room?.selfOrganised == false, try await house.hostIDs(roomId: self.room).isEmpty {
                // Without a host nobody can invite, remove or hand over again: say what gives the group one.
                print("That was the room's last host. Until it has one, the members can run their meetings but not invite anyone.")
                print("Give the group a new host with: roomserver admin host-link --room \(self.room)")
            }
        }
    }
}
