import ArgumentParser
import Foundation
import RoomServer

extension Admin {
    /// A one-time link to the house page (`/hus`), for someone who runs the house: the first
    /// administrator, or one whose session ended and who has nobody to ask for a link on the page.
    struct HouseLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "house-link",
            abstract: "Print a one-time link to the house page, where rooms and host links are made without a terminal."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var links: LinkOptions

        @Option(help: "How long the link works: e.g. 30m, 12h, 1d (default 1d; at most 90 days).")
        var expires: String = "1d"

        func validate() throws {
            guard parseLifetime(self.expires) != nil else {
                throw ValidationError("--expires must look like 30m, 12h, 7d or 2w (at most 90 days).")
            }
        }

        func run() async throws {
            let house = try self.data.openHouse()
            let link: IssuedAdminLink
            do {
                link = try await house.issueAdminLink(lifetime: parseLifetime(self.expires)!)
            } catch House.AdminProblem.tooManyLinks {
                throw ValidationError(
                    "There are \(House.maxUsableAdminLinks) unused admin links already. Withdraw them on the house page, or wait until they expire."
                )
            }
            let address = try self.links.base(self.data) + link.path
            if self.links.json {
                try printJSON(["houseLink": address, "expiresAt": iso(link.link.expiresAt)])
            } else {
                print("House link: \(address)")
                print("It works once, until \(iso(link.link.expiresAt)), and makes whoever opens it an administrator of the house.")
                print("A session on the house page ends after \(Int(House.adminIdleTimeout / 60)) minutes without use.")
            }
        }
    }
}
