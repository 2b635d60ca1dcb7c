import Hummingbird
import RoomServer

/// The front page: «Mine rom» for a browser that is a member somewhere, the café code field (a walk-in has
/// nothing else), then how the house works.
extension RoomRoutes {
    func landing(_ request: Request) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: "/", assets: self.assets)
        let listed = MyRooms(request)
        // A room the house deleted leaves the list; one whose key stopped working leaves it when its page is
        // opened (only the room's path sees the key).
        let found = try await self.house.rooms(ids: listed.ids)
        var mine = listed
        mine.keep(only: Set(found.keys))
        let forgotten = request.uri.queryParameters.get("glemt") != nil
        let body = Self.landingPage(page, mine: mine.ids.compactMap { found[$0] }, forgotten: forgotten)
        var response = withLanguageCookie(.html(body, for: request), request)
        if mine != listed { response.setCookie(mine.cookie(secure: self.configuration.secureCookies)) }
        return response
    }

    /// The front page. `mine`: the rooms this browser is a member of, most recently used first.
    static func landingPage(
        _ page: Page,
        codeError: String? = nil,
        values: [String: String] = [:],
        typed: String = "",
        mine: [Room] = [],
        forgotten: Bool = false
    ) -> String {
        let error = codeError.map { page.t($0, values) } ?? ""
        let state = codeError == nil ? "" : " aria-invalid=\"true\" autofocus"
        let body = """
            <h1>\(page.t("landing.heading"))</h1>
            \(Self.myRooms(page, mine, forgotten: forgotten))
            <form method="post" action="/kode" class="codeform">
            <p class="field"><label for="code">\(page.t("landing.code.label"))</label>
            <span class="hint" id="code-hint">\(page.t("landing.code.hint"))</span>
            <span class="error" id="code-error" role="alert">\(error)</span>
            <input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9 .\\-]*" autocomplete="off" maxlength="15" value="\(HTML.escape(String(typed.prefix(15))))" aria-describedby="code-hint code-error"\(state)></p>
            <p><button type="submit">\(page.t("landing.code.submit"))</button></p>
            </form>
            <form method="post" action="/ov" class="practice-start">
            <p><button type="submit" class="quiet">\(page.t("practice.try"))</button></p>
            <p class="hint">\(page.t("practice.try.hint"))</p>
            </form>
            <p class="lead">\(page.t("house.tagline"))</p>
            <ul class="steps">
            <li>\(page.t("landing.invite"))</li>
            <li>\(page.t(mine.isEmpty ? "landing.member" : "landing.member.listed"))</li>
            <li>\(page.t("landing.host"))</li>
            </ul>
            <p class="privacy">\(page.t("privacy.notice")) \(page.t("privacy.honest"))</p>
            """
        return page.render(title: page.strings.text("house.title", page.language), body: body, indexed: true)
    }

    /// «Mine rom»: a link straight into each room, and the way to forget the list on a phone others hold too.
    private static func myRooms(_ page: Page, _ mine: [Room], forgotten: Bool) -> String {
        guard !mine.isEmpty else {
            return forgotten ? "<p class=\"status\" role=\"status\">\(page.t("landing.mine.forgotten"))</p>" : ""
        }
        let links = mine.map { "<li><a href=\"/r/\(HTML.escape($0.id))\">\(HTML.escape($0.name))</a></li>" }
        return """
            <section class="myrooms" aria-labelledby="myrooms-heading">
            <h2 id="myrooms-heading">\(page.t("landing.mine.heading"))</h2>
            <ul class="myrooms-list">\(links.joined())</ul>
            <form method="post" action="/glem" class="forget">
            <p><button type="submit" class="quiet" aria-describedby="forget-hint">\(page.t("landing.mine.forget"))</button></p>
            <p class="hint" id="forget-hint">\(page.t("landing.mine.forget.hint"))</p>
            </form>
            </section>
            """
    }
}
