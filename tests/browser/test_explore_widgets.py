"""The credit map, the pilot score simulator, the explorable timeline and the glossary tooltips in
a real browser: mouse and keyboard, what screen readers get, print, and no JavaScript.

The `page` fixture (tests/browser/conftest.py) fails a test on any console error and on any
request that leaves 127.0.0.1.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
from sce.data import load_glossary, load_timeline
from sce.project import Project

PROJECT = Project.from_config_file(ROOT / "mkdocs.yml")

MAP = '[data-widget="credit-map"]'
SIM = '[data-widget="simulator"]'
TIMELINE = '[data-widget="timeline"]'
TIMELINE_PAGE = "reference/timeline.html"
CHAPTER_4 = "chapters/04-blacklists-and-joint-punishment.html"
EVENTS = load_timeline(PROJECT)
SIM_DATA = yaml.safe_load((ROOT / "docs" / "data" / "simulator.yml").read_text(encoding="utf-8"))
POINTS = {e["item"]: e.get("points") for e in SIM_DATA if "item" in e}
MINUS = "\u2212"


def axe_violations(page, context=None) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context) if context else Axe().run(page)
    return "" if results.violations_count == 0 else results.generate_report()


def tab_to(page, selector: str) -> None:
    """Focus what comes just before the first match of selector in tab order, then press Tab.
    (Tabbing from the top would pass every citation link on the page first.)"""
    page.evaluate("""sel => {
        const target = document.querySelector(sel);
        const stops = Array.from(document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]'))
            .filter(e => e.tabIndex >= 0 && !e.disabled && e.offsetParent !== null);
        const i = stops.indexOf(target);
        if (i > 0) stops[i - 1].focus(); else document.activeElement.blur(); }""", selector)
    page.keyboard.press("Tab")
    if not page.evaluate("sel => document.activeElement === document.querySelector(sel)", selector):
        pytest.fail(f"Tab did not reach {selector}")


def visible_texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent.trim())")


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    outside: list[str] = []
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname in (None, "127.0.0.1")
                  else (outside.append(r.request.url), r.abort()))
    yield context.new_page()
    context.close()
    assert not outside, outside


# ---------------------------------------------------------------------------- the credit map

@pytest.fixture
def credit_map(page, base_url, widget_page):
    page.goto(base_url + widget_page("credit-map"), wait_until="domcontentloaded")
    page.wait_for_selector(f"{MAP} button[data-part]")
    return page


def panel_fields(page) -> dict[str, str]:
    return page.evaluate("""sel => {
        const out = {};
        const panel = document.querySelector(sel + ' .sce-credit-map__panel');
        panel.querySelectorAll('dt').forEach(dt => out[dt.textContent] = dt.nextElementSibling.textContent.trim());
        out._title = panel.querySelector('h3').textContent.trim();
        return out; }""", MAP)


def row_fields(page, part: str) -> dict[str, str]:
    return page.evaluate("""([sel, part]) => {
        const row = document.querySelector(`${sel} tr[data-part="${part}"]`);
        const heads = Array.from(row.closest('table').querySelectorAll('thead th')).map(th => th.textContent);
        const out = {};
        row.querySelectorAll('td').forEach((td, i) => out[heads[i + 1]] = td.textContent.trim());
        out._title = row.querySelector('th').textContent.trim();
        return out; }""", [MAP, part])


def test_clicking_a_part_shows_its_row_of_the_table(credit_map):
    parts = credit_map.eval_on_selector_all(f"{MAP} button[data-part]", "bs => bs.map(b => b.dataset.part)")
    assert {"court", "code", "sesame", "pilots", "framework"} <= set(parts)
    for part in parts:
        credit_map.click(f'{MAP} button[data-part="{part}"]')
        assert credit_map.get_attribute(f'{MAP} button[data-part="{part}"]', "aria-pressed") == "true"
        assert credit_map.locator(f'{MAP} button[aria-pressed="true"]').count() == 1
        expected = row_fields(credit_map, part)
        assert panel_fields(credit_map) == expected, part
    court = credit_map.locator(f'{MAP} button[data-part="court"]')
    court.click()
    panel = credit_map.locator(f"{MAP} .sce-credit-map__panel")
    assert "Supreme People’s Court and the lower courts" in panel.inner_text()
    assert "How it connects" in panel.inner_text()
    # Footnote references are copied without their ids: every id on the page stays unique.
    assert credit_map.evaluate(
        "() => { const ids = Array.from(document.querySelectorAll('[id]'), e => e.id);"
        " return ids.length === new Set(ids).size; }")
    # The arrows of the selected part are highlighted, and they lead to real boxes.
    assert credit_map.locator(f'{MAP} path.is-active[data-from="court"]').count() >= 2
    assert credit_map.locator(f'{MAP} button.is-linked[data-part="sector"]').count() == 1
    assert not axe_violations(credit_map, MAP)


def test_keyboard_selects_parts_with_enter_and_space(credit_map):
    tab_to(credit_map, f"{MAP} button[data-part]")
    first = credit_map.evaluate("document.activeElement.dataset.part")
    credit_map.keyboard.press("Enter")
    assert credit_map.get_attribute(f'{MAP} button[data-part="{first}"]', "aria-pressed") == "true"
    assert panel_fields(credit_map)["_title"] == row_fields(credit_map, first)["_title"]
    credit_map.keyboard.press("ArrowRight")
    second = credit_map.evaluate("document.activeElement.dataset.part")
    assert second != first
    credit_map.keyboard.press("Space")
    assert credit_map.get_attribute(f'{MAP} button[data-part="{second}"]', "aria-pressed") == "true"
    assert credit_map.get_attribute(f'{MAP} button[data-part="{first}"]', "aria-pressed") == "false"
    assert panel_fields(credit_map)["_title"] == row_fields(credit_map, second)["_title"]
    panel = credit_map.locator(f"{MAP} .sce-credit-map__panel")
    assert panel.get_attribute("aria-live") == "polite"
    assert credit_map.get_attribute(f'{MAP} button[data-part="{second}"]', "aria-controls") == panel.get_attribute("id")
    # The table is behind a toggle on screen, and is what print shows.
    table = credit_map.locator(f"{MAP} .sce-credit-map__static table")
    assert not table.is_visible()
    toggle = credit_map.locator(f"{MAP} .sce-credit-map__toggle")
    toggle.click()
    assert table.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    credit_map.emulate_media(media="print")
    assert table.is_visible()
    assert not credit_map.locator(f"{MAP} .sce-credit-map__map").is_visible()
    assert credit_map.locator(f"{MAP} .sce-credit-map__links li").first.is_visible()


def test_credit_map_without_javascript_is_the_table(no_js_page, base_url, widget_page):
    no_js_page.goto(base_url + widget_page("credit-map"), wait_until="domcontentloaded")
    assert no_js_page.locator(f"{MAP} table tr[data-part]").count() >= 8
    assert no_js_page.locator(f"{MAP} table").is_visible()
    assert no_js_page.locator(f"{MAP} button").count() == 0
    assert "Supreme People’s Court and the lower courts" in no_js_page.locator(f'{MAP} tr[data-part="court"]').inner_text()


# ---------------------------------------------------------------------------- the simulator

@pytest.fixture
def sim(page, base_url, widget_page):
    page.goto(base_url + widget_page("simulator"), wait_until="domcontentloaded")
    page.wait_for_selector(f"{SIM} .sce-simulator__record")
    return page


def control(item: str) -> str:
    return f'{SIM} tr[data-item="{item}"] input'


def total(page) -> int:
    return int(page.get_attribute(SIM, "data-total"))


def shown_total(page) -> str:
    return page.locator(f"{SIM} .sce-simulator__total").inner_text()


def test_applying_items_changes_the_record_as_the_data_says(sim):
    assert total(sim) == 0 and "Nothing on the record" in sim.locator(f"{SIM} .sce-simulator__entries").inner_text()
    sim.check(control("contract-default"))
    sim.check(control("utility-theft"))
    expected = POINTS["contract-default"] + POINTS["utility-theft"]
    assert total(sim) == expected
    assert f"{MINUS}{abs(expected)} points" in shown_total(sim)
    sim.fill(control("loan-arrears"), "3")
    expected += 3 * POINTS["loan-arrears"]
    assert total(sim) == expected
    entries = sim.locator(f"{SIM} .sce-simulator__entries li").all_inner_texts()
    assert len(entries) == 3 and any("3 monthly cycles" in e for e in entries)
    sim.uncheck(control("utility-theft"))
    expected -= POINTS["utility-theft"]
    assert total(sim) == expected
    # An item with no published value is recorded, but moves the total by nothing.
    sim.check(control("jaywalking"))
    assert total(sim) == expected
    assert "1 item with no published value" in shown_total(sim)
    # The decision already taken elsewhere is named where the data names it.
    sim.check(control("fees-arrears-found"))
    assert "decided by a court or arbitration body" in sim.locator(f"{SIM} .sce-simulator__entries").inner_text()
    status = sim.locator(f"{SIM} [role=status]")
    assert status.get_attribute("aria-live") == "polite" and "On the record" in status.inner_text()
    assert not axe_violations(sim, SIM)
    sim.click(f"{SIM} .sce-simulator__reset")
    assert total(sim) == 0 and not sim.is_checked(control("contract-default"))


def test_caveats_keyboard_counts_and_print(sim):
    caveats = sim.locator(f"{SIM} .sce-simulator__caveats")
    assert caveats.is_visible()
    text = caveats.inner_text()
    assert "not a national score" in text and "no starting score" in text
    assert "Punishments are inputs" in text
    assert "Grade: not shown" in sim.locator(f"{SIM} .sce-simulator__grade").inner_text()
    assert sim.locator(f"{SIM} table sup.sce-citation a").count() >= 1  # each value cites its source
    # Keyboard: Tab to the first control, Space puts the item on the record.
    tab_to(sim, f"{SIM} input")
    first = sim.evaluate("document.activeElement.closest('tr').dataset.item")
    sim.keyboard.press("Space")
    assert total(sim) == POINTS[first]
    sim.keyboard.press("Space")
    assert total(sim) == 0
    # Counts are read as whole numbers within range; anything else counts as none.
    field = sim.locator(control("loan-arrears"))
    field.fill("999")
    assert total(sim) == 36 * POINTS["loan-arrears"]
    field.fill("")
    assert total(sim) == 0
    field.fill("-4")
    assert total(sim) == 0
    # Print: the cited table and the caveats, without the controls and the record.
    sim.check(control("contract-default"))
    sim.emulate_media(media="print")
    assert sim.locator(f"{SIM} table").is_visible() and sim.locator(f"{SIM} .sce-simulator__caveats").is_visible()
    assert not sim.locator(f"{SIM} .sce-simulator__record").is_visible()
    assert not sim.locator(control("contract-default")).is_visible()


def test_simulator_without_javascript_is_the_cited_table(no_js_page, base_url, widget_page):
    no_js_page.goto(base_url + widget_page("simulator"), wait_until="domcontentloaded")
    rows = no_js_page.locator(f"{SIM} tbody tr").all_inner_texts()
    assert len(rows) == len(POINTS) and any(f"{MINUS}100 points" in r for r in rows)
    assert no_js_page.locator(f"{SIM} input").count() == 0


# ---------------------------------------------------------------------------- the timeline

def shown_events(page) -> list[dict]:
    return page.eval_on_selector_all(
        f"{TIMELINE} li[data-themes]",
        "ls => ls.filter(l => !l.hidden && l.offsetParent !== null)"
        ".map(l => ({themes: l.dataset.themes.split(' '), year: +l.dataset.date.slice(0, 4)}))")


def expected_count(themes: set[str], lo: int, hi: int) -> int:
    return sum(1 for e in EVENTS if set(e.themes) & themes and lo <= int(e.year) <= hi)


def query(page) -> dict:
    search = page.evaluate("location.search").lstrip("?")
    return {k: v[0] for k, v in parse_qs(search, keep_blank_values=True).items()}


@pytest.fixture
def timeline(page, base_url):
    page.goto(base_url + TIMELINE_PAGE, wait_until="domcontentloaded")
    page.wait_for_selector(f"{TIMELINE} .sce-timeline-controls:not([hidden]) input")
    return page


def status(page) -> str:
    return page.locator(f"{TIMELINE} .sce-timeline-count").inner_text()


def test_filter_by_theme_and_years_updates_list_and_address(timeline):
    assert len(shown_events(timeline)) == len(EVENTS)
    assert status(timeline) == f"Showing {len(EVENTS)} of {len(EVENTS)} events."
    # Nothing ticked at first, and every event shows; one tick shows one theme.
    assert not timeline.locator(f"{TIMELINE} input[name=themes]:checked").count()
    timeline.locator(f"{TIMELINE} input[name=themes][value=courts]").check()
    shown = shown_events(timeline)
    assert shown and all("courts" in e["themes"] for e in shown)
    assert len(shown) == expected_count({"courts"}, 0, 9999)
    assert query(timeline)["themes"] == "courts"
    timeline.select_option(f"{TIMELINE} select[name=from]", "2013")
    timeline.select_option(f"{TIMELINE} select[name=to]", "2019")
    shown = shown_events(timeline)
    assert len(shown) == expected_count({"courts"}, 2013, 2019)
    assert all(2013 <= e["year"] <= 2019 for e in shown)
    assert query(timeline) == {"themes": "courts", "from": "2013", "to": "2019"}
    assert status(timeline).startswith(f"Showing {len(shown)} of {len(EVENTS)} events")
    assert timeline.locator(f"{TIMELINE} [role=status]").get_attribute("aria-live") == "polite"
    # Years without events lose their heading and their table-of-contents entry; anchors stay.
    assert not timeline.locator("h2[id=\"2007\"]").is_visible() and timeline.locator("h2[id=\"2014\"]").is_visible()
    assert timeline.eval_on_selector_all('.md-nav--secondary a[href="#2007"]', "as => as.every(a => !a.offsetParent)")
    assert timeline.locator('.md-sidebar--secondary a[href="#2014"]').is_visible()
    assert not timeline.locator('.md-sidebar--secondary a[href="#2007"]').is_visible()
    timeline.click(f"{TIMELINE} .sce-timeline-reset")
    assert len(shown_events(timeline)) == len(EVENTS) and query(timeline) == {}
    # Keyboard: Tab to a theme, Space shows only that theme; Space again, everything.
    tab_to(timeline, f"{TIMELINE} input[name=themes]")
    theme = timeline.evaluate("document.activeElement.value")
    timeline.keyboard.press("Space")
    assert query(timeline)["themes"] == theme
    assert len(shown_events(timeline)) == expected_count({theme}, 0, 9999)
    timeline.keyboard.press("Space")
    assert len(shown_events(timeline)) == len(EVENTS) and query(timeline) == {}
    # Unfiltered, print shows every event and no note.
    timeline.emulate_media(media="print")
    assert len(shown_events(timeline)) == len(EVENTS)
    assert not timeline.locator(f"{TIMELINE} .sce-timeline-print-note").inner_text()


def test_a_link_with_filters_restores_them(page, base_url):
    page.goto(base_url + TIMELINE_PAGE + "?themes=courts,private&from=2013&to=2019#2016", wait_until="domcontentloaded")
    page.wait_for_selector(f"{TIMELINE} .sce-timeline-controls:not([hidden]) input")
    checked = page.eval_on_selector_all(f"{TIMELINE} input[name=themes]:checked", "bs => bs.map(b => b.value)")
    assert sorted(checked) == ["courts", "private"]
    assert page.input_value(f"{TIMELINE} select[name=from]") == "2013"
    assert page.input_value(f"{TIMELINE} select[name=to]") == "2019"
    assert len(shown_events(page)) == expected_count({"courts", "private"}, 2013, 2019)
    assert page.evaluate("location.hash") == "#2016" and page.locator("h2[id=\"2016\"]").is_visible()
    assert not axe_violations(page)
    # Print keeps the filtered view and says so.
    page.emulate_media(media="print")
    note = page.locator(f"{TIMELINE} .sce-timeline-print-note")
    assert note.is_visible() and "A filtered view of the timeline" in note.inner_text()
    assert not page.locator(f"{TIMELINE} .sce-timeline-controls").is_visible()


def test_timeline_without_javascript_shows_everything(no_js_page, base_url):
    no_js_page.goto(base_url + TIMELINE_PAGE + "?themes=courts")
    assert no_js_page.locator(f"{TIMELINE} li[data-themes]").count() == len(EVENTS)
    assert len(visible_texts(no_js_page, f"{TIMELINE} li[data-themes]")) == len(EVENTS)
    assert not no_js_page.locator(f"{TIMELINE} .sce-timeline-controls").is_visible()


# ---------------------------------------------------------------------------- glossary tooltips

GLOSSARY = {t.term: t for t in load_glossary(PROJECT)}


@pytest.fixture
def chapter(page, base_url):
    page.goto(base_url + CHAPTER_4, wait_until="domcontentloaded")
    page.wait_for_selector("abbr.sce-gloss[tabindex='0']")
    return page


def tooltip_of(page, term) -> object:
    return page.locator("#" + term.get_attribute("aria-describedby"))


def test_hover_and_focus_show_the_glossary_definition(chapter):
    term = chapter.locator('abbr.sce-gloss[data-term="joint punishment"]')
    assert term.count() == 1
    entry = GLOSSARY["joint punishment"]
    tip = tooltip_of(chapter, term)
    assert not tip.is_visible()
    term.hover()
    assert tip.is_visible()
    assert entry.definition in tip.inner_text()
    assert tip.locator('span[lang="zh-Hans"]').inner_text() == entry.hanzi
    assert entry.pinyin in tip.inner_text()
    assert tip.get_attribute("role") == "tooltip"
    assert term.get_attribute("title") is None  # no second, unstyled tooltip
    assert not axe_violations(chapter)
    chapter.mouse.move(0, 0)
    chapter.wait_for_timeout(400)
    assert not tip.is_visible()
    # Keyboard: Tab reaches the first term and shows its definition; Escape and Tab hide it.
    tab_to(chapter, "abbr.sce-gloss")
    name = chapter.evaluate("document.activeElement.dataset.term")
    term = chapter.locator(f'abbr.sce-gloss[data-term="{name}"]')
    tip = tooltip_of(chapter, term)
    assert tip.is_visible() and GLOSSARY[name].definition in tip.inner_text()
    chapter.keyboard.press("Escape")
    assert not tip.is_visible()
    chapter.keyboard.press("Tab")
    assert not tip.is_visible()


def test_without_javascript_the_title_carries_the_definition(no_js_page, base_url):
    no_js_page.goto(base_url + CHAPTER_4)
    term = no_js_page.locator('abbr.sce-gloss[data-term="joint punishment"]')
    entry = GLOSSARY["joint punishment"]
    assert term.get_attribute("title") == f"{entry.definition} — {entry.hanzi}, {entry.pinyin}"


# ---------------------------------------------------------------------------- citation tooltips

def test_a_citation_number_shows_its_reference_on_hover_and_focus(chapter):
    link = chapter.locator("article p sup.sce-citation a").first
    key = link.get_attribute("href").split("#ref-")[1]
    reference = chapter.locator(f'li[id="ref-{key}"]')
    expected = reference.inner_text().strip()[:60]
    tip = chapter.locator("#sce-cite-tip")
    assert tip.count() == 0  # made on first use, not for each of the page's citations at load
    link.hover()
    expect(tip).to_be_visible()
    assert expected in tip.inner_text()  # the same reference, evidence label and all
    assert tip.locator("[id]").count() == 0 and tip.inner_text().startswith(link.inner_text() + ". ")
    assert link.get_attribute("aria-describedby") == "sce-cite-tip"
    assert tip.get_attribute("role") == "tooltip"
    assert not axe_violations(chapter)
    # The tooltip can be hovered (to select or follow its link) and closes once the pointer leaves.
    tip.hover()
    chapter.wait_for_timeout(400)
    expect(tip).to_be_visible()
    chapter.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    # Keyboard: focusing another citation shows that one; Escape closes it.
    other = chapter.locator(f'article p sup.sce-citation a:not([href$="#ref-{key}"])').first
    other_key = other.get_attribute("href").split("#ref-")[1]
    other.focus()
    expect(tip).to_be_visible()
    other_text = chapter.locator(f'li[id="ref-{other_key}"]').inner_text().strip()[:40]
    assert other_text in tip.inner_text()
    assert link.get_attribute("aria-describedby") is None
    chapter.keyboard.press("Escape")
    expect(tip).to_be_hidden()
