"""Reading on a phone, 360 and 390 px wide: nothing a reader must touch or read lies off screen.

At both widths, on every built page: no control (link, button, field, summary) lies beyond the
viewport, even one a reader could reach by scrolling a box sideways — only static tables may
scroll, and they hold no control; figures fit their column and open full size on tap; each
citation is shown once (a number, not a number after an author-date parenthesis). Then the
widgets whose content appears on use: the decoder's result, the quiz's explanations, the credit
map's details (which must come into view when a part is tapped), and a chapter's downloads on
the first screen.
"""

from __future__ import annotations

import pytest

from sce import pageweight

WIDTHS = (360, 390)
SCREEN_HEIGHT = 640  # a small phone's first screen, below the browser's own bars
HUAWEI = "914403001922038216"

# Visible controls in the article whose box reaches past the viewport's left or right edge.
OFF_SCREEN_CONTROLS = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll(`.md-content :is(a[href], button, input, select,
        textarea, summary, [tabindex]:not([tabindex="-1"]), [role=button])`)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    if (el.closest(".md-sidebar, .md-nav")) continue;  // the drawer, off screen until opened
    if (el.matches(".md-typeset__scrollwrap table")) continue;  // takes focus to scroll its box
    if (r.left < -1 || r.right > vw + 1)
      out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || "").trim().slice(0, 40)}"`
               + ` at ${Math.round(r.left)}–${Math.round(r.right)} px`);
  }
  // A box that scrolls sideways: only a static table, holding no control, and with a cue.
  for (const box of document.querySelectorAll(".md-content .md-typeset__scrollwrap")) {
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    const name = (box.querySelector("caption, th")?.textContent || "").trim().slice(0, 40);
    const inside = box.querySelectorAll(`:is(a[href], button, input, select, textarea, summary,
        [role=button], [tabindex]:not([tabindex="-1"])):not(table)`);
    if (inside.length) out.push(`the scrolling table "${name}" holds ${inside.length} controls`);
    if (!/gradient/.test(getComputedStyle(box).backgroundImage))
      out.push(`the scrolling table "${name}" has no cue that it scrolls`);
  }
  return out;
}"""
# Figures wider than the column they sit in, and figures with no full-size link.
FIGURE_PROBLEMS = """() => {
  const out = [];
  for (const fig of document.querySelectorAll(".md-content figure.sce-figure")) {
    const art = fig.querySelector("svg, img"), column = fig.closest("article").getBoundingClientRect();
    const r = art.getBoundingClientRect();
    if (r.width > column.width + 1 || r.right > column.right + 1)
      out.push(`${fig.id}: ${Math.round(r.width)} px wide in a ${Math.round(column.width)} px column`);
    const link = fig.querySelector("a.sce-figure__art");
    if (!link || !/\\.svg$/.test(link.getAttribute("href")))
      out.push(`${fig.id}: no link to the figure full size`);
  }
  return out;
}"""
# A citation shown twice: a number straight after an author-date parenthesis naming the work it
# cites ("(State Council 2016a)[3]": the first word of the author and the year, read from the
# work's entry in the reference list), or the same number twice in a row.
DOUBLE_CITATIONS = r"""() => {
  const out = [], escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const sup of document.querySelectorAll(".md-content sup.sce-citation")) {
    let before = "", node = sup.previousSibling;
    while (node && before.length < 120) { before = node.textContent + before; node = node.previousSibling; }
    for (const link of sup.querySelectorAll("a[href^='#ref-']")) {
      const entry = document.getElementById(link.getAttribute("href").slice(1));
      const m = entry && entry.textContent.match(/^\s*([^\s.,]+).*?\b((?:1[89]|20)\d\d|n\.d\.)/);
      if (!m) continue;
      const said = new RegExp(`[(;]\\s*${escape(m[1])}[^;()\\d]*${escape(m[2])}[a-z]?(, [^;()]*)?(;[^()]*)?\\)\\s*$`);
      if (said.test(before)) out.push(`"…${before.slice(-50)}" then [${link.textContent}]`);
    }
    const next = sup.nextElementSibling;
    if (next && next.matches("sup.sce-citation") && next.textContent === sup.textContent
        && !sup.nextSibling.textContent.trim())
      out.push(`${sup.textContent} twice in a row`);
  }
  return out;
}"""
IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < innerHeight && r.height > 0; }"""


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def phone(request, browser):
    """A phone-shaped page, shared by this module's tests at one width."""
    from tests.browser.conftest import watched_page

    pg = watched_page(browser, viewport={"width": request.param, "height": SCREEN_HEIGHT},
                      device_scale_factor=3, is_mobile=True, has_touch=True)
    yield pg
    pg.context.close()
    assert not pg.outside_requests and not pg.errors, pg.outside_requests + pg.errors


@pytest.fixture(scope="module")
def every_page(phone, base_url, site_dir):
    """What the checks above find on each built page, at this module's width."""
    found = {}
    for page in pageweight.site_pages(site_dir):
        if page == "404.html":  # its links assume the site's own path: test_quality.py serves it so
            continue
        phone.goto(base_url + page, wait_until="load")
        found[page] = {name: phone.evaluate(script) for name, script in
                       (("controls", OFF_SCREEN_CONTROLS), ("figures", FIGURE_PROBLEMS),
                        ("citations", DOUBLE_CITATIONS))}
        found[page]["width"] = phone.evaluate("document.documentElement.scrollWidth")
        found[page]["figure_count"] = phone.locator(".md-content figure.sce-figure").count()
    return found


