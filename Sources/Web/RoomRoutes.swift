import Foundation
import Hummingbird
import Moderation
import RoomServer

/// The front page and the room page.
///
/// The room page is a shell with no secret in it: the member key travels in its cookie on the
/// WebSocket, which is same-site even when the person came from a link in an SMS or e-mail app
/// (where a SameSite=Strict cookie is not sent with the page itself).
struct RoomRoutes: Sendable {
    let house: House
    let strings: Strings
    let configuration: HouseConfiguration

    func add(to router: Router<some RequestContext>) {
        router.get("/") { request, _ in
            self.landing(request)
        }
        router.get("/r/:room") { request, context in
            try self.room(request, id: context.parameters.require("room"))
        }
        router.get("/healthz") { _, _ in
            "ok"
        }
    }

    func landing(_ request: Request) -> Response {
        let page = Page(strings: self.strings, language: request.language, path: "/")
        let body = """
            <h1>\(page.t("landing.heading"))</h1>
            <p class="lead">\(page.t("house.tagline"))</p>
            <ul class="steps">
            <li>\(page.t("landing.invite"))</li>
            <li>\(page.t("landing.member"))</li>
            <li>\(page.t("landing.host"))</li>
            </ul>
            <p class="privacy">\(page.t("privacy.notice")) \(page.t("privacy.honest"))</p>
            """
        return withLanguageCookie(.html(page.render(title: self.strings.text("house.title", page.language), body: body)), request)
    }

    func room(_ request: Request, id: String) throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path)
        guard let room = try self.house.room(id: id) else {
            return .html(page.message(titleKey: "room.notfound.title", textKey: "room.notfound.text"), status: .notFound)
        }
        var response = withLanguageCookie(.html(self.shell(page, room: room)), request)
        // Coming back renews the key's cookie, so a weekly member never loses it to age.
        if let key = request.cookies["rs_member"]?.value, let membership = try self.house.membership(roomId: room.id, key: key) {
            response.setCookie(memberCookie(roomId: room.id, key: key, secure: self.configuration.secureCookies))
            try self.house.touch(membershipId: membership.id)
        }
        return response
    }

    private func shell(_ page: Page, room: Room) -> String {
        let body = """
            <div id="room" data-room="\(HTML.escape(room.id))" data-max="\(self.configuration.limits.maxMessageLength)">
            <div class="roomhead">
            <h1 id="room-name">\(HTML.escape(room.name))</h1>
            <button type="button" id="leave" class="quiet" hidden>\(page.t("room.leave"))</button>
            </div>
            <p class="privacy">\(page.t("privacy.notice")) \(page.t("privacy.honest"))</p>
            <p id="status" role="status" aria-live="polite">\(page.t("room.connecting"))</p>
            <div id="live" hidden>
            <section class="present" aria-labelledby="present-heading">
            <h2 id="present-heading">\(page.t("room.present"))</h2>
            <ul id="present"></ul>
            </section>
            <section class="conversation" aria-labelledby="log-heading">
            <h2 id="log-heading" class="visually-hidden">\(page.t("room.log"))</h2>
            <p id="empty" class="muted">\(page.t("room.empty"))</p>
            <div role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="log-heading"><ol id="log"></ol></div>
            <p id="typing" class="muted" aria-live="off"></p>
            </section>
            <form id="composer" autocomplete="off">
            <label for="text">\(page.t("room.composer.label"))</label>
            <textarea id="text" rows="3" maxlength="\(self.configuration.limits.maxMessageLength)" aria-describedby="composer-hint composer-error"></textarea>
            <p class="hint" id="composer-hint">\(page.t("room.enter.hint")) <span id="count"></span></p>
            <p class="error" id="composer-error" role="alert"></p>
            <p><button type="submit" id="send">\(page.t("room.send"))</button></p>
            </form>
            <section id="host" class="host" aria-labelledby="host-heading" hidden>
            <h2 id="host-heading">\(page.t("room.invites.heading"))</h2>
            <p><button type="button" id="make-invite">\(page.t("room.invites.make"))</button></p>
            <div id="new-invite" hidden>
            <label for="invite-link">\(page.t("room.invites.new"))</label>
            <input type="text" id="invite-link" readonly>
            <p><button type="button" id="copy-invite">\(page.t("room.invites.copy"))</button> <span id="copy-status" role="status"></span></p>
            </div>
            <p id="unused-count"></p>
            <ul id="invites"></ul>
            </section>
            </div>
            <section id="left" hidden aria-labelledby="left-heading">
            <h2 id="left-heading">\(page.t("room.left.heading"))</h2>
            <p>\(page.t("room.left.text"))</p>
            <p><button type="button" id="rejoin">\(page.t("room.rejoin"))</button></p>
            </section>
            </div>
            """
        return page.render(
            title: room.name,
            body: body,
            bodyClass: "page roompage",
            scripts: ["/app/room.js"],
            data: self.strings.json(prefixes: ["room.", "privacy."], page.language)
        )
    }
}
