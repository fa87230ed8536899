// Claimdesk's small progressive enhancements. Every page works without this file, except
// creating a claim by selecting text in an article.
"use strict";

// Keyboard shortcuts: any element with data-shortcut="k" is clicked (or focused, for
// form fields) when that key is pressed outside a text field. "?" lists them.
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable]")) {
    if (event.key === "Escape") target.blur();
    return;
  }
  if (event.key === "?") {
    const help = document.getElementById("shortcut-help");
    if (help) { help.hidden = !help.hidden; event.preventDefault(); }
    return;
  }
  const element = document.querySelector(`[data-shortcut="${CSS.escape(event.key)}"]`);
  if (!element) return;
  event.preventDefault();
  if (element.matches("input, textarea, select")) {
    element.focus();
  } else {
    element.scrollIntoView({ block: "center" });
    element.click();
  }
});

// A <select> or <input> with data-autosubmit sends its form when it changes (filter bars).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// Buttons with data-confirm ask first.
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  const message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
  // A ticked confirmation box (the way to confirm without JavaScript) already answered.
  const box = event.target.querySelector("input[data-confirms]");
  if (box && box.checked) return;
  if (message && !window.confirm(message)) event.preventDefault();
});
