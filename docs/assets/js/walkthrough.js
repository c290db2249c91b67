/* Joint-punishment walkthrough (scripts/widgets/walkthrough.py renders the markup).
 *
 * The markup is the whole scenario as an ordered list of steps, each ending in links to the
 * steps its choices lead to. This script shows one step at a time, turns the choices into
 * buttons, adds Back and Start again, moves focus to the new step's heading and announces the
 * step in a polite live region. The list and its links stay in the page for print
 * (walkthrough.css shows every step there). */
(function () {
  "use strict";

  var el = window.sceWidgets.el;

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    var list = root.querySelector(".sce-wt-steps");
    var steps = list ? Array.prototype.slice.call(list.querySelectorAll(":scope > .sce-wt-step")) : [];
    if (!steps.length) return;
    root.setAttribute("data-enhanced", "true");
    var byId = {};
    var history = [];

    var intro = root.querySelector(".sce-wt-intro");
    if (intro) {
      intro.textContent = "Follow one person from a lost court case, one step at a time. At each " +
        "step, choose what happens next; Back and Start again take you back.";
    }
    var status = el("p", {"class": "sce-wt-status sce-no-print", role: "status", "aria-live": "polite"});
    root.insertBefore(status, list);

    steps.forEach(function (step) {
      var id = step.id.replace(/^wt-/, "");
      byId[id] = step;
      var title = step.querySelector(".sce-wt-title");
      var heading = el("h3", {"class": "sce-wt-title", tabindex: "-1"}, title.textContent.trim());
      step.replaceChild(heading, title);
      var choices = step.querySelector(".sce-wt-choices");
      if (!choices) return;
      choices.classList.add("sce-print-only");
      var buttons = el("div", {"class": "sce-wt-buttons sce-no-print", role: "group",
        "aria-label": "What happens next?"});
      choices.querySelectorAll("li[data-next]").forEach(function (li) {
        var label = li.querySelector(".sce-wt-label");
        var button = el("button", {type: "button", "class": "md-button sce-button"},
          (label || li).textContent.trim());
        var next = li.getAttribute("data-next");
        button.addEventListener("click", function () { go(history.concat([next])); });
        buttons.appendChild(button);
      });
      choices.parentNode.insertBefore(buttons, choices.nextSibling);
    });

    var nav = el("p", {"class": "sce-wt-nav sce-no-print"});
    var back = nav.appendChild(el("button", {type: "button", "class": "md-button sce-button"}, "Back"));
    var restart = nav.appendChild(el("button", {type: "button", "class": "md-button sce-button"}, "Start again"));
    list.parentNode.insertBefore(nav, list.nextSibling);
    back.addEventListener("click", function () { go(history.slice(0, -1)); });
    restart.addEventListener("click", function () { go([history[0]]); });

    function go(path, quiet) {
      var current = byId[path[path.length - 1]];
      if (!current) return;
      history = path;
      steps.forEach(function (step) { step.classList.toggle("sce-wt-current", step === current); });
      root.classList.add("sce-wt-enhanced");
      var heading = current.querySelector(".sce-wt-title");
      var ends = !current.querySelector(".sce-wt-buttons");
      back.disabled = history.length < 2;
      restart.disabled = history.length < 2;
      if (quiet) return;
      status.textContent = "Step " + history.length + " of your path: " + heading.textContent +
        (ends ? ". This path ends here." : ".");
      heading.focus();
    }

    go([steps[0].id.replace(/^wt-/, "")], true);
  }

  function init() {
    document.querySelectorAll('[data-widget="walkthrough"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
