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
