// The navigation folded behind the "Menu" button on small screens closes with
// Escape too, as a menu is expected to, and the focus goes back to the button
// rather than staying on a link that is no longer shown.
(function () {
  "use strict";
  var menu = document.getElementById("main-nav");
  var button = document.querySelector("[data-bs-target='#main-nav']");
  if (!menu || !button || !window.bootstrap) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.classList.contains("show")) {
      return;
    }
    window.bootstrap.Collapse.getOrCreateInstance(menu, { toggle: false }).hide();
    button.focus();
  });
})();
