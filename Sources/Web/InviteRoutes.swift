import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Moderation
import RoomServer

/// The invite link: GET shows the room, the pledge and a name field without using the link;
/// POST uses it exactly once and hands the browser its member key.
struct InviteRoutes: Sendable {
    let house: House
    /// Told when a new phone's link moves a membership, so the live room closes the old key's pages.
    let registry: RoomRegistry
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration

    static let maxFormBytes = 4096

    func add(to router: Router<some RequestContext>) {
        router.get("/i/:token") { request, context in
            try await self.show(request, token: context.parameters.require("token"))
        }
        router.post("/i/:token") { request, context in
            try await self.redeem(request, token: context.parameters.require("token"), logger: context.logger)
        }
    }

    func show(_ request: Request, token: String) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard let (invite, room) = try await self.house.invite(token: token) else {
            return .html(page.message(titleKey: "link.unknown.title", textKey: "link.unknown.text"), status: .notFound)
        }
        switch invite.status(at: Date()) {
        case .usable where invite.forMembershipId != nil:
            // A browser that is in the group already would stop being who it is there: the link was sent to the wrong
            // person, or opened on the old phone. It is not offered.
            if MyRooms(request).ids.contains(room.id) {
                return .html(page.message(titleKey: "newphone.title", textKey: "newphone.already"), status: .conflict)
            }
            return withLanguageCookie(.html(self.newPhoneForm(page, token: token), for: request), request)
        case .usable:
            return withLanguageCookie(.html(self.form(page, room: room, role: invite.role, token: token), for: request), request)
        case let spent:
            return self.spentPage(page, spent, room: room)
        }
    }

    func redeem(_ request: Request, token: String, logger: Logger) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "invite.error.form"), status: .forbidden)
        }
        let body = try await request.collectBody(upTo: Self.maxFormBytes, within: self.configuration.limits.bodySeconds)
        if let (invite, room) = try await self.house.invite(token: token), invite.forMembershipId != nil {
            if MyRooms(request).ids.contains(room.id) {
                return .html(page.message(titleKey: "newphone.title", textKey: "newphone.already"), status: .conflict)
            }
            return try await self.moveToNewPhone(request, page, token: token, logger: logger)
        }
        let fields = InviteForm.decode(String(buffer: body))
        let result = try await self.house.redeem(token: token, displayName: fields.name ?? "", pledgeAccepted: fields.pledgeAccepted)
        switch result {
        case .success(let (membership, key)):
            logger.info("invite redeemed", metadata: ["room": "\(membership.roomId)", "member": "\(membership.id)", "role": "\(membership.role)"])
            // `?first`: the room page says once how to come back next week, then drops it from the address.
            var response = Response(status: .seeOther, headers: [.location: "/r/\(membership.roomId)?first"])
            response.setCookie(memberCookie(roomId: membership.roomId, key: key.value, secure: self.configuration.secureCookies))
            response.noteMyRoom(membership.roomId, member: true, request: request, secure: self.configuration.secureCookies)
            return response
        case .failure(.unknown), .failure(.used), .failure(.expired), .failure(.revoked):
            return try await self.refused(result, page: page, token: token)
        case .failure(.name(.invalidCharacters)):
            // The refused characters may be ones that do not show (a direction mark): the person could not
            // find them in the field to take them out, so the field starts empty.
            return try await self.formAgain(
                page,
                token: token,
                fields: InviteForm(name: nil, pledge: fields.pledge),
                errorKey: "invite.error.\(DisplayName.Problem.invalidCharacters.rawValue)"
            )
        case .failure(.name(let problem)):
            // Everything else keeps what the person typed, so a look-alike name can be changed by adding an initial.
            return try await self.formAgain(page, token: token, fields: fields, errorKey: "invite.error.\(problem.rawValue)")
        case .failure(.pledgeNotAccepted):
            return try await self.formAgain(page, token: token, fields: fields, errorKey: "invite.error.pledge")
        }
    }

    /// A new phone's link used: the membership gets this browser's new key, the old key's pages are closed, and the
    /// room says «Anne er med fra en ny telefon». Spent, expired or revoked links say so as any link does.
    private func moveToNewPhone(_ request: Request, _ page: Page, token: String, logger: Logger) async throws -> Response {
        let result = try await self.house.moveMembership(token: token)
        guard case .success(let (membership, key)) = result else { return try await self.refused(result, page: page, token: token) }
        logger.info("membership moved to a new phone", metadata: ["room": "\(membership.roomId)", "member": "\(membership.id)"])
        await self.registry.memberMoved(roomId: membership.roomId, member: membership.memberID)
        var response = Response(status: .seeOther, headers: [.location: "/r/\(membership.roomId)?first"])
        response.setCookie(memberCookie(roomId: membership.roomId, key: key.value, secure: self.configuration.secureCookies))
        response.noteMyRoom(membership.roomId, member: true, request: request, secure: self.configuration.secureCookies)
        return response
    }

    /// What a link that cannot be used says: unknown, or spent (``spentPage(_:_:room:)``).
    private func refused(_ result: Result<(Membership, Secret), House.RedeemProblem>, page: Page, token: String) async throws -> Response {
        switch result {
        case .failure(.used): self.spentPage(page, .used, room: try await self.house.invite(token: token)?.room)
        case .failure(.expired): self.spentPage(page, .expired, room: nil)
        case .failure(.revoked): self.spentPage(page, .revoked, room: nil)
        default: .html(page.message(titleKey: "link.unknown.title", textKey: "link.unknown.text"), status: .notFound)
        }
    }

    /// A new phone's page: one button. No name (it stays as it was) and no pledge (it was given, and holds). The page
    /// names neither the room nor the person: a link preview reads it first.
    private func newPhoneForm(_ page: Page, token: String) -> String {
        page.render(
            title: self.strings.text("newphone.title", page.language),
            body: """
                <h1>\(page.t("newphone.heading"))</h1>
                <p>\(page.t("newphone.text"))</p>
                <form method="post" action="/i/\(HTML.escape(token))" class="invite">
                <p><button type="submit">\(page.t("newphone.submit"))</button></p>
                <p class="hint">\(page.t("newphone.hint"))</p>
                </form>
                """
        )
    }

    /// The form again, with the problem said next to the field it is about, that field focused (so a phone
    /// scrolls to it), and what the person already gave kept: their name, and the pledge they ticked.
    private func formAgain(_ page: Page, token: String, fields: InviteForm, errorKey: String) async throws -> Response {
        guard let (invite, room) = try await self.house.invite(token: token) else {
            return .html(page.message(titleKey: "link.unknown.title", textKey: "link.unknown.text"), status: .notFound)
        }
        // A host link for a room that has one already (`admin host-link`) is most often used by the igangsetter who
        // lost the room's key: their old membership keeps their name, and the words say what to pick instead.
        let takenByOldSelf = invite.role == .host && errorKey == "invite.error.\(DisplayName.Problem.taken.rawValue)"
        let errorKey = takenByOldSelf ? "invite.error.name-taken-host" : errorKey
        let body = self.form(page, room: room, role: invite.role, token: token, fields: fields, errorKey: errorKey)
        return .html(body, status: .unprocessableContent)
    }

    /// What a link that no longer works says. Only a used one leads on into its room (`room`): expired and
    /// revoked links never gave anyone a key.
    ///
    /// A used link is most often opened again by the person who used it: the same SMS next week, or Back right
    /// after joining. It goes straight on to the room, with no error in between. This page cannot tell
    /// whether the browser holds the room's key (its cookie is sent only to the room's paths, and not at all
    /// with a page opened from an SMS app), but the room's socket can: it lets the member in, and otherwise
    /// the room page says in one sentence what to do (`?link=used`).
    private func spentPage(_ page: Page, _ status: Invite.Status, room: Room?) -> Response {
        let key =
            switch status {
            case .used: "link.used"
            case .expired: "link.expired"
            case .revoked: "link.revoked"
            case .usable: "link.unknown"
            }
        if status == .used, let room {
            return Response(status: .seeOther, headers: [.location: "/r/\(room.id)?link=used"])
        }
        return .html(page.message(titleKey: "\(key).title", textKey: "\(key).text"), status: .gone)
    }

    private func form(
        _ page: Page,
        room: Room,
        role: Role,
        token: String,
        fields: InviteForm = InviteForm(),
        errorKey: String? = nil
    ) -> String {
        let intro = role == .host ? "invite.host.intro" : "invite.member.intro"
        let form = NameForm(page: page, fields: fields, errorKey: errorKey, aboutBox: errorKey == "invite.error.pledge")
        // Anyone who holds the link may fetch this page, a link preview first of all: only the browser names the room.
        return page.render(
            title: self.strings.text("invite.title", page.language),
            body: """
                \(page.namedHeading("invite.heading", "invite.heading.room", room: room.name))
                <p>\(page.t(intro))</p>
                \(room.weeklyTime.map { "<p class=\"lead\">\(MeetingTimeWords(page: page).weekly($0))</p>" } ?? "")
                <form method="post" action="/ov" class="practice-start">
                <input type="hidden" name="back" value="/i/\(HTML.escape(token))">
                <p><button type="submit" class="quiet">\(page.t("practice.try"))</button></p>
                <p class="hint">\(page.t("practice.try.invite"))</p>
                </form>
                <form method="post" action="/i/\(HTML.escape(token))" class="invite">
                \(form.box(id: "pledge", heading: "invite.pledge.heading", text: "invite.pledge.text", accept: "invite.pledge.accept"))
                \(form.nameField(label: "invite.name.label", hint: "invite.name.hint"))
                <p class="privacy">\(page.t("privacy.notice")) \(page.t("privacy.honest"))</p>
                <p><button type="submit">\(page.t("invite.submit"))</button></p>
                </form>
                """,
            scripts: [Page.namedHeadingScript]
        )
    }
}

