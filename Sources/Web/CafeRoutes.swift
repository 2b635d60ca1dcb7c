import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Moderation
import NIOCore
import RoomServer

/// The ways into a café: the reusable drop-in link (`/c/{token}`) and the room code typed on the front page.
///
/// A guest gives a name and accepts the café's house rules, and is in: no membership, no key in the
/// database, only a pass for this sitting that the house keeps in memory (``GuestBook``).
struct CafeRoutes: Sendable {
    let house: House
    let guests: GuestBook
    /// Asked whether the café's live meeting is locked or full, so the page says so before the form.
    let registry: RoomRegistry
    let codes: CodeGuard
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration

    func add(to router: Router<HouseRequestContext>) {
        router.get("/c/:token") { request, context in
            try await self.show(request, token: context.parameters.require("token"))
        }
        router.post("/c/:token") { request, context in
            try await self.enter(request, token: context.parameters.require("token"), client: self.client(request, context), logger: context.logger)
        }
        router.post("/kode") { request, context in
            try await self.code(request, client: self.client(request, context))
        }
    }

    /// Who is asking, for pacing only (``clientAddress(_:_:configuration:)``).
    private func client(_ request: Request, _ context: HouseRequestContext) -> String {
        clientAddress(request, context, configuration: self.configuration)
    }

