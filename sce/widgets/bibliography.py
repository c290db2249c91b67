"""The Bibliography page's two generated blocks.

    <!-- sce:bibliography -->     every entry, sorted and formatted as the citation style sorts
                                  and formats it, each with id="ref-KEY", its evidence label and
                                  any archived copy (sce/citations.py)
                                  after a line that links the whole bibliography as .bib, .ris
                                  and CSL-JSON
    <!-- sce:evidence-scale -->   the source types, strongest first, with how many works of each
"""

from __future__ import annotations

from sce.bibliography import SOURCE_TYPES, evidence_label
from sce.citations import full_bibliography
from sce.exports import references
from sce.widgets.common import no_arguments


def render(args: str, ctx, marker: str = "bibliography") -> str:
    no_arguments(marker, args)
    if marker == "evidence-scale":
        return evidence_scale(ctx)
    return "\n" + downloads(ctx) + "\n\n" + full_bibliography(ctx.build.formatted) + "\n"


def downloads(ctx) -> str:
    """The whole bibliography for reference managers (sce/exports/references.py)."""
    links = " · ".join(f'<a href="{ctx.link(path)}" download>{label}</a>' for path, label in
                       ((references.BIB, "BibTeX (.bib)"), (references.RIS, "RIS (.ris)"),
                        (references.CSL, "CSL-JSON (.json)")))
    return (f'<p class="sce-bib-downloads"><strong>Download every entry</strong> for Zotero, EndNote, '
            f"Mendeley or any reference manager: {links}. Archived copies travel with the entries that "
            "have them.</p>")


def evidence_scale(ctx) -> str:
    counts = {kind: 0 for kind in SOURCE_TYPES}
    for key in ctx.bib.entries:
        kind = ctx.bib.value(key, "keywords")
        if kind in counts:
            counts[kind] += 1
    rows = [f"| {evidence_label(kind)} | {meaning[0].upper()}{meaning[1:]}. | {counts[kind]} |"
            for kind, (label, meaning) in SOURCE_TYPES.items()]
    return "| Label | What it means | Works cited |\n|---|---|---|\n" + "\n".join(rows)
