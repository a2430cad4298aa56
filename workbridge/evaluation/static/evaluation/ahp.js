// The AHP comparison table: after a check or save, the cells the server refused are marked (the message above the
// table names each pair in words); every other cell is cleared of an earlier mark.
(function () {
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "ahp-result") return;
    var form = document.getElementById("ahp-form");
    if (!form) return;
    var box = document.getElementById("ahp-error");
    var bad = box && box.dataset.badCells ? box.dataset.badCells.split(" ") : [];
    form.querySelectorAll("input[name^='a_']").forEach(function (input) {
      var wrong = bad.indexOf(input.name) !== -1;
      input.classList.toggle("invalid", wrong);
      if (wrong) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  });
})();
