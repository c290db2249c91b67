"""The unified social credit code decoder in a real browser (docs/assets/js/uscc-decoder.js)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from sce import uscc

VECTORS = json.loads((ROOT / "tests" / "data" / "uscc_vectors.json").read_text(encoding="utf-8"))
ROOT_SEL = '[data-widget="uscc-decoder"]'
INPUT = f"{ROOT_SEL} input[id$='-input']"
PREFIX = f"{ROOT_SEL} input[id$='-prefix']"
STATUS = f"{ROOT_SEL} .uscc-status"
HUAWEI = "914403001922038216"


@pytest.fixture(scope="session")
def widget_path(widget_page):
    return widget_page("uscc-decoder")


@pytest.fixture
def decoder(page, base_url, widget_path):
    page.goto(base_url + widget_path)
    page.wait_for_selector(INPUT)
    return page


def status_text(page) -> str:
    return page.locator(STATUS).inner_text().strip()


def expect_status(page, start: str) -> str:
    page.wait_for_function(
        "([sel, start]) => document.querySelector(sel).textContent.trim().startsWith(start)",
        arg=[STATUS, start], timeout=5000)
    return status_text(page)


def test_js_agrees_with_python_on_every_vector(decoder):
    got = decoder.evaluate(
        "vs => vs.map(v => { const r = window.USCC.validate(v.input, {});"
        " return {valid: r.valid, kind: r.kind, reason: r.reason, code: r.code, notes: r.notes}; })",
        VECTORS)
    mismatches = [
        (v["made"], v["input"][:40], g, {k: v[k] for k in g})
        for v, g in zip(VECTORS, got)
        if g != {k: v[k] for k in g}
    ]
    assert not mismatches, mismatches[:5]


@pytest.mark.parametrize("typed", [
    HUAWEI,
    "91 4403 0019 2203 8216",
    "914403001922038217",
    "9144030019220382",
    "91110000600037341l",
    "914403001922038O16",
])
def test_typed_code_gives_the_python_verdict(decoder, typed):
    decoder.locator(INPUT).press_sequentially(typed)
    expected = uscc.validate(typed)
    text = expect_status(decoder, "Valid" if expected.valid else "Invalid")
    assert text.startswith(expected.message)
    for note in expected.notes:
        assert note in text


def test_valid_code_shows_its_parts_with_division_names(decoder):
    decoder.locator(INPUT).fill(HUAWEI)
    expect_status(decoder, "Valid")
    table = decoder.locator(f"{ROOT_SEL} .uscc-parts table")
    decoder.wait_for_function(
        "sel => document.querySelector(sel).textContent.includes('深圳市')",
        arg=f"{ROOT_SEL} .uscc-parts table")
    rows = table.locator("tbody tr").all_inner_texts()
    assert len(rows) == 5
    assert "enterprise" in rows[1] and "深圳市, 广东省" in rows[2] and "19220382-1" in rows[3]


@pytest.mark.parametrize("value, start", [
    ("", "Invalid: nothing entered"),
    ("91440300192203821", "Invalid: 18 characters expected, 17 given"),
    ("9144030019220382166", "Invalid: 18 characters expected, 19 given"),
    ("91440300I922038216", "Invalid: the letter I at position 9 is not allowed: the letters I, O, Z, S and V are never used"),
    ("９１４４０３００１９２２０３８２１６", "Valid: all checks pass"),
    ("<script>alert(1)</script>", "Invalid: 18 characters expected, 25 given"),
    ("<script>alert(1)</", "Invalid: the character \"<\" at position 1 is not allowed"),
    ("9" * 10000, "Invalid: 18 characters expected, 10000 given"),
])
def test_bad_input_gives_a_clear_message(decoder, value, start):
    scripts_before = decoder.locator("script").count()
    dialogs = []
    decoder.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    field = decoder.locator(INPUT)
    field.fill("x")  # so that clearing it is an edit too
    field.fill(value)
    text = expect_status(decoder, start)
    assert text.startswith(start)
    if value.startswith("９"):
        assert "converted 18 full-width characters" in text
    assert decoder.locator("script").count() == scripts_before
    assert not dialogs
    assert decoder.locator(f"{ROOT_SEL} script, {ROOT_SEL} img").count() == 0


def test_check_character_of_a_prefix(decoder):
    field = decoder.locator(PREFIX)
    field.press_sequentially(HUAWEI[:17])
    out = decoder.locator(f"{ROOT_SEL} .uscc-prefix-status")
    decoder.wait_for_function("sel => document.querySelector(sel).textContent.includes('is 6')",
                              arg=f"{ROOT_SEL} .uscc-prefix-status")
    assert out.inner_text().startswith(f"The check character is 6: the full code is {HUAWEI}")
    field.fill("9144")
    assert out.inner_text().startswith("17 characters expected, 4 given")


def _tab_to(page, predicate_js: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
    pytest.fail(f"Tab never reached: {predicate_js}")


def test_keyboard_only(decoder):
    decoder.locator("body").focus()
    _tab_to(decoder, "document.activeElement.matches(\"input[id$='-input']\")")
    decoder.keyboard.type(HUAWEI)
    assert expect_status(decoder, "Valid").startswith("Valid: all checks pass")
    decoder.keyboard.press("Control+A")
    decoder.keyboard.press("Delete")
    _tab_to(decoder, "document.activeElement.matches('.uscc-example-buttons button')")
    label = decoder.evaluate("document.activeElement.textContent")
    decoder.keyboard.press("Enter")
    assert decoder.locator(INPUT).input_value() == label
    expected = uscc.validate(label)
    assert expect_status(decoder, expected.message)


def test_label_names_the_input(decoder):
    field = decoder.locator(ROOT_SEL).get_by_label("unified social credit code", exact=False)
    assert field.count() == 1
    assert field.evaluate("e => e.matches(\"input[id$='-input']\")")
    assert decoder.locator(STATUS).get_attribute("role") == "status"
    assert decoder.locator(STATUS).get_attribute("aria-live") == "polite"


def test_only_local_requests(decoder, base_url):
    seen = []
    decoder.on("request", lambda r: seen.append(r.url))
    decoder.reload()
    decoder.wait_for_load_state("networkidle")
    assert seen and all(u.startswith(base_url) or u.startswith("data:") for u in seen), seen
    assert any(u.endswith("/assets/data/divisions.json") for u in seen)


def test_works_from_file_url_without_fetch(page, site_dir, widget_path):
    page.goto((site_dir / widget_path).as_uri())
    page.locator(INPUT).fill(HUAWEI)
    assert expect_status(page, "Valid").startswith("Valid: all checks pass")
    # fetch() cannot read file:// in Chromium; the names come from divisions.js instead.
    page.wait_for_function("sel => document.querySelector(sel).textContent.includes('深圳市')",
                           arg=f"{ROOT_SEL} .uscc-parts table")
    # Search's index from file:// is the site's concern (the offline plugin), not this widget's.
    page.errors[:] = [e for e in page.errors if "/search/" not in e]


def test_axe_reports_no_violations_in_the_widget(decoder):
    from axe_playwright_python.sync_playwright import Axe

    decoder.locator(INPUT).fill(HUAWEI)
    expect_status(decoder, "Valid")
    results = Axe().run(decoder, context=ROOT_SEL)
    assert results.violations_count == 0, results.generate_report()
