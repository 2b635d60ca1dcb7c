// Who holds control, and the care of the group, in the browser: the people present with what whoever holds
// control may do for each, the person's own quiet signals and way out, the whole membership for a lost key.
// What may be done comes from the room's `you` frame (docs/ROLES.md); this page never decides it.

const $ = (id) => document.getElementById(id);

export class Group {
  constructor({ t, send, ask, cancelAsk, lang, notice, announce, me, nameOf, kind }) {
    Object.assign(this, { t, send, ask, cancelAsk, lang, notice, announce, me, nameOf, kind });
    this.you = null; // the last `you` frame
    this.names = new Map(); // member id → name, from the member list: a new phone's link names someone not here
    this.offerAsked = null; // the offer already put to the person, so it is asked once
    this.seeYou = new Map(); // member id -> the «Jeg ser deg» button on their latest «not well» line
    this.seenBy = []; // names of those who answered this person's latest «not well»
    this.wire();
  }

  /** The room said what this person may do now. */
  setYou(you) {
    const first = this.you === null;
    this.you = you;
    const { may, why } = you;
    // Let in with a key: the front page's «Mine rom» learns this room. The page itself may have come without
    // the key's cookie (a link from an SMS app), but a request from the page carries it (docs/PRIVACY.md).
    if (first && you.role !== "guest" && this.kind() !== "practice") this.remember();
    $("group").hidden = !may.moderate;
    // A café is no group: its host's part of the menu is named for the café, with no membership to list.
    if (first) $("group-heading").textContent = this.t(this.kind() === "cafe" ? "room.group.cafe" : "room.group");
    $("show-members").parentElement.hidden = !may.members;
    // A guest has no membership to leave for good: leaving the room is all.
    // Nor has a practice meeting's visitor: the house says so in `why` (the way out is «Gå ut»).
    const noGroup = you.role === "guest" || why.stepOut === "not-allowed";
    $("step-out").hidden = noGroup;
    $("step-out-hint").hidden = noGroup;
    // A café's way in, for whoever may invite.
    // (Only a café's page has that part.)
    const cafe = this.kind() === "cafe" && may.invite && $("cafe");
    if (cafe && cafe.hidden) this.send({ t: "cafe.entry" });
    if ($("cafe")) $("cafe").hidden = !cafe;
    $("organise-row").hidden = !may.organise;
    $("step-down-row").hidden = !(you.role === "host" && may.stepDown);
    $("pause").setAttribute("aria-pressed", String(you.paused));
    $("pause").textContent = this.t(you.paused ? "room.pause.back" : "room.pause");
    // Until a host is here, or while the group runs itself, "not well" reaches everyone here.
    this.renderNotWellHint();
    $("step-out-hint").textContent = this.t(why.stepOut === "last-host" ? "room.stepout.lasthost" : "room.stepout.hint");
    if (!may.members) $("members-box").hidden = true;
    // The offer waits in the menu too, so a question put aside (or a closed dialog) does not lose it.
    $("offer-row").hidden = !you.offer;
    if (you.offer) $("offer-text").textContent = this.offerText(you.offer);
    if (you.offer && you.offer !== this.offerAsked) this.askOffer(you.offer);
    if (!you.offer && this.offerAsked) {
      // It lapsed (whoever offered left): the question goes, unanswered.
      if (this.offerOpen) this.cancelAsk();
      this.offerAsked = null;
    }
    return first;
  }

  remember() {
    fetch(`${location.pathname}/husk`, { method: "POST" }).catch(() => {
      // Offline this moment: the next visit notes it.
    });
  }

  offerText(by) {
    // In a group that runs itself, two members agreed to ask: it is the group asking.
    return this.shape?.selfOrganised ? this.t("room.offer.ask.group") : this.t("room.offer.ask", { name: this.nameOf(by) });
  }

  renderNotWellHint() {
    const hosts = this.shape?.hosts?.filter((id) => id !== this.youId()) ?? [];
    const toHosts = !this.shape?.selfOrganised && hosts.length > 0;
    const hint = this.kind() === "practice" ? "room.notwell.hint.practice" : toHosts ? "room.notwell.hint.hosts" : "room.notwell.hint.everyone";
    $("not-well-hint").textContent = this.t(hint);
  }

  youId() {
    return this.me();
  }

