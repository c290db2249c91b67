/* Unified social credit code decoder (GB 32100-2015).
 * The rules mirror scripts/uscc.py; tests/data/uscc_vectors.json holds the verdicts both give.
 * A classic script, not a module: modules do not load from file:// pages in Chromium.
 * Reader input only ever reaches the page as textContent. */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var NEVER_USED = "IOZSV";
  var WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  var ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
  var SPACES = " \t\n\r\f\v\u00a0\u2002\u2003\u2009\u200b\u3000";
  var HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212";
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  // [Chinese, English, {type: [Chinese, English]}], as in scripts/uscc.py
  var AUTHORITIES = {
    "1": ["机构编制", "institutional staffing authorities", {
      "1": ["机关", "government organ"], "2": ["事业单位", "public institution"],
      "3": ["中央编办直接管理机构编制的群众团体", "mass organisation staffed by the central staffing office"],
      "9": ["其他", "other"]}],
    "2": ["外交", "foreign affairs", {
      "1": ["外国常驻新闻机构", "resident foreign news organisation"], "9": ["其他", "other"]}],
    "3": ["司法行政", "judicial administration", {
      "1": ["律师执业机构", "law firm"], "2": ["公证处", "notary office"],
      "3": ["基层法律服务所", "basic legal services office"],
      "4": ["司法鉴定机构", "forensic examination institution"],
      "5": ["仲裁委员会", "arbitration commission"], "9": ["其他", "other"]}],
    "4": ["文化", "culture", {
      "1": ["外国在华文化中心", "foreign cultural centre in China"], "9": ["其他", "other"]}],
    "5": ["民政", "civil affairs", {
      "1": ["社会团体", "social organisation"], "2": ["民办非企业单位", "private non-enterprise unit"],
      "3": ["基金会", "foundation"], "9": ["其他", "other"]}],
    "6": ["旅游", "tourism", {
      "1": ["外国旅游部门常驻代表机构", "representative office of a foreign tourism authority"],
      "2": ["港澳台地区旅游部门常驻内地（大陆）代表机构",
            "representative office of a Hong Kong, Macao or Taiwan tourism authority"],
      "9": ["其他", "other"]}],
    "7": ["宗教", "religious affairs", {
      "1": ["宗教活动场所", "place of religious activity"], "2": ["宗教院校", "religious school"],
      "9": ["其他", "other"]}],
    "8": ["工会", "trade unions", {
      "1": ["基层工会", "grassroots trade union"], "9": ["其他", "other"]}],
    "9": ["工商", "industry and commerce (market regulation)", {
      "1": ["企业", "enterprise"], "2": ["个体工商户", "individual business"],
      "3": ["农民专业合作社", "farmers' specialised cooperative"]}],
    "A": ["中央军委改革和编制办公室", "Central Military Commission reform and staffing office", {
      "1": ["军队事业单位", "military public institution"], "9": ["其他", "other"]}],
    "N": ["农业", "agriculture", {
      "1": ["组级集体经济组织", "group-level collective economic organisation"],
      "2": ["村级集体经济组织", "village-level collective economic organisation"],
      "3": ["乡镇级集体经济组织", "township-level collective economic organisation"],
      "9": ["其他", "other"]}],
    "Y": ["其他", "other authorities", {"1": ["其他", "not subdivided"]}]
  };

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function normalise(raw) {
    var notes = [], chars = [], fullwidth = 0, spaces = 0, hyphens = 0, lower = false;
    Array.from(String(raw)).forEach(function (c) {
      var cp = c.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) { c = String.fromCodePoint(cp - 0xfee0); fullwidth++; }
      else if (cp === 0x3000) { fullwidth++; }
      chars.push(c);
    });
    if (fullwidth) notes.push("converted " + plural(fullwidth, "full-width character"));
    chars = chars.filter(function (c) {
      if (SPACES.indexOf(c) >= 0) { spaces++; return false; }
      if (HYPHENS.indexOf(c) >= 0) { hyphens++; return false; }
      return true;
    });
    if (spaces) notes.push("removed " + plural(spaces, "space"));
    if (hyphens) notes.push("removed " + plural(hyphens, "hyphen"));
    chars = chars.map(function (c) {
      if (c >= "a" && c <= "z") { lower = true; return c.toUpperCase(); }
      return c;
    });
    if (lower) notes.push("converted lower case to upper case");
    return {code: chars.join(""), notes: notes};
  }

  function checkCharacter(prefix17) {
    var total = 0;
    for (var i = 0; i < 17; i++) total += ALPHABET.indexOf(prefix17[i]) * WEIGHTS[i];
    return ALPHABET[(31 - total % 31) % 31];
  }

  function orgCheckCharacter(body8) {
    var total = 0;
    for (var i = 0; i < 8; i++) total += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
    var value = 11 - total % 11;
    return value === 10 ? "X" : value === 11 ? "0" : String(value);
  }

  function hex(c) { return "U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0"); }

  function describe(c) {
    var cp = c.codePointAt(0);
    if (cp > 0x20 && cp <= 0x7e) return '"' + c + '"';
    return NOT_PRINTABLE.test(c) ? hex(c) : '"' + c + '" (' + hex(c) + ")";
  }

  function badCharacter(chars) {
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], pos = i + 1;
      if (NEVER_USED.indexOf(c) >= 0) {
        return {kind: "forbidden_letter", reason: "the letter " + c + " at position " + pos +
          " is not allowed: the letters I, O, Z, S and V are never used"};
      }
      if (ALPHABET.indexOf(c) < 0) {
        return {kind: "bad_character", reason: "the character " + describe(c) + " at position " +
          pos + " is not allowed: only digits and upper-case letters are used"};
      }
    }
    return null;
  }

  function divisionNames(code6, divisions) {
    divisions = divisions || {};
    return [(divisions.prefectures || {})[code6.slice(0, 4)], (divisions.provinces || {})[code6.slice(0, 2)]];
  }

  // "深圳市, 广东省" -> "Shēnzhèn Shì, Guǎngdōng Shěng": pinyin made at build time by pypinyin.
  function romanised(names, divisions) {
    var table = (divisions || {}).romanised || {};
    return names.map(function (n) { return table[n] || ""; }).filter(Boolean).join(", ");
  }

  // The check-character sum, step by step: one row per position 1-17, then the total.
  function checkSteps(code) {
    var rows = [], total = 0;
    for (var i = 0; i < 17; i++) {
      var value = ALPHABET.indexOf(code[i]);
      rows.push({position: i + 1, character: code[i], value: value, weight: WEIGHTS[i], product: value * WEIGHTS[i]});
      total += value * WEIGHTS[i];
    }
    var remainder = total % 31, expected = ALPHABET[(31 - remainder) % 31];
    return {rows: rows, total: total, remainder: remainder, expected: expected, given: code[17]};
  }

  function validate(raw, divisions) {
    var n = normalise(raw), code = n.code, chars = Array.from(code);
    function bad(kind, reason) {
      return {valid: false, kind: kind, reason: reason, code: code, notes: n.notes, parts: []};
    }
    if (chars.length === 0) return bad("empty", "nothing entered: a code has 18 characters");
    if (chars.length !== 18) return bad("length", "18 characters expected, " + chars.length + " given");
    var wrong = badCharacter(chars);
    if (wrong) return bad(wrong.kind, wrong.reason);
    var authority = AUTHORITIES[code[0]];
    if (!authority) {
      return bad("authority", "unknown registration authority code " + code[0] +
        " at position 1: the codes are 1 to 9, A, N and Y");
    }
    var type = authority[2][code[1]];
    if (!type) {
      return bad("entity_type", "entity type " + code[1] + " at position 2 is not defined for " +
        "registration authority " + code[0] + " (" + authority[1] + "): allowed are " +
        Object.keys(authority[2]).join(", "));
    }
    if (!/^[0-9]{6}$/.test(code.slice(2, 8))) {
      return bad("division", "positions 3–8 are an administrative division code of six digits, not " +
        code.slice(2, 8));
    }
    var expected = checkCharacter(code.slice(0, 17));
    if (code[17] !== expected) {
      return bad("check", "the check character should be " + expected + ", not " + code[17]);
    }
    var orgExpected = orgCheckCharacter(code.slice(8, 16));
    if (code[16] !== orgExpected) {
      return bad("org_check", "the organisation code's own check character (position 17) should be " +
        orgExpected + ", not " + code[16]);
    }
    var found = divisionNames(code.slice(2, 8), divisions).filter(Boolean);
    var names = found.join(", ");
    var latin = romanised(found, divisions);
    // `zh` holds Chinese text, shown with lang="zh-Hans"
    return {
      valid: true, kind: "ok", reason: "all checks pass", code: code, notes: n.notes,
      parts: [
        {positions: "1", value: code[0], field: "registration authority",
         meaning: authority[1], zh: authority[0]},
        {positions: "2", value: code[1], field: "entity type", meaning: type[1], zh: type[0]},
        {positions: "3–8", value: code.slice(2, 8), field: "administrative division",
         meaning: names ? (latin ? latin + " (romanised by machine)" : "") :
           divisions ? "not in the division list" : "names not loaded", zh: names},
        {positions: "9–17", value: code.slice(8, 16) + "-" + code[16], field: "organisation code",
         meaning: "GB 11714 check character correct"},
        {positions: "18", value: code[17], field: "check character", meaning: "correct"}
      ]
    };
  }

  // The check character of a 17-character prefix, as a sentence.
  function completePrefix(raw) {
    var n = normalise(raw), chars = Array.from(n.code);
    if (chars.length !== 17) return {ok: false, text: "17 characters expected, " + chars.length + " given"};
    var wrong = badCharacter(chars);
    if (wrong) return {ok: false, text: wrong.reason};
    var c = checkCharacter(n.code);
    return {ok: true, check: c, text: "The check character is " + c + ": the full code is " + n.code + c};
  }

  window.USCC = {normalise: normalise, validate: validate, checkCharacter: checkCharacter,
                 orgCheckCharacter: orgCheckCharacter, completePrefix: completePrefix, checkSteps: checkSteps};

  // ------------------------------------------------------------------ the widget

  var scriptUrl = document.currentScript && document.currentScript.src;
  var divisionsPromise = null;

  function dataUrl(root, ext) {
    var given = root.getAttribute("data-divisions-url");
    if (given) return new URL(given.replace(/\.json$/, ext), document.baseURI).href;
    return new URL("../data/divisions" + ext, scriptUrl || document.baseURI).href;
  }

  // fetch() of a file:// URL fails in Chromium; a <script> element still loads there.
  function loadDivisions(root) {
    if (window.USCC_DIVISIONS) return Promise.resolve(window.USCC_DIVISIONS);
    if (divisionsPromise) return divisionsPromise;
    var viaFetch = location.protocol === "file:" ? Promise.reject(new Error("file")) :
      fetch(dataUrl(root, ".json")).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    divisionsPromise = viaFetch.catch(function () {
      return new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = dataUrl(root, ".js");
        s.onload = function () { resolve(window.USCC_DIVISIONS || null); };
        s.onerror = function () { resolve(null); };
        document.head.appendChild(s);
      });
    });
    return divisionsPromise;
  }

  var el = window.sceWidgets.el;

  var counter = 0;

  function enhance(root) {
    if (root.getAttribute("data-enhanced")) return;
    root.setAttribute("data-enhanced", "true");
    var id = "uscc-" + (++counter);
    var divisions = null;
    root.querySelectorAll(".uscc-nojs").forEach(function (e) { e.hidden = true; });

    var app = el("div", {"class": "uscc-app"});
    var field = el("p", {"class": "uscc-field"});
    field.appendChild(el("label", {"for": id + "-input"}, "Enter a unified social credit code"));
    var input = el("input", {id: id + "-input", type: "text", autocomplete: "off",
      spellcheck: "false", autocapitalize: "characters", "aria-describedby": id + "-hint"});
    field.appendChild(input);
    field.appendChild(el("span", {id: id + "-hint", "class": "uscc-hint"},
      "18 characters. Spaces, hyphens, lower case and full-width characters are tidied up for you."));
    app.appendChild(field);

    var status = el("div", {role: "status", "aria-live": "polite", "class": "uscc-status"});
    var verdict = el("p", {"class": "uscc-verdict"});
    var notes = el("p", {"class": "uscc-notes"});
    status.appendChild(verdict);
    status.appendChild(notes);
    app.appendChild(status);

    // No class on the table itself: Material styles only tables without one. On a phone it shows
    // one block per row (data-stack, as sce/tables.py marks the site's own tables).
    var HEADINGS = ["Positions", "Characters", "Field", "Meaning"];
    var tableWrap = el("div", {"class": "uscc-parts"});
    var table = tableWrap.appendChild(el("table", {"data-stack": "", role: "table"}));
    table.appendChild(el("caption", {}, "The parts of the code"));
    var head = el("tr", {role: "row"});
    HEADINGS.forEach(function (h) {
      head.appendChild(el("th", {scope: "col", role: "columnheader"}, h));
    });
    table.appendChild(el("thead", {role: "rowgroup"})).appendChild(head);
    var tbody = table.appendChild(el("tbody", {role: "rowgroup"}));
    tableWrap.hidden = true;
    app.appendChild(tableWrap);

    // The check character's sum, step by step: open when the check fails, so a reader sees
    // which position's product a mistyped character changed.
    var steps = el("details", {"class": "uscc-steps"});
    steps.appendChild(el("summary", {}, "The check character, step by step"));
    var stepsIntro = steps.appendChild(el("p"));
    var stepsTable = steps.appendChild(el("table", {"class": "uscc-steps-table"}));
    stepsTable.appendChild(el("caption", {}, "Each of the first 17 characters: its value times its weight"));
    var stepsHead = el("tr");
    ["Position", "Character", "Value", "Weight", "Product"].forEach(function (h) {
      stepsHead.appendChild(el("th", {scope: "col"}, h));
    });
    stepsTable.appendChild(el("thead")).appendChild(stepsHead);
    var stepsBody = stepsTable.appendChild(el("tbody"));
    var stepsResult = steps.appendChild(el("p", {"class": "uscc-steps-result"}));
    steps.hidden = true;
    app.appendChild(steps);

    var exampleCodes = Array.from(root.querySelectorAll(".uscc-examples code"))
      .map(function (c) { return c.textContent.trim(); })
      .filter(function (t) { return /^[0-9A-Z]{18}$/.test(t); });
    if (exampleCodes.length) {
      var examples = el("div", {"class": "uscc-example-buttons", role: "group",
        "aria-label": "Example codes"});
      examples.appendChild(el("span", {}, "Try an example: "));
      exampleCodes.forEach(function (code) {
        var b = el("button", {type: "button", "class": "md-button"}, code);
        b.addEventListener("click", function () { input.value = code; update(); input.focus(); });
        examples.appendChild(b);
      });
      app.appendChild(examples);
    }

    var pfield = el("p", {"class": "uscc-field"});
    pfield.appendChild(el("label", {"for": id + "-prefix"},
      "Compute the check character: enter the first 17 characters"));
    var prefix = el("input", {id: id + "-prefix", type: "text", autocomplete: "off",
      spellcheck: "false", autocapitalize: "characters"});
    pfield.appendChild(prefix);
    app.appendChild(pfield);
    var pstatus = el("p", {role: "status", "aria-live": "polite", "class": "uscc-prefix-status"});
    app.appendChild(pstatus);

    function update() {
      var r = validate(input.value, divisions);
      verdict.textContent = (r.valid ? "Valid: " : "Invalid: ") + r.reason + ".";
      status.setAttribute("data-valid", String(r.valid));
      notes.textContent = r.notes.length ? "Input tidied: " + r.notes.join("; ") + "." : "";
      tbody.textContent = "";
      r.parts.forEach(function (p) {
        var tr = el("tr", {role: "row"});
        tr.appendChild(el("td", {role: "cell", "data-label": HEADINGS[0]}, p.positions));
        tr.appendChild(el("td", {role: "cell", "data-label": HEADINGS[1]}, p.value));
        tr.appendChild(el("td", {role: "cell", "data-label": HEADINGS[2]}, p.field));
        var meaning = tr.appendChild(el("td", {role: "cell", "data-label": HEADINGS[3]}, p.meaning));
        if (p.zh) {
          if (p.meaning) meaning.appendChild(document.createTextNode(" ("));
          meaning.appendChild(el("span", {lang: "zh-Hans"}, p.zh));
          if (p.meaning) meaning.appendChild(document.createTextNode(")"));
        }
        tbody.appendChild(tr);
      });
      tableWrap.hidden = !r.valid;
      var showSteps = r.valid || r.kind === "check" || r.kind === "org_check";
      steps.hidden = !showSteps;
      if (showSteps) {
        var sum = checkSteps(r.code);
        stepsBody.textContent = "";
        sum.rows.forEach(function (row) {
          var tr = el("tr");
          [row.position, row.character, row.value, row.weight, row.product].forEach(function (v) {
            tr.appendChild(el("td", {}, String(v)));
          });
          stepsBody.appendChild(tr);
        });
        stepsIntro.textContent = "Each character stands for a value (0–9, then A = 10 up to Y = 30, " +
          "skipping I, O, Z, S and V); each position has a weight. The products are added up.";
        var difference = 31 - sum.remainder;
        stepsResult.textContent = "Sum " + sum.total + "; " + sum.total + " divided by 31 leaves " +
          sum.remainder + "; 31 minus " + sum.remainder + " is " +
          (difference === 31 ? "31, which counts as 0" : difference) +
          ", the value of " + sum.expected + ". The check character must be " + sum.expected +
          (sum.given === sum.expected ? ", and it is." : "; the code has " + sum.given + ".");
        steps.open = r.kind === "check";
      }
    }

    input.addEventListener("input", update);
    prefix.addEventListener("input", function () {
      pstatus.textContent = prefix.value ? completePrefix(prefix.value).text + "." : "";
    });
    root.insertBefore(app, root.firstChild);

    loadDivisions(root).then(function (d) {
      divisions = d || null;
      if (input.value) update();
    });
  }

  function init() {
    document.querySelectorAll('[data-widget="uscc-decoder"]').forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
