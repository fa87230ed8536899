// The claim page's small enhancements; the page works without them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // The "Shortcuts" button is only useful with JavaScript, so it starts hidden.
  const help = document.getElementById("shortcut-help");
  const toggle = document.querySelector(".shortcut-toggle");
  if (help && toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => { help.hidden = !help.hidden; });
  }

  // Opening a folded form (by click or shortcut) puts the cursor in its first field.
  for (const details of document.querySelectorAll("details.actionform")) {
    details.addEventListener("toggle", () => {
      if (!details.open) return;
      const field = details.querySelector("select, input:not([type=hidden]), textarea");
      if (field) field.focus();
    });
  }

  // After a refused change, bring the first message into view.
  const problem = document.querySelector(".conflict, .field--invalid, .actionform .alert--error");
  if (problem) {
    problem.scrollIntoView({ block: "center" });
    const field = problem.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus({ preventScroll: true });
  }
});