/// The cookie that holds a member's key: only for this room's paths, never readable by script, never sent cross-site.
/// A `maxAge` of 0 tells the browser to forget a key that no longer works.
func memberCookie(roomId: String, key: String, secure: Bool, maxAge: Int = 400 * 24 * 3600) -> Cookie {
    Cookie(
        name: "rs_member",
        value: key,
        maxAge: maxAge,
        path: "/r/\(roomId)",
        secure: secure,
        httpOnly: true,
        sameSite: .strict
    )
}

/// When the person picked a language with `?lang=`, remember it (a preference, not personal data).
func withLanguageCookie(_ response: Response, _ request: Request) -> Response {
    guard let chosen = request.uri.queryParameters.get("lang"), Language(rawValue: chosen) != nil else { return response }
    var response = response
    response.setCookie(Cookie(name: "lang", value: chosen, maxAge: 365 * 24 * 3600, path: "/", httpOnly: true, sameSite: .lax))
    return response
}

/// Whether a request that changes something (the invite form, the room's socket) came from a page of this house.
///
/// A browser says where a request comes from in `Sec-Fetch-Site` and `Origin`; anything it marks as
/// another site is refused, and so is `Origin: null` unless the fetch metadata vouches for it. A request
/// with neither header is not from a browser's page (a script, a test), and a cookie's SameSite=Strict
/// guards the rest. Compares host names, not ports: cookies are shared across ports of a host anyway,
/// and some clients leave the port out of Origin.
func sameOrigin(_ request: Request, configuration: HouseConfiguration) -> Bool {
    let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]
    if let site, site != "same-origin" { return false }
    guard let origin = request.headers[.origin] else { return true }
    if origin == "null" {
        // Browsers send "null" for a form posted from a page with Referrer-Policy: no-referrer (ours),
        // and also for sandboxed frames and file pages: only the fetch metadata can tell them apart.
        return site == "same-origin"
    }
    guard let originHost = URLComponents(string: origin)?.host?.lowercased() else { return false }
    if let authority = request.head.authority, hostName(ofAuthority: authority) == originHost { return true }
    if let publicURL = configuration.publicURL, let host = URLComponents(string: publicURL)?.host?.lowercased() {
        return originHost == host
    }
    return false
}

/// "example.no:8080" → "example.no"; "[::1]:8080" → "::1".
func hostName(ofAuthority authority: String) -> String {
    URLComponents(string: "http://\(authority)")?.host?.lowercased() ?? authority.lowercased()
}
