import ArgumentParser
import Foundation
import Moderation
import RoomServer

/// `roomserver admin …`: the house's work from the command line. Works while the server runs.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage rooms and links.",
        subcommands: [
            CreateRoom.self, HostLink.self, HouseLink.self, Invite.self, Rooms.self, Plan.self, RemoveMember.self, Visits.self, Backup.self,
        ]
    )
}

/// A room's meeting plan, from the command line; what is not given stays as it was.
struct PlanOptions: ParsableArguments {
    @Option(help: "Length of a meeting in minutes (15 to 480; default 120).")
    var minutes: Int?

    @Option(name: .customLong("break-minutes"), help: "Length of the planned break (1 to 60; default 15).")
    var breakMinutes: Int?

    @Option(name: .customLong("cue-minutes"), help: "Minutes of a share before the speaker's gentle cue (1 to 30; default 3).")
    var cueMinutes: Int?

    @Option(name: .customLong("talk-during-break"), help: "Allow quiet café talk during the break: true or false (default false).")
    var talkDuringBreak: Bool?

    func applied(to plan: MeetingPlan) throws -> MeetingPlan {
        var plan = plan
        if let minutes { plan.minutes = minutes }
        if let breakMinutes { plan.breakMinutes = breakMinutes }
        if let cueMinutes { plan.cueMinutes = cueMinutes }
        if let talkDuringBreak { plan.talkDuringBreak = talkDuringBreak }
        do {
            try Room.validate(plan)
        } catch {
            throw ValidationError("The plan needs 15 to 480 minutes, a break of 1 to 60 minutes that fits, and a cue after 1 to 30 minutes.")
        }
        return plan
    }
}

/// Options of commands that print links.
struct LinkOptions: ParsableArguments {
    @Option(name: .customLong("public-url"), help: "The address people use, put in front of printed links (default: the configuration's).")
    var publicURL: String?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    /// The front of printed links: the house's public address, so a link works for whoever gets it.
    func base(_ data: DataOptions) throws -> String {
        let settings = try data.settings()
        let url =
            settings.value("public-url", flag: self.publicURL)
            ?? "http://\(settings.value("host") ?? "127.0.0.1"):\(settings.value("port") ?? "8080")"
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}

extension Admin {
    struct CreateRoom: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-room",
            abstract: "Create a room and print its one-time host link for the igangsetter."
        )

        @OptionGroup var data: DataOptions
        @OptionGroup var links: LinkOptions

        @Option(help: "The room's name, as members see it.")
        var name: String

        @Option(help: "group (closed, by invite) or cafe (open drop-in).")
        var kind: RoomKind = .group

        @OptionGroup var plan: PlanOptions

