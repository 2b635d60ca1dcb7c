import Foundation
import RoomServer

/// A room as an app on a phone's home screen (a web app manifest).
///
/// A member who adds the room to the home screen comes back next week with one tap, with no link to
/// look for in old messages. Each room is its own app (`id`), opening on the room's page.
struct RoomManifest: Encodable, Equatable {
    struct Icon: Encodable, Equatable {
        let src: String
        let sizes: String
        let type: String
        var purpose: String?
    }

    let id: String
    let name: String
    let shortName: String
    let startURL: String
    let scope: String
    var display = "standalone"
    /// The stylesheet's `--accent` and `--paper` (Public/app/style.css), so the phone's frame around the room matches it.
    var themeColor = "#0b5394"
    var backgroundColor = "#fdfdfb"
    var icons = [
        Icon(src: "/app/icon.svg", sizes: "any", type: "image/svg+xml"),
        Icon(src: "/app/icon-192.png", sizes: "192x192", type: "image/png"),
        Icon(src: "/app/icon-512.png", sizes: "512x512", type: "image/png"),
        // The house sits well inside the picture, so a phone may cut the PNG to a circle or a rounded square.
        Icon(src: "/app/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable"),
    ]

    /// Home screens show about this many characters under an icon.
    static let shortNameLength = 12

    enum CodingKeys: String, CodingKey {
        case id, name, scope, display, icons
        case shortName = "short_name"
        case startURL = "start_url"
        case themeColor = "theme_color"
        case backgroundColor = "background_color"
    }

    init(room: Room) {
        let path = "/r/\(room.id)"
        self.id = path
        self.name = room.name
        self.shortName = Self.shortName(room.name)
        self.startURL = path
        self.scope = path
    }

    /// "Angstgruppe torsdag" → "Angstgruppe…": whole characters, never half of one.
    static func shortName(_ name: String) -> String {
        guard name.count > Self.shortNameLength else { return name }
        return name.prefix(Self.shortNameLength - 1).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// The manifest as JSON: the room's name is text its creator chose, so it is only ever encoded, never pasted in.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
