"""What every page says about itself: reading time, how current its facts are, how to cite it.

Engine-free: sce/pipeline.py calls these with the page's Markdown, front matter and dates.

- Under the title, one line: "N min read" (200 words a minute; on chapters and the home page,
  which are read through, not on reference pages), "Facts current to <month year>" where the
  front matter has `facts_current_to`, and "Last reviewed <day month year>" from `last_reviewed`.
  Every date the site shows is written the same way: 6 December 2026, December 2026.
- Under that on a chapter, and again at its end: its downloads (the chapter's handout, the whole
  book, and at the end the instructors' copy and the offline site).
- At the end: a "Cite this page" box with the page's citation in Chicago and APA style and, for
  reference managers, as BibTeX, RIS and CSL-JSON (sce/exports/references.py), dated by the page's
  last change in git, with copy buttons (assets/js/cite-this-page.js; without JavaScript the text
  is there to select). The three machine formats are for screens only: a printed handout keeps
  Chicago, APA and BibTeX.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re

from sce.exports.references import page_item, ris_record

WORDS_PER_MINUTE = 200
SITE = "Social Credit, Explained"
FIRST_HEADING = re.compile(r"^# .+$", re.MULTILINE)
MARKUP = re.compile(r"<[^>]+>|\[@[^\]]*\]|\]\([^)]*\)|^\s*(!!!|<!--).*$", re.MULTILINE)


def reading_minutes(markdown: str) -> int:
    text = MARKUP.sub(" ", re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S))
    return max(1, math.ceil(len(re.findall(r"[\w’'-]+", text)) / WORDS_PER_MINUTE))


def long_date(value) -> str:
    """'2026-12-06' (or a date) -> '6 December 2026'; a month as written ('December 2026') stays."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return html.escape(str(value))
    return f"{day.day} {day:%B} {day.year}"


def page_info(minutes: int | None, facts_current_to: str = "", last_reviewed: str = "") -> str:
    """The line under a page's title."""
    parts = []
    if minutes:
        parts.append(f"{minutes} min read")
    if facts_current_to:
        parts.append(f"Facts current to {html.escape(str(facts_current_to))}")
    if last_reviewed:
        parts.append(f'Last reviewed <time datetime="{html.escape(str(last_reviewed))}">{long_date(last_reviewed)}</time>')
    return f'<p class="sce-page-info">{" · ".join(parts)}</p>' if parts else ""


def insert_after_title(markdown: str, block: str) -> str:
    """`block` (raw HTML) right under the page's first heading."""
    match = FIRST_HEADING.search(markdown)
    if not match or not block:
        return markdown
    return markdown[: match.end()] + "\n\n" + block + "\n" + markdown[match.end():]


def citations(title: str, url: str, updated: dt.date, key: str) -> dict[str, str]:
    """The page's citation in each style, as plain text."""
    inner = title.replace("“", "‘").replace("”", "’").replace('"', "'")
    long_date = f"{updated:%B} {updated.day}, {updated.year}"
    return {
        "Chicago": f"{SITE}. {updated.year}. “{inner}.” Last modified {long_date}. {url}.",
        "APA": f"{SITE}. ({updated.year}, {updated:%B} {updated.day}). {title}. {url}",
        "BibTeX": (
            f"@online{{{key},\n"
            f"  author  = {{{{{SITE}}}}},\n"
            f"  title   = {{{title}}},\n"
            f"  date    = {{{updated.isoformat()}}},\n"
            f"  url     = {{{url}}},\n"
            f"  urldate = {{{dt.date.today().isoformat()}}},\n"
            f"}}"
        ),
        "RIS": ris_record(page_item(title, url, updated, key)).rstrip(),
        "CSL-JSON": json.dumps([page_item(title, url, updated, key)], ensure_ascii=False, indent=1),
    }


# Formats for reference managers: shown as code, and only on screen.
MACHINE_FORMATS = ("BibTeX", "RIS", "CSL-JSON")
SCREEN_ONLY = ("RIS", "CSL-JSON")


def page_key(src_uri: str) -> str:
    """The BibTeX key of a page's own citation: sce-chapters-04-blacklists-..., sce-home."""
    return "sce-" + (re.sub(r"[^a-z0-9]+", "-", src_uri[:-3].lower()).strip("-") or "home")


def cite_box(title: str, url: str, updated: dt.date, key: str) -> str:
    """The "Cite this page" box, in Chicago, APA, BibTeX, RIS and CSL-JSON, with copy buttons."""
    styles = citations(title, url, updated, key)
    rows = []
    for style, text in styles.items():
        ident = f"cite-{style.lower()}"
        body = (f'<pre class="sce-cite__text"><code id="{ident}">{html.escape(text)}</code></pre>'
                if style in MACHINE_FORMATS else f'<p class="sce-cite__text" id="{ident}">{html.escape(text)}</p>')
        if style == "APA":  # the title is italic in APA
            escaped = html.escape(title)
            body = body.replace(f" {escaped}. ", f" <em>{escaped}</em>. ", 1)
        screen = ' class="sce-no-print"' if style in SCREEN_ONLY else ""
        rows.append(
            f"<dt{screen}>{style}</dt><dd{screen}>{body}"
            f'<button type="button" class="md-button sce-copy sce-no-print" data-copy="{ident}" '
            f'aria-label="Copy the {style} citation">Copy</button></dd>'
        )
    return (
        f'\n<aside class="sce-cite sce-not-in-book" data-widget="cite-this-page" aria-labelledby="cite-this-page">'
        f'<h2 id="cite-this-page">Cite this page</h2>'
        f'<p>This page was last updated on <time datetime="{updated.isoformat()}">'
        f"{updated.day} {updated:%B} {updated.year}</time>.</p>"
        f'<dl>{"".join(rows)}</dl>'
        f'<p class="sce-cite__status sce-no-print" role="status"></p></aside>\n'
    )
