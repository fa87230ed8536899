// The claim list's "select all on this page": ticks or clears every row's box. Without
// this script the box is still sent, and the server takes every claim of the page.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var all = document.querySelector("[data-select-all]");
    if (!all || !all.form) return;
    var rows = all.form.querySelectorAll('input[type="checkbox"][name="ids"]');
    all.addEventListener("change", function () {
      rows.forEach(function (box) { box.checked = all.checked; });
    });
    rows.forEach(function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) all.checked = false;
      });
    });
  });
})();
