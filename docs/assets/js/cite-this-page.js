/* "Cite this page": a Copy button for each citation style.
 * Uses the Clipboard API where the browser allows it (https, localhost); otherwise selects the
 * text so the reader can press Ctrl+C / Cmd+C. Announces the result in the box's status line. */
(function () {
  "use strict";

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function enhance(box) {
    if (box.getAttribute("data-enhanced")) return;
    box.setAttribute("data-enhanced", "true");
    var status = box.querySelector('[role="status"]');
    box.querySelectorAll("button[data-copy]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      var style = button.closest("dd").previousElementSibling.textContent;
      button.addEventListener("click", function () {
        var text = target.textContent;
        var done = function () { status.textContent = style + " citation copied."; };
        var fallback = function () {
          select(target);
          status.textContent = style + " citation selected: press Ctrl+C (or Cmd+C) to copy.";
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  function init() {
    document.querySelectorAll('[data-widget="cite-this-page"]').forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
