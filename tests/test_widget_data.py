"""The learning widgets' data (quizzes, walkthrough, sorter, myth cards): the real files pass, every
chapter ends with a quiz, and bad data stops the renderer with `file:line: what is wrong`."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from helpers import FIXTURE_BIB, context
from sce.bibliography import citation_keys
from sce.errors import SourceError
from sce.shortcodes import Build, expand
from sce.widgets import myth_cards, quiz, sorter, walkthrough

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("[0-9][0-9]-*.md"))


@pytest.fixture(scope="module")
def known():
    """The real project, as a renderer sees it."""
    return context()


# --- The real data ------------------------------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name[:2])
def test_every_chapter_ends_with_a_quiz_of_3_to_6_cited_questions(chapter, known):
    number = chapter.name[:2]
    text = chapter.read_text(encoding="utf-8")
    assert re.search(rf"^## Check your understanding\n\n<!-- sce:quiz {number} -->\n\n## Key terms$",
                     text, re.MULTILINE), f"{chapter.name}: no quiz section just before Key terms"
    questions = quiz.load(number, known)
    assert 3 <= len(questions) <= 6
    html = quiz.render(number, known)
    for n, q in enumerate(questions, start=1):
        assert q["cite"], f"question {n} has no citation"
        block = html.split(f'id="quiz-{number}-{n}"')[1].split("</details>")[0]
        assert citation_keys(block.split("sce-quiz-explanation")[1]), f"question {n}: explanation uncited"
    assert html.count("<li markdown=\"span\">**") == len(questions)  # the print answer key


def test_quiz_markup_reads_without_javascript(known):
    html = quiz.render("04", known)
    assert 'data-widget="quiz"' in html
    assert html.count("<summary>Show answer</summary>") == len(quiz.load("04", known))
    assert 'class="sce-print-only sce-answer-key"' in html
    assert html.count('data-letter="A"') >= 1  # lettered options for multiple choice


def test_walkthrough_covers_the_scenario(known):
    steps = walkthrough.load(known)
    ids = {s["id"] for s in steps}
    assert {"paid", "cannot-pay", "listed", "joint", "mistake", "removed"} <= ids
    html = walkthrough.render("", known)
    assert html.count('class="sce-wt-step"') == len(steps)
    for label in ("Who acts", "Restriction", "How long", "Way off the list"):
        assert html.count(f"<dt>{label}</dt>") == len(steps)
    for step in steps:
        for choice in step["choices"]:
            assert f'](#wt-{choice["next"]})' in html


def test_sorter_has_10_to_15_cited_cases_over_every_system(known):
    systems, cases = sorter.load(known)
    assert 10 <= len(cases) <= 15
    assert {c["answer"] for c in cases} == {s["id"] for s in systems}
    assert all(c["cite"] for c in cases)


def test_myth_cards_follow_the_ten_myths_of_chapter_10(known):
    cards = myth_cards.load(known)
    assert len(cards) == 10
    assert [c["verdict"] for c in cards].count("partly true") == 1
    html = myth_cards.render("", known)
    for label in ("The real mechanism", "Legal basis", "Scope", "Way off"):
        assert html.count(f"<dt>{label}</dt>") == 10


# --- Bad data: file:line messages ---------------------------------------------------------------

CHAPTER = """---
title: Test chapter
---

# Test

