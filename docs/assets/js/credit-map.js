/* "Which credit?" map (scripts/widgets/credit_map.py renders the table and the layout).
 *
 * The table in the page holds every fact, cited; this script draws the parts as a map of
 * buttons with arrows between them and, when one is selected, shows copies of its table cells in
 * a details panel (an aria-live region). Nothing typed by a reader is involved; the copies are
 * the page's own cells. A classic script, so pages opened from disk work too. */
(function () {
  "use strict";

  var counter = 0;

  var el = window.sceWidgets.el;

  // A copy of page content without ids (footnote references carry them; ids must stay unique).
  function copyOf(node) {
    var copy = node.cloneNode(true);
    if (copy.removeAttribute) copy.removeAttribute("id");
    if (copy.querySelectorAll) copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    return copy;
  }

  function moveChildren(from, to) {
    Array.from(from.childNodes).forEach(function (n) { to.appendChild(copyOf(n)); });
  }

  // Where the segment from the centre of box a towards the centre of box b leaves box a.
  function edgePoint(a, b, gap) {
    var ax = a.x + a.w / 2, ay = a.y + a.h / 2, bx = b.x + b.w / 2, by = b.y + b.h / 2;
    var dx = bx - ax, dy = by - ay;
    var sx = dx ? (a.w / 2 + gap) / Math.abs(dx) : Infinity;
    var sy = dy ? (a.h / 2 + gap) / Math.abs(dy) : Infinity;
    var s = Math.min(sx, sy, 1);
    return {x: ax + dx * s, y: ay + dy * s};
  }

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    var island = root.querySelector('script[type="application/json"]');
    var table = root.querySelector(".sce-credit-map__static");
    // The renderer's empty <svg>: its namespace comes from the HTML parser.
    var svg = root.querySelector("svg.sce-credit-map__arrows");
    if (!island || !table || !svg) return;
    var SVG = svg.namespaceURI;
    var data = JSON.parse(island.textContent);
    root.setAttribute("data-enhanced", "true");
    var id = "sce-credit-map-" + (++counter);

    var app = el("div", {"class": "sce-credit-map__app sce-no-print"});
    var hint = el("p", {"class": "sce-credit-map__hint", id: id + "-hint"},
      "Select a part to see its details. Tab moves between parts; the arrow keys do too.");
    app.appendChild(hint);

    var map = el("div", {"class": "sce-credit-map__map", role: "group", "aria-label": "Map of the things called credit",
      "aria-describedby": id + "-hint"});
    var defs = document.createElementNS(SVG, "defs");
    var marker = document.createElementNS(SVG, "marker");
    [["id", id + "-head"], ["viewBox", "0 0 10 10"], ["refX", "9"], ["refY", "5"], ["markerWidth", "7"],
      ["markerHeight", "7"], ["orient", "auto-start-reverse"]].forEach(function (a) { marker.setAttribute(a[0], a[1]); });
    var head = document.createElementNS(SVG, "path");
    head.setAttribute("d", "M0,0 L10,5 L0,10 z");
    head.setAttribute("class", "sce-credit-map__head");
    marker.appendChild(head);
    defs.appendChild(marker);
    svg.appendChild(defs);
    map.appendChild(svg);

    var panelId = id + "-panel";
    var boxes = {};  // id -> element drawn on the map
    var buttons = [];
    Object.keys(data.groups).forEach(function (group) {
      var members = data.parts.concat(data.outcomes).filter(function (p) { return p.group === group; });
      if (!members.length) return;
      var section = el("div", {"class": "sce-credit-map__group sce-credit-map__group--" + group});
      section.appendChild(el("p", {"class": "sce-credit-map__group-label"}, data.groups[group]));
      var grid = el("ul", {"class": "sce-credit-map__grid", role: "list"});
      members.forEach(function (p) {
        var li = el("li", {"class": "sce-credit-map__cell"});
        li.style.gridRow = String(p.row);
        li.style.gridColumn = String(p.column);
        var box;
        if (data.parts.indexOf(p) >= 0) {
          box = el("button", {type: "button", "class": "sce-credit-map__part", "aria-pressed": "false",
            "aria-controls": panelId, "data-part": p.id}, p.short);
          box.addEventListener("click", function () { select(p.id); reveal(); });
          buttons.push(box);
        } else {
          box = el("span", {"class": "sce-credit-map__outcome", "data-outcome": p.id}, p.name);
        }
        boxes[p.id] = box;
        li.appendChild(box);
        grid.appendChild(li);
      });
      section.appendChild(grid);
      map.appendChild(section);
    });
    app.appendChild(map);

    var arrows = data.links.map(function (link) {
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("class", "sce-credit-map__arrow");
      path.setAttribute("marker-end", "url(#" + id + "-head)");
      path.setAttribute("data-from", link.from);
      path.setAttribute("data-to", link.to);
      svg.appendChild(path);
      return {from: link.from, to: link.to, path: path};
    });

    var panel = el("section", {"class": "sce-credit-map__panel", id: panelId, "aria-live": "polite",
      "aria-labelledby": panelId + "-title"});
    var title = el("h3", {id: panelId + "-title", "class": "sce-credit-map__panel-title"}, "Details");
    panel.appendChild(title);
    var body = el("div", {"class": "sce-credit-map__panel-body"});
    body.appendChild(el("p", {}, "No part selected yet."));
    panel.appendChild(body);
    app.appendChild(panel);

    var toggle = el("button", {type: "button", "class": "md-button sce-credit-map__toggle",
      "aria-expanded": "false", "aria-controls": id + "-static"}, "Show everything as one table");
    table.id = id + "-static";
    toggle.addEventListener("click", function () {
      var shown = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(shown));
      toggle.textContent = shown ? "Hide the table" : "Show everything as one table";
      root.classList.toggle("sce-credit-map--table-shown", shown);
    });
    app.appendChild(el("p", {"class": "sce-credit-map__toggle-line"})).appendChild(toggle);
    root.insertBefore(app, root.firstChild);

    function select(partId) {
      var row = table.querySelector('tr[data-part="' + partId + '"]');
      if (!row) return;
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-part") === partId));
      });
      var part = data.parts.filter(function (p) { return p.id === partId; })[0];
      var connected = {};
      arrows.forEach(function (a) {
        var on = a.from === partId || a.to === partId;
        a.path.classList.toggle("is-active", on);
        if (on) connected[a.from === partId ? a.to : a.from] = true;
      });
      Object.keys(boxes).forEach(function (k) { boxes[k].classList.toggle("is-linked", !!connected[k]); });

      title.textContent = "";
      moveChildren(row.querySelector("th"), title);
      var fresh = el("div", {"class": "sce-credit-map__panel-body"});
      var list = el("dl");
      Object.keys(data.fields).forEach(function (field) {
        var cell = row.querySelector('td[data-field="' + field + '"]');
        if (!cell) return;
        list.appendChild(el("dt", {}, data.fields[field]));
        var dd = el("dd");
        moveChildren(cell, dd);
        list.appendChild(dd);
      });
      fresh.appendChild(list);
      var links = Array.from(table.querySelectorAll(".sce-credit-map__links li")).filter(function (li) {
        return li.getAttribute("data-from") === partId || li.getAttribute("data-to") === partId;
      });
      fresh.appendChild(el("h4", {}, links.length ? "How it connects" : "How it connects: no arrows"));
      if (links.length) {
        var ul = el("ul");
        links.forEach(function (li) { ul.appendChild(copyOf(li)); });
        fresh.appendChild(ul);
      } else {
        fresh.appendChild(el("p", {}, (part && part.group === "outside") ?
          "It sits outside the state social credit system." : "No arrows lead to or from it on this map."));
      }
      panel.replaceChild(fresh, body);
      body = fresh;
      root.setAttribute("data-selected", partId);
      draw();
    }

    // On a phone the map is a list of parts and the details come after it, below the screen: a
    // tap brings them into view (the part's button stays focused; the panel is announced).
    function reveal() {
      var r = panel.getBoundingClientRect();
      if (r.top >= 0 && r.top < window.innerHeight * 0.6) return;
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      panel.scrollIntoView({block: "start", behavior: still ? "auto" : "smooth"});
    }

    // Arrow keys move between the parts, in reading order.
    map.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      var next = {ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
        Home: 0, End: buttons.length - 1}[event.key];
      if (next === undefined) return;
      event.preventDefault();
      buttons[(next + buttons.length) % buttons.length].focus();
    });

    function draw() {
      var origin = map.getBoundingClientRect();
      svg.setAttribute("width", String(origin.width));
      svg.setAttribute("height", String(origin.height));
      function rect(k) {
        var r = boxes[k].getBoundingClientRect();
        return {x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height};
      }
      arrows.forEach(function (a) {
        var from = rect(a.from), to = rect(a.to);
        if (!from.w || !to.w) { a.path.setAttribute("d", ""); return; }
        var p = edgePoint(from, to, 2), q = edgePoint(to, from, 4);
        a.path.setAttribute("d", "M" + p.x.toFixed(1) + "," + p.y.toFixed(1) + " L" + q.x.toFixed(1) + "," + q.y.toFixed(1));
      });
    }
    draw();
    if (window.ResizeObserver) new ResizeObserver(draw).observe(map);
    else window.addEventListener("resize", draw);
  }

  function init() {
    document.querySelectorAll('[data-widget="credit-map"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
