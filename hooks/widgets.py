"""Interactive widgets: a marker line in a page becomes the widget's Markdown.

    <!-- widget: quiz 04 -->

is replaced by scripts/widgets/quiz.py's render("04", known_keys) before the citation hook runs,
so citations in widget data render like any other. An unknown widget or bad data stops the build
with `docs/page.md:LINE: ...`. The browser code (assets/js/NAME.js) is loaded by widgets.js only
on pages that have the widget.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bibliography import BibError, load  # noqa: E402
from scripts.widgets import WidgetError  # noqa: E402

MARKER = re.compile(r"^<!-- widget: (\S+)(?: (.*?))? -->[ \t]*$", re.MULTILINE)
# md_in_html does not count <caption> as block-level, so a widget table's caption comes out
# wrapped in <p>, which browsers move out of the table as an empty paragraph.
WRAPPED_CAPTION = re.compile(r"<p>(<caption\b.*?</caption>)</p>", re.DOTALL)


@event_priority(110)  # before hooks/citations.py checks and renders [@key]s
def on_page_markdown(markdown, page, config, files):
    if not MARKER.search(markdown):
        return markdown
    source = os.path.relpath(page.file.abs_src_path)
    try:
        known = set(load(ROOT / "bibliography.bib").entries)
    except BibError as error:
        raise PluginError(str(error)) from None

    def replace(match: re.Match) -> str:
        name, args = match.group(1), (match.group(2) or "").strip()
        line = markdown.count("\n", 0, match.start()) + 1
        if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise PluginError(f"{source}:{line}: widget name {name!r} is not lower-case-with-hyphens")
        try:
            module = importlib.import_module(f"scripts.widgets.{name.replace('-', '_')}")
        except ModuleNotFoundError:
            raise PluginError(f"{source}:{line}: unknown widget '{name}' (no scripts/widgets/{name.replace('-', '_')}.py)") from None
        try:
            return module.render(args, known)
        except WidgetError as error:
            raise PluginError(f"{error} (widget '{name}' in {source}:{line})") from None

    return MARKER.sub(replace, markdown)


def on_page_content(html, page, config, files):
    return WRAPPED_CAPTION.sub(r"\1", html)
