import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@testable import Web

@Suite("A room on a phone's home screen")
struct RoomManifestTests {
    @Test("a room's manifest opens the room as an app, with its name encoded as the creator wrote it")
    func manifestOfARoom() async throws {
        let app = try TestApp()
        let name = "Kari's \"trygge\" rom </script> & Ærlig 🌻"
        let (room, host) = try await app.house.createRoom(name: name, kind: .group)
        let (_, key) = try await app.house.redeem(token: host.token.value, displayName: "Kari", pledgeAccepted: true).get()
        try await app.run { client in
            let member: HTTPFields = [.cookie: "rs_member=\(key.value)"]
            let response = try await client.execute(uri: "/r/\(room.id)/manifest.webmanifest", method: .get, headers: member)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/manifest+json")
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(manifest["name"] as? String == name)
            #expect(manifest["short_name"] as? String == "Kari's \"try…")
            #expect(manifest["start_url"] as? String == "/r/\(room.id)")
            #expect(manifest["scope"] as? String == "/r/\(room.id)")
            #expect(manifest["id"] as? String == "/r/\(room.id)")
            #expect(manifest["display"] as? String == "standalone")
            #expect(manifest["theme_color"] as? String == "#0b5394")
            #expect(manifest["background_color"] as? String == "#fdfdfb")
            let icons = try #require(manifest["icons"] as? [[String: String]])
            #expect(Set(icons.map { $0["src"] }) == ["/app/icon.svg", "/app/icon-192.png", "/app/icon-512.png"])
            // Every icon it names is there, with the type it says.
            for icon in icons {
                let file = try await client.execute(uri: try #require(icon["src"]), method: .get)
                #expect(file.status == .ok)
                #expect(file.headers[.contentType] == icon["type"])
            }
        }
    }

    @Test("an unknown room has no manifest")
    func unknownRoom() async throws {
        let app = try TestApp()
        try await app.run { client in
            for id in ["AAAAAAAAAAAAAAAA", "not-a-room", "%22%3E"] {
                let response = try await client.execute(uri: "/r/\(id)/manifest.webmanifest", method: .get)
                #expect(response.status == .notFound, "\(id)")
                #expect(response.headers[.contentType] != "application/manifest+json")
            }
        }
    }

    @Test("only a key that opens the room gets its manifest: anyone else gets the unknown room's 404")
    func onlyForMembers() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Angstgruppe torsdag", kind: .group)
        // A key to another room of the house opens nothing here.
        let (_, otherHost) = try await app.house.createRoom(name: "Annen gruppe", kind: .group)
        let (_, otherKey) = try await app.house.redeem(token: otherHost.token.value, displayName: "Ola", pledgeAccepted: true).get()
        try await app.run { client in
            for cookie in [nil, "rs_member=\(otherKey.value)", "rs_member=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
                let headers: HTTPFields = cookie.map { [.cookie: $0] } ?? [:]
                let response = try await client.execute(uri: "/r/\(room.id)/manifest.webmanifest", method: .get, headers: headers)
                #expect(response.status == .notFound, "\(cookie ?? "no cookie")")
                #expect(!response.text.contains("Angstgruppe"))
            }
        }
    }

    @Test("the room page links its manifest, and the house's policy lets the browser fetch it")
    func linkedAndAllowed() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        try await app.run { client in
            let page = try await client.execute(uri: "/r/\(room.id)", method: .get)
            #expect(page.text.contains("<link rel=\"manifest\" href=\"/r/\(room.id)/manifest.webmanifest\" crossorigin=\"use-credentials\">"))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("manifest-src 'self'"))
            #expect(policy.contains("default-src 'none'"))
            // Pages that are not a room are not apps.
            let front = try await client.execute(uri: "/", method: .get)
            #expect(!front.text.contains("rel=\"manifest\""))
        }
    }

    @Test("a long room name is cut to whole characters for the home screen")
    func shortName() {
        #expect(RoomManifest.shortName("Angst") == "Angst")
        #expect(RoomManifest.shortName("Tolv tegn ok") == "Tolv tegn ok")
        #expect(RoomManifest.shortName("Angstgruppe torsdag") == "Angstgruppe…")
        #expect(RoomManifest.shortName("Ti tegn og mer") == "Ti tegn og…")
        #expect(RoomManifest.shortName("🇳🇴🇳🇴🇳🇴🇳🇴🇳🇴🇳🇴🇳🇴") == "🇳🇴🇳🇴🇳🇴🇳🇴🇳🇴🇳🇴🇳🇴")
        #expect(RoomManifest.shortName(String(repeating: "👩‍👩‍👧", count: 13)).count == 12)
    }
}
