""""Which system is this?": `<!-- sce:sorter -->` renders docs/data/sorter.yml, 10-15 real
cases from the chapters that the reader sorts into the system each belongs to (court blacklist,
corporate credit, city pilot, private score, Xinjiang surveillance, none).

It sits in chapter 10 rather than chapter 2: chapter 10's guide to reading a headline starts with
"which system is meant?", which is exactly this exercise, and its cases come from chapters 3-8;
chapter 2 maps only the state's parts and leaves private scores and Xinjiang off the map.

Without JavaScript each case has its answer and explanation in a <details>; in print, an answer
key (.sce-answer-key). assets/js/sorter.js adds a choice of system and a Check button per case.
"""

from __future__ import annotations

import html

from sce.bibliography import citation_keys
from sce.exports.opendata import data_paragraph
from sce.markup import cited
from sce.widgets.common import Sources, no_arguments, slug

CASES = (10, 15)


def load(ctx) -> tuple[list[dict], list[dict]]:
    doc = ctx.project.yaml("sorter.yml")
    data = doc.record((), doc.data, {"systems", "cases"})
    sources = Sources(doc, ctx)
    systems = []
    for index, item in enumerate(doc.items(("systems",), data["systems"], "systems", (2, 8))):
        at = ("systems", index)
        doc.record(at, item, {"id", "label", "description"})
        system = {name: doc.text(at + (name,), item[name]) for name in ("label", "description")}
        system["id"] = slug(doc, at + ("id",), item["id"])
        if any(s["id"] == system["id"] for s in systems):
            doc.fail(at + ("id",), f"system {index + 1}: id '{system['id']}' used twice")
        systems.append(system)
    ids = [s["id"] for s in systems]
    cases = []
    for index, item in enumerate(doc.items(("cases",), data["cases"], "cases", CASES)):
        at = ("cases", index)
        doc.record(at, item, {"case", "answer", "explanation", "cite", "chapter"})
        case = {"case": doc.text(at + ("case",), item["case"])}
        if citation_keys(case["case"]):
            doc.fail(at + ("case",), f"case {index + 1}: no [@key] in the case text (it would give the "
                                     "answer away); cite the source in `cite`")
        if item["answer"] not in ids:
            doc.fail(at + ("answer",), f"case {index + 1}: answer {item['answer']!r} is not a system "
                                       f"({', '.join(ids)})")
        case["answer"] = item["answer"]
        case["chapter"] = sources.chapter(at + ("chapter",), item["chapter"])
        case["explanation"] = doc.text(at + ("explanation",), item["explanation"])
        sources.inline(at + ("explanation",), case["explanation"], case["chapter"])
        case["cite"] = sources.keys(at + ("cite",), item["cite"], case["chapter"])
        cases.append(case)
    return systems, cases


def _answer(case: dict, label: str, prefix: str, ctx) -> str:
    return (f"**{prefix}{html.escape(label)}.** {cited(case['explanation'], case['cite'])} "
            f"More in {ctx.chapter_link(case['chapter'])}.")


def render(args: str, ctx) -> str:
    no_arguments("sorter", args)
    systems, cases = load(ctx)
    label = {s["id"]: s["label"] for s in systems}
    out = ['<div class="sce-sorter" data-widget="sorter" markdown>', "",
           f'<p class="sce-sorter-intro">Sort these {len(cases)} real cases, each taken from a chapter of '
           "this guide, into the system they belong to:</p>", "",
           '<ul class="sce-sorter-systems" markdown>']
    out += [f'<li data-system="{s["id"]}" markdown="span"><strong class="sce-sorter-label">'
            f'{html.escape(s["label"])}</strong>: {s["description"]}</li>' for s in systems]
    out += ["</ul>", "", '<ol class="sce-sorter-cases" markdown>', ""]
    for n, case in enumerate(cases, start=1):
        out += [f'<li class="sce-sorter-case" id="sorter-{n}" data-answer="{case["answer"]}" markdown>', "",
                f'<p class="sce-sorter-text" id="sorter-{n}-text" markdown="span">{case["case"]}</p>', "",
                '<details class="sce-sorter-answer sce-no-print" markdown>', "<summary>Show answer</summary>", "",
                f'<p class="sce-sorter-explanation" markdown="span">'
                f'{_answer(case, label[case["answer"]], "Answer: ", ctx)}</p>', "",
                "</details>", "", "</li>", ""]
    out += ["</ol>", "", '<div class="sce-print-only sce-answer-key" markdown>', "",
            '<p class="sce-answer-key-title"><strong>Answer key: which system is this?</strong></p>', "",
            "<ol markdown>"]
    out += [f'<li markdown="span">{_answer(case, label[case["answer"]], "", ctx)}</li>' for case in cases]
    out += ["</ol>", "", "</div>", "", "</div>"]
    return "\n".join(out) + data_paragraph(ctx, "sorter")
