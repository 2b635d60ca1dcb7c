import Foundation
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

/// The room page carries only the words its scripts say (the first load has a budget), and every one of them.
@Suite("The room page's strings for its scripts")
struct RoomPageStringsTests {
    @Test("every key a script names, or builds from a prefix, is in the page; words only the HTML shows are not")
    func everyKeyTheScriptsName() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        let folder = URL(fileURLWithPath: TestApp.publicDirectory).appendingPathComponent("app")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".js") }
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined()
        // Whole keys in quotes, and the fixed part of keys built at run time (`room.error.${code}`).
        // Not the frames' types (`{ t: "room.self-organise" }`), which share the prefix.
        let frames = Set(scripts.matches(of: /t: "(room\.[a-z0-9.\-]+)"/).map { String($0.output.1) })
        let named = Set(scripts.matches(of: /"(room\.[a-z0-9.\-]*[a-z0-9])"/).map { String($0.output.1) }).subtracting(frames)
        let built = Set(scripts.matches(of: /[`"](room\.[a-z0-9.\-]+\.)(?:\$\{|")/).map { String($0.output.1) })
        try await app.run { client in
            let page = try await client.execute(uri: "/r/\(room.id)", method: .get).text
            let json = try #require(page.firstMatch(of: /<script type="application\/json" id="strings">([^<]*)<\/script>/)?.output.1)
            let strings = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
            for key in named.sorted() {
                #expect(strings[key] != nil, "\(key) is named by a script but not in the room page")
            }
            for prefix in built.sorted() {
                #expect(strings.keys.contains { $0.hasPrefix(prefix) }, "nothing for \(prefix)… in the room page")
            }
            for key in Self.renderedOnlyExamples {
                #expect(strings[key] == nil, "\(key) is in the HTML already")
                #expect(!named.contains(key), "\(key) is left out of the page's strings, but a script names it")
            }
        }
    }

    static let renderedOnlyExamples = ["room.meeting.thanks.text", "room.members.hint", "room.invites.make"]
}
