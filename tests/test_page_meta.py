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


@pytest.mark.parametrize("source", PAGES)
def test_page_has_reading_time_and_a_dated_cite_box(site_dir, source):
    page = read_page(site_dir, source[:-3] + ".html")
    assert re.search(r'class="sce-page-info">\d+ min read', page)
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
    short = int(re.search(r"(\d+) min read", read_page(site_dir, "reference/glossary.html")).group(1))
    assert long >= 8 and short >= 1
