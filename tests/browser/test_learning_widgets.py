"""The learning widgets in a real browser: the chapter quizzes, the joint-punishment walkthrough,
"Which system is this?" and the myth cards (docs/assets/js/{quiz,walkthrough,sorter,myth-cards}.js).

For each: a mouse path and a keyboard-only path give the right feedback, print shows the answers
(or every step, or both sides of every card) without the controls, and with JavaScript off the
page still reads with the answers available; axe finds nothing in the widgets of a page, in the
light and the dark scheme. The `page` fixture fails a test on any console error or request that
leaves 127.0.0.1; `nojs_page` checks the requests of a page with JavaScript turned off. To stay
fast, a test reuses its page: the print check follows the mouse path on the same page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
from helpers import context
from sce.widgets import myth_cards, quiz, sorter, walkthrough

KNOWN = context(ROOT)  # the real project, as the renderers see it
QUIZ = '[data-widget="quiz"]'
WALK = '[data-widget="walkthrough"]'
SORT = '[data-widget="sorter"]'
CARDS = '[data-widget="myth-cards"]'


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False, service_workers="block")
    outside: list[str] = []

    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in {"file", "data", "blob", "about"} or url.hostname == "127.0.0.1":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    yield context.new_page()
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"


def open_widget(page, base_url, widget_page, name: str, ready: str | None):
    page.goto(base_url + widget_page(name))
    if ready:
        page.wait_for_selector(ready)
    return page


def active(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector)


def tab_until(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def focus_section_heading(page, root: str) -> None:
    """Keyboard paths start where a reader arrives: the permalink of the widget's section heading."""
    page.locator(root).evaluate(
        "e => { let h = e.previousElementSibling; while (h.tagName !== 'H2') h = h.previousElementSibling;"
        " h.querySelector('a.headerlink').focus(); }")


def visible_controls(page, root: str) -> int:
    return page.locator(f"{root} button, {root} input, {root} select, {root} summary").evaluate_all(
        "els => els.filter(e => e.getClientRects().length > 0).length")


# --- Quiz ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def questions(widget_page):
    number = re.search(r"chapters/(\d\d)-", widget_page("quiz")).group(1)
    return number, quiz.load(number, KNOWN)


def verdict(page, qid: str) -> str:
    return page.locator(f"#{qid} .sce-quiz-verdict").inner_text().strip()


def answer_question(page, qid: str, option: int) -> None:
    page.locator(f"label[for='{qid}-option-{option}']").click()
    page.locator(f"#{qid}").get_by_role("button", name="Check").click()


def test_quiz_by_mouse_then_in_print(page, base_url, widget_page, questions):
    number, qs = questions
    open_widget(page, base_url, widget_page, "quiz", ".sce-quiz-form")
    for n, q in enumerate(qs, start=1):
        box = page.locator(f"#quiz-{number}-{n}")
        assert box.locator("fieldset legend").inner_text().startswith(f"Question {n}.")
        assert box.locator("input[type=radio]").count() == len(q["options"])
    page.locator(f"#quiz-{number}-1").get_by_role("button", name="Check").click()
    assert verdict(page, f"quiz-{number}-1") == "Choose an answer first."
    for n in (1, next(i for i, q in enumerate(qs, start=1) if q["kind"] != "choice")):
        qid, q = f"quiz-{number}-{n}", qs[n - 1]
        wrong = 1 if q["answer"] != 1 else 2
        answer_question(page, qid, wrong)
        assert verdict(page, qid).startswith("✘ Not quite: you chose")
        page.locator(f"label[for='{qid}-option-{q['answer']}']").click()
        assert verdict(page, qid) == ""  # a new choice clears the old verdict
        page.locator(f"#{qid}").get_by_role("button", name="Check").click()
        # Right on the second try, after the explanation gave it away: not scored as right.
        assert verdict(page, qid) == "✔ Correct. (The score keeps your first answer to this question.)"
        explanation = page.locator(f"#{qid} .sce-quiz-explanation")
        assert explanation.is_visible() and explanation.inner_text().startswith("Answer:")
        assert explanation.locator("sup.sce-citation a").count() >= 1  # the citation links to its reference
    assert page.locator(f"{QUIZ} .sce-quiz-score").inner_text() == \
        f"Score: 0 right of 2 answered, out of {len(qs)} questions. Only your first answer to each question counts."
    # A question answered right the first time scores.
    third = next(i for i in range(1, len(qs) + 1) if i not in (1, next(j for j, q in enumerate(qs, start=1) if q["kind"] != "choice")))
    answer_question(page, f"quiz-{number}-{third}", qs[third - 1]["answer"])
    assert verdict(page, f"quiz-{number}-{third}") == "✔ Correct."
    assert page.locator(f"{QUIZ} .sce-quiz-score").inner_text().startswith("Score: 1 right of 3 answered")

    key = page.locator(f"{QUIZ} .sce-answer-key")
    assert not key.is_visible()
    page.emulate_media(media="print")
    assert key.is_visible()
    items = key.locator("li")
    assert items.count() == len(qs)
    for i, q in enumerate(qs):
        assert items.nth(i).locator("sup.sce-citation a").count() >= 1
        if q["kind"] == "choice":
            assert items.nth(i).inner_text().startswith("ABCDEF"[q["answer"] - 1] + ".")
    assert page.locator(f"{QUIZ} legend").first.is_visible()
    assert visible_controls(page, QUIZ) == 0


