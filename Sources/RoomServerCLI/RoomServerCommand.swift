import ArgumentParser

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

/// Options every command shares: where the house's data lives.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "Directory for the SQLite database.")
    var dataDirectory: String = "data"
}
