/* Loads the code of each interactive widget only on pages that have one.
 *
 * A widget is an element with data-widget="NAME"; its code is assets/js/NAME.js, next to this
 * file. Classic scripts (not modules), so pages opened from disk (file://) work too. Styles
 * are in assets/css/NAME.css, listed in mkdocs.yml, because the no-JavaScript form needs them.
 * Helpers the widgets share are on window.sceWidgets. */
(function () {
  "use strict";
  var base = document.currentScript && document.currentScript.src;
  if (!base) return;

  // What every widget's code uses; defined before any of it loads.
  window.sceWidgets = {
    // A new element with these attributes and, if given, this text (never markup).
    el: function (tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      return e;
    }
  };

  function loadWidgets() {
    var seen = {};
    document.querySelectorAll("[data-widget]").forEach(function (element) {
      var name = element.getAttribute("data-widget");
      if (seen[name] || !/^[a-z][a-z0-9-]*$/.test(name)) return;
      seen[name] = true;
      var script = document.createElement("script");
      script.src = new URL(name + ".js", base).href;
      document.body.appendChild(script);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", loadWidgets);
  } else {
    loadWidgets();
  }
})();
