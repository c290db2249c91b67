"""The timeline page: `<!-- sce:timeline -->` renders docs/data/timeline.yml, year by year.

Without JavaScript every event shows; assets/js/timeline.js fills the hidden controls with
filters by theme and by years, keeping the choice in the page's address.
"""

from __future__ import annotations

import html
import json
from itertools import groupby

from sce.data import THEMES, load_timeline
from sce.exports.opendata import data_paragraph
from sce.markup import cite
from sce.widgets.common import no_arguments


def render(args: str, ctx) -> str:
    no_arguments("timeline", args)
    events = load_timeline(ctx.project, known=ctx.bib.entries)
    labels_json = html.escape(json.dumps(THEMES))
    parts = [f'<div class="sce-timeline-explorer" data-widget="timeline" data-theme-labels="{labels_json}" markdown>\n',
             '<div class="sce-timeline-controls sce-no-print" hidden></div>']
    for year, group in groupby(events, key=lambda event: event.year):
        parts.append(f"\n## {year}\n\n<ol class=\"sce-timeline\" markdown>")
        for event in group:
            themes = " ".join(event.themes)
            labels = ", ".join(THEMES[theme] for theme in event.themes)
            parts.append(
                f'<li data-themes="{themes}" data-date="{event.date}" markdown="span">'
                f'<time datetime="{event.date}">{event.label}</time> — {event.event} '
                f"{cite(event.cite)} <span class=\"sce-themes\">{html.escape(labels)}</span> · "
                f"{ctx.chapter_link(event.chapter)}</li>"
            )
        parts.append("</ol>\n")
    parts.append("</div>\n")
    return "\n".join(parts) + data_paragraph(ctx, "timeline")
