"""Myth -> mechanism cards: `<!-- sce:myth-cards -->` renders docs/data/myth-cards.yml, one
card per myth of chapter 10. The front gives the claim as popularly made; the back gives the
verdict, the real mechanism the claim distorts, its legal basis, its scope, the way off, and the
chapter that explains it.

Without JavaScript and in print every card shows both sides. assets/js/myth-cards.js hides the
backs behind a button with aria-expanded.

Data: `chapter:` (whose sources every field must cite) and `cards:`, each with claim, mechanism,
legal_basis, scope and way_off as {text, cite}, a verdict ("false" or "partly true") and chapter.
"""

from __future__ import annotations

from sce.exports.opendata import data_paragraph
from sce.markup import cite, cited
from sce.widgets.common import Sources, no_arguments

SIDES = [("mechanism", "The real mechanism"), ("legal_basis", "Legal basis"), ("scope", "Scope"),
         ("way_off", "Way off")]
VERDICTS = ("false", "partly true")


def load(ctx) -> list[dict]:
    doc = ctx.project.yaml("myth-cards.yml", item="card")
    data = doc.record((), doc.data, {"chapter", "cards"})
    sources = Sources(doc, ctx)
    chapter = sources.chapter(("chapter",), data["chapter"])
    cards = []
    for index, item in enumerate(doc.items(("cards",), data["cards"], "cards", (1, 20))):
        at = ("cards", index)
        doc.record(at, item, {"claim", "verdict", "chapter", *(name for name, _ in SIDES)})
        verdict = "false" if item["verdict"] is False else item["verdict"]
        if verdict not in VERDICTS:
            doc.fail(at + ("verdict",), f"card {index + 1}: verdict {item['verdict']!r} must be "
                                        f"{' or '.join(repr(v) for v in VERDICTS)}")
        card = {"verdict": verdict, "chapter": sources.chapter(at + ("chapter",), item["chapter"])}
        for name in ("claim", *(name for name, _ in SIDES)):
            field = doc.record(at + (name,), item[name], {"text", "cite"})
            text = doc.text(at + (name, "text"), field["text"])
            sources.inline(at + (name, "text"), text, chapter)
            keys = sources.keys(at + (name, "cite"), field["cite"], chapter)
            # The claim is quoted as popularly made; its citation says where.
            card[name] = f"“{text}” {cite(keys)}" if name == "claim" else cited(text, keys)
        cards.append(card)
    return cards


def render(args: str, ctx) -> str:
    no_arguments("myth-cards", args)
    cards = load(ctx)
    out = ['<div class="sce-myth-cards" data-widget="myth-cards" markdown>', "",
           f'<p class="sce-myth-intro">{len(cards)} popular claims. Turn each card over for the real '
           "mechanism behind the claim, its legal basis, whom it reaches and the way off.</p>", "",
           '<ol class="sce-myth-list" markdown>', ""]
    for n, card in enumerate(cards, start=1):
        out += [f'<li class="sce-myth-card" id="myth-card-{n}" markdown>', "",
                '<div class="sce-myth-front" markdown>', "",
                f'<p class="sce-myth-claim" id="myth-card-{n}-claim" markdown="span">'
                f'<span class="sce-myth-number">Claim {n}:</span> '
                f"{card['claim']}</p>", "", "</div>", "",
                f'<div class="sce-myth-back" id="myth-card-{n}-back" markdown>', "",
                f'<p class="sce-myth-verdict"><strong>Verdict: {card["verdict"]}</strong></p>', "",
                '<dl markdown>']
        for name, label in SIDES:
            out += [f"<dt>{label}</dt>", f'<dd markdown="span">{card[name]}</dd>']
        out += ["</dl>", "", f'<p class="sce-myth-more" markdown="span">Explained in {ctx.chapter_link(card["chapter"])}.</p>',
                "", "</div>", "", "</li>", ""]
    out += ["</ol>", "", "</div>"]
    return "\n".join(out) + data_paragraph(ctx, "myth-cards")