    func show(_ request: Request, token: String) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard let (room, _) = try await self.house.cafe(linkToken: token) else { return self.unknown(page) }
        if let answer = await self.alreadyKnown(request, page, room: room) { return answer }
        let door = await self.registry.door(roomId: room.id)
        return withLanguageCookie(.html(self.form(page, room: room, token: token, door: door), for: request), request)
    }

    /// A browser that is already in this café (Back, the link opened again) goes back to it as who it was;
    /// one whose guest was sent out is told so, for the rest of the sitting.
    private func alreadyKnown(_ request: Request, _ page: Page, room: Room) async -> Response? {
        guard let token = request.cookies[guestCookieName(roomId: room.id)]?.value else { return nil }
        switch await self.guests.standing(token: token, roomId: room.id) {
        case .inside: return Response(status: .seeOther, headers: [.location: "/r/\(room.id)"])
        case .sentOut: return .html(page.message(titleKey: "cafe.sentout.title", textKey: "cafe.sentout.text"), status: .forbidden)
        case .none: return nil
        }
    }

    /// A guest comes in: a name (told apart from everyone else's) and the house rules, and a pass for the sitting.
    func enter(_ request: Request, token: String, client: String, logger: Logger) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "invite.error.form"), status: .forbidden)
        }
        let body = try await request.collectBody(upTo: InviteRoutes.maxFormBytes, within: self.configuration.limits.bodySeconds)
        let fields = InviteForm.decode(String(buffer: body))
        guard let (room, _) = try await self.house.cafe(linkToken: token) else { return self.unknown(page) }
        if let answer = await self.alreadyKnown(request, page, room: room) { return answer }
        guard fields.pledgeAccepted else {
            return .html(self.form(page, room: room, token: token, fields: fields, errorKey: "cafe.error.rules"), status: .badRequest)
        }
        // Locked or full since the form was shown: the same words again, and no pass for a door that is shut.
        let door = await self.registry.door(roomId: room.id)
        guard door == .open else {
            return .html(self.form(page, room: room, token: token, fields: fields, door: door), status: .conflict)
        }
        // Passes are paced per client, so a script cannot fill the café with guests nobody is.
        if case .clientWait(let seconds) = await self.codes.admitPass(client: client, now: Instant(Date())) {
            let form = self.form(page, room: room, token: token, fields: fields, errorKey: "cafe.error.wait", values: ["seconds": "\(seconds)"])
            return .html(form, status: .tooManyRequests, retryAfter: seconds)
        }
        let taken = try await self.house.memberNameKeys(roomId: room.id)
        switch await self.guests.admit(roomId: room.id, name: fields.name ?? "", taken: taken) {
        case .success(let (pass, guest)):
            logger.info("guest came in", metadata: ["room": "\(room.id)", "member": "\(guest.id)"])
            var response = Response(status: .seeOther, headers: [.location: "/r/\(room.id)"])
            response.setCookie(guestCookie(roomId: room.id, pass: pass, secure: self.configuration.secureCookies))
            return response
        case .failure(.full):
            return .html(self.form(page, room: room, token: token, fields: fields, errorKey: "cafe.error.full"), status: .serviceUnavailable)
        case .failure(.name(.invalidCharacters)):
            let emptied = InviteForm(name: nil, pledge: fields.pledge)
            return .html(self.form(page, room: room, token: token, fields: emptied, errorKey: "invite.error.name-invalid"), status: .badRequest)
        case .failure(.name(let problem)):
            return .html(self.form(page, room: room, token: token, fields: fields, errorKey: "invite.error.\(problem.rawValue)"), status: .badRequest)
        }
    }

    /// The code typed on the front page: on to the café's page, or the front page again with why.
    func code(_ request: Request, client: String) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: "/", assets: self.assets)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "invite.error.form"), status: .forbidden)
        }
        let body = try await request.collectBody(upTo: 512, within: self.configuration.limits.bodySeconds)
        let typed = (try? URLEncodedFormDecoder().decode(CodeForm.self, from: String(buffer: body)))?.code ?? ""
        guard let digits = CafeEntry.digits(of: typed) else {
            return .html(RoomRoutes.landingPage(page, codeError: "landing.code.shape", typed: typed), status: .badRequest, for: request)
        }
        let now = Instant(Date())
        switch await self.codes.admit(client: client, now: now) {
        case .clientWait(let seconds):
            let landing = RoomRoutes.landingPage(page, codeError: "landing.code.wait", values: ["seconds": "\(seconds)"], typed: typed)
            return .html(landing, status: .tooManyRequests, retryAfter: seconds, for: request)
        case .houseWait(let seconds):
            let landing = RoomRoutes.landingPage(page, codeError: "landing.code.busy", values: ["seconds": "\(seconds)"], typed: typed)
            return .html(landing, status: .tooManyRequests, retryAfter: seconds, for: request)
        case .go:
            break
        }
        guard let (_, entry) = try await self.house.cafe(code: digits) else {
            return .html(RoomRoutes.landingPage(page, codeError: "landing.code.wrong", typed: typed), status: .notFound, for: request)
        }
        await self.codes.right(client: client)
        return Response(status: .seeOther, headers: [.location: entry.path])
    }

    private func unknown(_ page: Page) -> Response {
        .html(page.message(titleKey: "cafe.unknown.title", textKey: "cafe.unknown.text"), status: .notFound)
    }

    private func form(
        _ page: Page,
        room: Room,
        token: String,
        fields: InviteForm = InviteForm(),
        errorKey: String? = nil,
        values: [String: String] = [:],
        door: LiveRoom.Door = .open
    ) -> String {
        let form = NameForm(page: page, fields: fields, errorKey: errorKey, values: values, aboutBox: errorKey == "cafe.error.rules")
        // A closed door is said first, under the heading: a guest should not write a name and accept the
        // rules only to be turned away. The form stays, for when the door opens again.
        let doorKey: String? =
            switch door {
            case .open: nil
            case .locked: "cafe.locked"
            case .capped: "cafe.capped"
            }
        let doorNotice = doorKey.map { "<p class=\"notice door\" role=\"status\">\(page.t($0))</p>" } ?? ""
        // The drop-in link is passed around in chats: its preview says «Kafé», never which café.
        return page.render(
            title: self.strings.text("cafe.title", page.language),
            body: """
                \(page.namedHeading("cafe.heading", "cafe.heading.room", room: room.name))
                \(doorNotice)
                <p>\(page.t("cafe.intro"))</p>
                <form method="post" action="/c/\(HTML.escape(token))" class="invite">
                \(form.nameField(label: "cafe.name.label", hint: "cafe.name.hint"))
                \(form.box(id: "rules", heading: "cafe.rules.heading", text: "cafe.rules.text", accept: "cafe.rules.accept"))
                <p><button type="submit">\(page.t("cafe.submit"))</button></p>
                </form>
                """,
            scripts: [Page.namedHeadingScript]
        )
    }
}

/// The front page's code form.
struct CodeForm: Decodable {
    var code: String?
}

/// A café guest's pass: for this browser session only, never readable by script, never sent cross-site.
/// Named after the café and sent to the whole house, so the café's own page can tell a guest who comes back
/// by the link (Back, a reopened SMS) that they are already in, or that they were sent out.
func guestCookie(roomId: String, pass: String, secure: Bool) -> Cookie {
    Cookie(name: guestCookieName(roomId: roomId), value: pass, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
}

func guestCookieName(roomId: String) -> String {
    "rs_guest_\(roomId)"
}
