// The questions offered when a meeting ends: answered once, or skipped. Only what was ticked is sent;
// the house adds it to the room's totals for the month, with no name, no meeting and no time.

export class Evaluation {
  constructor({ t, send }) {
    Object.assign(this, { t, send });
    const $ = (id) => document.getElementById(id);
    this.ui = { form: $("evaluation"), error: $("evaluation-error"), skip: $("evaluation-skip"), thanks: $("evaluation-thanks") };
    this.ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.ui.skip.addEventListener("click", () => this.close(""));
  }

  /** The meeting just ended with this person present: the questions, fresh. */
  offer() {
    const { ui } = this;
    ui.form.reset();
    ui.error.textContent = "";
    ui.thanks.textContent = "";
    ui.form.hidden = false;
  }

  submit() {
    const answers = Object.fromEntries(new FormData(this.ui.form).entries());
    if (Object.keys(answers).length === 0) {
      this.ui.error.textContent = this.t("evaluation.none");
      return;
    }
    if (!this.send({ t: "evaluate", answers })) this.ui.error.textContent = this.t("room.send.offline");
  }

  /** The house counted the answers (on any of this person's screens). */
  counted() {
    this.close(this.t("evaluation.thanks"));
  }

  /** The house will not count them (the questions were not for this person, or not any more). */
  refused(code) {
    this.close(this.t(`room.error.${code}`));
  }

  close(text) {
    const { ui } = this;
    // The button pressed is about to disappear: focus goes to what is said instead of to the page's top.
    const hadFocus = ui.form.contains(document.activeElement);
    ui.form.hidden = true;
    ui.thanks.textContent = text;
    if (hadFocus) {
      ui.thanks.tabIndex = -1;
      ui.thanks.focus();
    }
  }

  /** Whether the questions are showing (an error from the house is then theirs). */
  get open() {
    return !this.ui.form.hidden;
  }
}
