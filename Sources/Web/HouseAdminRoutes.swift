import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Moderation
import RoomServer

/// The house page (`/hus`): rooms, host links, administrators and counts for funders, in the browser.
///
/// Only for the house's administrators: an admin link (`roomserver admin house-link`, or another
/// administrator) sets their key in a cookie for `/hus` only; every page asks the house whether the key
/// opens a session, and every change also whether it came from this house's own page. Names of members
/// are never read here: a room is its name, its kind and numbers.
struct HouseAdminRoutes: Sendable {
    let house: House
    let registry: RoomRegistry
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration
    /// Forms already sent, so a reload makes nothing twice.
    let once = FormOnce()

    static let cookieName = "rs_admin"
    static let maxFormBytes = 2048

    func add(to router: Router<some RequestContext>) {
        router.get("/hus/inn/:token") { request, context in
            try await self.showLink(request, token: context.parameters.require("token"))
        }
        router.post("/hus/inn/:token") { request, context in
            try await self.useLink(request, token: context.parameters.require("token"), logger: context.logger)
        }
        router.get("/hus") { request, _ in
            try await self.signedIn(request) { page, _ in
                try await self.overview(page, request: request)
            }
        }
        router.post("/hus/rom") { request, context in
            try await self.change(request) { page, form, admin in
                try await self.createRoom(page, form: form, admin: admin, logger: context.logger)
            }
        }
        router.get("/hus/rom/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await self.signedIn(request) { page, _ in
                try await self.roomPage(page, id: id, notice: request.uri.queryParameters.get("melding"))
            }
        }
        // One route per action: a path with a fixed last part (…/slett for GET) would hide a parameter there.
        for action in ["navn", "vertslenke", "trekk", "slett"] {
            router.post("/hus/rom/:id/\(action)") { request, context in
                let id = try context.parameters.require("id")
                return try await self.change(request) { page, form, admin in
                    try await self.roomAction(action, id: id, page: page, form: form, admin: admin, logger: context.logger)
                }
            }
        }
        router.get("/hus/rom/:id/slett") { request, context in
            let id = try context.parameters.require("id")
            return try await self.signedIn(request) { page, _ in try await self.confirmDelete(page, id: id) }
        }
        router.get("/hus/tall.csv") { request, _ in
            try await self.signedIn(request) { page, _ in try await self.report(page) }
        }
        router.get("/hus/administratorer") { request, _ in
            try await self.signedIn(request) { page, admin in try await self.adminsPage(page, you: admin) }
        }
        for action in ["lenke", "trekk", "fjern", "ut"] {
            router.post("/hus/administratorer/\(action)") { request, context in
                try await self.change(request) { page, form, admin in
                    try await self.adminAction(action, page: page, form: form, admin: admin, logger: context.logger)
                }
            }
        }
    }

    // MARK: Who may

    /// Runs `body` for a request whose admin key opens a session; anyone else gets 401 and the words why.
    func signedIn(_ request: Request, _ body: (Page, HouseAdmin) async throws -> Response) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        switch try await self.house.adminSession(key: request.cookies[Self.cookieName]?.value) {
        case .active(let admin):
            return try await body(page, admin)
        case .ended:
            return .html(page.message(titleKey: "house.ended.title", textKey: "house.ended.text"), status: .unauthorized)
        case .none:
            return .html(page.message(titleKey: "house.closed.title", textKey: "house.closed.text"), status: .unauthorized)
        }
    }

    /// A change: from this house's own page, by a signed-in administrator, with a bounded form.
    func change(_ request: Request, _ body: (Page, HouseForm, HouseAdmin) async throws -> Response) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "house.error.origin"), status: .forbidden)
        }
        let raw = try await request.collectBody(upTo: Self.maxFormBytes, within: self.configuration.limits.bodySeconds)
        let form = HouseForm.decode(String(buffer: raw))
        return try await self.signedIn(request) { page, admin in try await body(page, form, admin) }
    }

    // MARK: Admin links

    func showLink(_ request: Request, token: String) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard let link = try await self.house.adminLink(token: token), link.isUsable(at: Date()) else {
            return .html(page.message(titleKey: "house.link.spent.title", textKey: "house.link.spent.text"), status: .gone)
        }
        let returning = try await self.house.admin(key: request.cookies[Self.cookieName]?.value)
        return .html(HousePages.linkForm(page, token: token, returning: returning?.label), for: request)
    }

    func useLink(_ request: Request, token: String, logger: Logger) async throws -> Response {
        let page = Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "house.error.origin"), status: .forbidden)
        }
        let raw = try await request.collectBody(upTo: Self.maxFormBytes, within: self.configuration.limits.bodySeconds)
        let form = HouseForm.decode(String(buffer: raw))
        // Only when the person said it is them: on a shared computer, the cookie may be a colleague's.
        let returning = form.as == "returning" ? request.cookies[Self.cookieName]?.value : nil
        switch try await self.house.redeemAdminLink(token: token, label: form.label ?? "", returningKey: returning) {
        case .success(let (admin, key)):
            logger.info("house administrator signed in", metadata: ["admin": "\(admin.id)"])
            var response = Response(status: .seeOther, headers: [.location: "/hus"])
            response.setCookie(self.cookie(key.value))
            return response
        case .failure(.label(let problem)):
            let error = "invite.error.\(problem.rawValue)"
            return .html(HousePages.linkForm(page, token: token, label: form.label, errorKey: error), status: .unprocessableContent)
        case .failure(.tooManyAdmins):
            return .html(page.message(titleKey: "error.title", textKey: "house.error.too-many-admins"), status: .conflict)
        case .failure(.unknown), .failure(.spent):
            return .html(page.message(titleKey: "house.link.spent.title", textKey: "house.link.spent.text"), status: .gone)
        }
    }

    /// The admin key: for the house page's paths only, never readable by script, never sent cross-site.
    /// It outlives the session (which the house ends after half an hour idle) so a new admin link can
    /// bring the same administrator back instead of making a second one.
    func cookie(_ value: String, maxAge: Int = 400 * 24 * 3600) -> Cookie {
        Cookie(
            name: Self.cookieName,
            value: value,
            maxAge: maxAge,
            path: "/hus",
            secure: self.configuration.secureCookies,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// How this page says months and times: in words, in the house's own time zone.
    func calendar(_ page: Page) -> HouseCalendar {
        HouseCalendar(page, timeZone: self.configuration.timeZone)
    }

    // MARK: Rooms

    func overview(_ page: Page, request: Request, notice: String? = nil) async throws -> Response {
        let month = MonthlyCounts.month(of: Date())
        let rooms = try await self.house.rooms()
        let held = try await self.house.meetingsHeld(month: month)
        let notice = notice ?? request.uri.queryParameters.get("melding").flatMap { HousePages.notices.contains($0) ? "house.notice.\($0)" : nil }
        return .html(HousePages.overview(page, rooms: rooms, held: held, month: month, calendar: self.calendar(page), notice: notice), for: request)
    }

    func createRoom(_ page: Page, form: HouseForm, admin: HouseAdmin, logger: Logger) async throws -> Response {
        guard await self.once.first(form.once) else { return self.alreadyDone(page, back: "/hus") }
        let kind = RoomKind(rawValue: form.kind ?? "") ?? .group
        var plan = MeetingPlan()
        let made: (Room, IssuedInvite)
        do {
            // A field left empty keeps the plan's own; anything else must be a whole number that fits.
            if let minutes = form.minutes, !minutes.isEmpty {
                guard let value = Int(minutes) else { throw Room.PlanProblem.outOfRange }
                plan.minutes = value
            }
            if let breakMinutes = form.breakMinutes, !breakMinutes.isEmpty {
                guard let value = Int(breakMinutes) else { throw Room.PlanProblem.outOfRange }
                plan.breakMinutes = value
            }
            try Room.validate(plan)
            made = try await self.house.createRoom(name: form.name ?? "", kind: kind, plan: plan)
        } catch House.RoomProblem.nameEmpty {
            return try await self.formAgain(page, form: form, errorKey: "house.error.name-empty")
        } catch House.RoomProblem.nameTooLong {
            return try await self.formAgain(page, form: form, errorKey: "house.error.name-long")
        } catch House.RoomProblem.nameInvalid {
            return try await self.formAgain(page, form: form, errorKey: "house.error.name-invalid")
        } catch is Room.PlanProblem {
            return try await self.formAgain(page, form: form, errorKey: "house.error.plan")
        }
        let (room, host) = made
        logger.info("room created on the house page", metadata: ["room": "\(room.id)", "admin": "\(admin.id)"])
        let cafe = room.kind == .cafe ? try await self.house.cafeEntry(roomId: room.id) : nil
        let link = self.configuration.baseURL + host.path
        return .html(
            HousePages.hostLinkPage(
                page,
                room: room,
                link: link,
                expires: host.invite.expiresAt,
                calendar: self.calendar(page),
                cafe: cafe,
                base: self.configuration.baseURL,
                made: true
            )
        )
    }

    /// A room that is not (or no longer) there: deleted by another administrator, or a made-up address.
    static func unknownRoom(_ page: Page) -> Response {
        .html(page.message(titleKey: "house.room.unknown.title", textKey: "house.room.unknown.text"), status: .notFound)
    }

    /// A form sent again (a reload of the page that answered it): nothing is made twice.
    func alreadyDone(_ page: Page, back: String) -> Response {
        .html(
            HousePages.render(
                page,
                titleKey: "house.again.title",
                body:
                    "<h1>\(page.t("house.again.title"))</h1><p>\(page.t("house.again.text"))</p><p><a href=\"\(HTML.escape(back))\">\(page.t("house.again.back"))</a></p>"
            ),
            status: .conflict
        )
    }

    private func formAgain(_ page: Page, form: HouseForm, errorKey: String) async throws -> Response {
        let month = MonthlyCounts.month(of: Date())
        let body = HousePages.overview(
            page,
            rooms: try await self.house.rooms(),
            held: try await self.house.meetingsHeld(month: month),
            month: month,
            calendar: self.calendar(page),
            form: form,
            errorKey: errorKey
        )
        return .html(body, status: .unprocessableContent)
    }

    func roomPage(_ page: Page, id: String, notice: String? = nil, errorKey: String? = nil) async throws -> Response {
        guard let room = try await self.house.room(id: id) else {
            return Self.unknownRoom(page)
        }
        let cafe = room.kind == .cafe ? try await self.house.cafeEntry(roomId: room.id) : nil
        let body = HousePages.roomPage(
            page,
            room: room,
            members: try await self.house.memberCount(roomId: room.id),
            links: try await self.house.unusedLinks(roomId: room.id),
            months: try await self.house.monthlyCounts(roomId: room.id),
            currentMonth: MonthlyCounts.month(of: Date()),
            calendar: self.calendar(page),
            cafe: cafe.map { (self.configuration.baseURL + $0.path, $0.spokenCode) },
            notice: notice.flatMap { HousePages.notices.contains($0) ? "house.notice.\($0)" : nil },
            errorKey: errorKey
        )
        return .html(body, status: errorKey == nil ? .ok : .unprocessableContent)
    }

    func confirmDelete(_ page: Page, id: String) async throws -> Response {
        guard let room = try await self.house.room(id: id) else {
            return Self.unknownRoom(page)
        }
        return .html(HousePages.confirmDelete(page, room: room, members: try await self.house.memberCount(roomId: room.id)))
    }

    func roomAction(_ action: String, id: String, page: Page, form: HouseForm, admin: HouseAdmin, logger: Logger) async throws -> Response {
        guard let room = try await self.house.room(id: id) else {
            return Self.unknownRoom(page)
        }
        let back = Response(status: .seeOther, headers: [.location: "/hus/rom/\(room.id)"])
        func told(_ notice: String) -> Response { Response(status: .seeOther, headers: [.location: "/hus/rom/\(room.id)?melding=\(notice)"]) }
        switch action {
        case "navn":
            do {
                _ = try await self.house.renameRoom(id: room.id, to: form.name ?? "")
            } catch House.RoomProblem.nameTooLong {
                return try await self.roomPage(page, id: room.id, errorKey: "house.error.name-long")
            } catch House.RoomProblem.nameInvalid {
                return try await self.roomPage(page, id: room.id, errorKey: "house.error.name-invalid")
            } catch {
                return try await self.roomPage(page, id: room.id, errorKey: "house.error.name-empty")
            }
            logger.info("room renamed on the house page", metadata: ["room": "\(room.id)", "admin": "\(admin.id)"])
            return told("renamed")
        case "vertslenke":
            guard await self.once.first(form.once) else { return self.alreadyDone(page, back: "/hus/rom/\(room.id)") }
            guard let host = try await self.house.issueHostLink(roomId: room.id) else { return back }
            logger.info("host link made on the house page", metadata: ["room": "\(room.id)", "admin": "\(admin.id)"])
            let link = self.configuration.baseURL + host.path
            let made = HousePages.hostLinkPage(
                page,
                room: room,
                link: link,
                expires: host.invite.expiresAt,
                calendar: self.calendar(page),
                cafe: nil,
                base: "",
                made: false
            )
            return .html(made)
        case "trekk":
            let count = try await self.house.revokeUnusedLinks(roomId: room.id)
            logger.info("links withdrawn on the house page", metadata: ["room": "\(room.id)", "admin": "\(admin.id)", "count": "\(count)"])
            return told("withdrawn")
        case "slett":
            // The live meeting first, so nobody goes on in a room that no longer exists; then its records.
            await self.registry.close(roomId: room.id)
            try await self.house.deleteRoom(id: room.id)
            logger.info("room deleted on the house page", metadata: ["room": "\(room.id)", "admin": "\(admin.id)"])
            return Response(status: .seeOther, headers: [.location: "/hus?melding=deleted"])
        default:
            return .html(page.message(titleKey: "error.title", textKey: "house.error.unknown-action"), status: .notFound)
        }
    }

    // MARK: Counts

    func report(_ page: Page) async throws -> Response {
        var rows: [(Room, [MonthlyCounts])] = []
        for (room, _) in try await self.house.rooms() {
            rows.append((room, try await self.house.monthlyCounts(roomId: room.id)))
        }
        let csv = HouseReport.csv(rows, currentMonth: MonthlyCounts.month(of: Date()), calendar: self.calendar(page), page: page)
        let headers: HTTPFields = [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"moter-\(MonthlyCounts.month(of: Date())).csv\"",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    // MARK: Administrators

    func adminsPage(_ page: Page, you: HouseAdmin, link: IssuedAdminLink? = nil, errorKey: String? = nil) async throws -> Response {
        let body = HousePages.admins(
            page,
            admins: try await self.house.admins(),
            you: you,
            calendar: self.calendar(page),
            unusedLinks: try await self.house.usableAdminLinks(),
            link: link.map { (self.configuration.baseURL + $0.path, $0.link.expiresAt) },
            errorKey: errorKey
        )
        return .html(body, status: errorKey == nil ? .ok : .conflict)
    }

    func adminAction(_ action: String, page: Page, form: HouseForm, admin: HouseAdmin, logger: Logger) async throws -> Response {
        switch action {
        case "lenke":
            guard await self.once.first(form.once) else { return self.alreadyDone(page, back: "/hus/administratorer") }
            do {
                let link = try await self.house.issueAdminLink()
                logger.info("admin link made on the house page", metadata: ["admin": "\(admin.id)"])
                return try await self.adminsPage(page, you: admin, link: link)
            } catch House.AdminProblem.tooManyLinks {
                return try await self.adminsPage(page, you: admin, errorKey: "house.error.too-many-links")
            }
        case "trekk":
            let count = try await self.house.revokeAdminLinks()
            logger.info("admin links withdrawn", metadata: ["admin": "\(admin.id)", "count": "\(count)"])
            return Response(status: .seeOther, headers: [.location: "/hus/administratorer"])
        case "fjern":
            if let id = form.id, id != admin.id, try await self.house.removeAdmin(id: id) {
                logger.info("administrator removed", metadata: ["admin": "\(admin.id)", "removed": "\(id)"])
            }
            return Response(status: .seeOther, headers: [.location: "/hus/administratorer"])
        case "ut":
            try await self.house.endAdminSession(id: admin.id)
            logger.info("house administrator signed out", metadata: ["admin": "\(admin.id)"])
            return .html(page.message(titleKey: "house.out.title", textKey: "house.out.text"))
        default:
            return .html(page.message(titleKey: "error.title", textKey: "house.error.unknown-action"), status: .notFound)
        }
    }
}

/// Every field a form on the house page posts; each form uses some of them.
struct HouseForm: Decodable, Sendable {
    var name: String?
    var kind: String?
    var minutes: String?
    var breakMinutes: String?
    var label: String?
    var id: String?
    /// The form's own token (``FormOnce``).
    var once: String?
    /// On an admin link: `returning` when the person said they are the administrator the browser knows.
    var `as`: String?

    /// A body that is not a form counts as an empty one: the page then says what is missing.
    static func decode(_ body: String) -> HouseForm {
        (try? URLEncodedFormDecoder().decode(HouseForm.self, from: body)) ?? HouseForm()
    }
}
