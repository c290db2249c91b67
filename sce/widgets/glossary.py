"""The glossary page: `<!-- sce:glossary -->` renders docs/data/glossary.yml, A to Z.

The same data gives the definitions shown on chapter pages (sce/glossary_terms.py).
"""

from __future__ import annotations

from sce.data import load_glossary
from sce.exports.opendata import data_paragraph
from sce.markup import cite
from sce.widgets.common import no_arguments


def render(args: str, ctx) -> str:
    no_arguments("glossary", args)
    terms = sorted(load_glossary(ctx.project, known=ctx.bib.entries), key=lambda term: term.term.lower())
    parts = []
    for term in terms:
        name = f"**{term.term}**"
        if term.abbr:
            name += f" ({term.abbr})"
        if term.hanzi:
            name += f' · <span lang="zh-Hans">{term.hanzi}</span> · *{term.pinyin}*'
        gloss = f'*Literally:* {term.gloss}. ' if term.gloss and term.gloss.lower() != term.term.lower() else ""
        parts.append(
            f"{name} {{ #{term.anchor} }}\n"
            f":   {gloss}{term.definition} {cite(term.cite)} "
            f"See {ctx.chapter_link(term.chapter)}.\n"
        )
    return "\n".join(parts) + data_paragraph(ctx, "glossary")
