"""Renderers for the markers a page may hold, one module per name.

    <!-- sce:quiz 04 -->      ->  sce/widgets/quiz.py: render("04", ctx)

Each module exposes `render(args: str, ctx: Context) -> str`, the Markdown a reader sees without
JavaScript and in print (plus whatever data its browser code needs), and raises SourceError with
a `file:line: message` text on bad data. `ctx` (sce/shortcodes.py) hands it what the build
already has: the page, the project's folders and chapters, the parsed bibliography.

Conventions (CONTRIBUTING.md): the root element of an interactive widget has
data-widget="NAME", and its browser code is docs/assets/js/NAME.js; content meant only for
screens has class sce-no-print, only for print sce-print-only; an answer key has sce-answer-key.
"""

from __future__ import annotations

import html
import json
import re

# md_in_html does not count <caption> as block-level, so a widget table's caption comes out
# wrapped in <p>, which browsers move out of the table as an empty paragraph.
WRAPPED_CAPTION = re.compile(r"<p>(<caption\b.*?</caption>)</p>", re.DOTALL)


def json_island(element_id: str, data) -> str:
    """Data for the browser code, inert (not executed) and safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{html.escape(element_id)}">{text}</script>'


def unwrap_captions(html_text: str) -> str:
    return WRAPPED_CAPTION.sub(r"\1", html_text)
