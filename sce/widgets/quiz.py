"""Self-check quiz at the end of a chapter: `<!-- sce:quiz 04 -->` renders
docs/data/quizzes/04.yml, 3-6 questions written from chapter 4, each explanation citing a source
that chapter cites for the fact.

Why our own component rather than mkdocs-quiz (1.7.1, the maintained plugin): its default auto_submit locks the answer on
ArrowDown in a radio group; its feedback has no aria-live and its colours fail contrast (3.49:1);
its confetti canvas fails axe `region`; it has no print CSS, so no answer key on paper; [@key]
citations inside a quiz do not render, and every explanation here must cite; and it injects
inline <script> blocks and keeps progress in localStorage, where this site keeps one module per
widget in assets/js/. Fixing all that means patching a plugin; our component is this renderer,
assets/js/quiz.js and assets/css/quiz.css, about 300 lines together.

What it renders, for every reader:
- without JavaScript: each question with its options, the answer and explanation in a
  <details> ("Show answer");
- with JavaScript (assets/js/quiz.js): a form per question (fieldset, legend, radio buttons, a
  Check button, feedback in a polite live region), built from these same elements;
- in print: questions and options, no controls, and an answer key (.sce-answer-key) that the
  PDF export moves to the end of the chapter.

Data: a list of questions, each with
  type: choice | true-false | myth-or-fact
  question: the stem (for myth-or-fact, the claim)
  options: [...]          choice only, 2-6 options
  answer: 2               choice: the number of the right option, counting from 1;
                          true-false: true or false; myth-or-fact: myth or fact
  explanation: one paragraph; cite: a key or a list of keys
"""

from __future__ import annotations

import re

from sce.errors import SourceError
from sce.exports.opendata import data_paragraph
from sce.markup import cited
from sce.widgets.common import Sources

QUESTIONS = (3, 6)
OPTIONS = (2, 6)
LETTERS = "ABCDEF"
BINARY = {"true-false": ("True", "False"), "myth-or-fact": ("Myth", "Fact")}
PROMPT = {"choice": "", "true-false": "True or false? ", "myth-or-fact": "Myth or fact? "}


def load(number: str, ctx) -> list[dict]:
    """The questions of docs/data/quizzes/NUMBER.yml, checked: each with `kind`, `question`,
    `options` (labels, True/False or Myth/Fact for the two-way kinds), `answer` (the number of the
    right option, from 1), `explanation` and `cite` (keys)."""
    doc = ctx.project.yaml(f"quizzes/{number}.yml", item="question")
    sources = Sources(doc, ctx)
    chapter = ctx.project.chapter_by_number(number).name
    questions = []
    for index, item in enumerate(doc.items((), doc.data, "questions", QUESTIONS)):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in PROMPT:
            doc.fail((index, "type"), f"question {index + 1}: type {kind!r} is not one of {', '.join(PROMPT)}")
        required = {"type", "question", "answer", "explanation", "cite"} | ({"options"} if kind == "choice" else set())
        doc.record((index,), item, required)
        if kind == "choice":
            options = [doc.text((index, "options", i), o)
                       for i, o in enumerate(doc.items((index, "options"), item["options"], "options", OPTIONS))]
            answer = item["answer"]
            if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= len(options):
                doc.fail((index, "answer"), f"question {index + 1}: answer {answer!r} is out of range "
                                            f"(the number of an option, 1 to {len(options)})")
        else:
            options = list(BINARY[kind])
            allowed = [True, False] if kind == "true-false" else ["myth", "fact"]
            if item["answer"] not in allowed or (kind == "true-false" and not isinstance(item["answer"], bool)):
                doc.fail((index, "answer"), f"question {index + 1}: answer {item['answer']!r} must be "
                                            f"{' or '.join(str(a).lower() for a in allowed)}")
            answer = allowed.index(item["answer"]) + 1
        explanation = doc.text((index, "explanation"), item["explanation"])
        sources.inline((index, "explanation"), explanation, chapter)
        questions.append({
            "kind": kind, "question": doc.text((index, "question"), item["question"]),
            "options": options, "answer": answer, "explanation": explanation,
            "cite": sources.keys((index, "cite"), item["cite"], chapter),
        })
    return questions


def _answer(q: dict, prefix: str) -> str:
    """'**Answer: B.** The option. The explanation [@key]' (prefix "Answer: ") or '**False.** ...'."""
    option = q["options"][q["answer"] - 1]
    if q["kind"] == "choice":
        head = f"**{prefix}{LETTERS[q['answer'] - 1]}.** {option}."
    else:
        head = f"**{prefix}{option}.**"
    return f"{head} {cited(q['explanation'], q['cite'])}"


def render(args: str, ctx) -> str:
    number = args.strip()
    if not re.fullmatch(r"\d{2}", number):
        raise SourceError(f"quiz needs a two-digit chapter number (<!-- sce:quiz 04 -->), not {args!r}")
    questions = load(number, ctx)
    root = f"quiz-{number}"
    out = [f'<div class="sce-quiz" id="{root}" data-widget="quiz" markdown>', "",
           f'<p class="sce-quiz-intro">{len(questions)} questions on this chapter. '
           "Try each one before you look at its answer.</p>", ""]
    for n, q in enumerate(questions, start=1):
        lettered = q["kind"] == "choice"
        out += [f'<div class="sce-quiz-q" id="{root}-{n}" data-answer="{q["answer"]}" markdown>', "",
                f'<p class="sce-quiz-stem" markdown="span"><span class="sce-quiz-number">Question {n}.</span> '
                f'{PROMPT[q["kind"]]}{q["question"]}</p>', "",
                f'<ol class="sce-quiz-options{" sce-quiz-lettered" if lettered else ""}" markdown>']
        for i, option in enumerate(q["options"]):
            letter = f' data-letter="{LETTERS[i]}"' if lettered else ""
            out.append(f'<li{letter} markdown="span">{option}</li>')
        out += ["</ol>", "",
                '<details class="sce-quiz-answer sce-no-print" markdown>', "<summary>Show answer</summary>", "",
                f'<p class="sce-quiz-explanation" markdown="span">{_answer(q, "Answer: ")}</p>', "",
                "</details>", "", "</div>", ""]
    out += ['<div class="sce-print-only sce-answer-key" markdown>', "",
            '<p class="sce-answer-key-title"><strong>Answer key: check your understanding</strong></p>', "",
            "<ol markdown>"]
    out += [f'<li markdown="span">{_answer(q, "")}</li>' for q in questions]
    out += ["</ol>", "", "</div>", "", "</div>"]
    gift = ctx.link(f"downloads/quizzes/{ctx.project.chapter_by_number(number).name[:-3]}.gift")
    moodle = f' · <a href="{gift}">this quiz for Moodle (GIFT)</a>'
    return "\n".join(out) + data_paragraph(ctx, "quiz", extra=moodle)
