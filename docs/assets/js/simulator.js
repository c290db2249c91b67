/* Pilot score simulator (scripts/widgets/simulator.py renders the cited table and caveats).
 *
 * Adds a control to each row of the table (a checkbox, or a count for items deducted per
 * period) and a running record: the change from the starting score, summed only from the
 * values in the table. No starting score and no grade are shown: no cited source gives them.
 * Reader input (the counts) is read as a number and never inserted as HTML. */
(function () {
  "use strict";

  var MINUS = "\u2212";
  var MAX_PERIODS = 36;
  var counter = 0;

  var el = window.sceWidgets.el;

  function signed(n) {
    if (n === 0) return "0 points";
    return (n < 0 ? MINUS : "+") + Math.abs(n) + (Math.abs(n) === 1 ? " point" : " points");
  }

  function hidden(text) { return el("span", {"class": "sce-visually-hidden"}, text); }

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    var table = root.querySelector("table");
    if (!table) return;
    root.setAttribute("data-enhanced", "true");
    var id = "sce-simulator-" + (++counter);

    var headRow = table.querySelector("thead tr");
    if (headRow) headRow.appendChild(el("th", {scope: "col", "class": "sce-no-print"}, "Try it"));

    var items = Array.from(table.querySelectorAll("tbody tr[data-item]")).map(function (row, index) {
      var label = row.querySelector('td[data-field="text"]').textContent.trim();
      var points = row.hasAttribute("data-points") ? parseInt(row.getAttribute("data-points"), 10) : null;
      var item = {id: row.getAttribute("data-item"), label: label, points: points,
        per: row.getAttribute("data-per") || "", decidedBy: row.getAttribute("data-decided-by") || "",
        direction: row.getAttribute("data-direction"), count: 0, input: null};
      var cell = el("td", {"class": "sce-no-print sce-simulator__control"});
      var inputId = id + "-item-" + index;
      var field;
      if (item.per) {
        field = el("input", {type: "number", id: inputId, min: "0", max: String(MAX_PERIODS), step: "1",
          value: "0", inputmode: "numeric", "class": "sce-simulator__count"});
        var countLabel = el("label", {"for": inputId}, "Number of " + item.per + "s");
        countLabel.appendChild(hidden(": " + label));
        cell.appendChild(countLabel);
        cell.appendChild(field);
        field.addEventListener("input", function () {
          var n = parseInt(field.value, 10);
          item.count = isNaN(n) ? 0 : Math.max(0, Math.min(MAX_PERIODS, n));
          update(item);
        });
      } else {
        field = el("input", {type: "checkbox", id: inputId});
        var boxLabel = el("label", {"for": inputId, "class": "sce-simulator__check"});
        boxLabel.appendChild(field);
        boxLabel.appendChild(document.createTextNode(" On the record"));
        boxLabel.appendChild(hidden(": " + label));
        cell.appendChild(boxLabel);
        field.addEventListener("change", function () {
          item.count = field.checked ? 1 : 0;
          update(item);
        });
      }
      item.input = field;
      row.appendChild(cell);
      return item;
    });

    var record = el("section", {"class": "sce-simulator__record sce-no-print", "aria-labelledby": id + "-title"});
    record.appendChild(el("h3", {id: id + "-title"}, "The record in this illustration"));
    // The total stays in view at the foot of the window while the reader works down the table.
    var bar = el("div", {"class": "sce-simulator__bar sce-no-print"});
    var total = el("p", {"class": "sce-simulator__total"});
    bar.appendChild(total);
    record.appendChild(el("p", {"class": "sce-simulator__grade"},
      "Grade: not shown, because no cited source gives the starting score or the points each " +
      "grade needs (see the notes above)."));
    var list = el("ul", {"class": "sce-simulator__entries"});
    record.appendChild(list);
    var status = el("p", {"class": "sce-visually-hidden", role: "status", "aria-live": "polite"});
    record.appendChild(status);
    var reset = el("button", {type: "button", "class": "md-button sce-simulator__reset"}, "Clear the record");
    reset.addEventListener("click", function () {
      items.forEach(function (item) {
        item.count = 0;
        if (item.input.type === "checkbox") item.input.checked = false; else item.input.value = "0";
      });
      update(null);
    });
    bar.appendChild(reset);
    root.appendChild(bar);
    root.appendChild(record);

    function effect(item) {
      if (item.points === null) {
        return (item.direction === "raises" ? "raises" : "lowers") + " the points by an unpublished amount";
      }
      return signed(item.points * item.count);
    }

    function update(changed) {
      var sum = 0, onRecord = 0, unvalued = 0;
      list.textContent = "";
      items.forEach(function (item) {
        if (!item.count) return;
        onRecord++;
        if (item.points === null) unvalued++; else sum += item.points * item.count;
        var li = el("li", {"data-item": item.id});
        var what = item.label + (item.per ? " (" + item.count + " " + item.per + (item.count === 1 ? "" : "s") + ")" : "");
        li.appendChild(el("span", {"class": "sce-simulator__what"}, what));
        li.appendChild(document.createTextNode(": " + effect(item)));
        if (item.decidedBy) li.appendChild(document.createTextNode("; decided by " + item.decidedBy));
        list.appendChild(li);
      });
      if (!onRecord) list.appendChild(el("li", {}, "Nothing on the record: the points are the starting score."));
      var text = "Change from the starting score: " + signed(sum) +
        (unvalued ? " (plus " + unvalued + (unvalued === 1 ? " item" : " items") + " with no published value)" : "") + ".";
      total.textContent = "";
      total.appendChild(el("strong", {}, text));
      root.setAttribute("data-total", String(sum));
      status.textContent = (changed ? (changed.count ? "On the record: " : "Taken off the record: ") + changed.label + ". " : "Record cleared. ") + text;
    }
    update(null);
    status.textContent = "";
  }

  function init() {
    document.querySelectorAll('[data-widget="simulator"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
