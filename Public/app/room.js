// The live room in the browser. Nothing said here is ever written to the browser's storage:
// messages live in the page only, and leaving the room removes them.

import { MeetingView } from "./meeting.js";
import { Composer, Reload } from "./composer.js";
import { HostInvites } from "./invites.js";
import { Group } from "./group.js";
import { Conversation } from "./conversation.js";
import { ask, cancelAsk, panel } from "./panels.js";

const strings = JSON.parse(document.getElementById("strings").textContent);
const lang = document.documentElement.lang || "nb";

/** The text for a key, with {placeholders} filled in. */
function t(key, values = {}) {
  let text = strings[key] ?? strings["room.error.unknown"] ?? key;
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

const $ = (id) => document.getElementById(id);
const root = $("room");
const roomId = root.dataset.room;
const maxLength = Number(root.dataset.max) || 2000;
// The page as sent names no room (a link preview reads it): the room's welcome does, to whom it lets in.
const nameless = { heading: $("room-name").textContent, title: document.title };
const ui = {
  status: $("status"), live: $("live"), present: $("present"),
  composer: $("composer"), text: $("text"), leave: $("leave"), left: $("left"), rejoin: $("rejoin"), host: $("host"),
  makeInvite: $("make-invite"),
};

// Close codes that mean "do not try again by yourself" (docs/PROTOCOL.md).
const FINAL = {
  4401: "room.close.not-member", 4403: "room.close.forbidden", 4404: "room.close.unknown-room", 1008: "room.close.flood",
  4410: "room.close.removed", 4411: "room.close.stepped-out", 4412: "room.close.practice-over", 4413: "room.close.moved",
};
// Said in the box as well as the status line: the page has nothing else to show meanwhile.
const WAITING_BOX = new Set([4423, 4430]);
const AGAIN = {
  4429: "room.close.full", 4420: "room.close.too-fast", 1001: "room.close.restarting",
  1009: "room.close.too-large", 1007: "room.close.bad-text", 4423: "room.close.locked", 4430: "room.close.capped",
};
// How long to wait before trying again after these, in ms; others back off from 1 s.
const WAIT = { 4429: 10000, 4420: 30000, 4423: 60000, 4430: 30000 };

const state = {
  socket: null, meeting: null, seq: 0, you: null, may: null, present: new Map(), typing: new Map(),
  leaving: false, attempts: 0, everConnected: false, retryTimer: null,
};

const meeting = new MeetingView({
  t,
  send: (frame) => send(frame),
  nameOf: (id) => state.present.get(id)?.name ?? t("room.meeting.absent"),
  isPresent: (id) => state.present.has(id),
  you: () => state.you ?? {},
  may: () => state.may,
  describe: (change) => group.describe(change),
  onWritingChanged: (block) => composer.setBlock(block),
  announce: (text) => say(text),
  whisper: (text) => whisper(text),
  finishShare: () => composer.finishShare(),
  focusWriting: () => ui.text.focus(),
  ask,
  notice: (text) => notice(text),
  time: () => state.room?.time,
});
const invites = new HostInvites({
  t, send: (frame) => send(frame), lang, ask, notice: (text, strong, action) => notice(text, strong, action),
  nameOf: (id) => state.present.get(id)?.name ?? group.memberName(id) ?? t("room.meeting.absent"),
  meetingTime: () => meeting.weekly(), me: () => state.you?.id, openMenu: () => people.open(),
});
const group = new Group({
  t, send: (frame) => send(frame), ask, cancelAsk, lang, notice: (text, strong, action) => notice(text, strong, action), announce: (text) => say(text),
  me: () => state.you?.id, nameOf: (id) => state.present.get(id)?.name ?? t("room.meeting.absent"), kind: () => state.room?.kind,
});
const composer = new Composer({ t, send: (frame) => send(frame), maxLength });
// The questions after a meeting are fetched when a meeting ends, not with the room: the first load has a budget.
let evaluation = null; // once loaded
const evaluationLoaded = () =>
  import("./evaluation.js").then(({ Evaluation }) => (evaluation ??= new Evaluation({ t, send: (frame) => send(frame) })));
// Only a practice meeting has a guide: its script is fetched there alone.
const guide = root.dataset.kind === "practice" ? import("./practice.js").then(({ PracticeGuide }) => new PracticeGuide({ t })) : null;
const conversation = new Conversation({
  t, lang, nameOf: (id) => state.present.get(id)?.name, me: () => state.you?.id, ended: () => meeting.shape?.phase === "ended",
});
const reload = new Reload({
  roomId,
  where: () => (state.meeting ? { meeting: state.meeting, seq: state.seq } : null),
  hasDraft: () => ui.text.value.trim() !== "",
  leaving: () => state.leaving,
});
// After a reload: back where the page was, so the house can give what was said while it loaded.
if (reload.before?.meeting) {
  state.meeting = reload.before.meeting;
  state.seq = reload.before.seq;
}
const controls = panel($("open-controls"), $("controls"));
const people = panel($("open-people"), $("people"));
// A control that acts closes the panel, so whoever runs the meeting sees what it did and can write.
// Ending the meeting asks first: its panel stays until the answer.
$("controls").addEventListener("click", (event) => {
  if (event.target.closest("button:not(.close-panel):not(#end-meeting)")) controls.close(ui.text);
});
$("controls").addEventListener("change", (event) => {
  if (event.target.type === "checkbox") controls.close(ui.text);
});
$("ctl-round").addEventListener("submit", () => controls.close(ui.text));

// MARK: Connecting

function connect() {
  clearTimeout(state.retryTimer);
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let url = `${scheme}://${location.host}/r/${encodeURIComponent(roomId)}/ws`;
  if (state.meeting) url += `?meeting=${encodeURIComponent(state.meeting)}&since=${state.seq}`;
  const socket = new WebSocket(url);
  state.socket = socket;
  socket.addEventListener("message", (event) => {
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    handle(frame);
  });
  socket.addEventListener("close", (event) => {
    if (state.socket !== socket) return;
    state.socket = null;
    setConnected(false);
    if (state.leaving) return;
    if (FINAL[event.code]) {
      ui.leave.hidden = event.code !== 1008;
      if (event.code === 1008) {
        say(t(FINAL[event.code]), true);
        return showRejoin();
      }
      // The box below says it, once; the bar's status line and clock make room for it.
      say("");
      // No way in from here (no key, no such room, removed, stepped out): the words, and a way on, not an empty room.
      // A guest sent out was not in a group: their words say the café.
      const cafe = root.dataset.kind === "cafe";
      const guest = state.may?.role === "guest";
      let key = FINAL[event.code];
      if (event.code === 4410 && guest) key = "room.close.sent-out";
      // A café guest's pass lasts for the sitting: after it (or a restart), they come in again as they did.
      if (event.code === 4401 && cafe && (guest || !state.everConnected)) key = "room.close.guest-gone";
      // Sent on from an invitation link that was used already, to a browser that is not in the group.
      else if (event.code === 4401 && fromUsedLink && !state.everConnected) key = "room.close.link-used";
      $("closed-text").textContent = t(key);
      $("closed").hidden = false;
      $("open-people").hidden = true;
      if ([4404, 4410, 4411, 4412, 4413].includes(event.code)) {
        // No longer in the group (or the house deleted the room): what was said here is not theirs to
        // keep on the screen, nor is the group's name, and there is nowhere to write.
        clearConversation();
        showName(null);
        meeting.shape = null;
        $("clock").textContent = "";
        ui.live.hidden = true;
        ui.composer.hidden = true;
        $("open-controls").hidden = true;
        for (const open of document.querySelectorAll(".panel")) open.hidden = true;
      }
      $("closed-text").tabIndex = -1;
      $("closed-text").focus();
      return;
    }
    // Spread over half to one and a half times the step, so that a whole house of pages coming back after a
    // restart does not knock in the same instant (bench/load.py, SCENARIO=storm, plays this).
    const delay = Math.min(15000, 1000 * 2 ** state.attempts) * (0.5 + Math.random());
    state.attempts += 1;
    if (WAITING_BOX.has(event.code) && !state.everConnected) {
      // Said once, in the box: the page has nothing else to show meanwhile.
      $("closed-text").textContent = t(AGAIN[event.code]);
      $("closed").hidden = false;
      say("");
    } else {
      say(AGAIN[event.code] ? t(AGAIN[event.code]) : t("room.reconnecting"), true);
    }
    state.retryTimer = setTimeout(connect, WAIT[event.code] ?? delay);
  });
}

/** Drops the current socket without waiting for its close (a phone that lost its network never gets one). */
function abandon() {
  const socket = state.socket;
  if (!socket) return;
  state.socket = null;
  setConnected(false);
  socket.close(4000, "offline");
}

// A phone going through a tunnel: say so at once, and come back the moment the network does.
window.addEventListener("offline", () => {
  if (state.leaving || !state.socket) return;
  abandon();
  say(t("room.reconnecting"), true);
});
window.addEventListener("online", () => {
  if (state.leaving || state.socket) return;
  state.attempts = 0;
  connect();
});

function handle(frame) {
  switch (frame.t) {
    case "welcome": return welcome(frame);
    case "joined":
      state.seq = frame.s;
      state.present.set(frame.m.id, frame.m);
      renderPresent();
      if (meeting.shape) meeting.render();
      if (frame.m.id !== state.you?.id) notice(t("room.joined", { name: frame.m.name }));
      return;
    case "left":
      state.seq = frame.s;
      // Your own comings and goings (a replayed drop-off) are not news to you.
      if (frame.m !== state.you?.id) {
        const item = notice(t("room.leftnotice", { name: state.present.get(frame.m)?.name ?? "?" }));
        // If the state that follows says they left the group, that line replaces this one.
        state.lastLeft = { m: frame.m, item };
      }
      state.present.delete(frame.m);
      conversation.stopTyping(frame.m);
      renderPresent();
      if (meeting.shape) meeting.render();
      return;
    case "said": return said(frame);
    case "state":
      state.seq = frame.s;
      if (frame.why.some((c) => ["stepped-out", "removed", "sent-out"].includes(c.e) && c.m === state.lastLeft?.m)) state.lastLeft.item?.remove();
      state.lastLeft = null;
      state.shape = frame.shape;
      renderPresent();
      // A member list on the screen that still shows someone removed would invite removing them twice.
      if (frame.why.some((c) => ["stepped-out", "removed"].includes(c.e))) group.refreshMembers();
      if (meeting.update(frame.shape, frame.now, frame.why)) {
        clearConversation();
        // A practice meeting's answers would count for nothing: its questions are not asked.
        if (root.dataset.kind !== "practice") evaluationLoaded().then((questions) => questions.offer());
        // The thanks, and under it the questions, are what everyone should see now, wherever they were
        // in the conversation.
        conversation.follow = false;
        $("ended").scrollIntoView({ block: "start" });
        // Older news would lie over the thanks.
        if (ui.status.dataset.passing === "yes") say("");
      }
      return;
    case "cue":
      // Shown at the writing box; read out once in full, without taking the status line's height too.
      meeting.showCue();
      return whisper(t("room.meeting.cue"));
    case "typing": return conversation.typing(frame.m);
    case "error":
      if (evaluation?.open && frame.code === "not-asked") return evaluation.refused(frame.code);
      return showError(frame.code);
    case "evaluated": return void evaluationLoaded().then((questions) => questions.counted());
    case "guide": return void guide?.then((it) => it.show(frame.step));
    case "invites": return invites.render(frame);
    case "you": return you(frame);
    case "members": return group.renderMembers(frame);
    case "cafe": return group.renderCafe(frame);
    case "signal": return invites.signal(frame) || group.signal(frame);
    // Someone's membership moved to their new phone: said as that, never as a leaving or a removal.
    case "moved":
      group.refreshMembers();
      return void notice(t("room.moved", { name: frame.name }));
    case "time":
      state.room.time = frame.time;
      return meeting.tick();
    case "screen": return meeting.awayChanged(frame);
  }
}

function welcome(frame) {
  conversation.follow = true;
  const newMeeting = state.meeting !== null && state.meeting !== frame.meeting;
  if (newMeeting) clearConversation();
  state.meeting = frame.meeting;
  state.seq = frame.s;
  state.you = frame.you;
  state.room = frame.room;
  state.attempts = 0;
  state.present = new Map(frame.present.map((person) => [person.id, person]));
  state.shape = frame.shape;
  showName(frame.room.name);
  // The room's time and calendar: for its members (a guest or a practice visitor has no key to open them).
  $("time-link").href = `${location.pathname}/tid`;
  $("time-row").hidden = frame.you.role === "guest" || root.dataset.kind === "practice";
  renderPresent();
  const ended = frame.shape.phase === "ended";
  meeting.update(frame.shape, frame.now, []);
  if (ended) clearConversation();
  ui.live.hidden = false;
  ui.composer.hidden = false;
  $("closed").hidden = true;
  composer.fit();
  ui.left.hidden = true;
  ui.leave.hidden = false;
  setConnected(true);
  const reloaded = reload.before;
  reload.before = null;
  if (reloaded && !newMeeting) {
    // The conversation before the reload is gone for good, and so is a draft: said in the conversation, where it shows.
    say(t("room.connected", { room: frame.room.name }));
    const what = [t(frame.resumed ? "room.reloaded.resumed" : "room.reloaded")];
    if (reloaded.draft) what.push(t("room.reloaded.draft"));
    notice(what.join(" "), true);
  } else if (newMeeting) say(t("room.newmeeting"));
  else if (frame.resumed) say(t("room.resumed"));
  else if (state.everConnected) say(t("room.gap"));
  else say(t("room.connected", { room: frame.room.name }));
  state.everConnected = true;
}

/** The room's name in the bar and the tab, or (null) the page's own nameless words again. */
function showName(name) {
  $("room-name").textContent = name ?? nameless.heading;
  meeting.baseTitle = name ? `${name} · ${root.dataset.house}` : nameless.title;
  document.title = meeting.baseTitle;
}

/** What the room says this person may do now: the controls, the invites and the care of the group follow it. */
function you(frame) {
  const before = state.may;
  state.may = frame;
  group.setYou(frame);
  invites.setYou(frame);
  // A café's guests come by its link and code (in the menu's café part): it has no invitations to make.
  const invitesHere = frame.may.invite && root.dataset.kind !== "cafe";
  ui.host.hidden = !invitesHere;
  // Whoever may invite sees the unused links at once, also when the role was just handed to them.
  if (invitesHere && !before?.may.invite) send({ t: "invite.list" });
  if (!frame.may.invite) invites.clear();
  renderPresent();
  if (meeting.shape) meeting.render();
}

// MARK: The conversation

function said(frame) {
  state.seq = frame.s;
  conversation.said(frame);
  composer.confirm(frame.ref);
}

/** An error from the room: said where the person is looking (an open panel covers the writing box). */
function showError(code) {
  const open = [...document.querySelectorAll(".panel:not(.ask)")].find((section) => !section.hidden);
  const line = open?.querySelector(".panel-error");
  if (!line) return composer.showError(code);
  line.textContent = t(`room.error.${code}`);
  line.scrollIntoView({ block: "nearest" });
}

function notice(text, strong = false, action = null) {
  return conversation.notice(text, strong, action);
}

function clearConversation() {
  conversation.clear();
}

function renderPresent() {
  group.renderPresent(state.present, state.shape);
}

// MARK: Writing

function send(frame) {
  if (state.socket?.readyState !== WebSocket.OPEN) return false;
  state.socket.send(JSON.stringify(frame));
  return true;
}

/** The socket opened or closed: sending and making links wait for it; writing never does. */
function setConnected(connected) {
  ui.makeInvite.disabled = !connected;
  composer.setConnected(connected);
}

// MARK: Leaving

function leave() {
  state.leaving = true;
  clearTimeout(state.retryTimer);
  // Say goodbye, so the others are told at once (a dropped connection gets a grace instead).
  if (state.socket?.readyState === WebSocket.OPEN) state.socket.send(JSON.stringify({ t: "leave" }));
  state.socket?.close(1000);
  state.socket = null;
  clearConversation();
  ui.present.replaceChildren();
  composer.clear();
  invites.clear();
  state.meeting = null;
  state.may = null;
  state.everConnected = false;
  reload.forget();
  ui.live.hidden = true;
  ui.composer.hidden = true;
  ui.leave.hidden = true;
  for (const open of document.querySelectorAll(".panel")) open.hidden = true;
  $("open-controls").hidden = true;
  document.title = meeting.baseTitle;
  say("");
  showRejoin();
}

function showRejoin() {
  ui.left.hidden = false;
  $("left-heading").tabIndex = -1;
  $("left-heading").focus();
}

ui.leave.addEventListener("click", async () => {
  if (await ask(t("room.leave.ask"), t("room.leave.yes"), t("room.leave.no"))) leave();
});
// A practice meeting has no way back in after «Gå ut»: its page offers another one instead.
ui.rejoin?.addEventListener("click", () => {
  state.leaving = false;
  ui.left.hidden = true;
  say(t("room.connecting"));
  connect();
});

/** Tells screen readers something the page already shows where it belongs (the cue, a place in line). */
function whisper(text) {
  $("news").textContent = text;
}

let statusTimer = null;

/**
 * Says something in the bar's status line (read out politely by screen readers). News fades after a
 * while, so it does not take the height the conversation needs; a state that lasts (a lost connection,
 * a closed door) stays until it changes.
 */
function say(text, lasting = false) {
  clearTimeout(statusTimer);
  ui.status.textContent = text;
  ui.status.dataset.passing = !lasting && text ? "yes" : "";
  if (!lasting && text) statusTimer = setTimeout(() => (ui.status.textContent = ""), 12000);
}

// Opened from an invitation link that was used already (the same SMS next week): a member goes straight in;
// anyone else is told what to do. The address loses its `?link=used`.
const fromUsedLink = new URLSearchParams(location.search).get("link") === "used";
if (fromUsedLink) history.replaceState(null, "", location.pathname);

// Right after accepting the invite: how to come back next week, once. The address loses its `?first`,
// so a bookmark or a home-screen icon made now opens the room itself.
if (new URLSearchParams(location.search).has("first")) {
  $("come-back").hidden = false;
  history.replaceState(null, "", location.pathname);
  $("come-back-ok").addEventListener("click", () => {
    $("come-back").hidden = true;
    conversation.followAgain();
    ui.text.focus();
  });
}

composer.update();
setConnected(false);
connect();
