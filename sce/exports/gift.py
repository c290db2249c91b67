"""Each chapter's quiz as a Moodle GIFT file: downloads/quizzes/NN-slug.gift.

An instructor imports it into Moodle (Question bank → Import → GIFT format) and gets the
chapter's self-check questions, each with its right answer marked and the explanation as general
feedback (shown once a student has answered), followed by its sources, numbered [1], [2] within
the question and written out in full, links included, so they make sense away from this site.

Written from the same checked data as the quiz on the page (sce/widgets/quiz.py), so the two never
disagree:

    choice        ::Chapter 4, question 1::[html]Who can be put on ...? {
                  =People and organisations able to ...
                  ~Anyone whose social credit score falls too low
                  ####[html]<p>The list covers ... [1, 2].</p><p>Sources:</p><ol>...</ol>
                  }
    true-false    {TRUE####...} or {FALSE####...}
    myth-or-fact  a two-option choice, Myth or Fact

Text is HTML ([html]): Chinese stays marked lang="zh-Hans" and source links stay links. GIFT's own
characters ~ = # { } : and the backslash are escaped with a backslash wherever they occur, markup
included, as the format requires. What a GIFT file cannot carry stops the build with one line
naming the quiz file: a question type with no GIFT form, two options with the same text (a
learning platform could not tell which is right), images, scripts, embedded frames or tables, and
links relative to this site, which would break inside a learning platform.
"""

from __future__ import annotations

import re

import markdown

from sce.accessibility import mark_chinese
from sce.bibliography import CITATION_BLOCK, citation_keys
from sce.citations import parse_block
from sce.exports import DOWNLOADS
from sce.markup import cited
from sce.shortcodes import Context
from sce.widgets import quiz

FOLDER = f"{DOWNLOADS}/quizzes"
KINDS = ("choice", "true-false", "myth-or-fact")  # the quiz types GIFT is written for here
SPECIAL = re.compile(r"([\\~=#{}:])")
# Markup a GIFT question cannot take along into a learning platform.
NOT_PORTABLE = re.compile(r"<(img|script|iframe|object|embed|video|audio|table|style)\b|!\[", re.I)
RELATIVE_LINK = re.compile(r"""\]\((?!https?:|mailto:)([^)]*)\)|\b(?:href|src)=["'](?!https?:|mailto:|#)([^"']*)""")


def path(chapter) -> str:
    """downloads/quizzes/04-blacklists-and-joint-punishment.gift"""
    return f"{FOLDER}/{chapter.name[:-3]}.gift"


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, line breaks as \\n."""
    return SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", r"\n")


_MARKDOWN = markdown.Markdown()  # one converter for every question: making one costs more than using it


def inline_html(text: str) -> str:
    """Markdown (with any raw HTML spans) as an HTML fragment without its paragraph."""
    out = _MARKDOWN.reset().convert(text).strip()
    return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1 else out


class Unportable(Exception):
    """A question a GIFT file cannot hold; the message says why."""


def _check(text: str, what: str) -> None:
    found = NOT_PORTABLE.search(text)
    if found:
        raise Unportable(f"{what} holds {found.group(0)}…, which a GIFT file cannot carry into a learning platform")
    link = RELATIVE_LINK.search(text)
    if link:
        raise Unportable(f"{what} links '{link.group(1) or link.group(2)}', relative to this site: it would "
                         "break in a learning platform; write the full https:// address")


def feedback(explanation: str, keys: list[str], formatted) -> str:
    """The explanation with its citations numbered within the question, then the sources in full."""
    numbers: dict[str, int] = {}

    def number(match: re.Match) -> str:
        items = parse_block(match.group(1))
        for item in items:
            numbers.setdefault(item.key, len(numbers) + 1)
        parts = [f"{numbers[i.key]}, {i.locator}" if i.locator else str(numbers[i.key]) for i in items]
        return "[" + ("; " if any(item.locator for item in items) else ", ").join(parts) + "]"

    inline = {key for key, _ in citation_keys(explanation)}
    rest = [key for key in keys if key not in inline]  # a source cited in the text is not cited again
    text = CITATION_BLOCK.sub(number, cited(explanation, rest) if rest else explanation)
    sources = "".join(f"<li>{formatted.entries[key]}</li>" for key in numbers)
    return mark_chinese(f"<p>{inline_html(text)}</p><p>Sources:</p><ol>{sources}</ol>")


def question(q: dict, title: str, formatted) -> str:
    """One question in GIFT, on several lines, no blank line inside."""
    if q["kind"] not in KINDS:
        raise Unportable(f"type '{q['kind']}' has no GIFT form here ({', '.join(KINDS)})")
    stem = mark_chinese(inline_html(quiz.PROMPT.get(q["kind"], "") + q["question"]))
    _check(stem, "the question")
    for n, option in enumerate(q["options"], start=1):
        _check(option, f"option {n}")
    _check(q["explanation"], "the explanation")
    general = "####[html]" + escape(feedback(q["explanation"], q["cite"], formatted))
    head = f"::{escape(title)}::[html]{escape(stem)} {{"
    if q["kind"] == "true-false":
        return f"{head}{'TRUE' if q['answer'] == 1 else 'FALSE'}{general}}}"
    options = [mark_chinese(inline_html(option)) for option in q["options"]]
    for n, option in enumerate(options):
        if option in options[:n]:
            raise Unportable(f"options {options.index(option) + 1} and {n + 1} have the same text: a "
                             "learning platform could not tell which is right")
    lines = [head]
    lines += [("=" if n == q["answer"] else "~") + escape(option) for n, option in enumerate(options, start=1)]
    return "\n".join(lines + [general, "}"])


def chapter_file(chapter, questions: list[dict], formatted, site_url: str) -> str:
    """The GIFT file of one chapter's quiz."""
    category = re.sub(r"[/\s]+", " ", f"Chapter {chapter.number}. {chapter.title}").strip()
    header = [
        f"// Social Credit, Explained: chapter {chapter.number}, {chapter.title}",
        f"// {len(questions)} self-check questions with answers, feedback and sources, for Moodle",
        "// (Question bank > Import > GIFT format). Text and questions: CC BY 4.0; credit",
        f"// \"Social Credit, Explained\" and link {site_url}{chapter.src_uri[:-3]}.html",
        "",
        f"$CATEGORY: $course$/top/Social Credit Explained/{category}",
        "",
    ]
    body = [question(q, f"Chapter {chapter.number}, question {n}", formatted)
            for n, q in enumerate(questions, start=1)]
    return "\n".join(header) + "\n" + "\n\n".join(body) + "\n"


def files(build) -> dict[str, str]:
    """One GIFT file per chapter that has a quiz in docs/data/quizzes/."""
    out = {}
    for chapter in build.project.chapters.values():
        number = f"{chapter.number:02d}"
        source = build.project.data / "quizzes" / f"{number}.yml"
        if not source.exists():
            continue
        questions = quiz.load(number, Context(build, chapter.src_uri))
        doc = build.project.yaml(f"quizzes/{number}.yml", item="question")
        for index, q in enumerate(questions):
            try:
                question(q, "check", build.formatted)
            except Unportable as problem:
                doc.fail((index,), f"question {index + 1}: cannot be written as GIFT for "
                                   f"{path(chapter)}: {problem}")
        out[path(chapter)] = chapter_file(chapter, questions, build.formatted, build.project.site_url)
    return out
