// A form sent back with errors: its summary takes the focus, so that it is
// read out first and the next Tab reaches its links. Its autofocus attribute
// does the same without JavaScript, but not when the address names a part of
// the page, which then takes the focus instead: the skip link's #main stays
// in the address that a form without an action posts back to. Here the
// summary matters more, so the part is dropped from the address.
// Each link in it takes the focus to its field, not only the view: following
// a link to a field scrolls to it but leaves it unfocused.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  if (window.location.hash) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  summary.focus();
  summary.querySelectorAll("a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.hash.slice(1));
      var field = target && target.matches("input, select, textarea")
        ? target
        : target && target.querySelector("input, select, textarea");
      if (field) {
        event.preventDefault();
        field.focus();
      }
    });
  });
})();
