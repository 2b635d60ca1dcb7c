// The panels that open from the room's bar, and the one kind of question the room asks before it acts.
// A panel lies over the conversation, so a new message never moves what the person is about to press.

const $ = (id) => document.getElementById(id);

/** Wires a bar button to its panel: opens and closes it, keeps aria-expanded true, and returns focus. */
export function panel(button, section) {
  const close = (focus = button) => {
    if (section.hidden) return;
    section.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (!focus.hidden) focus.focus();
  };
  const open = () => {
    for (const other of document.querySelectorAll(".panel:not(.ask)")) if (other !== section && !other.hidden) other.hidden = true;
    for (const other of document.querySelectorAll("[aria-controls]")) other.setAttribute("aria-expanded", "false");
    section.hidden = false;
    button.setAttribute("aria-expanded", "true");
    // An error shown the last time it was open is old news now.
    const error = section.querySelector(".panel-error");
    if (error) error.textContent = "";
    const heading = section.querySelector("h2");
    heading.tabIndex = -1;
    heading.focus();
  };
  button.addEventListener("click", () => (section.hidden ? open() : close()));
  section.querySelector(".close-panel").addEventListener("click", () => close());
  section.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  return { open, close };
}

// The question open now: answering it (or putting it aside) resolves its promise.
let open = null;

/**
 * Asks before something that cannot be undone (leaving, ending the meeting), in the room's own words.
 * Resolves true only when the person said yes; focus goes back to where it was. One question at a time:
 * a new one (an offer arriving) puts the open one aside, which resolves it with null, never with yes.
 */
export function ask(text, yes, no) {
  cancelAsk();
  const box = $("ask");
  const before = document.activeElement;
  $("ask-text").textContent = text;
  $("ask-yes").textContent = yes;
  $("ask-no").textContent = no;
  box.hidden = false;
  // From the top; when big text makes it taller than the screen, focusing the safe answer brings the
  // buttons into view with the question's last sentence (every question ends with what it asks).
  box.scrollTop = 0;
  $("ask-no").focus();
  return new Promise((resolve) => {
    const answer = (value) => {
      open = null;
      box.hidden = true;
      $("ask-yes").removeEventListener("click", onYes);
      $("ask-no").removeEventListener("click", onNo);
      box.removeEventListener("keydown", onKey);
      if (!value && before?.isConnected) before.focus();
      resolve(value);
    };
    open = answer;
    const onYes = () => answer(true);
    const onNo = () => answer(false);
    const onKey = (event) => {
      if (event.key === "Escape") answer(false);
    };
    $("ask-yes").addEventListener("click", onYes);
    $("ask-no").addEventListener("click", onNo);
    box.addEventListener("keydown", onKey);
  });
}

/** Puts the open question aside, unanswered (it resolves with null). */
export function cancelAsk() {
  if (open) open(null);
}
