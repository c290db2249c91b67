/* Explorable timeline (the list is rendered by hooks/data_pages.py from docs/data/timeline.yml).
 *
 * Filters the events by theme and by a range of years; the filter lives in the address as
 * ?themes=courts,private&from=2013&to=2019, so a link opens the same view. Years left without
 * events lose their heading (and their entry in the table of contents); heading anchors are not
 * touched. Print shows the view on screen, with a note when it is filtered. Without JavaScript
 * every event shows. */
(function () {
  "use strict";

  var el = window.sceWidgets.el;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    var controls = root.querySelector(".sce-timeline-controls");
    var labels;
    try { labels = JSON.parse(root.getAttribute("data-theme-labels") || "{}"); } catch (e) { return; }
    if (!controls) return;
    root.setAttribute("data-enhanced", "true");

    var events = Array.from(root.querySelectorAll("li[data-themes]")).map(function (li) {
      return {li: li, year: parseInt((li.getAttribute("data-date") || "").slice(0, 4), 10),
        themes: (li.getAttribute("data-themes") || "").split(/\s+/).filter(Boolean)};
    });
    var groups = Array.from(root.querySelectorAll("ol.sce-timeline")).map(function (ol) {
      var heading = ol.previousElementSibling;
      return {ol: ol, heading: heading && /^H[1-6]$/.test(heading.tagName) ? heading : null,
        items: Array.from(ol.querySelectorAll("li[data-themes]"))};
    });
    var years = events.map(function (e) { return e.year; }).filter(function (y) { return !isNaN(y); });
    if (!events.length || !years.length) return;
    var first = Math.min.apply(null, years), last = Math.max.apply(null, years);
    var themeIds = Object.keys(labels);

    // ---- controls
    var form = el("div", {"class": "sce-timeline-form"});
    var fieldset = el("fieldset", {"class": "sce-timeline-themes"});
    // Nothing ticked shows every event; ticking a theme narrows the view to it (one tick, not six
    // unticks, to see one theme).
    fieldset.appendChild(el("legend", {}, "Show only events about (none ticked: all themes)"));
    var boxes = {};
    themeIds.forEach(function (theme) {
      var count = events.filter(function (e) { return e.themes.indexOf(theme) >= 0; }).length;
      var label = el("label", {"class": "sce-timeline-theme"});
      var box = el("input", {type: "checkbox", value: theme, name: "themes"});
      box.checked = false;
      box.addEventListener("change", apply);
      boxes[theme] = box;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + labels[theme] + " (" + count + ")"));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);

    var range = el("fieldset", {"class": "sce-timeline-years"});
    range.appendChild(el("legend", {}, "Years"));
    function yearSelect(name, text, value) {
      var label = el("label", {}, text + " ");
      var select = el("select", {name: name});
      var seen = {};
      years.slice().sort().forEach(function (y) {
        if (seen[y]) return;
        seen[y] = true;
        select.appendChild(el("option", {value: String(y)}, String(y)));
      });
      select.value = String(value);
      label.appendChild(select);
      range.appendChild(label);
      return select;
    }
    var from = yearSelect("from", "From", first);
    var to = yearSelect("to", "to", last);
    from.addEventListener("change", function () { if (+from.value > +to.value) to.value = from.value; apply(); });
    to.addEventListener("change", function () { if (+to.value < +from.value) from.value = to.value; apply(); });
    form.appendChild(range);

    var reset = el("button", {type: "button", "class": "md-button sce-timeline-reset"}, "Show all events");
    reset.addEventListener("click", function () {
      themeIds.forEach(function (t) { boxes[t].checked = false; });
      from.value = String(first);
      to.value = String(last);
      apply();
    });
    form.appendChild(el("p", {"class": "sce-timeline-actions"})).appendChild(reset);
    controls.appendChild(form);
    var status = el("p", {"class": "sce-timeline-count", role: "status", "aria-live": "polite"});
    controls.appendChild(status);
    controls.appendChild(el("p", {"class": "sce-timeline-hint"},
      "The address of this page follows the filter, so a link to it opens the same view."));
    controls.hidden = false;

    var printNote = el("p", {"class": "sce-print-only sce-timeline-print-note"});
    controls.parentNode.insertBefore(printNote, controls.nextSibling);

    // ---- state <-> address
    function readAddress() {
      var params = new URLSearchParams(location.search);
      if (params.has("themes")) {
        var wanted = params.get("themes").split(",");
        themeIds.forEach(function (t) { boxes[t].checked = wanted.indexOf(t) >= 0; });
      }
      function year(name, fallback) {
        var y = parseInt(params.get(name), 10);
        return isNaN(y) ? fallback : Math.max(first, Math.min(last, y));
      }
      var a = year("from", first), b = year("to", last);
      // A year with no events is not an option: use the nearest one inside the range.
      var options = Array.from(from.options).map(function (o) { return +o.value; });
      var lo = Math.min(a, b), hi = Math.max(a, b);
      from.value = String(options.filter(function (y) { return y >= lo; })[0] || first);
      to.value = String(options.filter(function (y) { return y <= hi; }).pop() || last);
      if (+from.value > +to.value) to.value = from.value;
    }

    function writeAddress(selected, all) {
      var params = new URLSearchParams(location.search);
      ["themes", "from", "to"].forEach(function (k) { params.delete(k); });
      if (!all) params.set("themes", selected.join(","));
      if (+from.value !== first) params.set("from", from.value);
      if (+to.value !== last) params.set("to", to.value);
      var query = params.toString().replace(/%2C/g, ",");
      try {
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      } catch (e) { /* some file:// contexts refuse; the filter still works */ }
    }

    function apply() {
      var ticked = themeIds.filter(function (t) { return boxes[t].checked; });
      var all = ticked.length === 0 || ticked.length === themeIds.length;
      var selected = all ? themeIds : ticked;
      var lo = +from.value, hi = +to.value;
      var shown = 0;
      events.forEach(function (e) {
        var ok = e.year >= lo && e.year <= hi && e.themes.some(function (t) { return selected.indexOf(t) >= 0; });
        e.li.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) {
        var empty = g.items.every(function (li) { return li.hidden; });
        g.ol.hidden = empty;
        if (!g.heading) return;
        g.heading.hidden = empty;
        if (!g.heading.id) return;
        document.querySelectorAll('.md-nav--secondary a[href="#' + g.heading.id + '"]').forEach(function (a) {
          var item = a.closest("li");
          if (item) item.hidden = empty;
        });
      });
      var filtered = !all || lo !== first || hi !== last;
      var what = all ? "all themes" : selected.length ? selected.map(function (t) { return labels[t]; }).join(", ") : "no theme";
      var when = lo === hi ? String(lo) : lo + "–" + hi;
      status.textContent = shown ?
        "Showing " + shown + " of " + plural(events.length, "event") + (filtered ? " (" + what + "; " + when + ")." : ".") :
        "No events match: choose more themes or a wider range of years.";
      printNote.textContent = filtered ?
        "A filtered view of the timeline: " + what + "; " + when + "; " + shown + " of " + events.length +
        " events. The full timeline lists every event." : "";
      root.setAttribute("data-shown", String(shown));
      writeAddress(selected, all);
    }

    readAddress();
    apply();
    // A link to a year the filter hides cannot scroll there: say so rather than fail silently.
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.hidden && root.contains(target)) {
      status.textContent += " The year in the link, " + target.id + ", has no events in this view.";
    }
  }

  function init() {
    document.querySelectorAll('[data-widget="timeline"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
