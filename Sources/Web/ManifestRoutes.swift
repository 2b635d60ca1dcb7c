import Hummingbird
import RoomServer

/// `GET /r/:room/manifest.webmanifest`: the room's web app manifest (``RoomManifest``).
///
/// It names the room, so only a browser whose key opens the room gets it: the room page names no room to
/// anyone else (docs/PRIVACY.md, «Link previews»), and its address is no secret. The page asks for it with
/// `crossorigin="use-credentials"`, or the browser would leave the key's cookie out. Anyone else gets the
/// 404 an unknown room gets, so the manifest does not even say that the room exists.
struct ManifestRoutes: Sendable {
    let house: House

    static let contentType = "application/manifest+json"

    func add(to router: Router<some RequestContext>) {
        router.get("/r/:room/manifest.webmanifest") { request, context in
            try await self.manifest(roomId: context.parameters.require("room"), key: request.cookies["rs_member"]?.value)
        }
    }

    func manifest(roomId: String, key: String?) async throws -> Response {
        guard let key, let room = try await self.house.room(id: roomId), try await self.house.membership(roomId: room.id, key: key) != nil
        else { throw HTTPError(.notFound) }
        let body = ByteBuffer(bytes: try RoomManifest(room: room).json())
        return Response(status: .ok, headers: [.contentType: Self.contentType], body: .init(byteBuffer: body))
    }
}
