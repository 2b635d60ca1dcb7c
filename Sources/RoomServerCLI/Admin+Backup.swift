import ArgumentParser
import Foundation
import RoomServer

extension Admin {
    /// A consistent copy of the house's database, taken while it runs.
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the house's database to a file, consistently, while the server runs (restore: docs/OPERATIONS.md)."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "The file to write (it is replaced when the copy is complete).")
        var to: String

        func run() async throws {
            let house = try self.data.openHouse()
            try house.backup(to: URL(fileURLWithPath: self.to))
            print("Backed up to \(self.to).")
        }
    }
}
