/* "Which system is this?" (scripts/widgets/sorter.py renders the markup).
 *
 * Gives each case a labelled list of the systems and a Check button; the feedback line (a polite
 * live region) says in words whether the choice was right, then shows the explanation that the
 * "Show answer" details held. Choosing a system never checks it by itself: Check, or Enter in
 * the list, does. The systems come from the list printed above the cases, so the page and the
 * controls cannot disagree. */
(function () {
  "use strict";

  var el = window.sceWidgets.el;

  function enhanceCase(item, systems, score) {
    var details = item.querySelector(".sce-sorter-answer");
    var explanation = details && details.querySelector(".sce-sorter-explanation");
    var answer = item.getAttribute("data-answer");
    if (!explanation || !answer) return;
    var id = item.id + "-system";

    var form = el("form", {"class": "sce-sorter-form sce-no-print", novalidate: ""});
    var row = form.appendChild(el("p", {"class": "sce-sorter-controls"}));
    row.appendChild(el("label", {"for": id}, "Which system?"));
    var text = item.querySelector(".sce-sorter-text");
    var select = row.appendChild(el("select", text && text.id ? {id: id, "aria-describedby": text.id} : {id: id}));
    select.appendChild(el("option", {value: ""}, "Choose a system…"));
    systems.forEach(function (s) { select.appendChild(el("option", {value: s.id}, s.label)); });
    row.appendChild(el("button", {type: "submit", "class": "md-button sce-button"}, "Check"));
    var feedback = form.appendChild(el("div", {
      "class": "sce-sorter-feedback", role: "status", "aria-live": "polite"}));
    var verdict = feedback.appendChild(el("p", {"class": "sce-sorter-verdict"}));
    explanation.hidden = true;
    feedback.appendChild(explanation);

    function clear() {
      verdict.textContent = "";
      explanation.hidden = true;
      feedback.removeAttribute("data-result");
    }

    select.addEventListener("change", clear);
    // Enter checks, as it does in the quiz's radio groups (a select alone would not submit).
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clear();
      if (!select.value) {
        verdict.textContent = "Choose a system first.";
        return;
      }
      var right = select.value === answer;
      var chosen = select.options[select.selectedIndex].textContent;
      verdict.appendChild(el("span", {"class": "sce-sorter-icon", "aria-hidden": "true"}, right ? "✔" : "✘"));
      verdict.appendChild(document.createTextNode(right ? " Right: " + chosen + "." :
        " Not this one: you chose " + chosen + "."));
      feedback.setAttribute("data-result", right ? "right" : "wrong");
      explanation.hidden = false;
      if (!score.record(item.id, right)) {
        verdict.appendChild(document.createTextNode(" (The tally keeps your first answer to this case.)"));
      }
    });

    details.parentNode.replaceChild(form, details);
  }

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    root.setAttribute("data-enhanced", "true");
    var systems = Array.prototype.map.call(root.querySelectorAll(".sce-sorter-systems li[data-system]"),
      function (li) {
        var label = li.querySelector(".sce-sorter-label");
        return {id: li.getAttribute("data-system"), label: (label || li).textContent.trim()};
      });
    var cases = root.querySelectorAll(".sce-sorter-case");
    var line = el("p", {"class": "sce-sorter-score sce-no-print"});
    var results = {};
    var score = {
      // Keeps the first answer to each case (the explanation then gives the right one away);
      // false if this case had been answered before.
      record: function (id, right) {
        if (id in results) return false;
        results[id] = right;
        var ids = Object.keys(results);
        var correct = ids.filter(function (k) { return results[k]; }).length;
        line.textContent = "Sorted: " + correct + " right of " + ids.length + " answered, out of " +
          cases.length + " cases. Only your first answer to each case counts.";
        return true;
      }
    };
    cases.forEach(function (item) { enhanceCase(item, systems, score); });
    root.insertBefore(line, root.querySelector(".sce-answer-key"));
  }

  function init() {
    document.querySelectorAll('[data-widget="sorter"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
