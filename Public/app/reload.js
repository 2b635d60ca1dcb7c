// What a reload can keep, and what it cannot. An old phone reloads the tab after a switch to the SMS app, and a
// person may pull to refresh. Any browser store that outlives the page (sessionStorage too) may be written to disk
// for session restore, so what was said and what is being written never go there (docs/PRIVACY.md, «A reload»).
// Kept for one reload, and read back and deleted at once: where the page was in the meeting (its random id and the
// number of the last event seen, so the house can give what was said while the page loaded) and whether there was
// a draft (yes or no, never its words). While there is a draft, the browser asks before the page is left.

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
