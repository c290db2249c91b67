"""Highwire Press citation_* meta tags for chapter pages, so that reference managers save a chapter
as what it is: a section of this book, not a generic web page.

Zotero's "Embedded Metadata" translator (and Google Scholar) read these tags; citation_book_title
makes Zotero file the page as a book section. overrides/main.html prints the pairs this module
puts in the page's metadata (META_KEY), plus citation_language from the theme's language.

    citation_title             the chapter's title
    citation_author            the project under its name, as a corporate author (no people are
                               named until authors are decided). Highwire has no corporate form:
                               Zotero reads the comma as "Family, Given" and may need the name
                               switched to one field; the BibTeX and CSL-JSON of Cite this page
                               carry it as one name.
    citation_publication_date  the page's first publication: `first_published` in its front
                               matter, else the date of its first commit (following renames),
                               else today for a page not yet committed
    citation_online_date       its last review (`last_reviewed`)
    citation_public_url        its address on the published site
    citation_book_title        the site's name
"""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
from pathlib import Path

SITE = "Social Credit, Explained"
META_KEY = "sce_citation_meta"  # page.meta key the template reads


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


@functools.lru_cache(maxsize=None)
def first_commit(root: Path, source: str) -> dt.date | None:
    """The date of the first commit of a file, following renames; None if git has none."""
    try:
        out = subprocess.run(["git", "log", "--follow", "--format=%cs", "--", source], cwd=root,
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.stdout.split() if out.returncode == 0 else []
    return as_date(lines[-1]) if lines else None


def first_published(root: Path, source: str, meta: dict) -> dt.date:
    return as_date(meta.get("first_published")) or first_commit(root, source) or dt.date.today()


def highwire_date(date: dt.date) -> str:
    """Google Scholar's form: 2026/11/23."""
    return f"{date.year}/{date.month:02d}/{date.day:02d}"


def tags(title: str, url: str, published: dt.date, reviewed: dt.date) -> list[tuple[str, str]]:
    return [
        ("citation_title", title),
        ("citation_author", SITE),
        ("citation_publication_date", highwire_date(published)),
        ("citation_online_date", highwire_date(reviewed)),
        ("citation_public_url", url),
        ("citation_book_title", SITE),
    ]
