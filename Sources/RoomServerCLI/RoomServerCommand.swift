import ArgumentParser
import Foundation
import RoomServer

/// `roomserver`: runs a digital self-help house, and manages its rooms from the command line.
@main
struct RoomServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roomserver",
        abstract: "A digital self-help house: confidential text meeting rooms for self-help groups.",
        subcommands: [Serve.self, Admin.self],
        defaultSubcommand: Serve.self
    )
}

/// Options every command shares: the house's configuration file, and where its data lives.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The house's configuration file (default: /etc/roomserver/roomserver.conf if it exists).")
    var config: String?

    @Option(name: .customLong("data"), help: "Directory for the SQLite database (default: the configuration's `data`, else ./data).")
    var data: String?

    @Flag(name: .customLong("create"), help: "Make a new, empty house if the data directory holds none (without it, such a folder is refused).")
    var create = false

    func settings() throws -> HouseSettings {
        try HouseSettings.load(path: self.config)
    }

    /// Where the data lives: the flag, the environment, the configuration, or ./data.
    func dataDirectory() throws -> String {
        try self.settings().value("data", flag: self.data) ?? "data"
    }

    /// The house in the data directory. An admin command run from the wrong folder must not quietly make a
    /// new, empty house there: it is refused unless `--create` says to.
    func openHouse() throws -> House {
        let directory = URL(fileURLWithPath: try self.dataDirectory(), isDirectory: true)
        try HouseOwner.become(ownerOf: directory)
        guard self.create || House.exists(in: directory) else {
            throw ValidationError(
                "No house in \(directory.path). Give --data (or `data` in the configuration file), or --create to make a new one there."
            )
        }
        return try House.open(directory: directory)
    }
}
