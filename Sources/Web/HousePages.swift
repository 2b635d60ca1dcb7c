import Foundation
import Moderation
import RoomServer

/// What the house page shows: rooms as names, kinds and numbers, never the names of the people in them.
enum HousePages {
    /// `?melding=` values the overview may say something for.
    static let notices: Set<String> = ["deleted", "renamed", "withdrawn"]

    /// The hidden field that makes a form count once (``FormOnce``).
    static func onceField() -> String {
        "<input type=\"hidden\" name=\"once\" value=\"\(FormOnce.token())\">"
    }

    /// A button that copies the field `field` (house.js shows it; without script the field is there to
    /// select), and the line where it says whether it did, read out by screen readers.
    static func copyButton(_ page: Page, field: String, labelKey: String = "house.copy") -> String {
        """
        <p><button type="button" class="copy" data-copy="\(field)" data-copied="\(page.t("house.copied"))" data-failed="\(page.t("house.copy.failed"))" hidden>\(page.t(labelKey))</button>
        <span class="copy-status" role="status"></span></p>
        """
    }

    /// A café's way in for guests: the link to share, with its copy button, and the code to read out.
    static func cafeEntry(_ page: Page, link: String, code: String) -> String {
        """
        <h2>\(page.t("house.cafe.heading"))</h2>
        <p>\(page.t("house.cafe.text"))</p>
        <p class="field"><label for="drop-in">\(page.t("house.cafe.link"))</label>
        <input type="text" id="drop-in" class="copyable" readonly value="\(HTML.escape(link))"></p>
        \(Self.copyButton(page, field: "drop-in", labelKey: "house.cafe.copy"))
        <p>\(page.t("house.cafe.code", ["code": code]))</p>
        """
    }

    /// The header every signed-in page shares: where you are, and the way around.
    static func nav(_ page: Page) -> String {
        """
        <nav class="house-nav" aria-label="\(page.t("house.nav"))"><ul>
        <li><a href="/hus">\(page.t("house.nav.rooms"))</a></li>
        <li><a href="/hus/administratorer">\(page.t("house.nav.admins"))</a></li>
        <li><a href="/hus/tall.csv" download>\(page.t("house.nav.csv"))</a></li>
        </ul>
        <form method="post" action="/hus/administratorer/ut"><button type="submit" class="link">\(page.t("house.nav.out"))</button></form>
        </nav>
        """
    }

    /// `lead`: what comes before the way around, on the first screen even with big text (the overview's way
    /// to make a room).
    static func render(_ page: Page, titleKey: String, _ values: [String: String] = [:], lead: String = "", body: String) -> String {
        page.render(
            title: page.strings.text(titleKey, page.language, values),
            body: lead + Self.nav(page) + "\n" + body,
            bodyClass: "page house",
            scripts: ["/app/house.js"]
        )
    }

    // MARK: Signing in

    /// `returning`: the name of the administrator whose key this browser holds. They are asked whether it
    /// is them, as a shared computer may hold a colleague's.
    static func linkForm(_ page: Page, token: String, returning: String? = nil, label: String? = nil, errorKey: String? = nil) -> String {
        let error = errorKey.map { page.t($0) } ?? ""
        let invalid = errorKey == nil ? "" : " aria-invalid=\"true\" autofocus"
        let back =
            returning.map { name in
                """
                <form method="post" action="/hus/inn/\(HTML.escape(token))"><input type="hidden" name="as" value="returning">
                <p>\(page.t("house.link.returning", ["name": name]))</p>
                <p><button type="submit">\(page.t("house.link.returning.submit", ["name": name]))</button></p>
                </form>
                <h2>\(page.t("house.link.someone-else"))</h2>
                """
            } ?? ""
        return page.render(
            title: page.strings.text("house.link.title", page.language),
            body: """
                <h1>\(page.t("house.link.title"))</h1>
                <p>\(page.t("house.link.intro"))</p>
                \(back)
                <form method="post" action="/hus/inn/\(HTML.escape(token))">
                <p class="field"><label for="label">\(page.t("house.link.label"))</label>
                <span class="hint" id="label-hint">\(page.t("house.link.hint"))</span>
                <span class="error" id="label-error" role="alert">\(error)</span>
                <input type="text" id="label" name="label" maxlength="40" autocomplete="name" value="\(HTML.escape(label ?? ""))" aria-describedby="label-hint label-error"\(invalid)></p>
                <p><button type="submit">\(page.t("house.link.submit"))</button></p>
                </form>
                <p class="privacy">\(page.t("house.link.session", ["minutes": "\(Int(House.adminIdleTimeout / 60))"]))</p>
                """
        )
    }

