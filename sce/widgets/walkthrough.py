"""Branching joint-punishment walkthrough: `<!-- sce:walkthrough -->` renders
docs/data/walkthrough.yml, a person's path from an unpaid judgment through listing and joint
punishment, with the reader choosing what happens next.

Without JavaScript and in print it is an ordered list of every step, each saying who acts, the
restriction, how long it lasts and the way off the list, with the branches as sub-items that link
to the step they lead to. assets/js/walkthrough.js shows one step at a time, the choices as
buttons, with Back and Start again. Choice links are relative anchors, so the widget belongs on
one page, the chapter named in the data.

Data: `chapter:` (a docs/chapters/ file, whose sources the steps must cite) and `steps:`, each
with id, title, text, body, restriction, duration, way_off, cite and optional choices (label,
next). The first step is the start; every choice must lead to a step and every step must be
reachable from the start.
"""

from __future__ import annotations

import html

from sce.exports.opendata import data_paragraph
from sce.markup import cited
from sce.widgets.common import Sources, no_arguments, slug

FIELDS = {"id", "title", "text", "body", "restriction", "duration", "way_off", "cite"}
FACTS = [("body", "Who acts"), ("restriction", "Restriction"), ("duration", "How long"),
         ("way_off", "Way off the list")]


def load(ctx) -> list[dict]:
    doc = ctx.project.yaml("walkthrough.yml", item="step")
    data = doc.record((), doc.data, {"chapter", "steps"})
    sources = Sources(doc, ctx)
    chapter = sources.chapter(("chapter",), data["chapter"])
    steps, where = [], {}
    for index, item in enumerate(doc.items(("steps",), data["steps"], "steps", (2, 100))):
        at = ("steps", index)
        doc.record(at, item, FIELDS, {"choices"})
        step = {"id": slug(doc, at + ("id",), item["id"]), "title": doc.text(at + ("title",), item["title"])}
        if step["id"] in where:
            doc.fail(at + ("id",), f"step {index + 1}: id '{step['id']}' already used by step {where[step['id']][0] + 1}")
        where[step["id"]] = (index, at)
        for name in ("text", *(name for name, _ in FACTS)):
            step[name] = doc.text(at + (name,), item[name])
            sources.inline(at + (name,), step[name], chapter)
        step["cite"] = sources.keys(at + ("cite",), item["cite"], chapter)
        step["choices"] = []
        for c, choice in enumerate(doc.items(at + ("choices",), item["choices"], "choices", (1, 6))
                                   if "choices" in item else []):
            cat = at + ("choices", c)
            doc.record(cat, choice, {"label", "next"})
            step["choices"].append({"label": doc.text(cat + ("label",), choice["label"]),
                                    "next": slug(doc, cat + ("next",), choice["next"]), "at": cat})
        steps.append(step)
    for step in steps:
        for choice in step["choices"]:
            if choice["next"] not in where:
                doc.fail(choice["at"] + ("next",), f"{doc.describe(choice['at'])}: "
                                                   f"next step '{choice['next']}' does not exist")
            if choice["next"] == step["id"]:
                doc.fail(choice["at"] + ("next",), f"{doc.describe(choice['at'])}: leads back to its own step")
    reached, queue = {steps[0]["id"]}, [steps[0]]
    while queue:
        for choice in queue.pop()["choices"]:
            if choice["next"] not in reached:
                reached.add(choice["next"])
                queue.append(steps[where[choice["next"]][0]])
    for step in steps:
        if step["id"] not in reached:
            index, at = where[step["id"]]
            doc.fail(at, f"step {index + 1}: '{step['id']}' cannot be reached from the first step")
    return steps


def render(args: str, ctx) -> str:
    no_arguments("walkthrough", args)
    steps = load(ctx)
    number = {step["id"]: n for n, step in enumerate(steps, start=1)}
    out = ['<div class="sce-walkthrough" data-widget="walkthrough" markdown>', "",
           '<p class="sce-wt-intro">Follow one person from a lost court case. At each step, choose what '
           "happens next; each choice names the step it leads to.</p>", "",
           '<ol class="sce-wt-steps" markdown>', ""]
    for n, step in enumerate(steps, start=1):
        out += [f'<li class="sce-wt-step" id="wt-{step["id"]}" markdown>', "",
                f'<p class="sce-wt-title"><strong>{html.escape(step["title"])}</strong></p>', "",
                f'<p markdown="span">{cited(step["text"], step["cite"])}</p>', "",
                '<dl class="sce-wt-facts" markdown>']
        for name, label in FACTS:
            out += [f"<dt>{label}</dt>", f'<dd markdown="span">{step[name]}</dd>']
        out += ["</dl>", ""]
        if step["choices"]:
            out += ['<p class="sce-wt-prompt">What happens next?</p>', "", '<ul class="sce-wt-choices" markdown>']
            for choice in step["choices"]:
                target = steps[number[choice["next"]] - 1]
                out.append(f'<li data-next="{choice["next"]}" markdown="span"><span class="sce-wt-label">'
                           f'{html.escape(choice["label"])}</span>: go to '
                           f'[step {number[choice["next"]]}, “{html.escape(target["title"])}”](#wt-{choice["next"]})</li>')
            out += ["</ul>", ""]
        else:
            out += ['<p class="sce-wt-end">This path ends here.</p>', ""]
        out += ["</li>", ""]
    out += ["</ol>", "", "</div>"]
    return "\n".join(out) + data_paragraph(ctx, "walkthrough")
