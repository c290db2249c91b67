/* Myth -> mechanism cards (scripts/widgets/myth_cards.py renders the markup).
 *
 * Every card arrives with both sides showing (the form for readers without JavaScript, and for
 * print). This script hides each back behind a disclosure button with aria-expanded; "Turn all
 * cards over" opens every card at once, "Turn all cards back" closes them. myth-cards.css shows
 * the backs again in print. */
(function () {
  "use strict";

  var el = window.sceWidgets.el;

  // The label says what pressing does: turn the card over, or back.
  function setOpen(button, back, open) {
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide what is behind it" : "What is behind it?";
    back.hidden = !open;
  }

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    root.setAttribute("data-enhanced", "true");
    var pairs = [];
    var all = el("button", {type: "button", "class": "md-button sce-button sce-myth-all"});

    function allOpen() {
      return pairs.every(function (pair) { return !pair[1].hidden; });
    }
    function label() {
      all.textContent = allOpen() ? "Turn all cards back" : "Turn all cards over";
    }

    root.querySelectorAll(".sce-myth-card").forEach(function (card) {
      var front = card.querySelector(".sce-myth-front");
      var back = card.querySelector(".sce-myth-back");
      if (!front || !back || !back.id) return;
      var claim = front.querySelector(".sce-myth-claim");
      var button = el("button", {type: "button", "class": "md-button sce-button sce-myth-flip sce-no-print",
        "aria-controls": back.id, "aria-describedby": claim ? claim.id : back.id}, "What is behind it?");
      front.appendChild(button);
      setOpen(button, back, false);
      button.addEventListener("click", function () {
        setOpen(button, back, button.getAttribute("aria-expanded") !== "true");
        label();
      });
      pairs.push([button, back]);
    });
    if (!pairs.length) return;

    all.addEventListener("click", function () {
      var open = !allOpen();
      pairs.forEach(function (pair) { setOpen(pair[0], pair[1], open); });
      label();
    });
    label();
    var bar = el("p", {"class": "sce-myth-toolbar sce-no-print"});
    bar.appendChild(all);
    root.insertBefore(bar, root.querySelector(".sce-myth-list"));
  }

  function init() {
    document.querySelectorAll('[data-widget="myth-cards"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
