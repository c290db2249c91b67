"""Quizzes for learning platforms: each chapter's quiz as a Moodle GIFT file.

The files are read back with pygiftparser, an independent GIFT parser (not our writer), and must
hold the chapter's questions, each with its right answer and its explanation as feedback. A quiz
that a GIFT file cannot carry stops the build with one line naming the quiz file.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from pygiftparser import parser as giftparser

from helpers import FIXTURE_BIB
from sce.citations import FormattedBibliography
from sce.errors import SourceError
from sce.exports import gift
from sce.project import Project
from sce.shortcodes import Build

ROOT = Path(__file__).resolve().parent.parent
QUIZZES = sorted((ROOT / "docs" / "data" / "quizzes").glob("[0-9][0-9].yml"))


def plain(text: str) -> str:
    """What a reader sees: GIFT escapes undone, tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def gift_file(site_dir: Path, number: str) -> Path:
    chapter = next((ROOT / "docs" / "chapters").glob(f"{number}-*.md"))
    return site_dir / "downloads" / "quizzes" / f"{chapter.stem}.gift"


@pytest.mark.parametrize("source", QUIZZES, ids=lambda p: p.stem)
def test_each_gift_file_parses_and_holds_its_chapters_questions(site_dir, source):
    written = yaml.safe_load(source.read_text(encoding="utf-8"))
    path = gift_file(site_dir, source.stem)
    assert path.exists(), f"no GIFT file for quiz {source.stem}"
    with path.open(encoding="utf-8") as handle:
        parsed = giftparser.parseFile(handle)
    assert len(parsed) == len(written), f"{path.name}: {len(parsed)} questions, the quiz has {len(written)}"
    for n, (q, w) in enumerate(zip(parsed, written), start=1):
        where = f"{path.name}, question {n}"
        assert q.valid, where
        assert q.title == f"Chapter {int(source.stem)}, question {n}", where
        assert q.markup == "html"
        assert plain(w["question"]) in plain(q.text), where
        answers = q.answers
        if w["type"] == "true-false":
            assert type(answers).__name__ == "TrueFalseSet", where
            assert answers.answer is w["answer"], where
        else:
            assert type(answers).__name__ == "SelectSet", where  # one right option among others
            options = [plain(a.answer) for a in answers.answers]
            right = [plain(a.answer) for a in answers.answers if a.fraction == 100]
            if w["type"] == "choice":
                assert options == [plain(o) for o in w["options"]], where
                assert right == [plain(w["options"][w["answer"] - 1])], where
            else:
                assert options == ["Myth", "Fact"] and right == [w["answer"].capitalize()], where
        feedback = plain(q.generalFeedback)
        assert plain(w["explanation"])[:60] in feedback, f"{where}: the explanation is not the feedback"
        assert "Sources:" in feedback and "http" in feedback, f"{where}: the feedback names no sources"
        keys = w["cite"] if isinstance(w["cite"], list) else [w["cite"]]
        assert re.search(r"\[\d", feedback) and "@" not in feedback, f"{where}: citations not as text"
        assert feedback.count("Accessed") + feedback.count("doi") >= 1 and len(keys) >= 1


def test_chinese_in_a_quiz_stays_marked_as_chinese(site_dir):
    text = gift_file(site_dir, "01").read_text(encoding="utf-8")
    assert re.search(r'<span lang\\="zh-Hans">信用</span>', text)


def test_quiz_pages_and_the_instructors_page_link_the_gift_files(site_dir):
    teach = (site_dir / "teach" / "index.html").read_text(encoding="utf-8")
    for source in QUIZZES:
        name = gift_file(site_dir, source.stem).name
        assert f'href="../downloads/quizzes/{name}"' in teach
        page = (site_dir / "chapters" / name.replace(".gift", ".html")).read_text(encoding="utf-8")
        assert f'href="../downloads/quizzes/{name}"' in page, f"{name}: the chapter's quiz does not link it"


# --- Bad input -----------------------------------------------------------------------------------

def fixture(tmp_path: Path, quiz: str) -> Build:
    (tmp_path / "docs" / "chapters").mkdir(parents=True)
    (tmp_path / "docs" / "data" / "quizzes").mkdir(parents=True)
    (tmp_path / "bibliography.bib").write_text(FIXTURE_BIB, encoding="utf-8")
    (tmp_path / "docs" / "chapters" / "01-test.md").write_text(
        "---\ntitle: Test\n---\n# Test\n\nFacts [@alpha2020one; @beta2021two].\n", encoding="utf-8")
    (tmp_path / "docs" / "data" / "quizzes" / "01.yml").write_text(textwrap.dedent(quiz), encoding="utf-8")
    build = Build(Project(root=tmp_path, docs=tmp_path / "docs"))
    keys = ["alpha2020one", "beta2021two", "gamma2022three"]
    build.formatted = FormattedBibliography(keys, {k: f"Reference {k}." for k in keys}, {})
    return build


GOOD = """\
- type: true-false
  question: The sky is blue.
  answer: true
  explanation: It is [@alpha2020one].
  cite: alpha2020one
- type: myth-or-fact
  question: Every score is national.
  answer: myth
  explanation: It is not.
  cite: beta2021two
"""


def test_a_fixture_quiz_is_written_as_gift(tmp_path):
    quiz = GOOD + """\
- type: choice
  question: Which is right? A = B {or} C#1 ~ D
  options: [One, Two]
  answer: 2
  explanation: See the text.
  cite: [alpha2020one, beta2021two]
"""
    text = gift.files(fixture(tmp_path, quiz))["downloads/quizzes/01-test.gift"]
    parsed = giftparser.parseFile(io.StringIO(text))
    assert len(parsed) == 3 and all(q.valid for q in parsed)
    assert plain(parsed[2].text) == "Which is right? A = B {or} C#1 ~ D"  # GIFT's own characters survive
    assert [a.fraction for a in parsed[2].answers.answers] == [0, 100]
    # A source cited in the explanation is numbered there and not cited a second time after it.
    assert re.fullmatch(r"It is \[1\]\.\s*Sources:\s*Reference alpha2020one\.", plain(parsed[0].generalFeedback))


@pytest.mark.parametrize("extra, message", [
    ("  options: [Same, Same]\n  answer: 1\n", r"question 3: cannot be written as GIFT .*options 1 and 2 have the same text"),
    ("  options: ['See ![map](map.png)', Other]\n  answer: 1\n", r"option 1 holds !\["),
    ("  options: ['[the chapter](../chapters/02-x.md)', Other]\n  answer: 1\n", r"links '../chapters/02-x.md', relative to this site"),
])
def test_a_quiz_a_gift_file_cannot_carry_is_one_clear_line(tmp_path, extra, message):
    quiz = GOOD + "- type: choice\n  question: Which?\n" + extra + "  explanation: Because.\n  cite: alpha2020one\n"
    with pytest.raises(SourceError) as error:
        gift.files(fixture(tmp_path, quiz))
    text = str(error.value)
    assert "\n" not in text and re.match(r"\S*docs/data/quizzes/01\.yml:\d+: ", text), text
    assert re.search(message, text), text


def test_a_question_type_without_a_gift_form_is_refused():
    q = {"kind": "ordering", "question": "Put in order", "options": ["a", "b"], "answer": 1,
         "explanation": "x", "cite": ["k"]}
    with pytest.raises(gift.Unportable, match="type 'ordering' has no GIFT form"):
        gift.question(q, "t", FormattedBibliography(["k"], {"k": "K."}, {}))
