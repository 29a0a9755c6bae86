// Live word count for text areas marked data-word-count. The server shows the
// same count when the page loads; this keeps it current while typing.
(function () {
  "use strict";

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  document.querySelectorAll("textarea[data-word-count]").forEach(function (area) {
    var output = document.getElementById(area.id + "-words");
    if (!output) {
      return;
    }
    var target = parseInt(output.dataset.target || "0", 10);
    function update() {
      var count = countWords(area.value);
      output.querySelector("[data-count]").textContent = count;
      output.classList.toggle("text-danger", target > 0 && count > target);
    }
    area.addEventListener("input", update);
    update();
  });
})();
