"""The glossary page: `<!-- sce:glossary -->` renders docs/data/glossary.yml, A to Z: a row of
letters to jump by, then a heading per letter (so the page's table of contents lists them too).

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
    letters = sorted({term.term[0].upper() for term in terms})
    jumps = " ".join(f'<a href="#letter-{letter.lower()}">{letter}</a>' for letter in letters)
    parts = [f'<nav class="sce-az" aria-label="Glossary, A to Z">{jumps}</nav>\n']
    letter = ""
    for term in terms:
        if term.term[0].upper() != letter:
            letter = term.term[0].upper()
            parts.append(f"## {letter} {{ #letter-{letter.lower()} }}\n")
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
