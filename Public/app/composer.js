// The writing box at the bottom of the room: what is written stays until the server has it, the send
// button says why it waits, and on a touch screen Enter makes a new line (the button sends).

const $ = (id) => document.getElementById(id);

export class Composer {
  constructor({ t, send, maxLength }) {
    Object.assign(this, { t, send, maxLength });
    this.connected = false;
    this.block = null; // why sending waits now (a locale key), or null
    this.pendingRef = null; // the `ref` of the draft sent, until it comes back as `said`
    this.lastTypingSent = 0;
    this.touch = window.matchMedia("(pointer: coarse)").matches;
    this.ui = {
      form: $("composer"), text: $("text"), send: $("send"), count: $("count"), hint: $("composer-hint"),
      enterHint: $("enter-hint"), error: $("composer-error"), wait: $("composer-wait"),
    };
    this.wire();
    // The box gets wider or narrower when a button beside it comes or goes (Send, in a turn): fitted again then.
    let width = 0;
    new ResizeObserver(() => {
      if (this.ui.text.clientWidth !== width) {
        width = this.ui.text.clientWidth;
        this.fit();
      }
    }).observe(this.ui.text);
  }

  /** Sends what is in the box. Returns whether it went (the draft stays until the server confirms it). */
  sendDraft() {
    const text = this.ui.text.value;
    if (!text.trim()) return this.showError("empty"), false;
    if (text.length > this.maxLength) return this.showError("too-long"), false;
    const ref = Math.random().toString(36).slice(2, 12);
    if (!this.send({ t: "say", ref, text })) return false;
    this.pendingRef = ref;
    this.ui.error.textContent = "";
    return true;
  }

  /** Ferdig: sends what is written, then ends the share, in one tap. A draft that cannot go keeps the turn. */
  finishShare() {
    if (this.ui.text.value.trim() && !this.sendDraft()) return;
    this.send({ t: "done" });
  }

  /** A `said` came back: if it was this draft, only now is it let go. */
  confirm(ref) {
    if (!ref || ref !== this.pendingRef) return;
    this.pendingRef = null;
    this.ui.text.value = "";
    this.update();
  }

  setConnected(connected) {
    this.connected = connected;
    this.apply();
  }

  /** Someone else has the floor, or a break: what was typed stays, and the box stays writable. */
  setBlock(block) {
    this.block = block;
    this.apply();
  }

  apply() {
    const { ui, t, connected, block } = this;
    ui.send.disabled = !connected || block !== null;
    // The button says why it waits; a slow typist can write their share before their turn.
    const label = !connected ? t("room.send.offline") : block ? t(block.replace("room.meeting.wait.", "room.send.wait.")) : t("room.send");
    if (ui.send.textContent !== label) ui.send.textContent = label;
    // Changed only when it changes, so a screen reader does not hear it again at every update.
    const wait = connected && block ? t(block) : "";
    if (ui.wait.textContent !== wait) ui.wait.textContent = wait;
  }

  /** The count shows near the limit; the box grows with what is written, up to a few lines. */
  update() {
    const { ui, t, maxLength } = this;
    const n = ui.text.value.length;
    ui.count.textContent = n > maxLength * 0.8 ? t("room.count", { n, max: maxLength }) : "";
    ui.hint.hidden = !ui.enterHint.textContent && !ui.count.textContent;
    this.fit();
  }

  /** Fits the box to what is written (up to its CSS maximum) and keeps it in view in the dock. */
  fit() {
    const { text, form } = this.ui;
    if (!text.offsetParent) return; // hidden: nothing to measure yet
    text.style.height = "";
    // An empty box stays one line: a placeholder wrapped by big text is no reason to take the conversation's room.
    if (text.value && text.scrollHeight > text.clientHeight) text.style.height = `${text.scrollHeight + 4}px`;
    form.scrollTop = form.scrollHeight;
  }

  showError(code) {
    this.ui.error.textContent = this.t(`room.error.${code}`);
  }

  clear() {
    this.ui.text.value = "";
    this.pendingRef = null;
    this.update();
  }

  wire() {
    const { ui } = this;
    const submit = (event) => {
      event.preventDefault();
      if (this.block || !this.connected) return;
      this.sendDraft();
    };
    ui.form.addEventListener("submit", submit);
    ui.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !this.touch) submit(event);
    });
    // On a touch screen the button is plain to see; the keyboard's Enter is worth a word.
    ui.enterHint.textContent = this.touch ? "" : this.t("room.enter.hint");
    // When the screen is too small for the whole dock, the writing box (its last part) is what stays in view,
    // also when what is attached to it changes (a turn, a cue, a place in line).
    const keepInView = () => (ui.form.scrollTop = ui.form.scrollHeight);
    ui.text.addEventListener("focus", keepInView);
    if (window.ResizeObserver) new ResizeObserver(keepInView).observe($("cta"));
    ui.text.addEventListener("input", () => {
      this.update();
      if (ui.error.textContent) ui.error.textContent = "";
      const now = Date.now();
      if (ui.text.value && now - this.lastTypingSent > 3000) {
        this.lastTypingSent = now;
        this.send({ t: "typing" });
      }
    });
  }
}

// What a reload can keep, and what it cannot. An old phone reloads the tab after a switch to the SMS app, and a
// person may pull to refresh. Any browser store that outlives the page (sessionStorage too) may be written to disk
// for session restore, so what was said and what is being written never go there (docs/PRIVACY.md, «A reload»).
// Kept for one reload, and read back and deleted at once: where the page was in the meeting (its random id and the
// number of the last event seen, so the house can give what was said while the page loaded) and whether there was
// a draft (yes or no, never its words). While there is a draft, the browser asks before the page is left.
// In this file, with the writing box whose draft it is about: each module the room page loads is one more request
// on a slow phone, and the first load has a budget (docs/PERFORMANCE.md).

const KEEP_MS = 10 * 60 * 1000;

export class Reload {
  constructor({ roomId, where, hasDraft, leaving }) {
    Object.assign(this, { where, hasDraft, leaving });
    this.key = `rs.reload.${roomId}`;
    this.before = this.recall();
    const remember = () => this.remember();
    addEventListener("pagehide", remember);
    // On a phone the page may be killed while hidden, with no pagehide: hidden is the last sure moment.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") remember();
    });
    addEventListener("beforeunload", (event) => {
      if (this.hasDraft() && !this.leaving()) event.preventDefault();
    });
  }

  /** What the page before this one left: `{ meeting, seq, draft }`, or null. Deleted as it is read. */
  recall() {
    try {
      const kept = JSON.parse(sessionStorage.getItem(this.key) ?? "null");
      sessionStorage.removeItem(this.key);
      if (!kept || typeof kept !== "object" || !(Date.now() - kept.at < KEEP_MS)) return null;
      return { meeting: typeof kept.meeting === "string" ? kept.meeting : null, seq: Number(kept.seq) || 0, draft: kept.draft === true };
    } catch {
      return null; // storage refused (a private window, a full disk): a reload starts afresh
    }
  }

  remember() {
    const where = this.where();
    try {
      if (!where || this.leaving()) sessionStorage.removeItem(this.key);
      else sessionStorage.setItem(this.key, JSON.stringify({ meeting: where.meeting, seq: where.seq, draft: this.hasDraft(), at: Date.now() }));
    } catch {
      // Nothing to keep then.
    }
  }

  /** Whoever leaves the room takes nothing of it along. */
  forget() {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // Nothing was kept.
    }
  }
}
