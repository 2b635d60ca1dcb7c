import Foundation
import HummingbirdWSClient
import HummingbirdWSCompression
import Logging
import NIOPosix

/// `roomserver-load PLAN.json`: opens every member of every room in the plan on a real WebSocket, has each
/// send a message every `interval` seconds (random phase), and measures every delivery at every other
/// member with this process's one monotonic clock (never the server's). Prints one JSON line.
///
/// The plan (made by bench/load.py through the house's real paths: admin for rooms and links, the invite
/// POST for keys) is `{"url": "ws://127.0.0.1:PORT", "rooms": [{"id": "…", "keys": ["…"]}]}`.
///
/// `--slow N`: the first member of each of the first N rooms stops reading once everyone is in, and the
/// deliveries to its neighbours are reported apart. `--storm`: members come back whenever the house closes
/// them (a restart), as the room page does; "back" goes to standard error when all are in again.
/// `--together`: everyone speaks at the same moment (a burst), every `interval` seconds.
@main
struct LoadGenerator {
    struct Plan: Decodable {
        let url: String
        let rooms: [PlanRoom]
    }

    struct PlanRoom: Decodable {
        let id: String
        let keys: [String]
    }

    static func main() async throws {
        let arguments = Arguments(CommandLine.arguments.dropFirst())
        guard let path = arguments.plan, let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(
                Data(
                    "usage: roomserver-load PLAN.json [--seconds 60] [--interval 10, 0 for idle] [--deflate off|message] [--ramp 500] [--slow N] [--storm] [--together]\n"
                        .utf8
                )
            )
            exit(2)
        }
        let plan = try JSONDecoder().decode(Plan.self, from: data)
        var logger = Logger(label: "load")
        logger.logLevel = .critical
        let stats = Stats()
        let everyoneIn = Gate()
        var members: [(room: String, key: String, peers: Int, role: Member.Role)] = []
        for (number, room) in plan.rooms.enumerated() {
            let hasSlow = number < arguments.slow
            // Those who read: each message is owed to every one of them but its sender.
            let readers = room.keys.count - (hasSlow ? 1 : 0)
            for (position, key) in room.keys.enumerated() {
                var role = Member.Role(storm: arguments.storm, together: arguments.together)
                role.slow = hasSlow && position == 0
                role.besideSlow = hasSlow && position > 0
                members.append((room.id, key, role.slow ? readers : readers - 1, role))
            }
        }
        let total = members.count
        let start = DispatchTime.now().uptimeNanoseconds
        let sendUntil = start + UInt64((Double(members.count) / arguments.ramp + arguments.seconds) * 1e9)

        let sockets = members.enumerated().map { index, member in
            Member(
                index: index,
                url: "\(plan.url)/r/\(member.room)/ws",
                cookie: "rs_member=\(member.key)",
                peers: member.peers,
                interval: arguments.interval,
                sendUntil: sendUntil,
                deflate: arguments.deflate,
                role: member.role,
                stats: stats,
                everyoneIn: everyoneIn,
                logger: logger
            )
        }
        let batch = max(1, Int(arguments.ramp / 20))
        await withTaskGroup(of: Void.self) { group in
            // Says on standard error when everyone is in and when the speaking ends, so the bench can read
            // the server's CPU over the steady part alone, without the ramp; in a storm, when all are back.
            group.addTask {
                let patience = DispatchTime.now().uptimeNanoseconds + UInt64(Double(total) / arguments.ramp * 1e9) + 60_000_000_000
                while stats.welcomedCount < total, DispatchTime.now().uptimeNanoseconds < min(sendUntil, patience) {
                    try? await Task.sleep(for: .milliseconds(100))
                }
                everyoneIn.open()
                FileHandle.standardError.write(Data("ready\n".utf8))
                while arguments.storm, stats.backCount < total, DispatchTime.now().uptimeNanoseconds < sendUntil {
                    try? await Task.sleep(for: .milliseconds(100))
                }
                if arguments.storm { FileHandle.standardError.write(Data("back\n".utf8)) }
                let left = sendUntil > DispatchTime.now().uptimeNanoseconds ? sendUntil - DispatchTime.now().uptimeNanoseconds : 0
                try? await Task.sleep(for: .nanoseconds(left))
                FileHandle.standardError.write(Data("done\n".utf8))
            }
            for socket in sockets {
                // A steady ramp: a house is not hit by every member in the same millisecond.
                if socket.index > 0, socket.index % batch == 0 { try? await Task.sleep(for: .milliseconds(50)) }
                group.addTask { await socket.run() }
            }
        }
        let usage = rusage.current()
        print(stats.report(members: members.count, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpuSeconds: usage))
    }
}

/// What the command line says, with the bench's defaults.
struct Arguments {
    var plan: String?
    var seconds = 60.0
    var interval = 10.0
    var deflate = "off"
    var ramp = 500.0
    var slow = 0
    var storm = false
    var together = false

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments.makeIterator()
        while let argument = rest.next() {
            switch argument {
            case "--seconds": self.seconds = rest.next().flatMap(Double.init) ?? self.seconds
            case "--interval": self.interval = rest.next().flatMap(Double.init) ?? self.interval
            case "--deflate": self.deflate = rest.next() ?? self.deflate
            case "--ramp": self.ramp = max(1, rest.next().flatMap(Double.init) ?? self.ramp)
            case "--slow": self.slow = max(0, rest.next().flatMap(Int.init) ?? 0)
            case "--storm": self.storm = true
            case "--together": self.together = true
            default: self.plan = argument
            }
        }
    }
}

extension rusage {
    /// This process's CPU time so far (user and system), in seconds.
    static func current() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
