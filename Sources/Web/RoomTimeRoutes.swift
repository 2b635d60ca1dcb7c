import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Moderation
import RoomServer

/// The room's weekly time: `GET /r/:room/tid` shows it with «Legg i kalenderen», and to whoever holds the room's
/// lasting settings a form to set it; `POST` stores it; `GET /r/:room/kalender.ics` is the calendar file.
///
/// A page of its own, not a part of the room page: the room page's first load has a byte budget
/// (docs/PERFORMANCE.md), and a form works on any phone. Everything here names the room or says when its
/// group meets, so only a browser whose key opens the room gets any of it; anyone else gets the 404 an unknown
/// room gets, as for the manifest.
struct RoomTimeRoutes: Sendable {
    let house: House
    let registry: RoomRegistry
    let strings: Strings
    let assets: AssetNames
    let configuration: HouseConfiguration

    static let maxFormBytes = 1024

    func add(to router: Router<some RequestContext>) {
        router.get("/r/:room/tid") { request, context in
            try await self.show(request, roomId: context.parameters.require("room"))
        }
        router.post("/r/:room/tid") { request, context in
            try await self.set(request, roomId: context.parameters.require("room"), logger: context.logger)
        }
        router.get("/r/:room/kalender.ics") { request, context in
            try await self.calendar(request, roomId: context.parameters.require("room"))
        }
    }

    /// The room and the membership whose key this request carries, or nil for anyone else.
    private func member(_ request: Request, roomId: String) async throws -> (Room, Membership)? {
        guard let key = request.cookies["rs_member"]?.value, let entry = try await self.house.entry(roomId: roomId, key: key),
            let membership = entry.membership
        else { return nil }
        return (entry.room, membership)
    }

    /// Who may set the time: as for the room's other lasting settings, a host, or any member of a room that runs
    /// itself (docs/ROLES.md). A café's host may too: a weekly café has its hour as well.
    static func maySet(_ membership: Membership, in room: Room) -> Bool {
        membership.role == .host || (room.selfOrganised && room.kind == .group)
    }

    private func page(_ request: Request) -> Page {
        Page(strings: self.strings, language: request.language, path: request.uri.path, assets: self.assets)
    }

    private func notFound(_ page: Page) -> Response {
        .html(page.message(titleKey: "room.notfound.title", textKey: "room.notfound.text"), status: .notFound)
    }

    func show(_ request: Request, roomId: String) async throws -> Response {
        let page = self.page(request)
        guard let (room, membership) = try await self.member(request, roomId: roomId) else { return self.notFound(page) }
        let saved = request.uri.queryParameters.get("lagret") != nil
        return .html(self.form(page, room: room, membership: membership, status: saved ? "time.saved" : nil), for: request)
    }

    func set(_ request: Request, roomId: String, logger: Logger) async throws -> Response {
        let page = self.page(request)
        guard sameOrigin(request, configuration: self.configuration) else {
            return .html(page.message(titleKey: "error.title", textKey: "invite.error.form"), status: .forbidden)
        }
        guard let (room, membership) = try await self.member(request, roomId: roomId) else { return self.notFound(page) }
        guard Self.maySet(membership, in: room) else {
            return .html(self.form(page, room: room, membership: membership, status: nil), status: .forbidden, for: request)
        }
        let body = try await request.collectBody(upTo: Self.maxFormBytes, within: self.configuration.limits.bodySeconds)
        let fields = (try? URLEncodedFormDecoder().decode(TimeForm.self, from: String(buffer: body))) ?? TimeForm()
        let time: WeeklyTime?
        if fields.clear != nil {
            time = nil
        } else {
            do {
                time = try WeeklyTime.parse(day: fields.day, start: fields.start, minutes: fields.minutes)
            } catch {
                let again = self.form(page, room: room, membership: membership, status: nil, error: true, typed: fields)
                return .html(again, status: .unprocessableContent, for: request)
            }
        }
        guard let stored = try await self.house.setWeeklyTime(roomId: room.id, time) else { return self.notFound(page) }
        await self.registry.weeklyTimeChanged(roomId: room.id, stored.weeklyTime, now: Instant(Date()))
        logger.info("weekly time set", metadata: ["room": "\(room.id)", "member": "\(membership.id)", "set": "\(time != nil)"])
        return Response(status: .seeOther, headers: [.location: "/r/\(room.id)/tid?lagret"])
    }

