// The host's invitations: make a one-time link, share or copy it, see the unused ones and revoke them.
// A link exists in the clear only in this page, once, right after it is made (docs/PROTOCOL.md, `invites`).

const $ = (id) => document.getElementById(id);

export class HostInvites {
  constructor({ t, send, lang }) {
    Object.assign(this, { t, send, lang });
    this.shown = null; // the id of the link in the copy box
    this.ui = {
      section: $("host"), make: $("make-invite"), label: $("invite-label"), box: $("new-invite"), link: $("invite-link"), copy: $("copy-invite"),
      share: $("share-invite"), status: $("copy-status"), count: $("unused-count"), list: $("invites"),
    };
    this.ui.make.addEventListener("click", () => {
      const label = this.ui.label.value.trim();
      this.send(label ? { t: "invite.create", label } : { t: "invite.create" });
    });
    this.ui.copy.addEventListener("click", () => this.copy());
    // Where the phone can share (an SMS, a messenger), that is what a host wants; copying is the fallback.
    this.ui.share.hidden = !navigator.share;
    this.ui.share.addEventListener("click", () => this.share());
  }

  render(frame) {
    const { t, ui } = this;
    ui.count.textContent = t("room.invites.unused", { n: frame.unused.length });
    ui.list.replaceChildren(
      ...frame.unused.map((invite) => {
        const item = document.createElement("li");
        const expires = t("room.invites.expires", { date: new Date(invite.expiresAt).toLocaleDateString(this.lang) });
        // The host's own note says whom each link is for; without one, they still differ by date.
        item.textContent = (invite.label ? t("room.invites.for", { label: invite.label }) + ", " : "") + expires + " ";
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
      ui.label.value = "";
      ui.box.hidden = false;
      ui.link.value = location.origin + frame.created.path;
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

  /** Forgets everything (after leaving). */
  clear() {
    this.forgetShown();
    this.ui.list.replaceChildren();
  }

  async copy() {
    const { ui, t } = this;
    ui.link.select();
    try {
      await navigator.clipboard.writeText(ui.link.value);
    } catch {
      document.execCommand("copy");
    }
    ui.status.textContent = t("room.invites.copied");
  }

  async share() {
    try {
      await navigator.share({ text: this.t("room.invites.share.text"), url: this.ui.link.value });
    } catch {
      // The person closed the share sheet: nothing to say.
    }
  }
}
