// The host's invitations: make a one-time link, share or copy it, see the unused ones and revoke them.
// A link exists in the clear only in this page, once, right after it is made (docs/PROTOCOL.md, `invites`).
// In a group that runs itself a link needs two members: making one asks, and another member agrees here
// (docs/ROLES.md, "Invite"). Whether it needs two, and which asks are open, come from the room's `you` frame.

const $ = (id) => document.getElementById(id);

export class HostInvites {
  constructor({ t, send, lang, ask, notice, nameOf, me, openMenu, meetingTime }) {
    Object.assign(this, { t, send, lang, ask, notice, nameOf, me, openMenu, meetingTime });
    this.shown = null; // the id of the link in the copy box
    this.you = null;
    this.agreeButtons = new Map(); // who asked -> the «agree» button on their ask's line in the conversation
    this.ui = {
      section: $("host"), make: $("make-invite"), label: $("invite-label"), box: $("new-invite"), link: $("invite-link"), copy: $("copy-invite"),
      share: $("share-invite"), status: $("copy-status"), count: $("unused-count"), list: $("invites"),
      labelHint: $("invite-label-hint"), message: $("invite-message"),
    };
    // The asker's own ask, waiting, and the others' asks with «agree»: under the button that makes a link.
    this.ui.waiting = document.createElement("p");
    this.ui.waiting.className = "hint";
    this.ui.waiting.hidden = true;
    this.ui.waiting.tabIndex = -1;
    this.ui.asks = document.createElement("ul");
    this.ui.asks.className = "asks";
    this.ui.make.parentElement.after(this.ui.waiting, this.ui.asks);
    this.ui.make.addEventListener("click", () => this.make());
    this.ui.copy.addEventListener("click", () => this.copy());
    // Where the phone can share (an SMS, a messenger), that is what a host wants; copying is the fallback.
    this.ui.share.hidden = !navigator.share;
    this.ui.share.addEventListener("click", () => this.share());
  }

  async make() {
    const { t, ui } = this;
    const label = ui.label.value.trim();
    // One ask at a time: pressing again while it waits is answered plainly here, not refused as an error.
    const mine = this.you?.mine?.invite?.[0];
    if (mine) {
      ui.waiting.textContent = mine.label ? t("room.invite.already.for", { label: mine.label }) : t("room.invite.already");
      ui.waiting.hidden = false;
      ui.waiting.focus();
      return;
    }
    // Where two must agree, the asker is told so before asking, as for a removal.
    if (this.you?.why?.invite === "two" && !(await this.ask(t("room.invite.ask.two"), t("room.invite.yes"), t("room.invite.no")))) return;
    this.send(label ? { t: "invite.create", label } : { t: "invite.create" });
  }

  /** The room said what this person may do: their own ask, and the others' they could agree to. */
  setYou(you) {
    const { ui } = this;
    this.you = you;
    // Who sees the note on a link: the hosts, or in a group that runs itself every member (asks and lists).
    ui.labelHint.textContent = this.t(you.why?.invite === "two" ? "room.invites.label.hint.self" : "room.invites.label.hint");
    const mine = you.mine?.invite?.[0];
    ui.waiting.hidden = !mine;
    ui.waiting.textContent = mine ? this.waitingText(mine.label, mine.newPhone) : "";
    const open = you.asks?.invite ?? [];
    ui.asks.replaceChildren(
      ...open.map((ask, index) => {
        const item = document.createElement("li");
        const text = document.createElement("span");
        text.id = `invite-ask-${index}`;
        text.textContent = this.askedText(ask.m, ask.label, ask.newPhone);
        const button = this.agreeButton(ask.m);
        button.setAttribute("aria-describedby", text.id);
        item.append(text, " ", button);
        return item;
      }),
    );
    // An ask that lapsed (whoever asked left) or that someone else agreed to has nothing left to agree to.
    for (const [asker, button] of this.agreeButtons) {
      if (open.some((ask) => ask.m === asker)) continue;
      button.remove();
      this.agreeButtons.delete(asker);
    }
  }

  waitingText(label, newPhone) {
    if (newPhone) return this.t("room.invite.waiting.newphone", { name: this.nameOf(newPhone) });
    return label ? this.t("room.invite.waiting.for", { label }) : this.t("room.invite.waiting");
  }

  /** Whose ask, and for what: a new phone's link is said as such, since whoever uses it becomes that member. */
  askedText(asker, label, newPhone) {
    const by = this.nameOf(asker);
    if (newPhone) return this.t("room.invite.asked.newphone", { by, name: this.nameOf(newPhone) });
    return label ? this.t("room.invite.asked.for", { by, label }) : this.t("room.invite.asked", { by });
  }