def test_quiz_by_keyboard_never_submits_on_arrow_keys(page, base_url, widget_page, questions):
    number, qs = questions
    open_widget(page, base_url, widget_page, "quiz", ".sce-quiz-form")
    n = next(i for i, q in enumerate(qs, start=1) if q["answer"] > 1)
    qid = f"quiz-{number}-{n}"
    focus_section_heading(page, QUIZ)
    tab_until(page, f"#{qid} input[type=radio]")
    page.keyboard.press("Space")
    assert page.locator(f"#{qid}-option-1").is_checked()
    for _ in range(qs[n - 1]["answer"] - 1):
        page.keyboard.press("ArrowDown")
        assert verdict(page, qid) == "", "an arrow key checked the answer"
    assert page.locator(f"#{qid}-option-{qs[n - 1]['answer']}").is_checked()
    page.keyboard.press("Enter")
    assert verdict(page, qid) == "✔ Correct."
    # The next question: a wrong answer, checked with the button by Space.
    m = n % len(qs) + 1
    nid = f"quiz-{number}-{m}"
    tab_until(page, f"#{nid} input[type=radio]")
    if qs[m - 1]["answer"] == 1:
        page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("Space")
    tab_until(page, f"#{nid} button")
    page.keyboard.press("Space")
    assert verdict(page, nid).startswith("✘ Not quite: you chose")
    live = page.locator(f"#{nid} .sce-quiz-feedback")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"


def test_quiz_without_javascript(nojs_page, base_url, widget_page, questions):
    number, qs = questions
    page = nojs_page
    page.goto(base_url + widget_page("quiz"))
    boxes = page.locator(f"{QUIZ} .sce-quiz-q")
    assert boxes.count() == len(qs)
    for i, q in enumerate(qs):
        box = boxes.nth(i)
        assert box.locator(".sce-quiz-stem").is_visible()
        assert box.locator(".sce-quiz-options li").count() == len(q["options"])
        explanation = box.locator(".sce-quiz-explanation")
        assert not explanation.is_visible()
        box.locator("summary", has_text="Show answer").click()
        assert explanation.is_visible() and explanation.inner_text().startswith("Answer:")
    page.emulate_media(media="print")
    assert page.locator(f"{QUIZ} .sce-answer-key").is_visible()
    assert visible_controls(page, QUIZ) == 0


# --- Walkthrough --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def steps():
    return {step["id"]: step for step in walkthrough.load(KNOWN)}


def current(page) -> str:
    shown = page.locator(f"{WALK} .sce-wt-step").evaluate_all(
        "els => els.filter(e => e.getClientRects().length > 0).map(e => e.id)")
    assert len(shown) == 1, shown
    return shown[0].removeprefix("wt-")


def test_walkthrough_by_mouse_then_in_print(page, base_url, widget_page, steps):
    first = next(iter(steps))
    open_widget(page, base_url, widget_page, "walkthrough", f"{WALK} .sce-wt-buttons")
    root = page.locator(WALK)
    assert current(page) == first
    assert root.get_by_role("button", name="Back").is_disabled()
    path = [first]
    for label in ("You could pay, but you do not", "See what the listing means", "The listing was a mistake"):
        choice = next(c for c in steps[path[-1]]["choices"] if c["label"] == label)
        root.get_by_role("button", name=label).click()
        path.append(choice["next"])
        assert current(page) == choice["next"]
        assert active(page, f"#wt-{choice['next']} h3")  # focus moved to the new step's heading
        heading = steps[choice["next"]]["title"]
        assert root.locator(".sce-wt-status").inner_text().startswith(f"Step {len(path)} of your path: {heading}")
    shown = page.locator(f"#wt-{path[-1]}")
    for label in ("Who acts", "Restriction", "How long", "Way off the list"):
        assert shown.locator("dt", has_text=label).is_visible()
    assert shown.locator("sup.sce-citation a").count() >= 1
    assert "This path ends here" in root.locator(".sce-wt-status").inner_text()
    root.get_by_role("button", name="Back").click()
    assert current(page) == path[-2]
    root.get_by_role("button", name="Start again").click()
    assert current(page) == first and active(page, f"#wt-{first} h3")

    page.emulate_media(media="print")
    for sid, step in steps.items():
        assert page.locator(f"#wt-{sid}").is_visible()
        for choice in step["choices"]:
            assert page.locator(f"#wt-{sid} .sce-wt-choices a[href='#wt-{choice['next']}']").is_visible()
    assert visible_controls(page, WALK) == 0


