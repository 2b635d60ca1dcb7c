// The meeting's structure in the browser: the plan's clock, rounds, free word and the hand queue,
// the break countdown, and the controls for whoever runs the meeting. Everything is drawn from the
// server's `state` frames; the server keeps time.

const $ = (id) => document.getElementById(id);

// Changes announced in words through the status line (docs/PROTOCOL.md, `state`).
const ANNOUNCED = new Set([
  "meeting-started", "meeting-ended", "round-started", "round-ended", "free-word", "one-at-a-time",
  "break-started", "break-extended", "break-ended", "closing-reminder",
]);

/** Minutes and seconds left, as "mm:ss" (or "h:mm:ss"). */
export function countdown(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export class MeetingView {
  constructor({ t, send, nameOf, isPresent, you, onWritingChanged, announce }) {
    Object.assign(this, { t, send, nameOf, isPresent, you, onWritingChanged, announce });
    this.shape = null;
    this.offset = 0; // server clock minus ours
    this.ui = {
      box: $("meeting"), clock: $("clock"), round: $("round"), prompt: $("round-prompt"), order: $("round-order"), next: $("round-next"),
      turn: $("your-turn"), done: $("done"), pass: $("pass"), free: $("free"), queue: $("queue"),
      hand: $("hand"), raise: $("raise-hand"), lower: $("lower-hand"), freeDone: $("free-done"), breakBox: $("break"),
      breakClock: $("break-clock"), controls: $("controls"), ended: $("ended"),
    };
    this.wire();
    setInterval(() => this.tick(), 1000);
  }

  serverNow() {
    return Date.now() + this.offset;
  }

  /** A welcome or state frame arrived. Returns whether the meeting has just ended. */
  update(shape, now, why = []) {
    this.offset = now - Date.now();
    this.shape = shape;
    this.render();
    for (const change of why) this.say(change);
    return why.some((change) => change.e === "meeting-ended");
  }

  mayRun() {
    return this.you().role === "host" || this.shape?.anyoneRuns;
  }

  /** Why you may not write now (a locale key), or null. Mirrors the server's rules. */
  writingBlock() {
    const shape = this.shape;
    if (!shape) return null;
    if (shape.phase === "ended") return "room.meeting.wait.ended";
    if (shape.phase === "break") return shape.plan.talkDuringBreak ? null : "room.meeting.wait.break";
    if (shape.phase === "running" && (shape.round || shape.free.oneAtATime) && shape.floor !== this.you().id) {
      return shape.round ? "room.meeting.wait.round" : "room.meeting.wait.hand";
    }
    return null;
  }

  render() {
    const { shape, ui, t } = this;
    const me = this.you().id;
    ui.box.hidden = false;
    // The round.
    const round = shape.phase === "running" ? shape.round : null;
    ui.round.hidden = !round;
    if (round) {
      ui.prompt.textContent = round.prompt ? t(`room.prompt.${round.prompt}`) : round.text;
      // The next one who is here (absent ones will be skipped).
      const next = round.order.slice(round.order.indexOf(round.speaker) + 1).find((id) => this.isPresent(id));
      ui.next.textContent = next ? t("room.meeting.next", { name: this.nameOf(next) }) : t("room.meeting.last");
      ui.order.replaceChildren(
        ...round.order.map((id, index) => {
          const item = document.createElement("li");
          item.textContent = this.nameOf(id);
          if (id === round.speaker) {
            item.className = "speaking";
            item.setAttribute("aria-current", "step");
            item.append(" ", t("room.meeting.speaking"));
          } else if (index < round.order.indexOf(round.speaker)) {
            item.className = "spoken";
          }
          return item;
        }),
      );
    }
    const speaking = shape.phase === "running" && shape.floor === me;
    ui.turn.hidden = !(round && speaking);
    // Free word, one at a time.
    const oneAtATime = shape.phase === "running" && !round && shape.free.oneAtATime;
    ui.free.hidden = !oneAtATime;
    ui.hand.hidden = !oneAtATime;
    if (oneAtATime) {
      const names = shape.free.queue.map((id) => this.nameOf(id));
      ui.queue.textContent = names.length ? t("room.meeting.queue", { names: names.join(", ") }) : t("room.meeting.queue.empty");
      const raised = shape.free.queue.includes(me);
      ui.raise.hidden = raised;
      ui.lower.hidden = !raised || speaking;
      ui.freeDone.hidden = !speaking;
    }
    // The break.
    ui.breakBox.hidden = shape.phase !== "break";
    // The end.
    ui.ended.hidden = shape.phase !== "ended";
    this.renderControls();
    this.tick();
    this.onWritingChanged(this.writingBlock());
  }

  /** Counts down once a second from the server's deadlines. */
  tick() {
    const shape = this.shape;
    if (!shape) return;
    const now = this.serverNow();
    const { t, ui } = this;
    if (shape.phase === "break") {
      ui.breakClock.textContent = countdown(shape.breakEndsAt - now);
    }
    if (shape.phase === "not-started") {
      ui.clock.textContent = t("room.meeting.notstarted");
    } else if (shape.phase === "ended") {
      ui.clock.textContent = "";
    } else if (shape.endsAt) {
      let text = t("room.meeting.left", { time: countdown(shape.endsAt - now) });
      if (shape.phase === "running" && shape.breakAt && shape.breakAt > now) {
        text += " · " + t("room.meeting.breakin", { time: countdown(shape.breakAt - now) });
      }
      ui.clock.textContent = text;
    }
  }

  /** Tells screen readers (and everyone) what changed, through the polite status line. */
  say(change) {
    const { t } = this;
    const name = change.m ? this.nameOf(change.m) : "";
    const me = this.you().id;
    switch (change.e) {
      case "turn":
        return this.announce(change.m === me ? t("room.meeting.yourturn") : t("room.meeting.turn", { name }));
      case "share-ended":
        if (change.end === "passed") this.announce(t("room.meeting.passed", { name }));
        return;
      case "queue":
        if (this.shape?.floor === me && this.shape.free.oneAtATime && !this.shape.round) this.announce(t("room.meeting.yourturn"));
        return;
      default:
        if (ANNOUNCED.has(change.e)) this.announce(t(`room.meeting.event.${change.e}`));
    }
  }

  renderControls() {
    const { shape, ui } = this;
    ui.controls.hidden = !this.mayRun();
    const show = (id, visible) => ($(id).hidden = !visible);
    const running = shape.phase === "running";
    show("ctl-start", shape.phase === "not-started" || shape.phase === "ended");
    show("ctl-round", running && !shape.round);
    show("ctl-in-round", running && !!shape.round);
    show("ctl-free", running && !shape.round);
    show("ctl-break", running && !shape.round);
    show("ctl-on-break", shape.phase === "break");
    show("ctl-end", running || shape.phase === "break");
    $("ctl-one-at-a-time").checked = !!shape.free.oneAtATime;
  }

  wire() {
    const send = (frame) => this.send(frame);
    this.ui.done.addEventListener("click", () => send({ t: "done" }));
    this.ui.pass.addEventListener("click", () => send({ t: "pass" }));
    this.ui.freeDone.addEventListener("click", () => send({ t: "done" }));
    this.ui.raise.addEventListener("click", () => send({ t: "hand.raise" }));
    this.ui.lower.addEventListener("click", () => send({ t: "hand.lower" }));
    $("start-meeting").addEventListener("click", () => send({ t: "meeting.start" }));
    $("end-meeting").addEventListener("click", () => send({ t: "meeting.end" }));
    $("ctl-round").addEventListener("submit", (event) => {
      event.preventDefault();
      const choice = $("round-choice").value;
      const shuffle = $("round-shuffle").checked;
      if (choice === "custom") send({ t: "round.start", text: $("round-custom").value, shuffle });
      else send({ t: "round.start", prompt: choice, shuffle });
    });
    $("round-choice").addEventListener("change", () => {
      $("round-custom-field").hidden = $("round-choice").value !== "custom";
    });
    $("skip").addEventListener("click", () => send({ t: "round.skip" }));
    $("end-round").addEventListener("click", () => send({ t: "round.end" }));
    $("ctl-one-at-a-time").addEventListener("change", (event) => send({ t: "free.one-at-a-time", on: event.target.checked }));
    for (const button of document.querySelectorAll("[data-break]")) {
      const minutes = button.dataset.break;
      // "plan": the room's planned break, whose length the server knows.
      button.addEventListener("click", () => send(minutes === "plan" ? { t: "break.start" } : { t: "break.start", minutes: Number(minutes) }));
    }
    $("resume").addEventListener("click", () => send({ t: "break.resume" }));
    $("extend").addEventListener("click", () => send({ t: "break.extend", minutes: 5 }));
  }
}
