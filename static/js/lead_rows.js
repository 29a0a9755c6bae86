// "Add another lead" on the wrap-up: a new empty row, here in the page.
// Without JavaScript the same button posts the form and the server sends it
// back one row longer, with what was typed kept.
(function () {
  "use strict";

  var button = document.querySelector("[data-add-lead]");
  var template = document.getElementById("lead-row-template");
  var rows = document.querySelector("[data-lead-rows]");
  if (!button || !template || !rows) {
    return;
  }
  var total = document.getElementById(button.dataset.total);
  var most = parseInt(button.dataset.max || "10", 10);

  button.addEventListener("click", function (event) {
    var count = parseInt(total.value, 10);
    if (count >= most) {
      return; // let the server say so
    }
    event.preventDefault();
    var html = template.innerHTML
      .replace(/__prefix__/g, String(count))
      .replace(/__number__/g, String(count + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(count + 1);
    // Pressed again at the most rows, the button posts, and the page that
    // comes back should open where it says why no row was added.
    var next = count + 2 > most ? "#lead-limit" : "#lead-" + String(count + 2);
    button.setAttribute("formaction", button.dataset.action + next);
    var first = row.querySelector("input");
    if (first) {
      first.focus();
    }
  });
})();