Facts [@alpha2020one; @beta2021two].
"""
@pytest.fixture
def project(tmp_path):
    """A project of our own: docs/chapters/01-test.md, docs/data/, and a three-entry bibliography."""
    (tmp_path / "docs" / "chapters").mkdir(parents=True)
    (tmp_path / "docs" / "chapters" / "01-test.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "docs" / "data" / "quizzes").mkdir(parents=True)
    (tmp_path / "bibliography.bib").write_text(FIXTURE_BIB, encoding="utf-8")
    return tmp_path


@pytest.fixture
def data(project):
    """write(name, yaml) puts a file under the project's docs/data/."""
    def write(name: str, text: str) -> str:
        (project / "docs" / "data" / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return textwrap.dedent(text).lstrip()

    return write


@pytest.fixture
def KNOWN(project):
    return context(project)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line of the nth line containing `needle`."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if needle in line][nth - 1]


def fails(render, message: str, file: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        render()
    text = str(caught.value)
    assert re.search(rf"{re.escape(file)}:{line}: ", text), text
    assert message in text, text


QUESTION = """\
- type: choice
  question: Which one?
  options: [First, Second, Third]
  answer: 2
  explanation: Because.
  cite: alpha2020one
"""


def quiz_with(last: str) -> str:
    return QUESTION + QUESTION + last


@pytest.mark.parametrize("last, needle, message", [
    (QUESTION.replace("answer: 2", "answer: 4"), "answer: 4", "question 3: answer 4 is out of range (the number of an option, 1 to 3)"),
    (QUESTION.replace("answer: 2", "answer: 0"), "answer: 0", "answer 0 is out of range"),
    (QUESTION.replace("  explanation: Because.\n", "").replace("Which one?", "Which third?"), "Which third?",
     "question 3: missing 'explanation'"),
    (QUESTION.replace("answer: 2", "anwser: 2"), "anwser", "question 3: unknown field 'anwser'"),
    (QUESTION.replace("cite: alpha2020one", "cite: nosuch1999key"), "nosuch1999key", "unknown citation key 'nosuch1999key'"),
    (QUESTION.replace("cite: alpha2020one", "cite: gamma2022three"), "gamma2022three",
     "'gamma2022three' is not cited in docs/chapters/01-test.md"),
    (QUESTION.replace("Because.", "Because [@gamma2022three]."), "Because [@gamma", "is not cited in docs/chapters/01-test.md"),
    ("- type: true-false\n  question: Is it?\n  answer: yes please\n  explanation: No.\n  cite: alpha2020one\n",
     "yes please", "question 3: answer 'yes please' must be true or false"),
    ("- type: essay\n  question: Why?\n", "essay", "question 3: type 'essay' is not one of choice, true-false, myth-or-fact"),
    (QUESTION.replace("options: [First, Second, Third]", "options: [Only]").replace("answer: 2", "answer: 1"),
     "options: [Only]", "1 options; 2–6 expected"),
])
def test_bad_quiz_is_reported_with_file_and_line(data, last, needle, message, KNOWN):
    text = data("quizzes/01.yml", quiz_with(last))
    line = line_of(text, needle) - (1 if needle == "Which third?" else 0)  # a missing field: the entry's line
    fails(lambda: quiz.render("01", KNOWN), message, "quizzes/01.yml", line)


def test_quiz_with_too_few_questions_or_bad_yaml(data, KNOWN, project):
    data("quizzes/01.yml", QUESTION + QUESTION)
    fails(lambda: quiz.render("01", KNOWN), "2 questions; 3–6 expected", "quizzes/01.yml", 1)
    text = data("quizzes/01.yml", quiz_with(QUESTION.replace("options: [First, Second, Third]", "options: [First, Second")))
    fails(lambda: quiz.render("01", context(project)), "YAML does not parse", "quizzes/01.yml", line_of(text, "options: [First, Second", 3) + 1)
    with pytest.raises(SourceError, match="two-digit chapter number"):
        quiz.render("4", KNOWN)


WALK = """\
chapter: 01-test.md
steps:
  - id: start
    title: Start
    text: It begins.
    body: A court.
    restriction: None.
    duration: None.
    way_off: None.
    cite: alpha2020one
    choices:
      - label: Go on
        next: end
  - id: end
    title: End
    text: It ends [@beta2021two].
    body: A court.
    restriction: None.
    duration: None.
    way_off: None.
    cite: [alpha2020one]
"""
ORPHAN = """\
  - id: orphan
    title: Nobody comes here
    text: Alone.
    body: A court.
    restriction: None.
    duration: None.
    way_off: None.
    cite: alpha2020one
"""


def test_valid_walkthrough_renders(data, KNOWN):
    data("walkthrough.yml", WALK)
    html = walkthrough.render("", KNOWN)
    assert 'id="wt-end"' in html and "](#wt-end)" in html and "This path ends here." in html


@pytest.mark.parametrize("text, needle, nth, message", [
    (WALK.replace("next: end", "next: nowhere"), "next: nowhere", 1, "step 1, choice 1: next step 'nowhere' does not exist"),
    (WALK + ORPHAN, "id: orphan", 1, "step 3: 'orphan' cannot be reached from the first step"),
    (WALK.replace("id: end", "id: start"), "id: start", 2, "step 2: id 'start' already used by step 1"),
    (WALK.replace("    duration: None.\n", "", 1), "id: start", 1, "step 1: missing 'duration'"),
    (WALK.replace("next: end", "next: start"), "next: start", 1, "leads back to its own step"),
    (WALK.replace("It ends [@beta2021two].", "It ends [@gamma2022three]."), "It ends", 1, "'gamma2022three' is not cited"),
    (WALK.replace("chapter: 01-test.md", "chapter: 09-missing.md"), "chapter:", 1, "no chapter docs/chapters/09-missing.md"),
])
def test_bad_walkthrough_is_reported_with_file_and_line(data, text, needle, nth, message, KNOWN):
    written = data("walkthrough.yml", text)
    fails(lambda: walkthrough.render("", KNOWN), message, "walkthrough.yml", line_of(written, needle, nth))


def sorter_yaml(cases: int = 10, case_text: str = "Something happened.", answer: str = "one") -> str:
    head = ("systems:\n  - id: one\n    label: One\n    description: the first\n"
            "  - id: two\n    label: Two\n    description: the second\n"
            "cases:\n")
    body = "".join(f"  - case: {case_text if i == cases - 1 else 'A case.'}\n    answer: {answer if i == cases - 1 else 'two'}\n"
                   f"    explanation: Why.\n    cite: alpha2020one\n    chapter: 01-test.md\n" for i in range(cases))
    return head + body


def test_valid_sorter_renders(data, KNOWN):
    data("sorter.yml", sorter_yaml())
    html = sorter.render("", KNOWN)
    assert html.count('class="sce-sorter-case"') == 10 and 'data-system="two"' in html
    assert "[Chapter 1: Test chapter](01-test.md)" in html


@pytest.mark.parametrize("text, needle, message", [
    (sorter_yaml(answer="three"), "answer: three", "case 10: answer 'three' is not a system (one, two)"),
    (sorter_yaml(case_text="Said so [@alpha2020one]."), "Said so", "case 10: no [@key] in the case text"),
    (sorter_yaml(cases=9), "- case:", "9 cases; 10–15 expected"),
])
def test_bad_sorter_is_reported_with_file_and_line(data, text, needle, message, KNOWN):
    written = data("sorter.yml", text)
    fails(lambda: sorter.render("", KNOWN), message, "sorter.yml", line_of(written, needle))


CARD = """\
chapter: 01-test.md
cards:
  - claim: {text: Everyone has a score, cite: alpha2020one}
    verdict: false
    mechanism: {text: Lists., cite: alpha2020one}
    legal_basis: {text: A plan., cite: beta2021two}
    scope: {text: Some people., cite: alpha2020one}
    way_off: {text: Pay., cite: alpha2020one}
    chapter: 01-test.md
"""


def test_valid_myth_cards_render_both_sides(data, KNOWN):
    data("myth-cards.yml", CARD)
    html = myth_cards.render("", KNOWN)
    assert "Verdict: false" in html and "“Everyone has a score” [@alpha2020one]" in html
    assert "Lists [@alpha2020one]." in html and 'id="myth-card-1-back"' in html


@pytest.mark.parametrize("text, needle, message", [
    (CARD.replace("verdict: false", "verdict: maybe"), "verdict", "card 1: verdict 'maybe' must be 'false' or 'partly true'"),
    (CARD.replace("{text: Pay., cite: alpha2020one}", "{text: Pay.}"), "way_off", "card 1, way_off: missing 'cite'"),
    (CARD.replace("scope:", "scoop:"), "scoop", "card 1: unknown field 'scoop'"),
    (CARD.replace("cite: beta2021two", "cite: gamma2022three"), "legal_basis", "'gamma2022three' is not cited"),
])
def test_bad_myth_cards_are_reported_with_file_and_line(data, text, needle, message, KNOWN):
    written = data("myth-cards.yml", text)
    fails(lambda: myth_cards.render("", KNOWN), message, "myth-cards.yml", line_of(written, needle))


def test_a_marker_error_names_the_data_line_and_the_page(data, project):
    """The marker dispatch turns the renderer's error into one line, with the page's line too."""
    data("quizzes/01.yml", quiz_with(QUESTION.replace("answer: 2", "answer: 7")))
    build = Build(context(project).project)
    with pytest.raises(SourceError) as caught:
        expand("# Test\n\n## Check\n\n<!-- sce:quiz 01 -->\n", build, "chapters/01-test.md")
    assert re.search(r"quizzes/01\.yml:16: question 3: answer 7 is out of range", str(caught.value))
    assert str(caught.value).endswith("(sce:quiz in docs/chapters/01-test.md:5)")


def test_unknown_and_old_markers_are_named_with_their_line(project):
    build = Build(context(project).project)
    with pytest.raises(SourceError, match=r"docs/chapters/01-test.md:3: unknown marker 'sce:quizz'"):
        expand("# Test\n\n<!-- sce:quizz 01 -->\n", build, "chapters/01-test.md")
    with pytest.raises(SourceError, match=r"docs/chapters/01-test.md:2: old marker"):
        expand("# Test\n<!-- widget: quiz 01 -->\n", build, "chapters/01-test.md")