  /** «Agree», to be described by the line that says whose ask it is (there may be more than one). */
  agreeButton(asker) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "quiet";
    button.textContent = this.t("room.invite.agree");
    button.addEventListener("click", () => this.agree(asker));
    return button;
  }

  async agree(asker) {
    const { t } = this;
    if (await this.ask(t("room.invite.agree.ask", { name: this.nameOf(asker) }), t("room.invite.agree.yes"), t("room.invite.agree.no"))) {
      this.send({ t: "invite.agree", m: asker });
    }
  }

  /** A private signal about a link; returns whether it was one. */
  signal(frame) {
    const { t } = this;
    const me = this.me();
    switch (frame.e) {
      case "invite-asked": {
        if (frame.m === me) {
          this.notice(this.waitingText(frame.label, frame.newPhone));
          return true;
        }
        // A quiet line in the conversation, with «agree» right on it; the same ask waits in the menu too.
        const button = this.agreeButton(frame.m);
        this.notice(this.askedText(frame.m, frame.label, frame.newPhone), false, button);
        this.agreeButtons.get(frame.m)?.remove();
        this.agreeButtons.set(frame.m, button);
        return true;
      }
      case "invite-made": {
        this.agreeButtons.get(frame.m)?.remove();
        this.agreeButtons.delete(frame.m);
        if (frame.by === me) {
          this.notice(t("room.invite.made.agreed", { name: this.nameOf(frame.m) }));
          return true;
        }
        if (frame.m !== me) return true;
        // The link itself is in the menu, where a link made alone is shown: one press takes the asker there.
        const show = document.createElement("button");
        show.type = "button";
        show.className = "quiet";
        show.textContent = t("room.invite.show");
        show.addEventListener("click", () => {
          this.openMenu();
          this.ui.link.focus();
          this.ui.link.select();
        });
        this.notice(t("room.invite.made.you", { by: this.nameOf(frame.by) }), true, show);
        return true;
      }
      default:
        return false;
    }
  }

  render(frame) {
    const { t, ui } = this;
    ui.count.textContent = t("room.invites.unused", { n: frame.unused.length });
    ui.list.replaceChildren(
      ...frame.unused.map((invite) => {
        const item = document.createElement("li");
        const expires = t("room.invites.expires", { date: new Date(invite.expiresAt).toLocaleDateString(this.lang) });
        // The host's own note says whom each link is for; without one, they still differ by date.
        const whom = invite.newPhone
          ? t("room.invites.newphone", { name: this.nameOf(invite.newPhone) })
          : invite.label ? t("room.invites.for", { label: invite.label }) : "";
        item.textContent = (whom ? whom + ", " : "") + expires + " ";
        const revoke = document.createElement("button");
        revoke.type = "button";
        revoke.className = "quiet";
        revoke.textContent = t("room.invites.revoke");
        revoke.addEventListener("click", () => this.send({ t: "invite.revoke", id: invite.id }));
        item.append(revoke);
        return item;
      }),
    );
    // A link that was revoked (or used) leaves the copy box, so nobody sends a dead link.
    if (this.shown && !frame.created && !frame.unused.some((invite) => invite.id === this.shown)) {
      this.forgetShown();
      // The revoke button that had focus is gone: the count of links says what happened.
      ui.count.tabIndex = -1;
      ui.count.focus();
    }
    if (frame.created) {
      this.shown = frame.created.id;
      this.newPhone = frame.created.newPhone ?? null;
      ui.label.value = "";
      ui.box.hidden = false;
      ui.link.value = location.origin + frame.created.path;
      ui.message.textContent = t("room.invites.message", { text: this.message() });
      ui.status.textContent = "";
      ui.link.focus();
      ui.link.select();
    }
  }

  /** Forgets the link in the clear once it no longer works. */
  forgetShown() {
    this.shown = null;
    this.ui.link.value = "";
    this.ui.box.hidden = true;
  }

  /** Forgets everything (after leaving, or no longer allowed to invite). */
  clear() {
    this.forgetShown();
    this.ui.list.replaceChildren();
    this.ui.asks.replaceChildren();
    this.ui.waiting.hidden = true;
    this.ui.waiting.tabIndex = -1;
    for (const button of this.agreeButtons.values()) button.remove();
    this.agreeButtons.clear();
  }

  /**
   * The sentence that goes with a link: the house's name and what the link is, so an SMS from a number the
   * person may not know does not read like a scam. It names no group: a phone's lock screen shows it to
   * anyone nearby, and which group someone is invited to can be health data (docs/PRIVACY.md).
   */
  message() {
    const house = $("room")?.dataset.house ?? "";
    const text = this.t(this.newPhone ? "room.invites.share.newphone" : "room.invites.share.text", { house });
    // When the group meets, so the person can put it in the calendar before they even open the link.
    return [text, this.meetingTime?.() ?? ""].join(" ").trim();
  }

  async copy() {
    const { ui, t } = this;
    ui.link.select();
    try {
      await navigator.clipboard.writeText(`${this.message()} ${ui.link.value}`);
      ui.status.textContent = t("room.invites.copied");
    } catch {
      // Without the clipboard API only the selected link itself is copied.
      document.execCommand("copy");
      ui.status.textContent = t("room.invites.copied.link");
    }
  }

  async share() {
    try {
      await navigator.share({ text: this.message(), url: this.ui.link.value });
    } catch {
      // The person closed the share sheet: nothing to say.
    }
  }
}
