/* Tooltips for glossary terms and citations, shown on hover and on keyboard focus.
 *
 * Glossary terms (marked at build time by sce/glossary_terms.py) become focusable and show
 * their definition, with the Chinese characters marked lang="zh-Hans". Citation numbers (the
 * links in <sup class="sce-citation"> markers that sce/citations.py writes) show the reference they
 * point to in the page's numbered References. On a touch screen, where there is no hover, a tap
 * on a number shows the reference where the reader is, with a link down to the list, instead of
 * jumping to the foot of a long page.
 *
 * A tooltip stays while the pointer is over it and closes on Escape (WCAG 1.4.13), and it is
 * the accessible description of what it explains. Text comes from the page itself and is
 * inserted as text or as a copy of the page's own reference, never from reader input.
 *
 * Citations are handled by delegation, with one shared tooltip filled when it is shown: a
 * chapter has a few hundred citation numbers, and preparing one tooltip for each at load (as
 * Material's content.footnote.tooltips does) cost about a second of main-thread time on a slow
 * phone (Lighthouse, chapter 2). */
(function () {
  "use strict";

  var counter = 0;
  var open = null;
  var citeTip = null;

  var el = window.sceWidgets.el;

  function place(anchor, tip) {
    var r = anchor.getBoundingClientRect();
    var width = Math.min(352, window.innerWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left, window.innerWidth - 8 - tip.offsetWidth));
    var top = r.bottom + 4;
    if (top + tip.offsetHeight > window.innerHeight - 8 && r.top - tip.offsetHeight - 4 > 8) {
      top = r.top - tip.offsetHeight - 4;
    }
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function show(entry) {
    if (open && open !== entry) hide(open);
    clearTimeout(entry.timer);
    entry.tip.hidden = false;
    place(entry.anchor, entry.tip);
    open = entry;
  }

  function hide(entry) {
    clearTimeout(entry.timer);
    entry.tip.hidden = true;
    if (open === entry) open = null;
  }

  function later(entry) {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(function () { hide(entry); }, 250);
  }

  function hoverable(entry) {
    entry.tip.addEventListener("mouseenter", function () { clearTimeout(entry.timer); });
    entry.tip.addEventListener("mouseleave", function () { later(entry); });
  }

  // ------------------------------------------------------------------------- glossary terms

  function enhanceTerm(term) {
    if (term.getAttribute("data-enhanced")) return;
    term.setAttribute("data-enhanced", "true");
    var id = "sce-gloss-tip-" + (++counter);
    var tip = el("span", {"class": "sce-tip sce-gloss-tip", role: "tooltip", id: id});
    tip.hidden = true;
    var hanzi = term.getAttribute("data-hanzi");
    if (hanzi) {
      var head = el("span", {"class": "sce-gloss-tip__chinese"});
      head.appendChild(el("span", {lang: "zh-Hans"}, hanzi));
      var pinyin = term.getAttribute("data-pinyin");
      if (pinyin) head.appendChild(el("span", {"class": "sce-gloss-tip__pinyin"}, " " + pinyin));
      tip.appendChild(head);
    }
    // The title is "definition — 汉字, pinyin" (hooks/glossary_tooltips.py title_of).
    var definition = term.title;
    var chinese = hanzi ? " — " + hanzi + ", " + term.getAttribute("data-pinyin") : "";
    if (chinese && definition.slice(-chinese.length) === chinese) definition = definition.slice(0, -chinese.length);
    tip.appendChild(el("span", {"class": "sce-gloss-tip__definition"}, definition));
    term.removeAttribute("title");  // the tooltip replaces the browser's own
    term.setAttribute("tabindex", "0");
    term.setAttribute("aria-describedby", id);
    term.parentNode.insertBefore(tip, term.nextSibling);

    var entry = {anchor: term, tip: tip, timer: null};
    term.addEventListener("mouseenter", function () { show(entry); });
    term.addEventListener("mouseleave", function () { later(entry); });
    term.addEventListener("focus", function () { show(entry); });
    term.addEventListener("blur", function () { hide(entry); });
    hoverable(entry);
  }

  // ------------------------------------------------------------------------------ citations

  function referenceOf(link) {
    var hash = (link.getAttribute("href") || "").split("#")[1];
    var item = hash && document.getElementById(decodeURIComponent(hash));
    return item && item.closest(".sce-references") ? item : null;
  }

  function showCitation(link, tapped) {
    var item = referenceOf(link);
    if (!item) return;
    if (!citeTip) {
      citeTip = {anchor: link, tip: el("div", {"class": "sce-tip sce-cite-tip md-typeset", role: "tooltip", id: "sce-cite-tip"}), timer: null};
      citeTip.tip.hidden = true;
      (document.querySelector("main") || document.body).appendChild(citeTip.tip);  // inside a landmark
      hoverable(citeTip);
    }
    if (citeTip.anchor !== link) citeTip.anchor.removeAttribute("aria-describedby");
    citeTip.anchor = link;
    var copy = item.cloneNode(true);
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    var number = link.textContent;
    var parts = [el("strong", {"class": "sce-cite-tip__number"}, number + ". ")].concat(Array.from(copy.childNodes));
    if (tapped) {
      parts.push(el("span", {"class": "sce-cite-tip__go"}, " "),
                 el("a", {href: link.getAttribute("href"), "class": "sce-cite-tip__go"}, "Go to reference " + number));
    }
    citeTip.tip.replaceChildren.apply(citeTip.tip, parts);
    link.setAttribute("aria-describedby", citeTip.tip.id);
    show(citeTip);
  }

  function citationLink(target) {
    return target && target.closest ? target.closest("sup.sce-citation a") : null;
  }

  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);

  document.addEventListener("mouseover", function (event) {
    var link = citationLink(event.target);
    var shown = citeTip && open === citeTip && citeTip.anchor === link;
    if (link && !shown) showCitation(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = citationLink(event.target);
    if (link && citeTip && citeTip.anchor === link && !link.contains(event.relatedTarget)) later(citeTip);
  });
  document.addEventListener("focusin", function (event) {
    var link = citationLink(event.target);
    if (link) showCitation(link);
  });
  document.addEventListener("focusout", function (event) {
    if (citeTip && citationLink(event.target) === citeTip.anchor) hide(citeTip);
  });
  // A mouse click follows the link to the reference itself: no tooltip over it. A tap shows the
  // reference in place (a second tap on the same number goes on to the list); a tap elsewhere
  // closes it.
  document.addEventListener("click", function (event) {
    var link = citationLink(event.target);
    if (link && lastPointer === "touch" && !(citeTip && open === citeTip && citeTip.anchor === link)) {
      event.preventDefault();
      showCitation(link, true);
      return;
    }
    if (citeTip && open === citeTip && (link || !citeTip.tip.contains(event.target))) hide(citeTip);
  });

  // --------------------------------------------------------------------------------- shared

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) hide(open);
  });
  window.addEventListener("scroll", function () { if (open) place(open.anchor, open.tip); }, {passive: true});
  window.addEventListener("resize", function () { if (open) place(open.anchor, open.tip); });

  function init() {
    document.querySelectorAll('abbr[data-widget="tooltips"]').forEach(enhanceTerm);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
