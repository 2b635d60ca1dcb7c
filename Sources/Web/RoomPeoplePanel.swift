import Moderation
import RoomServer

/// The room's «Meny» panel: the invitations (and a café's way in) first for whoever may invite (bringing someone
/// in is what a host most often opens it for, and it was once below «Jeg har det ikke bra» and «Gå ut av gruppa
/// for godt»), who is here and who holds control, the person's own quiet signals and way out, the care of the group for
/// whoever holds control, and the help numbers.
///
/// Which parts show is decided by the room (the `you` frame), never by the page (docs/ROLES.md).
enum RoomPeoplePanel {
    /// `kind`: a café's way in is in a café's page only (every part of this page is loaded by a slow phone).
    static func html(_ page: Page, kind: RoomKind = .group) -> String {
        """
        <section id="people" class="panel" aria-labelledby="people-heading" hidden>
        <div class="panel-head"><h2 id="people-heading">\(page.t("room.menu"))</h2>
        <button type="button" class="quiet close-panel">\(page.t("room.panel.close"))</button></div>
        <p class="error panel-error" role="alert"></p>
        <div id="offer-row" class="offer" hidden><p id="offer-text"></p>
        <p class="buttons"><button type="button" id="offer-yes">\(page.t("room.offer.yes"))</button>
        <button type="button" id="offer-no" class="quiet">\(page.t("room.offer.no"))</button></p></div>
        \(self.invites(page))
        \(kind == .cafe ? self.cafe(page) : "")
        <h2 id="present-heading">\(page.t("room.present"))</h2>
        <p id="who-runs" class="whoruns"></p>
        <ul id="present" class="present" aria-labelledby="present-heading"></ul>
        \(self.me(page))
        \(self.group(page))
        <p class="help-in-room">\(HelpLine.html(page.t("help.line")))</p>
        </section>
        """
    }

    /// The person's own: a short pause, "not well", leaving the room now, leaving the group for good.
    private static func me(_ page: Page) -> String {
        """
        <section id="me" class="me" aria-labelledby="me-heading">
        <h2 id="me-heading">\(page.t("room.me"))</h2>
        <p class="buttons"><button type="button" id="pause" class="quiet" aria-pressed="false">\(page.t("room.pause"))</button>
        <button type="button" id="not-well" class="quiet" aria-describedby="not-well-hint">\(page.t("room.notwell"))</button></p>
        <p class="hint" id="not-well-hint"></p>
        <p id="signal-status" class="status" role="status"></p>
        <p class="check"><input type="checkbox" id="turn-alert"><label for="turn-alert">\(page.t("turnalert.label"))</label></p>
        <p id="time-row" hidden><a id="time-link" href="#">\(page.t("roomtime.link"))</a></p>
        <p><button type="button" id="leave" class="quiet" hidden>\(page.t("room.leave"))</button></p>
        <p><button type="button" id="step-out" class="quiet" aria-describedby="step-out-hint">\(page.t("room.stepout"))</button></p>
        <p class="hint" id="step-out-hint">\(page.t("room.stepout.hint"))</p>
        <p id="step-down-row"><button type="button" id="step-down" class="quiet">\(page.t("room.stepdown"))</button></p>
        </section>
        """
    }

    /// A café's way in for guests, for whoever may invite: the link to share and the code to read aloud.
    private static func cafe(_ page: Page) -> String {
        """
        <section id="cafe" class="host" aria-labelledby="cafe-heading" hidden>
        <h2 id="cafe-heading">\(page.t("room.cafe.heading"))</h2>
        <p class="hint">\(page.t("room.cafe.hint"))</p>
        <p>\(page.t("room.cafe.code.label")): <span id="cafe-code" class="bigcode"></span></p>
        <p class="hint" id="cafe-where"></p>
        <p><label for="cafe-link" class="visually-hidden">\(page.t("room.cafe.heading"))</label>
        <input type="text" id="cafe-link" readonly></p>
        <p class="buttons"><button type="button" id="cafe-copy" class="quiet">\(page.t("room.invites.copy"))</button>
        <button type="button" id="cafe-renew" class="quiet">\(page.t("room.cafe.renew"))</button></p>
        </section>
        """
    }

    /// Invitations: for whoever may invite (a host, or everyone in a self-organised room).
    private static func invites(_ page: Page) -> String {
        """
        <section id="host" class="host" aria-labelledby="host-heading" hidden>
        <h2 id="host-heading">\(page.t("room.invites.heading"))</h2>
        <p class="field"><label for="invite-label">\(page.t("room.invites.label"))</label>
        <span class="hint" id="invite-label-hint">\(page.t("room.invites.label.hint"))</span>
        <input type="text" id="invite-label" maxlength="\(Meeting.maxNameLength)" autocomplete="off" aria-describedby="invite-label-hint"></p>
        <p><button type="button" id="make-invite">\(page.t("room.invites.make"))</button></p>
        <div id="new-invite" hidden>
        <label for="invite-link">\(page.t("room.invites.new"))</label>
        <input type="text" id="invite-link" readonly aria-describedby="invite-message">
        <p class="hint" id="invite-message"></p>
        <p class="buttons"><button type="button" id="share-invite" hidden>\(page.t("room.invites.share"))</button>
        <button type="button" id="copy-invite">\(page.t("room.invites.copy"))</button> <span id="copy-status" role="status"></span></p>
        </div>
        <p id="unused-count"></p>
        <ul id="invites"></ul>
        </section>
        """
    }

    /// The care of the group: the lock, the whole membership (for a lost key), making the room self-organised.
    private static func group(_ page: Page) -> String {
        """
        <section id="group" class="group" aria-labelledby="group-heading" hidden>
        <h2 id="group-heading">\(page.t("room.group"))</h2>
        <p class="check"><input type="checkbox" id="lock"><label for="lock">\(page.t("room.lock"))</label></p>
        <p class="field"><label for="cap">\(page.t("room.cap"))</label>
        <input type="number" id="cap" min="\(Meeting.capRange.lowerBound)" max="\(Meeting.capRange.upperBound)" inputmode="numeric" class="short"></p>
        <p class="buttons"><button type="button" id="cap-set" class="quiet">\(page.t("room.cap.set"))</button>
        <button type="button" id="cap-none" class="quiet">\(page.t("room.cap.none"))</button></p>
        <p><button type="button" id="show-members" class="quiet" aria-expanded="false" aria-controls="members-box">\(page.t("room.members.show"))</button></p>
        <div id="members-box" hidden>
        <p class="hint">\(page.t("room.members.hint"))</p>
        <ul id="members" class="members"></ul>
        </div>
        <p id="organise-row"><button type="button" id="self-organise" class="quiet" aria-describedby="organise-hint">\(page.t("room.organise"))</button>
        <span class="hint" id="organise-hint">\(page.t("room.organise.hint"))</span></p>
        </section>
        """
    }
}
