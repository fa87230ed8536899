// Type-ahead pickers: any <input data-lookup="KIND"> offers, as one types, the records
// GET /lookup/KIND?q=… answers (articles, speakers, sources, members), in a list under the
// field. Up and down move through the list, Enter picks, Escape closes it.
//
// Without this script the field is a plain text box and the form sends what was typed (a
// name, a title, an address or an id); the server resolves it. With it, the form still
// sends the typed text, unless a record was picked: then it sends that record's id, so
// two articles with the same title can be told apart. The field keeps its label, so a
// person sees the name they picked, while a hidden input under the field's name carries
// what is sent.
"use strict";

(() => {
  const ROOT = new URL("..", document.currentScript.src); // the app's root: …/static/..
  const WAIT_MS = 150; // typing pause before asking the server
  let fields = 0;

  function enhance(input) {
    const kind = input.dataset.lookup;
    const name = input.getAttribute("name");
    if (!kind || !name || input.dataset.lookupReady) return;
    input.dataset.lookupReady = "1";
    fields += 1;

    const sent = document.createElement("input");
    sent.type = "hidden";
    sent.name = name;
    sent.value = input.value;
    input.removeAttribute("name");
    input.after(sent);

    const list = document.createElement("ul");
    list.id = `${input.id || `lookup-${fields}`}-options`;
    list.className = "lookup-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    sent.after(list);
    input.parentElement.classList.add("lookup-field");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.autocomplete = "off";

    let matches = [];
    let active = -1;
    let asked = 0; // numbers the requests, so a late answer never replaces a newer one
    let timer = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((option, at) => option.setAttribute("aria-selected", String(at === index)));
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(match) {
      input.value = match.label;
      sent.value = String(match.id);
      close();
      input.dispatchEvent(new Event("change", { bubbles: true })); // e.g. data-autosubmit
    }

    function show(found) {
      matches = found;
      list.replaceChildren(
        ...found.map((match, at) => {
          const option = document.createElement("li");
          option.id = `${list.id}-${at}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.id = String(match.id);
          option.textContent = match.label;
          // mousedown, not click: the field must not lose focus (and close the list) first
          option.addEventListener("mousedown", (event) => {
            event.preventDefault();
            pick(match);
          });
          return option;
        }),
      );
      if (found.length && document.activeElement === input) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    async function ask(text) {
      const number = ++asked;
      const url = new URL(`lookup/${encodeURIComponent(kind)}`, ROOT);
      url.searchParams.set("q", text);
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return [];
        const found = await response.json();
        return number === asked && Array.isArray(found) ? found : null;
      } catch {
        return []; // offline or logged out: the field stays a plain text box
      }
    }

    input.addEventListener("input", () => {
      sent.value = input.value; // typed text is sent as typed until a record is picked
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) {
        asked += 1;
        show([]);
        return;
      }
      timer = setTimeout(async () => {
        const found = await ask(text);
        if (found) show(found);
      }, WAIT_MS);
    });

    input.addEventListener("keydown", (event) => {
      const open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!matches.length) return;
        event.preventDefault();
        if (!open) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        let next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= matches.length) next = 0;
        if (next < 0) next = matches.length - 1;
        highlight(next);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // pick, do not send the form yet
        pick(matches[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        event.stopPropagation(); // the page's own Escape (leave the field) waits for a second one
        close();
      }
    });

    input.addEventListener("blur", close);

    // A field shown again with an id in it (a refused form, a shared URL) shows its name.
    const start = input.value.trim();
    if (/^[0-9]+$/.test(start)) {
      ask(start).then((found) => {
        const named = (found || []).find((match) => String(match.id) === start);
        if (named && input.value.trim() === start) input.value = named.label;
      });
    }
  }

  document.querySelectorAll("input[data-lookup]").forEach(enhance);
})();