def test_walkthrough_by_keyboard(page, base_url, widget_page, steps):
    first = next(iter(steps))
    open_widget(page, base_url, widget_page, "walkthrough", f"{WALK} .sce-wt-buttons")
    focus_section_heading(page, WALK)
    target = steps[first]["choices"][-1]
    tab_until(page, f"#wt-{first} .sce-wt-buttons button:last-child")
    page.keyboard.press("Enter")
    assert current(page) == target["next"] and active(page, f"#wt-{target['next']} h3")
    following = steps[target["next"]]["choices"][0]
    tab_until(page, f"#wt-{target['next']} .sce-wt-buttons button:first-child")
    page.keyboard.press("Space")
    assert current(page) == following["next"]
    tab_until(page, f"{WALK} .sce-wt-nav button:first-child")  # Back
    page.keyboard.press("Enter")
    assert current(page) == target["next"]


def test_walkthrough_without_javascript(nojs_page, base_url, widget_page, steps):
    page = nojs_page
    page.goto(base_url + widget_page("walkthrough"))
    for sid in steps:
        assert page.locator(f"#wt-{sid}").is_visible()
    start = next(iter(steps.values()))
    page.locator(f"#wt-{start['id']} .sce-wt-choices a").first.click()
    assert page.url.endswith(f"#wt-{start['choices'][0]['next']}")
    page.emulate_media(media="print")
    assert page.locator(f"{WALK} .sce-wt-step").evaluate_all(
        "els => els.every(e => e.getClientRects().length > 0)")


# --- Which system is this? ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def cases():
    return sorter.load(KNOWN)


def sorted_verdict(page, n: int) -> str:
    return page.locator(f"#sorter-{n} .sce-sorter-verdict").inner_text().strip()


def test_sorter_by_mouse_then_in_print(page, base_url, widget_page, cases):
    systems, items = cases
    label = {s["id"]: s["label"] for s in systems}
    open_widget(page, base_url, widget_page, "sorter", ".sce-sorter-form")
    assert page.locator(f"{SORT} .sce-sorter-case select").count() == len(items)
    for n in (1, len(items)):
        box, case = page.locator(f"#sorter-{n}"), items[n - 1]
        wrong = next(s["id"] for s in systems if s["id"] != case["answer"])
        box.get_by_label("Which system?").select_option(wrong)
        box.get_by_role("button", name="Check").click()
        assert sorted_verdict(page, n) == f"✘ Not this one: you chose {label[wrong]}."
        box.get_by_label("Which system?").select_option(case["answer"])
        assert sorted_verdict(page, n) == ""
        box.get_by_role("button", name="Check").click()
        assert sorted_verdict(page, n) == (f"✔ Right: {label[case['answer']]}. "
                                           "(The tally keeps your first answer to this case.)")
        explanation = box.locator(".sce-sorter-explanation")
        assert explanation.is_visible() and explanation.locator("sup.sce-citation a").count() >= 1
    assert page.locator(f"{SORT} .sce-sorter-score").inner_text() == \
        f"Sorted: 0 right of 2 answered, out of {len(items)} cases. Only your first answer to each case counts."

    page.emulate_media(media="print")
    key = page.locator(f"{SORT} .sce-answer-key li")
    assert key.count() == len(items) and key.first.is_visible()
    for i, case in enumerate(items):
        assert key.nth(i).inner_text().startswith(label[case["answer"]] + ".")
    assert visible_controls(page, SORT) == 0


def test_sorter_by_keyboard(page, base_url, widget_page, cases):
    systems, items = cases
    open_widget(page, base_url, widget_page, "sorter", ".sce-sorter-form")
    focus_section_heading(page, SORT)
    order = [s["id"] for s in systems]
    tab_until(page, "#sorter-1-system")
    for _ in range(order.index(items[0]["answer"]) + 1):
        page.keyboard.press("ArrowDown")
        assert sorted_verdict(page, 1) == "", "choosing a system checked it"
    page.keyboard.press("Enter")
    assert sorted_verdict(page, 1).startswith("✔ Right")
    tab_until(page, "#sorter-2-system")
    page.keyboard.press("ArrowDown")
    tab_until(page, "#sorter-2 button")
    page.keyboard.press("Enter")
    assert sorted_verdict(page, 2).startswith("✔ Right" if items[1]["answer"] == order[0] else "✘ Not this one")


