// The meeting's structure in the browser: the plan's clock, rounds, free word and the hand queue,
// the break countdown, and the controls for whoever runs the meeting. Everything is drawn from the
// server's `state` frames; the server keeps time.

const $ = (id) => document.getElementById(id);

// Changes announced in words through the status line (docs/PROTOCOL.md, `state`).
const ANNOUNCED = new Set([
  "meeting-started", "meeting-ended", "round-started", "round-ended", "free-word", "one-at-a-time",
  "break-started", "break-extended", "break-ended", "closing-reminder",
]);

const IN_PLACE = new Set(["meeting-ended", "break-started"]);

/** Minutes and seconds left, as "mm:ss" (or "h:mm:ss"). */
export function countdown(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export class MeetingView {
  constructor({ t, send, nameOf, isPresent, you, may, onWritingChanged, announce, whisper, finishShare, focusWriting, ask, notice, describe, time }) {
    Object.assign(this, { t, send, nameOf, isPresent, you, may, onWritingChanged, announce, whisper, finishShare, focusWriting, ask, notice, describe, time });
    this.shape = null;
    this.offset = 0; // server clock minus ours
    this.place = 0; // this person's place in line, as last announced
    this.baseTitle = document.title;
    // A café is open talk until someone starts a meeting (read once: the clock ticks every second).
    this.cafe = $("room").dataset.kind === "cafe";
    // A practice meeting's plan is short and only for its own clock: its countdown would only confuse.
    this.practice = $("room").dataset.kind === "practice";
    this.ui = {
      box: $("meeting"), clock: $("clock"), round: $("round"), prompt: $("round-prompt"), order: $("round-order"), next: $("round-next"),
      turn: $("your-turn"), turnQuestion: $("turn-question"), done: $("done"), pass: $("pass"), free: $("free"), queue: $("queue"),
      hand: $("hand"), raise: $("raise-hand"), lower: $("lower-hand"), freeDone: $("free-done"), breakBox: $("break"),
      breakLine: $("break-line"), breakClock: $("break-clock"), waiting: $("waiting"), cue: $("cue"),
      controls: $("controls"), openControls: $("open-controls"), ended: $("ended"),
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
    // «Borte fra skjermen» belongs to one turn: it lapses when the word moves on.
    if (shape.floor !== this.away) this.away = null;
    this.floorBefore = this.shape?.floor ?? null;
    this.shape = shape;
    this.why = why;
    this.render();
    for (const change of why) this.say(change);
    return why.some((change) => change.e === "meeting-ended");
  }

  /** Whether the room is short for its text: fewer than 24 lines of its own letters high (320×568 at 200 %). */
  short() {
    const room = $("room");
    return room.clientHeight / parseFloat(getComputedStyle(room).fontSize) < 24;
  }

  mayRun() {
    return !!this.may()?.may.run;
  }

  /** Why you may not write now (a locale key), or null: the room's own answer, from its `you` frame. */
  writingBlock() {
    const why = this.may()?.why.write;
    if (!this.may() || this.may().may.write || !why) return null;
    return `room.meeting.wait.${why === "held-back" ? "held" : why}`;
  }

  render() {
    const { shape, ui, t } = this;
    const me = this.you().id;
    ui.box.hidden = false;
    const running = shape.phase === "running";
    const speaking = running && shape.floor === me;
    // The round.
    const round = running ? shape.round : null;
    ui.round.hidden = !round;
    let place = 0;
    if (round) {
      const question = round.prompt ? t(`room.prompt.${round.prompt}`) : round.text;
      ui.prompt.textContent = question;
      ui.turnQuestion.textContent = question;
      // Those still to speak who are here (absent ones will be skipped).
      const upcoming = round.order.slice(round.order.indexOf(round.speaker) + 1).filter((id) => this.isPresent(id));
      ui.next.textContent = upcoming.length ? t("room.meeting.next", { name: this.nameOf(upcoming[0]) }) : t("room.meeting.last");
      // A new round's order shows where there is room for it, and folds to «Neste: Kari» where the screen
      // is short (big text, a small phone); what the person opened or closed stays so for the round.
      const started = `${round.text ?? round.prompt}|${round.order[0]}|${round.order.length}`;
      if (started !== this.roundStarted) {
        this.roundStarted = started;
        $("round-fold").open = !this.short();
      }
      place = upcoming.indexOf(me) + 1;
      ui.order.replaceChildren(
        ...round.order.map((id, index) => {
          const item = document.createElement("li");
          item.textContent = this.nameOf(id);
          if (id === round.speaker) {
            // Marked, and said to screen readers: the writing box's line is the one place that says it in words.
            item.className = "speaking";
            item.setAttribute("aria-current", "step");
            const words = document.createElement("span");
            words.className = "visually-hidden";
            words.textContent = ` ${t("room.meeting.speaking")}`;
            item.append(words);
          } else if (index < round.order.indexOf(round.speaker)) {
            item.className = "spoken";
          }
          return item;
        }),
      );
    }
    ui.turn.hidden = !(round && speaking);
    // In a round, Ferdig sends the share and ends it: one button for it, not two.
    $("composer").classList.toggle("turn", !!(round && speaking));
    // Free word, one at a time.
    const oneAtATime = running && !round && shape.free.oneAtATime;
    ui.free.hidden = !oneAtATime;
    ui.hand.hidden = !oneAtATime;
    if (oneAtATime) {
      const names = shape.free.queue.map((id) => this.nameOf(id));
      ui.queue.textContent = names.length ? t("room.meeting.queue", { names: names.join(", ") }) : t("room.meeting.queue.empty");
      const raised = shape.free.queue.includes(me);
      ui.raise.hidden = raised || speaking;
      ui.lower.hidden = !raised || speaking;
      ui.freeDone.hidden = !speaking;
      // The one who has the word may still head the list; the place counts those waiting.
      if (raised && !speaking) place = shape.free.queue.filter((id) => id !== shape.floor).indexOf(me) + 1;
    }
    this.renderWaiting(round, oneAtATime, speaking, place);
    $("away-row").hidden = !(round && this.away && this.mayRun());
    this.screen();
    // "Din tur." must not linger for a screen reader to find once the word has moved on.
    if (!speaking && this.saidYourTurn) {
      this.saidYourTurn = false;
      this.whisper("");
    }
    if (!speaking) ui.cue.hidden = true;
    // The break, and the end.
    ui.breakBox.hidden = shape.phase !== "break";
    ui.breakLine.hidden = shape.phase !== "break";
    ui.ended.hidden = shape.phase !== "ended";
    // After the end there is nothing to write: the writing box gives its room to the thanks and the questions.
    $("composer").classList.toggle("ended", shape.phase === "ended");
    document.title = speaking ? `${t("room.meeting.yourturn.title")} · ${this.baseTitle}` : this.baseTitle;
    this.renderControls();
    this.tick();
    this.onWritingChanged(this.writingBlock());
  }

  /** "Kari har ordet – du er nummer 2", at the writing box; a new place in line is said once. */
  renderWaiting(round, oneAtATime, speaking, place) {
    const { shape, ui, t } = this;
    let text = "";
    // Free word by hand: the word has come to you. (In a round the turn's own box says it, with the question.)
    if (oneAtATime && speaking) text = t("room.meeting.yourturn");
    else if ((round || oneAtATime) && !speaking) {
      const holder = shape.floor ? this.nameOf(shape.floor) : null;
      if (holder && this.away === shape.floor) text = t("room.away", { name: holder });
      // «nummer 1» could be read as «your turn now»: the one next in line is told just that.
      else if (holder && place) text = t(place === 1 ? "room.meeting.waiting.next" : "room.meeting.waiting.place", { name: holder, n: place });
      else if (holder) text = t(oneAtATime ? "room.meeting.waiting.raise" : "room.meeting.waiting", { name: holder });
      else if (oneAtATime) text = t(place ? "room.meeting.waiting.nobody.place" : "room.meeting.waiting.nobody", { n: place });
    }
    ui.waiting.textContent = text;
    ui.waiting.hidden = !text;
    if (place && place !== this.place) this.whisper(t("room.meeting.place", { n: place }));
    // The place said goes with the line (the word given, the meeting over): «Du er nummer 1.» must not
    // stay behind to be found after it stopped being true.
    if (!place && this.place) this.whisper("");
    this.place = place;
  }

  /** The private time cue: shown at the writing box until the turn ends. */
  showCue() {
    if (this.shape?.floor === this.you().id) this.ui.cue.hidden = false;
  }

  /** «Møtene er hver torsdag kl. 18.00–20.00.», or "" when the room has no weekly time. */
  weekly() {
    const { t } = this;
    const when = this.time();
    if (!when) return "";
    // The room's weekly time, where the house is («torsdag» from the browser's own words for the day).
    const day = new Intl.DateTimeFormat(document.documentElement.lang, { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2024, 0, when.day));
    const clock = (hm) => hm.replace(":", t("room.time.sep"));
    return t("room.time", { day, start: clock(when.start), end: clock(when.end) });
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
    const when = this.time();
    ui.clock.className = "clock";
    if (shape.phase === "not-started" && when) {
      ui.clock.textContent = this.weekly();
      ui.clock.className = "clock when";
    } else if (shape.phase === "not-started") {
      // A café is open talk until someone starts a meeting: nothing to wait for.
      ui.clock.textContent = t(this.cafe ? "room.meeting.notstarted.cafe" : "room.meeting.notstarted");
    } else if (shape.phase === "ended" || this.practice) {
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
        this.saidYourTurn = change.m === me;
        if (this.saidYourTurn) this.alert();
        // Shown at the writing box («Din tur», «Kari har ordet – du er nummer 2»): read out, not said a second
        // time on the screen.
        return this.whisper(change.m === me ? t("room.meeting.yourturn") : t("room.meeting.turn", { name }));
      case "share-ended":
        if (change.end === "passed") this.announce(t("room.meeting.passed", { name }));
        return;
      case "queue":
        // Only when the word has just come to you: hands going up and down elsewhere are not news.
        if (this.shape?.floor === me && this.floorBefore !== me && this.shape.free.oneAtATime && !this.shape.round) {
          this.saidYourTurn = true;
          this.alert();
          this.whisper(t("room.meeting.yourturn"));
        }
        return;
      default: {
        // The end and a break have their own box on the screen: read out, not laid over it as news as well.
        // Older news goes too: «Ordet er fritt» must not stand over a break.
        if (IN_PLACE.has(change.e)) {
          this.announce("");
          return this.whisper(t(`room.meeting.event.${change.e}`));
        }
        if (ANNOUNCED.has(change.e)) return this.announce(t(`room.meeting.event.${change.e}`));
        // Who holds control and the care of the group: said in the conversation, where it happened.
        const text = this.describe(change);
        if (text) this.notice(text);
      }
    }
  }

  /** A page hidden while its person has the word tells the room, so the others know why nothing comes. */
  screen() {
    const mine = this.shape?.phase === "running" && this.shape.floor === this.you().id;
    const hidden = document.visibilityState === "hidden";
    if (mine && hidden && !this.sentAway) this.send({ t: "screen", away: true });
    else if (this.sentAway && mine && !hidden) this.send({ t: "screen", away: false });
    // Once the word moved on the room forgets the mark by itself.
    this.sentAway = mine && hidden;
  }

  /** Someone's page said it is hidden (or shown again) while they have the word. */
  awayChanged(frame) {
    this.away = frame.away ? frame.m : null;
    if (this.shape) this.render();
  }

  /** «Din tur» by vibration and a short tone, for those who turned it on: fetched only then (the first load has a budget). */
  alert() {
    if (this.alerting) import("./alert.js").then((it) => it.alert());
  }

  renderControls() {
    const { shape, ui, t } = this;
    const runner = !!this.mayRun();
    ui.openControls.hidden = !runner;
    if (!runner) ui.controls.hidden = true;
    // When the host drops off, everyone may run the meeting: say so, instead of buttons appearing silently.
    const hostHere = (shape.hosts ?? []).length > 0;
    // A role handed on is said by its own words ("Ola er nå vert"), not as a host coming or going.
    const handedOn = (this.why ?? []).some((change) => ["role", "hosted", "self-organised", "removed", "stepped-out"].includes(change.e));
    if (this.hostHere !== undefined && hostHere !== this.hostHere && !handedOn && !shape.selfOrganised && this.may()?.role !== "host") {
      const text = t(hostHere ? "room.meeting.host-back" : "room.meeting.host-gone");
      this.announce(text);
      this.notice(text);
    }
    this.hostHere = shape.selfOrganised ? undefined : hostHere;
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
    // Each of these buttons hides itself; the writing box keeps the focus, so nobody is thrown to the top.
    const then = (action) => () => {
      action();
      this.focusWriting();
    };
    this.ui.done.addEventListener("click", then(() => this.finishShare()));
    this.ui.pass.addEventListener("click", then(() => send({ t: "pass" })));
    this.ui.freeDone.addEventListener("click", then(() => this.finishShare()));
    this.ui.raise.addEventListener("click", then(() => send({ t: "hand.raise" })));
    this.ui.lower.addEventListener("click", then(() => send({ t: "hand.lower" })));
    $("start-meeting").addEventListener("click", () => send({ t: "meeting.start" }));
    $("end-meeting").addEventListener("click", async () => {
      const { t } = this;
      if (await this.ask(t("room.end.ask"), t("room.end.yes"), t("room.end.no"))) send({ t: "meeting.end" });
    });
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
    $("away-skip").addEventListener("click", () => send({ t: "round.skip" }));
    document.addEventListener("visibilitychange", () => this.screen());
    // A plain on/off kept in this browser (docs/PRIVACY.md); a browser that keeps nothing just forgets it.
    const box = $("turn-alert");
    const store = (() => { try { return localStorage; } catch { return {}; } })();
    box.checked = this.alerting = store["rs.turnalert"] === "on";
    box.addEventListener("change", () => {
      store["rs.turnalert"] = (this.alerting = box.checked) ? "on" : "off";
      // Heard and felt once now, from the tap itself: the browser lets a page make sound only after one.
      this.alert();
    });
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
