// What is said in the room, in the page only: the messages, the notices, who is typing, and following
// the conversation as it grows. Nothing of it is ever written to the browser's storage; leaving clears it.

const $ = (id) => document.getElementById(id);

export class Conversation {
  constructor({ t, lang, nameOf, me, ended }) {
    Object.assign(this, { t, lang, nameOf, me, ended });
    this.follow = true;
    this.ourScrollTop = -1;
    this.typers = new Map(); // member id -> the timer that forgets them
    this.actions = 0; // lines with a button, to name each line for the button it describes
    this.ui = { live: $("live"), log: $("log"), empty: $("empty"), typing: $("typing"), below: $("new-below") };
    this.wire();
  }

  /** A message, as everyone present sees it. */
  said(frame) {
    this.stopTyping(frame.m);
    const item = document.createElement("li");
    item.className = frame.m === this.me() ? "msg mine" : "msg";
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = this.nameOf(frame.m) ?? "?";
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = new Date(frame.at).toLocaleTimeString(this.lang, { hour: "2-digit", minute: "2-digit" });
    const text = document.createElement("p");
    text.className = "text";
    // Shown with at most one blank line in a row: a wall of empty lines must not push the room away.
    text.textContent = frame.text.replace(/\n\s*\n(\s*\n)+/g, "\n\n");
    item.append(who, " ", time, text);
    this.append(item);
  }

  /**
   * A line about the room (someone came, a role was handed on); returns it, so it can be taken back. An `action`
   * (a button that belongs to the line, such as agreeing to an ask) comes with it, described by its words,
   * so a screen reader hears the line once, whole.
   */
  notice(text, strong = false, action = null) {
    const item = document.createElement("li");
    item.className = strong ? "notice strong" : "notice";
    if (action) {
      const words = document.createElement("span");
      words.id = `notice-${++this.actions}`;
      words.textContent = text;
      action.setAttribute("aria-describedby", words.id);
      item.append(words, " ", action);
    } else {
      item.textContent = text;
    }
    this.append(item);
    return item;
  }

  append(item) {
    const { ui } = this;
    ui.empty.hidden = true;
    ui.log.append(item);
    // Keep the page bounded: a long meeting must not slow an old phone down.
    while (ui.log.children.length > 500) ui.log.firstElementChild.remove();
    if (this.follow) this.toBottom();
    else ui.below.hidden = false;
  }

  /** Follows the conversation unless the person scrolled up themselves to read something earlier. */
  toBottom() {
    const { ui } = this;
    ui.live.scrollTop = ui.live.scrollHeight;
    this.ourScrollTop = ui.live.scrollTop;
    ui.below.hidden = true;
  }

  /** Follow again from now (a new sitting, the come-back hint put away). */
  followAgain() {
    this.follow = true;
    this.toBottom();
  }

  clear() {
    const { ui } = this;
    ui.log.replaceChildren();
    // After the end, the end's own words say it; "nobody has written yet" would be wrong.
    ui.empty.hidden = this.ended();
    ui.typing.textContent = "";
    this.typers.forEach((timer) => clearTimeout(timer));
    this.typers.clear();
  }

  typing(member) {
    clearTimeout(this.typers.get(member));
    this.typers.set(member, setTimeout(() => this.stopTyping(member), 5000));
    this.renderTyping();
  }

  stopTyping(member) {
    clearTimeout(this.typers.get(member));
    if (this.typers.delete(member)) this.renderTyping();
  }

  renderTyping() {
    const { t } = this;
    const names = [...this.typers.keys()].map((id) => this.nameOf(id)).filter(Boolean);
    this.ui.typing.textContent =
      names.length === 0 ? "" : names.length === 1 ? t("room.typing.one", { name: names[0] }) : t("room.typing.many", { names: names.join(", ") });
  }

  wire() {
    const { ui } = this;
    // Only the person's own scrolling decides whether to follow: boxes growing above (a round, the end)
    // or the writing area growing below must not leave new messages out of sight.
    ui.live.addEventListener("scroll", () => {
      // Our own scroll's event arrives a frame later, when more may have been added: being where we put
      // the person (or back there) is following.
      if (ui.live.scrollTop === this.ourScrollTop) {
        this.follow = true;
        return;
      }
      this.follow = ui.live.scrollTop + ui.live.clientHeight >= ui.live.scrollHeight - 40;
      if (this.follow) ui.below.hidden = true;
    });
    if (window.ResizeObserver) {
      new ResizeObserver(() => this.follow && this.toBottom()).observe(ui.live);
      new ResizeObserver(() => this.follow && this.toBottom()).observe(ui.log);
    }
    ui.below.addEventListener("click", () => this.followAgain());
  }
}
