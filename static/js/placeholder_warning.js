// The compose page's warning, kept true while the student types: which
// placeholders in braces are still to be replaced before the request can go
// out. The server says the same on every load and refuses to send otherwise;
// this only keeps the words beside the text current.
(function () {
  "use strict";
  var warning = document.getElementById("unfilled-warning");
  if (!warning) {
    return;
  }
  var known = warning.dataset.placeholders.split(" ");
  var names = warning.querySelector("[data-names]");
  var form = warning.closest("form");
  var boxes = form.querySelectorAll("[name=subject], [name=message], [name=voicemail]");

  function update() {
    var found = [];
    boxes.forEach(function (box) {
      var pattern = /\{([a-z_]+)\}/g;
      var match;
      while ((match = pattern.exec(box.value)) !== null) {
        if (known.indexOf(match[1]) !== -1 && found.indexOf(match[1]) === -1) {
          found.push(match[1]);
        }
      }
    });
    names.textContent = found.map(function (name) { return "{" + name + "}"; }).join(", ");
    warning.hidden = found.length === 0;
  }

  boxes.forEach(function (box) {
    box.addEventListener("input", update);
  });
})();
