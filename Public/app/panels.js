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

/**
 * Asks before something that cannot be undone (leaving, ending the meeting), in the room's own words.
 * Resolves true only when the person said yes; focus goes back to where it was.
 */
export function ask(text, yes, no) {
  const box = $("ask");
  const before = document.activeElement;
  $("ask-text").textContent = text;
  $("ask-yes").textContent = yes;
  $("ask-no").textContent = no;
  box.hidden = false;
  $("ask-no").focus();
  return new Promise((resolve) => {
    const answer = (value) => {
      box.hidden = true;
      $("ask-yes").removeEventListener("click", onYes);
      $("ask-no").removeEventListener("click", onNo);
      box.removeEventListener("keydown", onKey);
      if (!value && before?.isConnected) before.focus();
      resolve(value);
    };
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
