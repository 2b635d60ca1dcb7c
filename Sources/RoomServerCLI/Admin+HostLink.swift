import ArgumentParser
import Foundation
import Moderation
import RoomServer

extension Admin {
    /// A new host link for a room that already exists.
    ///
    /// For the igangsetter whose browser lost the room's key (a new phone, cleared cookies), or a new
    /// igangsetter taking over. The link makes a new host membership; the old one stays until it is removed
    /// or unused for a year, and keeps its name, so the new one needs another (the invite page says so).
    struct HostLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "host-link",
            abstract: "Print a new one-time host link for an existing room (an igangsetter who lost the key, or a new one)."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var links: LinkOptions

        @Option(help: "The room's id.")
        var room: String

        @Option(help: "How long the link works: e.g. 12h, 7d, 30d (at most 90 days).")
        var expires: String = "\(Int(House.hostLinkLifetime / 86400))d"

        func validate() throws {
            guard parseLifetime(self.expires) != nil else {
                throw ValidationError("--expires must look like 30m, 12h, 7d or 2w (at most 90 days).")
            }
        }

        func run() async throws {
            let house = try self.data.openHouse()
            guard let room = try await house.room(id: self.room) else {
                throw ValidationError("No room with id \(self.room). `roomserver admin rooms` lists the rooms.")
            }
            let host = try await house.issueInvites(roomId: room.id, role: .host, lifetime: parseLifetime(self.expires)!)[0]
            let link = try self.links.base(self.data) + host.path
            if self.links.json {
                try printJSON(["room": room.id, "name": room.name, "hostLink": link, "expiresAt": iso(host.invite.expiresAt)])
            } else {
                print("Room:      \(room.id) (\(room.kind.rawValue)) \(room.name)")
                print("Host link: \(link)")
                print("The host link works once, until \(iso(host.invite.expiresAt)). Give it to the igangsetter only.")
                print("Whoever uses it becomes a host of the room, with a name different from the members' names.")
            }
        }
    }
}