    // MARK: Rooms

    static func overview(
        _ page: Page,
        rooms: [(room: Room, members: Int)],
        held: [String: Int],
        month: String,
        calendar: HouseCalendar,
        notice: String? = nil,
        form: HouseForm = HouseForm(),
        errorKey: String? = nil
    ) -> String {
        let items = rooms.map { entry -> String in
            let room = entry.room
            let facts = page.t(
                "house.room.facts",
                [
                    "kind": page.strings.text("house.kind.\(room.kind.rawValue)", page.language),
                    "members": "\(entry.members)", "meetings": "\(held[room.id] ?? 0)",
                ]
            )
            return "<li><a href=\"/hus/rom/\(HTML.escape(room.id))\">\(HTML.escape(room.name))</a><span class=\"facts\">\(facts)</span></li>"
        }
        let list = items.isEmpty ? "<p>\(page.t("house.rooms.none"))</p>" : "<ul class=\"rooms\">\(items.joined())</ul>"
        let noticeTag = notice.map { "<p class=\"notice\" role=\"status\">\(page.t($0))</p>" } ?? ""
        // At 200 % text on a small phone the list puts the form many screens down: the way there comes first,
        // before the house's own links.
        return Self.render(
            page,
            titleKey: "house.title.rooms",
            lead: "<p class=\"jump\"><a href=\"#new-room\">\(page.t("house.create.jump"))</a></p>\n",
            body: """
                <h1>\(page.t("house.title.rooms"))</h1>
                \(noticeTag)
                <p>\(page.t("house.rooms.intro", ["month": calendar.month(month)]))</p>
                \(list)
                \(Self.createForm(page, form: form, errorKey: errorKey))
                """
        )
    }

    static func createForm(_ page: Page, form: HouseForm, errorKey: String?) -> String {
        // Each problem under the field it is about, that field marked and focused.
        let planProblem = errorKey == "house.error.plan"
        let error = errorKey.map { planProblem ? "" : page.t($0) } ?? ""
        let invalid = errorKey == nil || planProblem ? "" : " aria-invalid=\"true\" autofocus"
        let planError = planProblem ? page.t("house.error.plan") : ""
        let planInvalid = planProblem ? " aria-invalid=\"true\" autofocus" : ""
        let cafe = form.kind == RoomKind.cafe.rawValue
        let plan = MeetingPlan()
        return """
            <h2 id="new-room">\(page.t("house.create.heading"))</h2>
            <form method="post" action="/hus/rom" class="house-form" aria-labelledby="new-room">\(Self.onceField())
            <p class="field"><label for="name">\(page.t("house.create.name"))</label>
            <span class="error" id="name-error" role="alert">\(error)</span>
            <input type="text" id="name" name="name" maxlength="\(Room.maxNameLength)" required value="\(HTML.escape(form.name ?? ""))" aria-describedby="name-error"\(invalid)></p>
            <fieldset><legend>\(page.t("house.create.kind"))</legend>
            <p><input type="radio" id="kind-group" name="kind" value="group"\(cafe ? "" : " checked")> <label for="kind-group">\(page.t("house.kind.group"))</label>
            <span class="hint">\(page.t("house.kind.group.hint"))</span></p>
            <p><input type="radio" id="kind-cafe" name="kind" value="cafe"\(cafe ? " checked" : "")> <label for="kind-cafe">\(page.t("house.kind.cafe"))</label>
            <span class="hint">\(page.t("house.kind.cafe.hint"))</span></p>
            </fieldset>
            <p class="field"><label for="minutes">\(page.t("house.create.minutes"))</label>
            <span class="error" id="plan-error" role="alert">\(planError)</span>
            <input type="number" id="minutes" name="minutes" min="15" max="480" inputmode="numeric" value="\(HTML.escape(form.minutes ?? "\(plan.minutes)"))" aria-describedby="plan-error"\(planInvalid)></p>
            <p class="field"><label for="breakMinutes">\(page.t("house.create.break"))</label>
            <input type="number" id="breakMinutes" name="breakMinutes" min="1" max="60" inputmode="numeric" value="\(HTML.escape(form.breakMinutes ?? "\(plan.breakMinutes)"))" aria-describedby="plan-error"></p>
            <p><button type="submit">\(page.t("house.create.submit"))</button></p>
            </form>
            """
    }

