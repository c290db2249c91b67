"""The instructors' list of downloads for other programs: `<!-- sce:exports -->`.

Each chapter's quiz as a Moodle GIFT file, the data behind every chart and data widget as CSV
with its data package, and the bibliography for reference managers; the files themselves are
made by sce/exports/ during the build, so every link here points at a file that exists.
"""

from __future__ import annotations

from sce.exports import gift, opendata, references
from sce.widgets.common import no_arguments


def render(args: str, ctx) -> str:
    # Kept short: this list is part of the page's first load (the page-weight budget).
    no_arguments("exports", args)
    build = ctx.build
    quizzes = " · ".join(f'<a href="{ctx.link(gift.path(c))}">{c.number}</a>' for c in build.project.chapters.values()
                         if (build.project.data / "quizzes" / f"{c.number:02d}.yml").exists())
    data = " · ".join(f'<a href="{ctx.link(f"{opendata.FOLDER}/{d.name}.csv")}">{d.name}.csv</a>'
                      for d in opendata.datasets(build))
    bib = " · ".join(f'<a href="{ctx.link(path)}">{label}</a>' for path, label in
                     ((references.BIB, "BibTeX"), (references.RIS, "RIS"), (references.CSL, "CSL-JSON")))
    return "\n".join([
        '<div class="sce-exports">',
        "<p><strong>Quizzes for Moodle</strong>, as GIFT files with the right answers marked and each "
        "explanation, with its sources, as feedback (in Moodle: <em>Question bank → Import → GIFT format</em>). "
        f"Chapter {quizzes}.</p>",
        "<p><strong>Data</strong> behind every chart, table and interactive piece, as CSV with the sources of "
        f'every row, described in the <a href="{ctx.link(opendata.PACKAGE)}">data package</a> '
        f"(Frictionless <code>datapackage.json</code>): {data}.</p>",
        f"<p><strong>Bibliography</strong>, every work the site cites: {bib}.</p>",
        "</div>",
    ])
