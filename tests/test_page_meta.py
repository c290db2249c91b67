"""Every page says how long it takes to read and how to cite it, dated from git."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pybtex.database
import pytest

from helpers import read_page

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")
               if not p.relative_to(ROOT / "docs").parts[0] in {"includes", "data"})


def git_date(source: str) -> str:
    """The date of the last commit that touched the page, or today for an uncommitted page."""
    out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", f"docs/{source}"],
                         cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", f"docs/{source}"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return dt.date.today().isoformat() if (dirty or not out) else out


READ_THROUGH = {"index.md"} | {p for p in PAGES if p.startswith("chapters/")}


@pytest.mark.parametrize("source", PAGES)
def test_page_says_how_long_when_reviewed_and_how_to_cite_it(site_dir, source):
    page = read_page(site_dir, source[:-3] + ".html")
    info = re.search(r'<p class="sce-page-info">(.*?)</p>', page).group(1)
    # Reading time only on pages that are read through, not on reference pages.
    assert bool(re.match(r"\d+ min read", info)) == (source in READ_THROUGH), info
    # One date format everywhere: "6 December 2026".
    reviewed = re.search(r'Last reviewed <time datetime="(\d{4}-\d{2}-\d{2})">(\d{1,2} [A-Z][a-z]+ \d{4})</time>', info)
    assert reviewed, info
    day = dt.date.fromisoformat(reviewed.group(1))
    assert reviewed.group(2) == f"{day.day} {day:%B} {day.year}"
    if source == "index.md":
        assert 'data-widget="cite-this-page"' not in page  # the home page is not a work to cite
        return
    box = page.split('data-widget="cite-this-page"', 1)[1].split("</aside>", 1)[0]
    date = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})"', box).group(1)
    assert date == git_date(source)
    assert "<dt>Chicago</dt>" in box and "<dt>APA</dt>" in box and "<dt>BibTeX</dt>" in box
    assert '<dt class="sce-no-print">RIS</dt>' in box and '<dt class="sce-no-print">CSL-JSON</dt>' in box
    bibtex = html.unescape(re.search(r'<code id="cite-bibtex">(.*?)</code>', box, re.S).group(1))
    entry = next(iter(pybtex.database.parse_string(bibtex, "bibtex").entries.values()))
    assert entry.fields["date"] == date
    assert entry.fields["url"].endswith(source[:-3] + ".html")
    assert box.count('class="md-button sce-copy sce-no-print"') == 5


def test_reading_time_reflects_length(site_dir):
    long = int(re.search(r"(\d+) min read", read_page(site_dir, "chapters/01-what-social-credit-means.html")).group(1))
    short = int(re.search(r"(\d+) min read", read_page(site_dir, "index.html")).group(1))
    assert long >= 8 and 1 <= short < long
