"""The Bibliography page's two generated blocks.

    <!-- sce:bibliography -->     every entry, sorted and formatted as the citation style sorts
                                  and formats it, each with id="ref-KEY", its evidence label and
                                  any archived copy (sce/citations.py)
    <!-- sce:evidence-scale -->   the source types, strongest first, with how many works of each
"""

from __future__ import annotations

from sce.bibliography import SOURCE_TYPES, evidence_label
from sce.citations import full_bibliography
from sce.widgets.common import no_arguments


def render(args: str, ctx, marker: str = "bibliography") -> str:
    no_arguments(marker, args)
    if marker == "evidence-scale":
        return evidence_scale(ctx)
    return "\n" + full_bibliography(ctx.build.formatted) + "\n"


def evidence_scale(ctx) -> str:
    counts = {kind: 0 for kind in SOURCE_TYPES}
    for key in ctx.bib.entries:
        kind = ctx.bib.value(key, "keywords")
        if kind in counts:
            counts[kind] += 1
    rows = [f"| {evidence_label(kind)} | {meaning[0].upper()}{meaning[1:]}. | {counts[kind]} |"
            for kind, (label, meaning) in SOURCE_TYPES.items()]
    return "| Label | What it means | Works cited |\n|---|---|---|\n" + "\n".join(rows)
