// The Print button of a printable page (brief, letter, card): the browser's
// own Print dialog. The button itself is not printed (print.css, .no-print).
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