  /** The people present, each with what whoever holds control may do for them. */
  renderPresent(present, shape) {
    this.shape = shape;
    const youId = this.youId();
    const { t } = this;
    const hosts = new Set(shape?.hosts ?? []);
    const paused = new Set(shape?.paused ?? []);
    const held = new Set(shape?.held ?? []);
    const may = this.you?.may ?? {};
    const items = [...present.values()].map((person) => {
      const item = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = person.name;
      if (person.id === youId) label.append(" ", t("room.you"));
      const badges = [
        [hosts.has(person.id), "room.host"], [person.role === "guest", "room.guest"],
        [paused.has(person.id), "room.badge.paused"], [held.has(person.id), "room.badge.held"],
      ];
      for (const [on, key] of badges) {
        if (!on) continue;
        const badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = t(key);
        label.append(" ", badge);
      }
      const actions = person.id === youId ? [] : this.actionsFor(person, { may, host: hosts.has(person.id), held: held.has(person.id), guest: person.role === "guest" });
      if (!actions.length) {
        item.append(label);
        return item;
      }
      // Tapping a name opens what can be done for that person: nothing happens until a button is pressed.
      const details = document.createElement("details");
      const summary = document.createElement("summary");
      summary.append(label);
      const row = document.createElement("p");
      row.className = "buttons";
      row.append(...actions);
      details.append(summary, row);
      item.append(details);
      return item;
    });
    $("present").replaceChildren(...items);
    this.renderWhoRuns(shape, present);
    this.renderNotWellHint();
  }

