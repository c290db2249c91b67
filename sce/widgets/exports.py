"""The instructors' list of downloads for other programs: `<!-- sce:exports -->`.

Each chapter's quiz as a Moodle GIFT file, the data behind every chart and data widget as CSV
with its data package, and the bibliography for reference managers; the files themselves are
made by sce/exports/ during the build, so every link here points at a file that exists.
"""

from __future__ import annotations

import html

from sce.exports import gift, opendata, references
from sce.widgets.common import no_arguments


def render(args: str, ctx) -> str:
    no_arguments("exports", args)
    build = ctx.build
    quizzes = [f'<li><a href="{ctx.link(gift.path(c))}" download>Chapter {c.number}: {html.escape(c.title)}</a></li>'
               for c in build.project.chapters.values()
               if (build.project.data / "quizzes" / f"{c.number:02d}.yml").exists()]
    data = [f'<li><a href="{ctx.link(f"{opendata.FOLDER}/{d.name}.csv")}" download>{html.escape(d.title)}</a> '
            f"({len(d.rows)} rows)</li>" for d in opendata.datasets(build)]
    bib = " · ".join(f'<a href="{ctx.link(path)}" download>{label}</a>' for path, label in
                     ((references.BIB, "BibTeX"), (references.RIS, "RIS"), (references.CSL, "CSL-JSON")))
    return "\n".join([
        '<div class="sce-exports">',
        "<p><strong>Quizzes for Moodle.</strong> Each chapter's quiz as a GIFT file, with the right answers "
        "marked and each explanation, with its sources, as feedback. In Moodle: <em>Question bank → Import → "
        "GIFT format</em>; the questions arrive in a category named after the chapter.</p>",
        f'<ul class="sce-exports__quizzes">{"".join(quizzes)}</ul>',
        "<p><strong>Data.</strong> The data behind every chart, table and interactive piece, as CSV "
        "files that any spreadsheet opens; every row names its sources. The "
        f'<a href="{ctx.link(opendata.PACKAGE)}">data package descriptor</a> (Frictionless '
        "<code>datapackage.json</code>) lists each file's columns, sources and licence (CC BY 4.0).</p>",
        f'<ul class="sce-exports__data">{"".join(data)}</ul>',
        f"<p><strong>Bibliography.</strong> Every work the site cites, for your reference manager: {bib}.</p>",
        "</div>",
    ])