def _report(every_page, name) -> list[str]:
    return [f"{page}: {item}" for page, found in every_page.items() for item in found[name]]


def test_no_control_lies_beyond_the_screen(every_page, phone):
    assert len(every_page) >= 20
    width = phone.viewport_size["width"]
    wide = [f"{page}: the page is {found['width']} px wide" for page, found in every_page.items()
            if found["width"] > width]
    problems = wide + _report(every_page, "controls")
    assert not problems, "\n".join(problems[:30])


def test_figures_fit_the_column_and_open_full_size(every_page):
    assert sum(found["figure_count"] for found in every_page.values()) >= 5
    problems = _report(every_page, "figures")
    assert not problems, "\n".join(problems)


def test_each_citation_is_shown_once(every_page, phone, base_url):
    problems = _report(every_page, "citations")
    assert not problems, "\n".join(problems[:30])
    # The check can fail: an author-date parenthesis put back before a number is caught.
    phone.goto(base_url + "chapters/02-the-system-piece-by-piece.html")
    assert phone.evaluate("""script => {
        const sup = document.querySelector(".md-content sup.sce-citation:has(a[href='#ref-creemers2016state'])");
        sup.before(" (State Council 2016a)"); return eval(script)().length; }""", DOUBLE_CITATIONS) == 1


def test_decoder_result_and_quiz_explanations_fit(phone, base_url, widget_page):
    phone.goto(base_url + widget_page("uscc-decoder"))
    phone.fill('[data-widget="uscc-decoder"] input[id$="-input"]', HUAWEI)
    parts = phone.get_by_role("table", name="The parts of the code")
    parts.wait_for()
    assert parts.is_visible()
    assert phone.evaluate(OFF_SCREEN_CONTROLS) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    meaning = phone.locator('[data-widget="uscc-decoder"] td[data-label="Meaning"]').first
    assert meaning.is_visible() and meaning.evaluate(
        "el => el.getBoundingClientRect().right <= document.documentElement.clientWidth")

    phone.goto(base_url + widget_page("quiz"))
    first = phone.locator('[data-widget="quiz"] fieldset').first
    first.locator("label").first.click()
    first.locator("xpath=..").get_by_role("button", name="Check").click()
    assert phone.evaluate(OFF_SCREEN_CONTROLS) == []


def test_simulator_controls_are_on_screen(phone, base_url, widget_page):
    phone.goto(base_url + widget_page("simulator"))
    boxes = phone.locator('[data-widget="simulator"] input[type="checkbox"]')
    assert boxes.count() > 5
    vw = phone.viewport_size["width"]
    for i in range(boxes.count()):
        box = boxes.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= vw, (i, box)
    boxes.first.tap()
    assert boxes.first.is_checked()


def test_tapping_the_credit_map_brings_its_details_into_view(phone, base_url, widget_page):
    phone.goto(base_url + widget_page("credit-map"))
    parts = phone.locator('[data-widget="credit-map"] button[data-part]')
    assert parts.count() >= 5
    panel = phone.locator('[data-widget="credit-map"] .sce-credit-map__panel')
    for i in (0, parts.count() - 1):
        part = parts.nth(i)
        part.scroll_into_view_if_needed()
        part.tap()
        phone.wait_for_timeout(400)  # a smooth scroll, if the reader's settings allow one
        title = part.evaluate("b => b.textContent.trim()")
        heading = panel.locator("h3")
        assert heading.evaluate(IN_VIEW), f"details of {title!r} are off screen after a tap"
        # The details keep their grouping: who runs it, whom it covers, what it triggers.
        fields = panel.locator("dt").all_inner_texts()
        assert {"Who runs it", "Whom it covers", "What it can trigger"} <= set(fields), fields
    # On a phone the map keeps its groups of parts, each under its visible label.
    labels = phone.locator('[data-widget="credit-map"] .sce-credit-map__group-label')
    assert labels.count() >= 2 and all(labels.nth(i).is_visible() for i in range(labels.count()))


@pytest.mark.parametrize("chapter", [c for c in range(1, 12)])
def test_a_chapter_offers_its_downloads_on_the_first_screen(phone, base_url, site_dir, chapter):
    page = next(p for p in pageweight.site_pages(site_dir) if p.startswith(f"chapters/{chapter:02d}-"))
    phone.goto(base_url + page)
    links = phone.locator(".md-content a[href*='downloads/'][href$='.pdf']")
    on_screen = [links.nth(i).get_attribute("href") for i in range(links.count())
                 if links.nth(i).evaluate(IN_VIEW)
                 and links.nth(i).evaluate("el => el.getBoundingClientRect().bottom <= innerHeight")]
    assert any(h.endswith("social-credit-explained.pdf") for h in on_screen), (page, on_screen)
    assert any(f"chapters/{chapter:02d}-" in h for h in on_screen), (page, on_screen)
