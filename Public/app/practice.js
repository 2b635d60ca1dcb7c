// A practice meeting's guide line at the writing box: what to try now, from the server's pretend
// igangsetter. It can be hidden and shown again; at the end it offers another practice meeting.

export class PracticeGuide {
  constructor({ t }) {
    this.t = t;
    const $ = (id) => document.getElementById(id);
    this.ui = { box: $("guide"), text: $("guide-text"), hide: $("guide-hide"), showRow: $("guide-show-row"), show: $("guide-show"), end: $("practice-end") };
    this.hidden = false;
    if (!this.ui.box) return;
    // The first step is in the page already (a live region present from the start, so changes are read).
    this.hidden = false;
    this.ui.hide.addEventListener("click", () => this.setHidden(true));
    this.ui.show.addEventListener("click", () => this.setHidden(false));
  }

  /** The next step: its words, read out once (the box is a live region only while it changes). */
  show(step) {
    const { ui, t } = this;
    if (!ui.box) return;
    ui.text.textContent = t(`practice.guide.${step}`);
    if (step === "ended") ui.end.hidden = false;
    if (!this.hidden) ui.box.hidden = false;
  }

  setHidden(hidden) {
    const { ui } = this;
    this.hidden = hidden;
    ui.box.hidden = hidden;
    ui.showRow.hidden = !hidden;
    (hidden ? ui.show : ui.hide).focus();
  }
}
