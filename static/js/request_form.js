// Choosing another channel loads that channel's draft. Without JavaScript the
// links beside the choice do the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-redraft-url]");
  if (!form) {
    return;
  }
  form.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      window.location.assign(form.dataset.redraftUrl + "?channel=" + encodeURIComponent(radio.value));
    });
  });
})();
