"""A numbered figure: `<!-- sce:figure ID -->` places figure ID of docs/data/figures.yml.

The build numbers it (Figure 2.1, 2.2, ... on chapter 2; 1, 2, ... elsewhere), adds its caption,
a source line with its citations, a link to the SVG file and, under a chart, its data as a table
(under a diagram, its description in words). The SVG itself goes in after Markdown has run
(sce.pipeline.place_figures), since Markdown must not see it.
"""

from __future__ import annotations

from sce import figures
from sce.errors import SourceError
from sce.exports import opendata


def svg_uri(figure_id: str) -> str:
    return f"assets/figures/{figure_id}.svg"


def render(args: str, ctx) -> str:
    figure_id = args.strip()
    item = ctx.build.figures.get(figure_id)
    where = f"{ctx.source}:{ctx.line}"
    if item is None:
        raise SourceError(f"{where}: unknown figure '{figure_id}' (not in docs/{figures.REGISTRY})")
    if item.figure.chapter != ctx.page_uri:
        raise SourceError(f"{where}: figure '{figure_id}' belongs in docs/{item.figure.chapter} "
                          f"(docs/{figures.REGISTRY}:{item.figure.line})")
    if figure_id in ctx.build.placed:
        raise SourceError(f"{where}: figure '{figure_id}' is already shown on this page")
    count = sum(1 for page, _ in ctx.build.placed.values() if page == ctx.page_uri) + 1
    number = figures.figure_number(ctx.page_uri, count)
    ctx.build.placed[figure_id] = (ctx.page_uri, number)
    data = opendata.data_line(ctx, figure_id, opendata.chart_title(item.figure)) if item.rows else ""
    return figures.figure_markdown(item, number, ctx.link(svg_uri(figure_id)), data)