  actionsFor(person, { may, host, held, guest }) {
    const { t } = this;
    const name = person.name;
    const button = (key, action) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "quiet";
      b.textContent = t(key, { name });
      b.addEventListener("click", action);
      return b;
    };
    const waiting = (key) => {
      const note = document.createElement("span");
      note.className = "hint";
      note.textContent = t(key, { name });
      return note;
    };
    const mine = this.you?.mine ?? { remove: [], give: [] };
    const actions = [];
    if (may.moderate && !host) {
      actions.push(
        held
          ? button("room.act.release", () => this.send({ t: "member.release", m: person.id }))
          : button("room.act.hold", () => this.send({ t: "member.hold", m: person.id, minutes: 5 })),
      );
    }
    if (may.moderate && guest) {
      // A guest is sent out of this sitting by one person: there is no membership to end.
      actions.push(button("room.act.sendout", () => this.askSendOut(person.id, name)));
      return actions;
    }
    if (may.give && !host) {
      if (mine.give.includes(person.id)) actions.push(waiting("room.give.waiting"));
      else actions.push(button("room.act.offer", () => this.askGive(person.id, name)));
    }
    if (may.moderate && !host) {
      if (mine.remove.includes(person.id)) actions.push(waiting("room.remove.waiting"));
      else actions.push(button("room.act.remove", () => this.askRemove(person.id, name)));
    }
    return actions;
  }

  /** Which question to ask before an act that needs a second member in a group that runs itself. */
  twoKey(kind, id) {
    if (this.you?.why?.[kind] !== "two") return `room.${kind}.ask`;
    return (this.you?.asks?.[kind] ?? []).includes(id) ? `room.${kind}.ask.second` : `room.${kind}.ask.two`;
  }

  async askSendOut(id, name) {
    const { t } = this;
    if (await this.ask(t("room.sendout.ask", { name }), t("room.remove.yes"), t("room.remove.no"))) this.send({ t: "member.remove", m: id });
  }

  /** The café's link and code, as the room sent them. */
  renderCafe(frame) {
    $("cafe-code").textContent = frame.code;
    $("cafe-where").textContent = this.t("room.cafe.where", { address: location.host });
    $("cafe-link").value = location.origin + frame.path;
  }

  async askGive(id, name) {
    const { t } = this;
    if (await this.ask(t(this.twoKey("give", id), { name }), t("room.give.yes"), t("room.give.no"))) this.send({ t: "host.offer", m: id });
  }

  /** Plain words on who holds control now, at the top of the panel and in the controls. */
  renderWhoRuns(shape, present) {
    const { t } = this;
    if (!shape) return;
    const names = (shape.hosts ?? []).map((id) => present.get(id)?.name).filter(Boolean);
    let text = shape.selfOrganised ? t("room.whoruns.self") : names.length ? t("room.whoruns.hosts", { names: names.join(", ") }) : t("room.whoruns.gone");
    if (shape.locked) text += " " + t("room.whoruns.locked");
    $("who-runs").textContent = text;
    $("lock").checked = !!shape.locked;
    // The cap in force, also after a reload; not while someone is typing a new one.
    if (document.activeElement !== $("cap")) $("cap").value = shape.cap ?? "";
    // Someone who runs the meeting without being host is told why they can.
    const why = this.you?.role !== "host" && this.you?.may.run ? (shape.selfOrganised ? t("room.whoruns.self") : t("room.whoruns.gone")) : "";
    $("controls-why").textContent = why;
    $("controls-why").hidden = !why;
  }

  async askOffer(by) {
    this.offerAsked = by;
    const { t } = this;
    this.offerOpen = true;
    const answer = await this.ask(this.offerText(by), t("room.offer.yes"), t("room.offer.no"));
    this.offerOpen = false;
    // Put aside (another question came, or the offer lapsed): the offer still waits in the menu, if it stands.
    if (answer === null) return;
    this.send({ t: answer ? "host.accept" : "host.decline" });
  }

  async askRemove(id, name) {
    const { t } = this;
    if (await this.ask(t(this.twoKey("remove", id), { name }), t("room.remove.yes"), t("room.remove.no"))) this.send({ t: "member.remove", m: id });
  }

  /** The group's whole membership, for a lost key: names and the month each was last here. */
  renderMembers(frame) {
    const { t } = this;
    const items = frame.members.map((member) => {
      const item = document.createElement("li");
      const [year, month] = member.seen.split("-").map(Number);
      const when = new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(this.lang, { month: "long", year: "numeric", timeZone: "UTC" });
      // The day the key in use was made tells two of the same name apart (a new invite, a new phone).
      const key = new Date(`${member.key}T12:00:00Z`).toLocaleDateString(this.lang, { day: "numeric", month: "long", year: "numeric" });
      item.textContent = `${member.name}${member.role === "host" ? ` (${t("room.host")})` : ""}, ${t("room.members.seen", { month: when })}, ${t("room.members.key", { date: key })} `;
      this.names.set(member.id, member.name);
      // A new phone keeps the name: whoever may invite makes the link that moves this membership to it.
      if (this.you?.may.invite && member.role !== "guest") {
        const phone = document.createElement("button");
        phone.type = "button";
        phone.className = "quiet";
        phone.textContent = t("room.members.newphone");
        phone.addEventListener("click", () => this.send({ t: "invite.create", m: member.id }));
        item.append(phone, " ");
      }
      if (member.id !== this.youId() && member.role !== "host" && this.you?.may.moderate) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "quiet";
        remove.textContent = t("room.act.remove");
        remove.addEventListener("click", () => this.askRemove(member.id, member.name));
        item.append(remove);
      }
      return item;
    });
    $("members").replaceChildren(...items);
  }

  /** The member list again, if it is open: someone left the group, or is here from a new phone. */
  refreshMembers() {
    if (!$("members-box").hidden) this.send({ t: "members.list" });
  }

  /** A member's name from the member list, if it was shown. */
  memberName(id) {
    return this.names.get(id);
  }

  /** A private signal: an offer's answer, an ask to remove someone, "not well". */
  signal(frame) {
    const { t } = this;
    const name = this.nameOf(frame.m) ?? "?";
    switch (frame.e) {
      case "host-offered":
        if (frame.by === this.youId()) this.notice(t("room.offer.sent", { name }));
        return;
      case "host-declined":
        if (frame.by === this.youId()) this.notice(t("room.offer.declined", { name }));
        return;
      case "removal-asked": {
        const who = frame.name ?? name;
        if (frame.by === this.youId()) return this.notice(t("room.remove.waiting", { name: who }));
        return this.notice(t("room.removal.asked", { by: this.nameOf(frame.by), name: who }));
      }
      case "host-asked":
        if (frame.by === this.youId()) return this.notice(t("room.give.waiting", { name }));
        return this.notice(t("room.give.asked", { by: this.nameOf(frame.by), name }));
      case "not-well": {
        // Not lost among the messages: whoever is told should see it, and may answer it without words.
        // Where nobody holds the role, those told read what they can do.
        let text = t("room.notwell.notice", { name });
        if (frame.to === "everyone") text += " " + t("room.notwell.others", { name });
        const button = document.createElement("button");
        button.type = "button";
        button.className = "quiet";
        button.textContent = t("room.seeyou");
        button.addEventListener("click", () => {
          button.disabled = true;
          this.send({ t: "see-you", m: frame.m });
        });
        this.seeYou.set(frame.m, button);
        return this.notice(text, true, button);
      }
      case "not-well-sent": {
        const sent = t(`room.notwell.sent.${["hosts", "practice"].includes(frame.to) ? frame.to : "everyone"}`);
        // The help line at once, where the button was pressed and in the conversation, with numbers a phone can call.
        $("signal-status").replaceChildren(sent, " ", ...this.helpLine());
        $("signal-status").scrollIntoView({ block: "nearest" });
        this.notice(sent, true).append(" ", ...this.helpLine());
        this.seenBy = [];
        this.seenLine?.remove();
        return;
      }
      case "seen":
        if (frame.by === this.youId()) {
          // A receipt for whoever answered, on the line they answered from.
          this.seeYou.get(frame.m)?.replaceWith(t("room.seeyou.sent", { name }));
          this.seeYou.delete(frame.m);
          return;
        }
        return this.seen(this.nameOf(frame.by) ?? "?");
    }
  }

  /** The house's help line, as the page carries it (its own words and callable numbers). */
  helpLine() {
    return [...(document.querySelector(".help-in-room")?.cloneNode(true).childNodes ?? [])];
  }

  /** Who answered «Jeg ser deg»: one line, always the latest, at the end of the conversation. */
  seen(name) {
    const { t } = this;
    this.seenBy.push(name);
    const n = this.seenBy.length;
    const names = new Intl.ListFormat(this.lang, { type: "conjunction" }).format(this.seenBy);
    this.seenLine?.remove();
    this.seenLine = this.notice(n > 3 ? t("room.seen.many", { n }) : t(n === 1 ? "room.seen.one" : "room.seen.some", { names }), true);
  }

  /** Words for a change about control or care in a `state` frame, or null if it is not one. */
  describe(change) {
    const { t } = this;
    const name = change.name ?? this.nameOf(change.m) ?? "?";
    const by = change.by ? this.nameOf(change.by) ?? "?" : null;
    switch (change.e) {
      case "role":
        if (change.m === this.youId() && change.role === "host") {
          // The one who just took the role is told what it means, in the status line too.
          this.announce(t("room.event.role.host.you"));
          return t("room.event.role.host.you");
        }
        return t(change.role === "host" ? "room.event.role.host" : "room.event.role.member", { name });
      case "self-organised": return t("room.event.self-organised", { by: by ?? "" });
      case "hosted": return t("room.event.hosted");
      case "locked": case "unlocked": return t(`room.event.${change.e}`, { by: by ?? "" });
      case "removed":
        // Two agreed, in a room that runs itself: both are named.
        if (by && change.asked) return t("room.event.removed.two", { asked: this.nameOf(change.asked) ?? "?", by, name });
        return by ? t("room.event.removed", { by, name }) : t("room.event.removed.house", { name });
      case "stepped-out": case "released": case "paused": case "back": return t(`room.event.${change.e}`, { name });
      case "held-back": return t("room.event.held-back", { by: by ?? "", name });
      case "sent-out": return t("room.event.sent-out", { by: by ?? "", name });
      case "capped": return change.cap ? t("room.event.capped", { by: by ?? "", n: change.cap }) : t("room.event.uncapped", { by: by ?? "" });
      default: return null;
    }
  }

  wire() {
    const { t } = this;
    $("pause").addEventListener("click", () => this.send({ t: "pause", on: !this.you?.paused }));
    $("not-well").addEventListener("click", () => {
      $("signal-status").textContent = "";
      this.send({ t: "not-well" });
    });
    $("lock").addEventListener("change", (event) => this.send({ t: "room.lock", on: event.target.checked }));
    $("cap-set").addEventListener("click", () => {
      const n = Math.round(Number($("cap").value));
      if (n >= 2) this.send({ t: "room.cap", cap: n });
      else $("cap").focus();
    });
    $("cap-none").addEventListener("click", () => this.send({ t: "room.cap" }));
    $("cafe-copy")?.addEventListener("click", async () => {
      $("cafe-link").select();
      try {
        await navigator.clipboard.writeText($("cafe-link").value);
      } catch {
        document.execCommand("copy");
      }
    });
    $("cafe-renew")?.addEventListener("click", async () => {
      if (await this.ask(t("room.cafe.renew.ask"), t("room.cafe.renew.yes"), t("room.cafe.renew.no"))) this.send({ t: "cafe.renew" });
    });
    $("show-members").addEventListener("click", () => {
      const box = $("members-box");
      box.hidden = !box.hidden;
      $("show-members").setAttribute("aria-expanded", String(!box.hidden));
      if (!box.hidden) this.send({ t: "members.list" });
    });
    $("self-organise").addEventListener("click", async () => {
      if (await this.ask(t("room.organise.ask"), t("room.organise.yes"), t("room.organise.no"))) this.send({ t: "room.self-organise" });
    });
    $("step-down").addEventListener("click", () => this.send({ t: "host.step-down" }));
    $("offer-yes").addEventListener("click", () => this.send({ t: "host.accept" }));
    $("offer-no").addEventListener("click", () => this.send({ t: "host.decline" }));
    $("step-out").addEventListener("click", async () => {
      // The last host is guided first: give the role, or let the group run itself.
      if (this.you?.why?.stepOut === "last-host") {
        $("step-out-hint").tabIndex = -1;
        $("step-out-hint").focus();
        return;
      }
      if (await this.ask(t("room.stepout.ask"), t("room.stepout.yes"), t("room.stepout.no"))) this.send({ t: "group.step-out" });
    });
  }
}
