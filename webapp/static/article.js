// The article page's enhancements: log a claim by selecting its words (highlights are
// <mark>s, so a selection may start or end inside one), and a live character counter
// for the summary. Without this file the "New claim" page still works. The page that
// places a lost claim again uses the same selection for the claim's new words.
"use strict";

(() => {
  const CONTEXT = 32; // characters of context each side, as the server keeps them
  const codePoints = (text) => Array.from(text);

  // Summary counters: any field with data-counter="N" shows how many characters are used.
  for (const field of document.querySelectorAll("[data-counter]")) {
    const limit = Number(field.dataset.counter);
    const counter = document.createElement("p");
    counter.className = "counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    const update = () => {
      const used = codePoints(field.value).length;
      counter.textContent = `${used} / ${limit} characters`;
      counter.classList.toggle("counter--over", used > limit);
    };
    field.addEventListener("input", update);
    update();
  }

  // "Did you mean": a closest speaker name fills its form's speaker field.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-fill]");
    if (!button) return;
    const form = button.closest("form");
    const speaker = form && Array.from(form.elements).find((el) => /(^|-)speaker$/.test(el.name));
    if (!speaker) return;
    speaker.value = button.dataset.fill;
    const create = Array.from(form.elements).find((el) => /(^|-)new_speaker$/.test(el.name));
    if (create) create.checked = false;
    speaker.focus();
  });

  const text = document.getElementById("article-text");
  const card = document.getElementById("selection-card");
  const button = document.getElementById("selection-button");
  if (!text || !card || !button) return;
  const form = card.querySelector("form");

  // Selecting works now: say so, instead of pointing at the typed-quote form.
  const selectHint = document.getElementById("select-hint");
  const typedHint = document.getElementById("typed-hint");
  if (selectHint && typedHint) {
    selectHint.hidden = false;
    typedHint.hidden = true;
  }

  // Every character of the body sits in exactly one element carrying its offset
  // (data-start), so the body is the concatenation of those elements' text.
  const pieces = Array.from(text.querySelectorAll("[data-start]"));
  const body = codePoints(pieces.map((piece) => piece.textContent).join(""));

  // Offsets count code points, like Python's str; JavaScript strings count UTF-16 units.
  function offsetIn(piece, node, offset) {
    const before = document.createRange();
    before.selectNodeContents(piece);
    before.setEnd(node, offset);
    return Number(piece.dataset.start) + codePoints(before.toString()).length;
  }

  function selectionSpan() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) return null;
    let start = null;
    let end = null;
    for (const piece of pieces) {
      if (!range.intersectsNode(piece)) continue;
      const pieceStart = Number(piece.dataset.start);
      const pieceEnd = pieceStart + codePoints(piece.textContent).length;
      const from = piece.contains(range.startContainer)
        ? offsetIn(piece, range.startContainer, range.startOffset) : pieceStart;
      const to = piece.contains(range.endContainer)
        ? offsetIn(piece, range.endContainer, range.endOffset) : pieceEnd;
      if (start === null) start = from;
      end = to;
    }
    if (start === null) return null;
    // a selection usually catches a space at either end; the claim's words do not
    while (start < end && /\s/u.test(body[start])) start += 1;
    while (end > start && /\s/u.test(body[end - 1])) end -= 1;
    if (start >= end) return null;
    return { start, end, rect: range.getBoundingClientRect() };
  }

  let current = null;

  function refresh() {
    current = selectionSpan();
    if (!current) {
      button.hidden = true;
      return;
    }
    button.style.top = `${window.scrollY + current.rect.bottom + 6}px`;
    button.style.left = `${Math.max(8, window.scrollX + current.rect.left)}px`;
    button.hidden = false;
  }

  // Placed at the end of <body> so its absolute position is relative to the page.
  document.body.appendChild(button);
  text.addEventListener("mouseup", () => setTimeout(refresh, 0));
  text.addEventListener("keyup", refresh);
  text.addEventListener("touchend", () => setTimeout(refresh, 0));
  document.addEventListener("selectionchange", () => {
    if (!button.hidden && !selectionSpan()) button.hidden = true;
  });

  button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  button.addEventListener("click", () => {
    if (!current) return;
    const { start, end } = current;
    form.elements.quote.value = body.slice(start, end).join("");
    form.elements.start.value = String(start);
    form.elements.prefix.value = body.slice(Math.max(0, start - CONTEXT), start).join("");
    form.elements.suffix.value = body.slice(end, end + CONTEXT).join("");
    card.hidden = false;
    button.hidden = true;
    card.scrollIntoView({ block: "nearest" });
    // A new claim goes on to its summary; a lost claim placed again has only its words.
    const next = form.elements.summary || form.elements.quote;
    next.dispatchEvent(new Event("input"));
    next.focus();
  });

  const cancel = document.getElementById("selection-cancel");
  if (cancel) {
    cancel.addEventListener("click", () => {
      card.hidden = true;
      form.reset();
    });
  }
})();