    /// A host link, shown once: for the igangsetter only.
    static func hostLinkPage(
        _ page: Page,
        room: Room,
        link: String,
        expires: Date,
        calendar: HouseCalendar,
        cafe: CafeEntry?,
        base: String,
        made: Bool
    ) -> String {
        let cafePart = cafe.map { Self.cafeEntry(page, link: base + $0.path, code: $0.spokenCode) } ?? ""
        return Self.render(
            page,
            titleKey: "house.hostlink.title",
            ["room": room.name],
            body: """
                <h1>\(page.t("house.hostlink.title", ["room": room.name]))</h1>
                <p role="status">\(page.t(made ? "house.hostlink.made" : "house.hostlink.new"))</p>
                <p class="field"><label for="host-link">\(page.t("house.hostlink.label"))</label>
                <span class="hint" id="host-link-hint">\(page.t("house.hostlink.hint", ["expires": calendar.moment(expires)]))</span>
                <input type="text" id="host-link" class="copyable" readonly value="\(HTML.escape(link))" aria-describedby="host-link-hint" autofocus></p>
                \(Self.copyButton(page, field: "host-link"))
                \(cafePart)
                <p><a href="/hus/rom/\(HTML.escape(room.id))">\(page.t("house.hostlink.back", ["room": room.name]))</a></p>
                """
        )
    }

    static func roomPage(
        _ page: Page,
        room: Room,
        members: Int,
        links: [(role: Role, expiresAt: Date)],
        months: [MonthlyCounts],
        currentMonth: String,
        calendar: HouseCalendar,
        cafe: (link: String, code: String)?,
        notice: String?,
        errorKey: String?
    ) -> String {
        let error = errorKey.map { page.t($0) } ?? ""
        let noticeTag = notice.map { "<p class=\"notice\" role=\"status\">\(page.t($0))</p>" } ?? ""
        let cafePart = cafe.map { Self.cafeEntry(page, link: $0.link, code: $0.code) } ?? ""
        let invalid = errorKey == nil ? "" : " aria-invalid=\"true\" autofocus"
        let hostLinks = links.filter { $0.role == .host }.count
        let linkLine = page.t("house.room.links", ["host": "\(hostLinks)", "member": "\(links.count - hostLinks)"])
        let id = HTML.escape(room.id)
        return Self.render(
            page,
            titleKey: "house.room.title",
            ["room": room.name],
            body: """
                <h1>\(HTML.escape(room.name))</h1>
                \(noticeTag)
                <p>\(page.t("house.room.summary", ["kind": page.strings.text("house.kind.\(room.kind.rawValue)", page.language), "members": "\(members)"]))</p>
                <h2>\(page.t("house.room.hostlink.heading"))</h2>
                <p>\(page.t("house.room.hostlink.text"))</p>
                <form method="post" action="/hus/rom/\(id)/vertslenke">\(Self.onceField())<button type="submit">\(page.t("house.room.hostlink.submit"))</button></form>
                \(cafePart)
                <h2>\(page.t("house.room.links.heading"))</h2>
                <p>\(linkLine)</p>
                \(links.isEmpty ? "" : "<form method=\"post\" action=\"/hus/rom/\(id)/trekk\"><button type=\"submit\" class=\"quiet\">\(page.t("house.room.links.revoke"))</button></form>")
                <h2>\(page.t("house.room.counts.heading"))</h2>
                \(HouseReport.table(months, currentMonth: currentMonth, calendar: calendar, page: page))
                <h2 id="rename">\(page.t("house.room.rename.heading"))</h2>
                <form method="post" action="/hus/rom/\(id)/navn" class="house-form" aria-labelledby="rename">
                <p class="field"><label for="name">\(page.t("house.create.name"))</label>
                <span class="error" id="name-error" role="alert">\(error)</span>
                <input type="text" id="name" name="name" maxlength="\(Room.maxNameLength)" required value="\(HTML.escape(room.name))" aria-describedby="name-error"\(invalid)></p>
                <p><button type="submit" class="quiet">\(page.t("house.room.rename.submit"))</button></p>
                </form>
                <h2>\(page.t("house.room.delete.heading"))</h2>
                <p><a class="button danger" href="/hus/rom/\(id)/slett">\(page.t("house.room.delete.ask", ["room": room.name]))</a></p>
                """
        )
    }