        func run() async throws {
            let house = try self.data.openHouse()
            let plan = try self.plan.applied(to: MeetingPlan())
            let room: Room
            let host: IssuedInvite
            do {
                (room, host) = try await house.createRoom(name: self.name, kind: self.kind, plan: plan)
            } catch House.RoomProblem.nameEmpty {
                throw ValidationError("The room needs a name.")
            } catch House.RoomProblem.nameTooLong {
                throw ValidationError("The name can have at most \(Room.maxNameLength) characters.")
            } catch House.RoomProblem.nameInvalid {
                throw ValidationError("The name has control or direction characters, or nothing visible. Use letters, digits and punctuation.")
            }
            let base = try self.links.base(self.data)
            let link = base + host.path
            // A café's way in for guests: a link that works again and again, and a code to read aloud.
            let cafe = room.kind == .cafe ? try await house.cafeEntry(roomId: room.id) : nil
            if self.links.json {
                var fields = [
                    "room": room.id, "name": room.name, "kind": room.kind.rawValue, "hostLink": link, "expiresAt": iso(host.invite.expiresAt),
                ]
                if let cafe {
                    fields["dropInLink"] = base + cafe.path
                    fields["code"] = cafe.code
                }
                try printJSON(fields)
            } else {
                print("Room:      \(room.id) (\(room.kind.rawValue)) \(room.name)")
                print("Host link: \(link)")
                print("The host link works once, until \(iso(host.invite.expiresAt)). Give it to the igangsetter only.")
                if let cafe {
                    print("Drop-in link for guests: \(base + cafe.path)")
                    print("Room code for guests:    \(cafe.spokenCode)  (typed on the front page)")
                }
            }
        }
    }

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one-time invite links for a room.")

        @OptionGroup var data: DataOptions
        @OptionGroup var links: LinkOptions

        @Option(help: "The room's id.")
        var room: String

        @Option(help: "How many links (1 to \(House.maxInvitesPerRequest)).")
        var count: Int = 1

        @Option(help: "How long the links work: e.g. 30m, 12h, 7d, 2w.")
        var expires: String = "7d"

        func validate() throws {
            guard (1...House.maxInvitesPerRequest).contains(self.count) else {
                throw ValidationError("--count must be between 1 and \(House.maxInvitesPerRequest).")
            }
            guard parseLifetime(self.expires) != nil else {
                throw ValidationError("--expires must look like 30m, 12h, 7d or 2w (at most 90 days).")
            }
        }

        func run() async throws {
            let house = try self.data.openHouse()
            guard try await house.room(id: self.room) != nil else { throw ValidationError("No room with id \(self.room).") }
            let invites: [IssuedInvite]
            do {
                invites = try await house.issueInvites(roomId: self.room, count: self.count, lifetime: parseLifetime(self.expires)!)
            } catch House.InviteProblem.tooMany {
                throw ValidationError(
                    "The room already has many unused links (at most \(House.maxUsableInvitesPerRoom)). Revoke some in the room, or let them expire."
                )
            }
            let base = try self.links.base(self.data)
            if self.links.json {
                try printJSON(invites.map { ["id": $0.invite.id, "link": base + $0.path, "expiresAt": iso($0.invite.expiresAt)] })
            } else {
                for invite in invites { print(base + invite.path) }
            }
        }
    }

    struct Rooms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rooms with their member counts (no names).")

        @OptionGroup var data: DataOptions

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func run() async throws {
            let house = try self.data.openHouse()
            let rooms = try await house.rooms()
            if self.json {
                try printJSON(rooms.map { RoomLine(id: $0.room.id, name: $0.room.name, kind: $0.room.kind.rawValue, members: $0.members) })
            } else {
                for entry in rooms {
                    print(
                        "\(entry.room.id)  \(entry.room.kind.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0))  \(entry.members) members  \(entry.room.name)"
                    )
                }
                if rooms.isEmpty { print("No rooms yet. Create one with: roomserver admin create-room --name NAME") }
            }
        }
    }
}

extension Admin {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change a room's meeting plan (it applies from the room's next meeting)."
        )

        @OptionGroup var data: DataOptions

        @Option(help: "The room's id.")
        var room: String

        @OptionGroup var plan: PlanOptions

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func run() async throws {
            let house = try self.data.openHouse()
            guard let current = try await house.room(id: self.room) else { throw ValidationError("No room with id \(self.room).") }
            let updated = try await house.setPlan(roomId: current.id, plan: try self.plan.applied(to: current.plan)) ?? current
            let plan = updated.plan
            if self.json {
                try printJSON(PlanLine(plan))
            } else {
                print(
                    "\(updated.name): \(plan.minutes) minutes, a \(plan.breakMinutes)-minute break, cue after \(plan.cueMinutes) minutes, "
                        + (plan.talkDuringBreak ? "quiet talk allowed in the break." : "no talk in the break.")
                )
            }
        }
    }
}

extension RoomKind: ExpressibleByArgument {}

/// A room in `admin rooms --json`: counts are JSON numbers, so a script need not parse them.
struct RoomLine: Encodable {
    let id: String
    let name: String
    let kind: String
    let members: Int
}

/// A room's plan in `admin plan --json`.
struct PlanLine: Encodable {
    let minutes: Int
    let breakMinutes: Int
    let cueMinutes: Int
    let talkDuringBreak: Bool

    init(_ plan: MeetingPlan) {
        self.minutes = plan.minutes
        self.breakMinutes = plan.breakMinutes
        self.cueMinutes = plan.cueMinutes
        self.talkDuringBreak = plan.talkDuringBreak
    }
}

/// "30m", "12h", "7d", "2w" in seconds; at most 90 days.
func parseLifetime(_ text: String) -> TimeInterval? {
    // At most 90 days: anything longer than five digits is refused before any arithmetic can overflow.
    guard let unit = text.last, text.count <= 6, let number = Int(text.dropLast()), number > 0 else { return nil }
    let unitSeconds: Int
    switch unit {
    case "m": unitSeconds = 60
    case "h": unitSeconds = 3600
    case "d": unitSeconds = 86400
    case "w": unitSeconds = 7 * 86400
    default: return nil
    }
    let (seconds, overflow) = number.multipliedReportingOverflow(by: unitSeconds)
    return !overflow && seconds <= 90 * 86400 ? TimeInterval(seconds) : nil
}

func iso(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