    func calendar(_ request: Request, roomId: String) async throws -> Response {
        guard let (room, _) = try await self.member(request, roomId: roomId), let time = room.weeklyTime else {
            throw HTTPError(.notFound)
        }
        let language = request.language
        let address = "\(self.configuration.baseURL)/r/\(room.id)"
        let file = RoomCalendar(
            room: room,
            time: time,
            zone: self.configuration.timeZone,
            address: address,
            house: self.strings.text("house.title", language),
            description: self.strings.text("time.calendar.description", language, ["url": address])
        )
        let headers: HTTPFields = [
            .contentType: RoomCalendar.contentType,
            .contentDisposition: "attachment; filename=\"moete.ics\"",
            .cacheControl: "no-store",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: file.ics(now: Date()))))
    }

    private func form(
        _ page: Page,
        room: Room,
        membership: Membership,
        status: String?,
        error: Bool = false,
        typed: TimeForm? = nil
    ) -> String {
        let time = room.weeklyTime
        let words = MeetingTimeWords(page: page)
        var body = "<h1>\(page.t("time.heading"))</h1>\n"
        if let status { body += "<p class=\"notice\" role=\"status\">\(page.t(status))</p>\n" }
        body += "<p class=\"lead\">\(time.map(words.weekly) ?? page.t("time.none"))</p>\n"
        if time != nil {
            body += """
                <p><a class="button" href="/r/\(room.id)/kalender.ics" download>\(page.t("time.calendar"))</a></p>
                <p class="hint">\(page.t("time.calendar.hint"))</p>

                """
        }
        if Self.maySet(membership, in: room) {
            let day = typed?.day.flatMap(Int.init) ?? time?.day ?? 0
            let options = (1...7).map { n in
                "<option value=\"\(n)\"\(n == day ? " selected" : "")>\(page.t("time.day.\(n)"))</option>"
            }.joined()
            let start = HTML.escape(String((typed?.start ?? time?.startText ?? "18:00").prefix(5)))
            let minutes = HTML.escape(String((typed?.minutes ?? time.map { "\($0.minutes)" } ?? "\(room.planMinutes)").prefix(3)))
            let invalid = error ? " aria-invalid=\"true\"" : ""
            body += """
                <form method="post" action="/r/\(room.id)/tid" class="house-form" aria-labelledby="time-set">
                <h2 id="time-set">\(page.t("time.set.heading"))</h2>
                <p class="error" id="time-error" role="alert">\(error ? page.t("time.error") : "")</p>
                <p class="field"><label for="day">\(page.t("time.set.day"))</label>
                <select id="day" name="day" aria-describedby="time-error"\(invalid)>\(options)</select></p>
                <p class="field"><label for="start">\(page.t("time.set.start"))</label>
                <input type="time" id="start" name="start" value="\(start)" required aria-describedby="time-error"\(invalid)></p>
                <p class="field"><label for="minutes">\(page.t("time.set.minutes"))</label>
                <input type="number" id="minutes" name="minutes" min="\(WeeklyTime.allowedMinutes.lowerBound)" max="\(WeeklyTime.allowedMinutes.upperBound)" inputmode="numeric" class="short" value="\(minutes)" required aria-describedby="time-error"\(invalid)></p>
                <p class="buttons"><button type="submit">\(page.t("time.set.save"))</button>
                \(time == nil ? "" : "<button type=\"submit\" name=\"clear\" value=\"1\" formnovalidate class=\"quiet\">\(page.t("time.set.clear"))</button>")</p>
                </form>

                """
        }
        body += "<p><a href=\"/r/\(room.id)\">\(page.t("time.back"))</a></p>"
        // The page's title names no room, as every page a link may lead to (docs/PRIVACY.md, «Link previews»).
        return page.render(title: self.strings.text("time.heading", page.language), body: body)
    }
}

/// The fields the time form posts.
struct TimeForm: Decodable, Equatable {
    var day: String?
    var start: String?
    var minutes: String?
    var clear: String?
}

/// A weekly time in words, in the person's language: «Møtene er hver torsdag kl. 18.00–20.00.»
struct MeetingTimeWords {
    let page: Page

    func clock(_ text: String) -> String {
        let parts = text.split(separator: ":")
        return self.page.strings.text("time.clock", self.page.language, ["h": String(parts.first ?? ""), "m": String(parts.last ?? "")])
    }

    /// Escaped, ready for the page.
    func weekly(_ time: WeeklyTime) -> String {
        let day = self.page.strings.text("time.day.\(time.day)", self.page.language)
        return self.page.t("time.weekly", ["day": day, "start": self.clock(time.startText), "end": self.clock(time.endText)])
    }
}
