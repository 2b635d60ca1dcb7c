import Hummingbird
import RoomServer

/// The two requests that change «Mine rom» (``MyRooms``) other than joining and opening a room.
///
/// `POST /r/:room/husk`: the room's page, once let in, says this browser is a member. The page may have
/// arrived without the key's SameSite=Strict cookie (from a link in an SMS app), so opening it did not note
/// the room; a request the page itself makes carries the cookie.
///
/// `POST /glem`: «Glem denne listen» on the front page, for a phone that others hold too. The keys stay with
/// their rooms: forgetting the list takes nobody out of a group.
struct MyRoomsRoutes: Sendable {
    let house: House
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration

    func add(to router: Router<some RequestContext>) {
        router.post("/r/:room/husk") { request, context in
            try await self.remember(request, roomId: context.parameters.require("room"))
        }
        router.post("/glem") { request, _ in
            self.forget(request)
        }
    }

    func remember(_ request: Request, roomId: String) async throws -> Response {
        guard sameOrigin(request, configuration: self.configuration) else { return Response(status: .forbidden) }
        guard let key = request.cookies["rs_member"]?.value, try await self.house.membership(roomId: roomId, key: key) != nil else {
            // As for an unknown room: this answer does not say whether the room exists.
            return Response(status: .notFound)
        }
        var response = Response(status: .noContent)
        response.noteMyRoom(roomId, member: true, request: request, secure: self.configuration.secureCookies)
        return response
    }

    func forget(_ request: Request) -> Response {
        guard sameOrigin(request, configuration: self.configuration) else {
            let page = Page(strings: self.strings, language: request.language, path: "/", assets: self.assets)
            return .html(page.message(titleKey: "error.title", textKey: "invite.error.form"), status: .forbidden)
        }
        var response = Response(status: .seeOther, headers: [.location: "/?glemt"])
        response.setCookie(MyRooms().cookie(secure: self.configuration.secureCookies))
        return response
    }
}
