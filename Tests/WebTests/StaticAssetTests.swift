import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RoomServer
import Testing

@Suite("The browser client's files")
struct StaticAssetTests {
    @Test("scripts come gzipped to a browser that takes it, plain otherwise, and 304 when unchanged")
    func gzipAndETag() async throws {
        let app = try TestApp()
        try await app.run { client in
            let plain = try await client.execute(uri: "/app/room.js", method: .get)
            #expect(plain.status == .ok)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(plain.text.contains("WebSocket"))
            let etag = try #require(plain.headers[.eTag])

            let gzipped = try await client.execute(uri: "/app/room.js", method: .get, headers: [.acceptEncoding: "gzip, deflate, br"])
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(gzipped.body.readableBytes < plain.body.readableBytes / 2)
            #expect(gzipped.headers[.eTag] == etag)

            let refused = try await client.execute(uri: "/app/room.js", method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)

            let unchanged = try await client.execute(uri: "/app/room.js", method: .get, headers: [.ifNoneMatch: etag])
            #expect(unchanged.status == .notModified)
            #expect(unchanged.body.readableBytes == 0)

            let locale = try await client.execute(uri: "/locales/nn.json", method: .get)
            #expect(locale.text.contains("Sjølvhjelpshuset"))
            #expect(locale.headers[.cacheControl] == "no-cache")

            let missing = try await client.execute(uri: "/app/../Package.swift", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test("the room page names content-hashed files, kept for a year; they import each other by hashed names")
    func hashedAddresses() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        try await app.run { client in
            let page = try await client.execute(uri: "/r/\(room.id)", method: .get).text
            let script = try #require(page.firstMatch(of: /src="(\/app\/room\.[0-9a-f]{10}\.js)"/)?.output.1)
            #expect(page.contains(#/href="\/app\/style\.[0-9a-f]{10}\.css"/#))
            let hashed = try await client.execute(uri: String(script), method: .get)
            #expect(hashed.status == .ok)
            #expect(hashed.headers[.cacheControl] == "public, max-age=31536000, immutable")
            // Its imports are hashed too, so a returning phone asks for none of the modules again.
            let imported = hashed.text.matches(of: /from "\.\/([a-z]+)\.([0-9a-f]{10})\.js"/).map { String($0.output.1) }
            #expect(Set(imported) == ["meeting", "composer", "invites", "group", "panels", "conversation"])
            // The practice guide (only in a practice meeting) and the questions after a meeting (only at its end) are
            // fetched when needed, by their hashed names too.
            #expect(hashed.text.contains(#/import\("\.\/practice\.[0-9a-f]{10}\.js"\)/#))
            #expect(hashed.text.contains(#/import\("\.\/evaluation\.[0-9a-f]{10}\.js"\)/#))
            #expect(!page.contains("practice."))
            let plain = try await client.execute(uri: "/app/room.js", method: .get)
            #expect(plain.headers[.cacheControl] == "no-cache")
        }
    }

    @Test("a script or stylesheet carries what a subresource heeds; a page, an SVG and an error carry every header")
    func subresourceHeaders() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        try await app.run { client in
            for path in ["/app/room.js", "/app/style.css", "/app/icon-192.png"] {
                let asset = try await client.execute(uri: path, method: .get)
                #expect(asset.status == .ok, "\(path)")
                #expect(asset.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(asset.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] == "same-origin", "\(path)")
                #expect(asset.headers[.contentSecurityPolicy] == nil, "\(path)")
            }
            for path in ["/r/\(room.id)", "/app/icon.svg", "/app/nothing-here.js", "/"] {
                let document = try await client.execute(uri: path, method: .get)
                #expect(document.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(path)")
                #expect(document.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
                #expect(document.headers[.xContentTypeOptions] == "nosniff", "\(path)")
            }
        }
    }

    @Test("the room page itself is gzipped for a browser that takes it")
    func pageGzipped() async throws {
        let app = try TestApp()
        let (room, _) = try await app.house.createRoom(name: "Rom", kind: .group)
        try await app.run { client in
            let page = try await client.execute(uri: "/r/\(room.id)", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(page.status == .ok)
            #expect(page.headers[.contentEncoding] == "gzip")
            #expect(page.headers[.cacheControl] == "no-store")
        }
    }
}
