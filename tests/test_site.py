"""The built site has the pages, navigation and page furniture a reader expects."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import read_page

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(p.stem for p in (ROOT / "docs" / "chapters").glob("[0-9][0-9]-*.md"))


def test_home_links_every_chapter_and_has_five_cited_takeaways(site_dir):
    html = read_page(site_dir, "index.html")
    for chapter in CHAPTERS:
        assert f'href="chapters/{chapter}.html"' in html, chapter
    takeaways = html.split('id="five-things-to-know"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", takeaways, re.S)
    assert len(items) == 5
    assert all('class="sce-citation"' in item for item in items)


def test_navigation_lists_chapters_in_reading_order(site_dir):
    html = read_page(site_dir, "index.html")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1]
    positions = [nav.find(f"chapters/{chapter}.html") for chapter in CHAPTERS]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_every_page_has_its_licence_in_the_footer_and_its_dates_once(site_dir):
    for page in ["index.html", "about.html", "bibliography.html", f"chapters/{CHAPTERS[0]}.html"]:
        html = read_page(site_dir, page)
        footer = html.split('class="md-copyright"', 1)[1]
        assert "CC BY 4.0" in footer and "MIT" in footer, page
        assert "Last reviewed" not in footer and "<time" not in footer, page  # the dates are under the title
        assert "md-source-file" not in html, page  # Material's own date line, in a third format
        # No edit or view-source buttons: they puzzle general readers.
        assert 'rel="edit"' not in html and "/raw/main/" not in html and "/edit/main/" not in html, page


def test_reader_features_are_on(site_dir):
    html = read_page(site_dir, f"chapters/{CHAPTERS[0]}.html")
    assert 'data-md-color-media="(prefers-color-scheme: light)"' in html  # follows the system setting...
    assert 'data-md-color-media="(prefers-color-scheme)"' not in html  # ...and one tap switches
    assert 'data-md-component="search"' in html
    assert "navigation.top" in html
    assert '<ol class="sce-references" data-widget="tooltips">' in html  # citation numbers preview their reference
    assert 'class="md-nav md-nav--secondary"' in html  # table of contents
    assert (site_dir / "search" / "search_index.json").stat().st_size > 10_000


def test_no_web_fonts_and_no_star_count_request(site_dir):
    html = read_page(site_dir, "index.html")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert 'data-md-component="source"' not in html  # would ask api.github.com for stars


def test_about_page_covers_method_corrections_privacy_license(site_dir):
    html = read_page(site_dir, "about.html")
    for heading in ["How sources are chosen", "How citations work", "Corrections", "Privacy", "License"]:
        assert f">{heading}<" in html, heading
