/* Self-check quizzes (scripts/widgets/quiz.py renders the markup).
 *
 * Turns each question's static form (stem, option list, "Show answer" details) into a form:
 * fieldset and legend, one radio button per option, a Check button and a feedback line in a
 * polite live region. The existing nodes are moved, not copied, so citations keep their links
 * and ids stay unique. Nothing is submitted until the reader presses Check (or Enter): arrow
 * keys only move the selection. Feedback says right or wrong in words; the icon and colour only
 * repeat it. The score counts each question's first answer: after a wrong one the explanation is
 * shown, so a second try would score the answer the page just gave away. A classic script, for
 * pages opened from file://. */
(function () {
  "use strict";

  var el = window.sceWidgets.el;

  function moveChildren(from, to) {
    while (from.firstChild) to.appendChild(from.firstChild);
  }

  function enhanceQuestion(q, score) {
    var stem = q.querySelector(".sce-quiz-stem");
    var items = q.querySelectorAll(".sce-quiz-options > li");
    var details = q.querySelector(".sce-quiz-answer");
    var explanation = details && details.querySelector(".sce-quiz-explanation");
    var answer = q.getAttribute("data-answer");
    if (!stem || !items.length || !explanation || !answer) return;

    var form = el("form", {"class": "sce-quiz-form", novalidate: ""});
    var fieldset = form.appendChild(el("fieldset"));
    var legend = fieldset.appendChild(el("legend", {"class": "sce-quiz-stem", id: q.id + "-question"}));
    moveChildren(stem, legend);
    var labels = [];
    items.forEach(function (li, i) {
      var value = String(i + 1), id = q.id + "-option-" + value;
      var row = fieldset.appendChild(el("div", {"class": "sce-quiz-option"}));
      row.appendChild(el("input", {type: "radio", name: q.id, id: id, value: value}));
      var label = row.appendChild(el("label", {"for": id}));
      var letter = li.getAttribute("data-letter");
      if (letter) label.appendChild(el("span", {"class": "sce-quiz-letter"}, letter + ". "));
      moveChildren(li, label);
      labels.push(letter || label.textContent.trim());
    });

    var actions = form.appendChild(el("p", {"class": "sce-quiz-actions sce-no-print"}));
    actions.appendChild(el("button", {type: "submit", "class": "md-button sce-button",
      "aria-describedby": q.id + "-question"}, "Check"));
    var feedback = form.appendChild(el("div", {
      "class": "sce-quiz-feedback sce-no-print", role: "status", "aria-live": "polite"}));
    var verdict = feedback.appendChild(el("p", {"class": "sce-quiz-verdict"}));
    explanation.hidden = true;
    feedback.appendChild(explanation);

    function clear() {
      verdict.textContent = "";
      explanation.hidden = true;
      feedback.removeAttribute("data-result");
    }

    form.addEventListener("change", clear);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input:checked");
      clear();
      if (!chosen) {
        verdict.textContent = "Choose an answer first.";
        return;
      }
      var right = chosen.value === answer;
      verdict.appendChild(el("span", {"class": "sce-quiz-icon", "aria-hidden": "true"}, right ? "✔" : "✘"));
      verdict.appendChild(document.createTextNode(right ? " Correct." :
        " Not quite: you chose " + labels[Number(chosen.value) - 1] + "."));
      feedback.setAttribute("data-result", right ? "right" : "wrong");
      explanation.hidden = false;
      if (!score.record(q.id, right)) {
        verdict.appendChild(document.createTextNode(" (The score keeps your first answer to this question.)"));
      }
    });

    q.insertBefore(form, stem);
    [stem, q.querySelector(".sce-quiz-options"), details].forEach(function (e) { e.remove(); });
  }

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    root.setAttribute("data-enhanced", "true");
    var questions = root.querySelectorAll(".sce-quiz-q");
    var intro = root.querySelector(".sce-quiz-intro");
    if (intro) {
      intro.textContent = questions.length + " questions on this chapter. Choose an answer and " +
        "press Check (or Enter) to see whether you were right, with an explanation and its source.";
    }
    var line = el("p", {"class": "sce-quiz-score sce-no-print"});
    var results = {};
    var score = {
      // Records the first answer to each question; false if this one had been answered before.
      record: function (id, right) {
        if (id in results) return false;
        results[id] = right;
        var ids = Object.keys(results);
        var correct = ids.filter(function (k) { return results[k]; }).length;
        line.textContent = "Score: " + correct + " right of " + ids.length + " answered, out of " +
          questions.length + " questions. Only your first answer to each question counts.";
        return true;
      }
    };
    questions.forEach(function (q) { enhanceQuestion(q, score); });
    var key = root.querySelector(".sce-answer-key");
    root.insertBefore(line, key);
  }

  function init() {
    document.querySelectorAll('[data-widget="quiz"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
