import ArgumentParser
import Foundation
import RoomServer

extension Admin {
    /// How many came to a café each day: a number per day, never who (docs/PRIVACY.md).
    struct Visits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print how many came to a café each day (numbers only, never who).")

        @OptionGroup var data: DataOptions

        @Option(help: "The café's room id.")
        var room: String

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func run() async throws {
            let house = try self.data.openHouse()
            guard try await house.room(id: self.room) != nil else {
                throw ValidationError("No room with id \(self.room). `roomserver admin rooms` lists the rooms.")
            }
            let days = try await house.cafeVisits(roomId: self.room)
            if self.json {
                try printJSON(days.map { VisitLine(day: $0.day, visits: $0.visits) })
            } else if days.isEmpty {
                print("Nobody has come to this room as a café visit yet.")
            } else {
                for day in days { print("\(day.day)  \(day.visits)") }
            }
        }
    }
}

/// A day in `admin visits --json`: the count is a JSON number.
struct VisitLine: Encodable {
    let day: String
    let visits: Int
}