    static func confirmDelete(_ page: Page, room: Room, members: Int) -> String {
        Self.render(
            page,
            titleKey: "house.delete.title",
            ["room": room.name],
            body: """
                <h1>\(page.t("house.delete.title", ["room": room.name]))</h1>
                <p>\(page.t("house.delete.text", ["members": "\(members)"]))</p>
                <p>\(page.t("house.delete.csv"))</p>
                <form method="post" action="/hus/rom/\(HTML.escape(room.id))/slett">
                <p class="buttons"><button type="submit" class="danger">\(page.t("house.delete.submit"))</button>
                <a class="button quiet" href="/hus/rom/\(HTML.escape(room.id))">\(page.t("house.delete.cancel"))</a></p>
                </form>
                """
        )
    }

    // MARK: Administrators

    static func admins(
        _ page: Page,
        admins: [HouseAdmin],
        you: HouseAdmin,
        calendar: HouseCalendar,
        unusedLinks: Int,
        link: (String, Date)?,
        errorKey: String?
    ) -> String {
        let items = admins.map { admin -> String in
            let day = calendar.day(admin.lastSeenAt)
            let seen = page.t("house.admins.seen", ["day": day])
            let label = HTML.escape(admin.label) + (admin.id == you.id ? " " + page.t("house.admins.you") : "")
            let remove =
                admin.id == you.id
                ? ""
                : """
                <form method="post" action="/hus/administratorer/fjern"><input type="hidden" name="id" value="\(HTML.escape(admin.id))">\
                <button type="submit" class="quiet" aria-label="\(page.t("house.admins.remove.named", ["name": admin.label, "day": day]))">\(page.t("house.admins.remove"))</button></form>
                """
            return "<li><span>\(label)</span><span class=\"facts\">\(seen)</span>\(remove)</li>"
        }
        let made =
            link.map { address, expires in
                """
                <p class="field"><label for="admin-link">\(page.t("house.admins.link.label"))</label>
                <span class="hint" id="admin-link-hint">\(page.t("house.admins.link.hint", ["expires": calendar.moment(expires)]))</span>
                <input type="text" id="admin-link" class="copyable" readonly value="\(HTML.escape(address))" aria-describedby="admin-link-hint" autofocus></p>
                \(Self.copyButton(page, field: "admin-link"))
                """
            } ?? ""
        let error = errorKey.map { "<p class=\"error\" role=\"alert\">\(page.t($0))</p>" } ?? ""
        let revoke =
            unusedLinks == 0
            ? ""
            : "<form method=\"post\" action=\"/hus/administratorer/trekk\"><button type=\"submit\" class=\"quiet\">\(page.t("house.admins.revoke"))</button></form>"
        return Self.render(
            page,
            titleKey: "house.title.admins",
            body: """
                <h1>\(page.t("house.title.admins"))</h1>
                <p>\(page.t("house.admins.intro", ["minutes": "\(Int(House.adminIdleTimeout / 60))"]))</p>
                <ul class="rooms">\(items.joined())</ul>
                <h2>\(page.t("house.admins.new.heading"))</h2>
                <p>\(page.t("house.admins.new.text"))</p>
                \(error)
                \(made)
                <form method="post" action="/hus/administratorer/lenke">\(Self.onceField())<button type="submit">\(page.t("house.admins.new.submit"))</button></form>
                <p>\(page.t("house.admins.unused", ["count": "\(unusedLinks)"]))</p>
                \(revoke)
                """
        )
    }
}
