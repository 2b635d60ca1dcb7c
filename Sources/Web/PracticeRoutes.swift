import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Moderation
import RoomServer

/// «Prøv et møte først»: a practice meeting for one visitor, with pretend members, at once.
///
/// From the front page or an invite page (whose link stays unused). No name is asked for or stored, and
/// there is no link to share: the visitor's pass is a session cookie for the practice room's path only.
struct PracticeRoutes: Sendable {
    let practice: PracticeHall
    let codes: CodeGuard
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration

    static let cookieName = "rs_practice"
    static let maxFormBytes = 512

    func add(to router: Router<HouseRequestContext>) {
        router.post("/ov") { request, context in
            try await self.start(request, client: clientAddress(request, context, configuration: self.configuration), logger: context.logger)
        }
    }

    func start(_ request: Request, client: String, logger: Logger) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "invite.error.form"), status: .forbidden)
        }
        let body = try await request.collectBody(upTo: Self.maxFormBytes, within: self.configuration.limits.bodySeconds)
        let back = PracticeForm.decode(String(buffer: body)).back.flatMap(Self.invitePath)
        // Full first: a visitor turned away for that keeps their own allowance for the next try.
        guard await !self.practice.isFull else {
            return .html(page.message(titleKey: "practice.full.title", textKey: "practice.full.text"), status: .serviceUnavailable)
        }
        if case .clientWait(let seconds) = await self.codes.admitPractice(client: client, now: Instant(Date())) {
            let minutes = "\(max(1, (seconds + 59) / 60))"
            return .html(
                page.message(titleKey: "practice.pace.title", textKey: "practice.pace.text", values: ["minutes": minutes]),
                status: .tooManyRequests,
                retryAfter: seconds
            )
        }
        let (strings, language) = (self.strings, page.language)
        switch await self.practice.open(words: { strings.text($0, language) }, back: back, now: Instant(Date())) {
        case .full:
            return .html(page.message(titleKey: "practice.full.title", textKey: "practice.full.text"), status: .serviceUnavailable)
        case .opened(let room, let pass):
            var response = Response(status: .seeOther, headers: [.location: "/r/\(room.id)"])
            response.setCookie(Self.cookie(roomId: room.id, pass: pass.value, secure: self.configuration.secureCookies))
            return response
        }
    }

    /// The guide line at the writing box: what to try now, hidden or shown again at will. At the end, the
    /// ways on. It sits inside the writing box's form, so its button belongs to ``againForm(back:)`` by id:
    /// a form inside a form would end the outer one.
    ///
    /// The ways on come first: at the end they are what to do next, and with big text on a small phone the
    /// guide's words after them may be cut off by the writing box's height, the ways on must not.
    static func guideBox(_ page: Page, back: String?) -> String {
        """
        <div id="practice-end" class="practice-end" hidden>\(Self.endLinks(page, back: back))</div>
        <div id="guide" class="guide" role="status"><p id="guide-text">\(page.t("practice.guide.welcome"))</p>
        <p class="buttons"><button type="button" id="guide-hide" class="quiet">\(page.t("practice.guide.hide"))</button></p></div>
        <p id="guide-show-row" hidden><button type="button" id="guide-show" class="quiet">\(page.t("practice.guide.show"))</button></p>
        """
    }

    /// The ways on at the end: another practice meeting (a button of ``againForm(back:)``), and the way back.
    /// From an invite page the way back comes first and filled: the practice is a step towards the real
    /// group, whose link is still unused, so going there is the main thing to do and practising again the
    /// quiet one. From the front page, another practice meeting is the main thing, and the way home is a link.
    static func endLinks(_ page: Page, back: String?) -> String {
        guard let back else {
            return """
                <p class="buttons"><button type="submit" form="practice-again">\(page.t("practice.again"))</button></p>
                <p><a href="/">\(page.t("back.home"))</a></p>
                """
        }
        return """
            <p class="buttons"><a class="button" href="\(HTML.escape(back))">\(page.t("practice.back.invite"))</a>
            <button type="submit" form="practice-again" class="quiet">\(page.t("practice.again"))</button></p>
            """
    }

    /// The form that starts another practice meeting, outside every other form of the page.
    static func againForm(back: String?) -> String {
        let backField = back.map { "<input type=\"hidden\" name=\"back\" value=\"\(HTML.escape($0))\">" } ?? ""
        return "<form id=\"practice-again\" method=\"post\" action=\"/ov\">\(backField)</form>"
    }

    /// A practice meeting that is over (ended, timed out, or the server restarted).
    static func overPage(_ page: Page) -> String {
        page.render(
            title: page.strings.text("practice.over.title", page.language),
            body: """
                <h1>\(page.t("practice.over.title"))</h1>
                <p>\(page.t("practice.over.text"))</p>
                \(Self.againForm(back: nil))
                \(Self.endLinks(page, back: nil))
                """
        )
    }

    /// The visitor's pass: for the practice room's paths only, gone when the browser closes.
    static func cookie(roomId: String, pass: String, secure: Bool) -> Cookie {
        Cookie(name: Self.cookieName, value: pass, path: "/r/\(roomId)", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// An invite page's path to go back to at the end, or nil: nothing else is taken from the form.
    static func invitePath(_ given: String) -> String? {
        guard given.hasPrefix("/i/"), Secret.isWellFormed(String(given.dropFirst(3))) else { return nil }
        return given
    }
}

/// The practice button's form: where the visitor came from, if an invite page.
struct PracticeForm: Decodable {
    var back: String?

    static func decode(_ body: String) -> PracticeForm {
        (try? URLEncodedFormDecoder().decode(PracticeForm.self, from: body)) ?? PracticeForm()
    }
}

/// Who is asking, for pacing only: the peer's address, or the proxy's word for it when the house trusts one.
func clientAddress(_ request: Request, _ context: HouseRequestContext, configuration: HouseConfiguration) -> String {
    if configuration.trustProxy, let real = request.headers[HTTPField.Name("X-Real-IP")!] { return real }
    return context.remoteAddress?.ipAddress ?? "unknown"
}