def test_sorter_without_javascript(nojs_page, base_url, widget_page, cases):
    systems, items = cases
    label = {s["id"]: s["label"] for s in systems}
    page = nojs_page
    page.goto(base_url + widget_page("sorter"))
    first = page.locator("#sorter-1")
    assert first.locator(".sce-sorter-text").is_visible() and not first.locator(".sce-sorter-explanation").is_visible()
    first.locator("summary", has_text="Show answer").click()
    assert first.locator(".sce-sorter-explanation").inner_text().startswith(f"Answer: {label[items[0]['answer']]}.")
    page.emulate_media(media="print")
    assert page.locator(f"{SORT} .sce-answer-key li").count() == len(items)
    assert page.locator(f"{SORT} .sce-answer-key").is_visible()
    assert visible_controls(page, SORT) == 0


# --- Myth cards ---------------------------------------------------------------------------------

def test_myth_cards_by_mouse_and_keyboard_then_in_print(page, base_url, widget_page):
    count = len(myth_cards.load(KNOWN))
    open_widget(page, base_url, widget_page, "myth-cards", ".sce-myth-flip")
    flips = page.locator(f"{CARDS} .sce-myth-flip")
    backs = page.locator(f"{CARDS} .sce-myth-back")
    assert flips.count() == count and not backs.first.is_visible()
    flips.first.click()
    assert flips.first.get_attribute("aria-expanded") == "true"
    assert flips.first.inner_text() == "Hide what is behind it"  # the label follows the state
    assert backs.first.is_visible() and backs.first.locator("dt", has_text="The real mechanism").is_visible()
    assert flips.first.get_attribute("aria-controls") == backs.first.get_attribute("id")
    flips.first.click()
    assert not backs.first.is_visible()
    # Keyboard: Enter opens the second card, Space closes it.
    focus_section_heading(page, CARDS)
    tab_until(page, "#myth-card-2 .sce-myth-flip")
    page.keyboard.press("Enter")
    assert backs.nth(1).is_visible() and flips.nth(1).get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert not backs.nth(1).is_visible()
    every = page.locator(f"{CARDS} .sce-myth-all")
    every.click()
    assert backs.evaluate_all("els => els.every(e => !e.hidden)") and every.inner_text() == "Turn all cards back"
    every.click()
    assert backs.evaluate_all("els => els.every(e => e.hidden)")

    page.emulate_media(media="print")
    assert page.locator(f"{CARDS} .sce-myth-card").evaluate_all(
        "els => els.every(c => ['.sce-myth-front', '.sce-myth-back'].every("
        "s => c.querySelector(s).getClientRects().length > 0))")
    assert visible_controls(page, CARDS) == 0


def test_myth_cards_without_javascript(nojs_page, base_url, widget_page):
    page = nojs_page
    page.goto(base_url + widget_page("myth-cards"))
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        assert page.locator(f"{CARDS} .sce-myth-back").evaluate_all(
            "els => els.length === 10 && els.every(e => e.getClientRects().length > 0)")


# --- Accessibility: every widget of a page, with its feedback showing ---------------------------

def show_feedback(page) -> None:
    """Put each widget of the page into its answered state, right and wrong where it has both."""
    quiz_id = page.locator(QUIZ).get_attribute("id")
    answer_question(page, f"{quiz_id}-1", 1)
    answer_question(page, f"{quiz_id}-2", 2)
    if page.locator(WALK).count():
        page.locator(WALK).get_by_role("button", name="You cannot pay").click()
    if page.locator(SORT).count():
        for n, choice in ((1, 1), (2, 2)):
            page.locator(f"#sorter-{n}-system").select_option(index=choice)
            page.locator(f"#sorter-{n}").get_by_role("button", name="Check").click()
    if page.locator(CARDS).count():
        page.locator(f"{CARDS} .sce-myth-flip").first.click()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("widget", ["walkthrough", "sorter"])  # chapter 4 and chapter 10: all four widgets
def test_axe_finds_nothing_in_the_widgets(page, base_url, widget_page, widget, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)  # before loading: Material picks its scheme at load
    open_widget(page, base_url, widget_page, widget, ".sce-quiz-form")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == \
        ("slate" if scheme == "dark" else "default")
    show_feedback(page)
    roots = ", ".join(r for r in (QUIZ, WALK, SORT, CARDS) if page.locator(r).count())
    results = Axe().run(page, context=roots)
    assert results.violations_count == 0, f"{scheme}, {roots}:\n" + results.generate_report()
