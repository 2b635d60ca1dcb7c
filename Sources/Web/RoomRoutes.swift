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
    let practice: PracticeHall
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration

    func add(to router: Router<some RequestContext>) {
        router.get("/") { request, _ in
            try await self.landing(request)
        }
        router.get("/r/:room") { request, context in
            try await self.room(request, id: context.parameters.require("room"))
        }
        router.get("/healthz") { _, _ in
            "ok"
        }
    }

    func room(_ request: Request, id: String) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard let room = try await self.house.room(id: id) else {
            return try await self.practiceRoom(request, page, id: id)
        }
        var response = withLanguageCookie(.html(self.shell(page, room: room), for: request), request)
        // Coming back renews the key's cookie, so a weekly member never loses it to age.
        // (The visit itself is noted once, when the room's socket lets them in.)
        if let key = request.cookies["rs_member"]?.value {
            if try await self.house.membership(roomId: room.id, key: key) != nil {
                response.setCookie(memberCookie(roomId: room.id, key: key, secure: self.configuration.secureCookies))
                response.noteMyRoom(room.id, member: true, request: request, secure: self.configuration.secureCookies)
            } else {
                // A key that no longer opens the room (stepped out, removed) is not left behind in the browser,
                // nor is the room in «Mine rom».
                response.setCookie(memberCookie(roomId: room.id, key: "", secure: self.configuration.secureCookies, maxAge: 0))
                response.noteMyRoom(room.id, member: false, request: request, secure: self.configuration.secureCookies)
            }
        }
        return response
    }

    /// A practice meeting's page, for the visitor whose pass opens it; one that is over says so and offers another.
    private func practiceRoom(_ request: Request, _ page: Page, id: String) async throws -> Response {
        let pass = request.cookies[PracticeRoutes.cookieName]?.value
        if let pass, let practice = await self.practice.visitor(roomId: id, pass: pass) {
            return .html(self.shell(page, room: practice.room, practiceBack: .some(practice.back)), for: request)
        }
        if pass != nil {
            return .html(PracticeRoutes.overPage(page), status: .gone)
        }
        return .html(page.message(titleKey: "room.notfound.title", textKey: "room.notfound.text"), status: .notFound)
    }

    /// Words the room page's HTML carries and no script says (`RoomPageStringsTests` keeps this true).
    static let renderedOnly: Set<String> = [
        "room.present", "room.log", "room.empty", "room.composer.label", "room.composer.label.cafe", "room.leave", "room.rejoin",
        "room.title", "room.invites.heading", "room.invites.make", "room.invites.label", "room.invites.copy", "room.invites.share",
        "room.invites.new", "room.invites.revoked", "room.meeting.label", "room.meeting.round", "room.meeting.order",
        "room.meeting.done", "room.meeting.pass", "room.meeting.oneatatime", "room.meeting.raise", "room.meeting.lower",
        "room.meeting.break", "room.meeting.break.hint", "room.meeting.thanks", "room.meeting.thanks.text",
        "room.meeting.thanks.text.practice", "room.meeting.cue.short", "room.menu", "room.panel.close", "room.newbelow",
        "room.stepout", "room.stepdown", "room.members.show", "room.members.hint", "room.organise", "room.organise.hint",
        "room.cap.set", "room.cap.none", "room.cafe.heading", "room.cafe.hint", "room.cafe.renew", "room.cafe.code.label",
    ]

    /// What everyone sees of the meeting's structure, in the conversation's scrolling area: the round with
    /// its question and order, the hand queue, the break, the end. What a person must act on is repeated
    /// in the call to action at the writing box (``callToAction(_:)``), which is also the one place that says
    /// who has the word. The round's order folds to «Neste: Kari» where the screen is short (meeting.js).
    /// A practice room is gone at its end: «the room is here next time too» would not be true of it.
    private func meetingPanel(_ page: Page, kind: RoomKind) -> String {
        """
        <section id="meeting" class="meeting" aria-label="\(page.t("room.meeting.label"))" hidden>
        <div id="round" class="round" hidden>
        <h2><span class="visually-hidden">\(page.t("room.meeting.round")): </span><span id="round-prompt"></span></h2>
        <details id="round-fold" class="fold"><summary id="round-next" class="next"></summary>
        <ol id="round-order" class="order" aria-label="\(page.t("room.meeting.order"))"></ol>
        </details>
        </div>
        <div id="free" class="free" hidden>
        <h2>\(page.t("room.meeting.oneatatime"))</h2>
        <p id="queue"></p>
        </div>
        <div id="break" class="breakbox" hidden>
        <h2>\(page.t("room.meeting.break"))</h2>
        <p>\(page.t("room.meeting.break.hint"))</p>
        </div>
        <div id="ended" class="ended" hidden>
        <h2>\(page.t("room.meeting.thanks"))</h2>
        \(Self.evaluationForm(page))
        <p>\(page.t(kind == .practice ? "room.meeting.thanks.text.practice" : "room.meeting.thanks.text"))</p>
        </div>
        </section>
        """
    }

    /// The few questions offered to those present when a meeting ends (shown by evaluation.js only then):
    /// answered or skipped, never asked again for that meeting.
    static func evaluationForm(_ page: Page) -> String {
        let questions = Evaluation.questions.map { question -> String in
            let options = question.answers.map { answer in
                // The answer's word wraps its radio button (no ids to pair): fewer bytes on every room page's first load.
                "<label class=\"choice\"><input type=\"radio\" name=\"\(question.key)\" value=\"\(answer)\"> "
                    + "\(page.t("evaluation.\(question.key).\(answer)"))</label>"
            }
            return "<fieldset><legend>\(page.t("evaluation.\(question.key)"))</legend>\(options.joined(separator: " "))</fieldset>"
        }
        return """
            <form id="evaluation" class="evaluation" aria-labelledby="evaluation-heading" hidden>
            <h3 id="evaluation-heading">\(page.t("evaluation.heading"))</h3>
            <p>\(page.t("evaluation.intro"))</p>
            \(questions.joined(separator: "\n"))
            <p class="error" id="evaluation-error" role="alert"></p>
            <p class="buttons"><button type="submit">\(page.t("evaluation.submit"))</button>
            <button type="button" id="evaluation-skip" class="quiet">\(page.t("evaluation.skip"))</button></p>
            </form>
            <p id="evaluation-thanks" role="status"></p>
            """
    }

    /// What the person must see or press now, fixed above the writing box: their turn with the question and
    /// Ferdig / Står over, who has the word and their place in line, the break clock, the private time cue.
    private func callToAction(_ page: Page) -> String {
        """
        <div id="cta" class="cta">
        <div id="your-turn" class="yourturn" hidden>
        <p><strong>\(page.t("room.meeting.yourturn"))</strong> <span id="turn-question"></span></p>
        <p id="cue" class="cueline" hidden>\(page.t("room.meeting.cue.short"))</p>
        <p class="buttons"><button type="button" id="done">\(page.t("room.meeting.done"))</button>
        <button type="button" id="pass" class="quiet">\(page.t("room.meeting.pass"))</button></p>
        </div>
        <p id="waiting" class="waiting" hidden></p>
        <p id="away-row" hidden><button type="button" id="away-skip" class="quiet">\(page.t("away.skip"))</button></p>
        <p id="break-line" class="breakline" hidden>\(page.t("room.meeting.break")): <span class="bigclock" id="break-clock"></span></p>
        <p id="hand" class="buttons" hidden><button type="button" id="raise-hand">\(page.t("room.meeting.raise"))</button>
        <button type="button" id="lower-hand" class="quiet" hidden>\(page.t("room.meeting.lower"))</button>
        <button type="button" id="free-done" hidden>\(page.t("room.meeting.done"))</button></p>
        </div>
        """
    }

    /// The controls for whoever runs the meeting (the host, or anyone when no host is present).
    private func controls(_ page: Page) -> String {
        let prompts = ["how-am-i", "since-last", "closing"].map { key in
            "<option value=\"\(key)\">\(page.t("room.prompt.\(key)"))</option>"
        }.joined()
        return """
            <section id="controls" class="panel controls" aria-labelledby="controls-heading" hidden>
            <div class="panel-head"><h2 id="controls-heading">\(page.t("room.controls"))</h2>
            <button type="button" class="quiet close-panel">\(page.t("room.panel.close"))</button></div>
            <p class="error panel-error" role="alert"></p>
            <p id="controls-why" class="hint"></p>
            <p id="ctl-start"><button type="button" id="start-meeting">\(page.t("room.controls.start"))</button></p>
            <form id="ctl-round">
            <p><label for="round-choice">\(page.t("room.controls.round"))</label>
            <select id="round-choice">\(prompts)<option value="custom">\(page.t("room.controls.custom"))</option></select></p>
            <p id="round-custom-field" hidden><label for="round-custom">\(page.t("room.controls.custom.label"))</label>
            <input type="text" id="round-custom" maxlength="\(Prompt.maxCustomLength)"></p>
            <p class="check"><input type="checkbox" id="round-shuffle"><label for="round-shuffle">\(page.t("room.controls.shuffle"))</label></p>
            <p><button type="submit" id="start-round">\(page.t("room.controls.round.start"))</button></p>
            </form>
            <p id="ctl-in-round" class="buttons"><button type="button" id="skip" class="quiet">\(page.t("room.controls.skip"))</button>
            <button type="button" id="end-round" class="quiet">\(page.t("room.controls.round.end"))</button></p>
            <p id="ctl-free" class="check"><input type="checkbox" id="ctl-one-at-a-time">
            <label for="ctl-one-at-a-time">\(page.t("room.controls.oneatatime"))</label></p>
            <p id="ctl-break" class="buttons">\(page.t("room.controls.break"))
            <button type="button" class="quiet" data-break="plan">\(page.t("room.controls.break.plan"))</button>
            <button type="button" class="quiet" data-break="5">\(page.t("room.controls.minutes", ["n": "5"]))</button>
            <button type="button" class="quiet" data-break="10">\(page.t("room.controls.minutes", ["n": "10"]))</button>
            <button type="button" class="quiet" data-break="15">\(page.t("room.controls.minutes", ["n": "15"]))</button></p>
            <p id="ctl-on-break" class="buttons"><button type="button" id="resume">\(page.t("room.controls.resume"))</button>
            <button type="button" id="extend" class="quiet">\(page.t("room.controls.extend"))</button></p>
            <p id="ctl-end"><button type="button" id="end-meeting" class="quiet">\(page.t("room.controls.end"))</button></p>
            </section>
            """
    }

    /// The room as a phone app: a compact bar on top, the conversation scrolling in the middle, and the
    /// writing box fixed at the bottom with what the person must act on attached to it. The controls, the
    /// people present and the host's invites open as panels from the bar, so a new message never moves them.
    /// `practiceBack`: for a practice meeting, where the visitor came from (an invite page, or nil for the front page).
    ///
    /// The page names no room: anyone with its address gets it (a link preview, a browser without the key),
    /// and the room's name comes in the room's welcome, to those it lets in (docs/PRIVACY.md, «Link previews»).
    private func shell(_ page: Page, room: Room, practiceBack: String?? = nil) -> String {
        let maxLength = self.configuration.limits.maxMessageLength
        let guide = practiceBack.map { PracticeRoutes.guideBox(page, back: $0) } ?? ""
        let closedLinks =
            practiceBack.map { PracticeRoutes.endLinks(page, back: $0) } ?? "<p><a class=\"button\" href=\"/\">\(page.t("back.home"))</a></p>"
        // In a café people are not a group: they write to everyone who is there.
        let writeTo = room.kind == .cafe ? "room.composer.label.cafe" : "room.composer.label"
        let body = """
            <div id="room" class="room" data-room="\(HTML.escape(room.id))" data-kind="\(room.kind.rawValue)" data-max="\(maxLength)" data-house="\(page.t("house.title"))">
            <header class="bar">
            <p id="status" role="status" aria-live="polite">\(page.t("room.connecting"))</p>
            <div class="bar-row">
            <h1 id="room-name">\(page.t("room.title"))</h1>
            <div class="bar-buttons">
            <button type="button" id="open-controls" class="quiet" aria-expanded="false" aria-controls="controls" hidden>\(page.t("room.controls"))</button>
            <button type="button" id="open-people" class="quiet" aria-expanded="false" aria-controls="people">\(page.t("room.menu"))</button>
            </div>
            </div>
            <p id="clock" class="clock" aria-live="off"></p>
            </header>
            <div id="live" class="scroller" tabindex="0" role="region" aria-labelledby="room-name" hidden>
            <div id="come-back" class="comeback" hidden>
            <p>\(page.t("room.comeback.text"))</p>
            <p><button type="button" id="come-back-ok" class="quiet">\(page.t("room.comeback.ok"))</button></p>
            </div>
            <p class="privacy">\(page.t("privacy.notice")) \(page.t("privacy.honest"))</p>
            \(self.meetingPanel(page, kind: room.kind))
            <section class="conversation" aria-labelledby="log-heading">
            <h2 id="log-heading" class="visually-hidden">\(page.t("room.log"))</h2>
            <p id="empty" class="muted">\(page.t("room.empty"))</p>
            <div role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="log-heading"><ol id="log"></ol></div>
            </section>
            </div>
            <p class="newbelow-row"><button type="button" id="new-below" class="newbelow" hidden>\(page.t("room.newbelow"))</button></p>
            <form id="composer" class="dock" autocomplete="off" hidden>
            <p id="news" class="visually-hidden" aria-live="polite"></p>
            \(guide)
            \(self.callToAction(page))
            <p id="typing" class="muted typing" aria-live="off"></p>
            <label for="text" class="visually-hidden">\(page.t(writeTo))</label>
            <div class="writer">
            <textarea id="text" rows="1" maxlength="\(maxLength)" placeholder="\(page.t(writeTo))" aria-describedby="composer-wait composer-hint composer-error"></textarea>
            <button type="submit" id="send">\(page.t("room.send"))</button>
            </div>
            <p class="visually-hidden" id="composer-wait"></p>
            <p class="error" id="composer-error" role="alert"></p>
            <p class="hint" id="composer-hint"><span id="enter-hint"></span> <span id="count"></span></p>
            </form>
            \(self.controls(page))
            \(RoomPeoplePanel.html(page, kind: room.kind))
            <div id="ask" class="panel ask" role="alertdialog" aria-modal="true" aria-labelledby="ask-text" hidden>
            <p id="ask-text"></p>
            <p class="buttons"><button type="button" id="ask-yes"></button> <button type="button" id="ask-no" class="quiet"></button></p>
            </div>
            <div id="closed" class="leftbox" hidden><p id="closed-text"></p>\(closedLinks)</div>
            \(practiceBack.map { PracticeRoutes.againForm(back: $0) } ?? "")
            <section id="left" class="leftbox" hidden aria-labelledby="left-heading">
            <h2 id="left-heading">\(page.t("room.left.heading"))</h2>
            <p>\(page.t("room.left.text"))</p>
            \(practiceBack.map { PracticeRoutes.endLinks(page, back: $0) } ?? "<p><button type=\"button\" id=\"rejoin\">\(page.t("room.rejoin"))</button></p>")
            </section>
            </div>
            """
        return page.render(
            title: page.strings.text("room.title", page.language),
            body: body,
            bodyClass: "page roompage",
            scripts: ["/app/room.js"],
            // Only what the scripts say themselves: the words this page already carries in its HTML would be a
            // second copy for a slow phone to load (the room page's first load has a budget, docs/PERFORMANCE.md).
            data: self.strings.json(
                prefixes: ["room.", "evaluation.none", "evaluation.thanks"] + (practiceBack == nil ? [] : ["practice.guide."]),
                except: ["room.controls", "room.comeback.", "room.notfound.", "room.left."],
                exceptKeys: Self.renderedOnly,
                page.language
            ),
            manifest: room.kind == .practice ? nil : "/r/\(room.id)/manifest.webmanifest",
            preload: [
                "/app/meeting.js", "/app/panels.js", "/app/composer.js", "/app/invites.js", "/app/group.js", "/app/conversation.js",
            ] + (practiceBack == nil ? [] : ["/app/practice.js"])
        )
    }
}
