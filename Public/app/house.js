// The house page: a button that copies a link shown once. The page works without it (the field is
// selectable); its words come with the button, from the server.
for (const button of document.querySelectorAll("button.copy[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  if (!field) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.select();
    let copied = true;
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      copied = document.execCommand("copy");
    }
    if (status) status.textContent = copied ? button.dataset.copied : button.dataset.failed;
  });
}
