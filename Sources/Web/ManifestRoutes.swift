import Hummingbird
import RoomServer

/// `GET /r/:room/manifest.webmanifest`: the room's web app manifest (``RoomManifest``).
///
/// It says no more than the room page itself shows to anyone with its address: the room's name.
struct ManifestRoutes: Sendable {
    let house: House

    static let contentType = "application/manifest+json"

    func add(to router: Router<some RequestContext>) {
        router.get("/r/:room/manifest.webmanifest") { _, context in
            try await self.manifest(roomId: context.parameters.require("room"))
        }
    }

    func manifest(roomId: String) async throws -> Response {
        guard let room = try await self.house.room(id: roomId) else { throw HTTPError(.notFound) }
        let body = ByteBuffer(bytes: try RoomManifest(room: room).json())
        return Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: body))
    }
}
