"""Citations render from the one bibliography as one numbered marker each, every page lists its
references by number, and bad input stops the build with one clear line."""

from __future__ import annotations

import re

from helpers import read_page
from sce import citations

BIB = """\
@report{hoffman2018social,
  author = {Hoffman, Samantha},
  title = {Social Credit: Technology-Enhanced Authoritarian Control with Global Consequences},
  institution = {Australian Strategic Policy Institute},
  date = {2018-06},
  url = {https://example.org/hoffman.pdf},
  urldate = {2026-11-23},
}

@article{kostka2019china,
  author = {Kostka, Genia},
  title = {China's Social Credit Systems and Public Opinion},
  journaltitle = {New Media and Society},
  date = {2019},
  doi = {10.1177/1461444819826402},
}
"""
PAGE = "# Test\n\nThe report says so [@hoffman2018social, p. 4]. Both agree [@kostka2019china; @hoffman2018social].\n"
BIB_PAGE = "# Bibliography\n\n<!-- sce:bibliography -->\n"


def test_each_citation_is_one_numbered_marker_and_the_list_is_numbered_to_match(fixture_site):
    fixture_site.write({"index.md": PAGE, "bibliography.md": BIB_PAGE}, BIB)
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    html = (fixture_site.root / "site" / "index.html").read_text(encoding="utf-8")
    markers = re.findall(r'<sup class="sce-citation">(.*?)</sup>', html)
    assert [re.sub(r"<[^>]+>", "", m) for m in markers] == ["[1, p. 4]", "[2, 1]"]
    assert 'says so<sup class="sce-citation">[<a href="#ref-hoffman2018social">1</a>, p. 4]</sup>.' in html
    assert "(Hoffman 2018" not in html and "footnote" not in html  # no author-date text beside it
    references = html.split('id="references"', 1)[1]
    items = re.findall(r'<li id="ref-([\w-]+)">', references)
    assert items == ["hoffman2018social", "kostka2019china"]  # first cited, first listed
    assert '<ol class="sce-references"' in references
    assert "Australian Strategic Policy Institute" in references and "New Media and Society" in references
    assert "[@" not in html


def test_marker_forms():
    numbers = {"a": 2, "b": 5}
    assert citations.marker(citations.parse_block("@a"), numbers) == '<sup class="sce-citation">[<a href="#ref-a">2</a>]</sup>'
    assert citations.marker(citations.parse_block("@a; @b"), numbers).endswith('>2</a>, <a href="#ref-b">5</a>]</sup>')
    assert citations.marker(citations.parse_block("@a; @b, pp. 50–55"), numbers).endswith("5</a>, pp. 50–55]</sup>")
    assert ">2</a>; <a" in citations.marker(citations.parse_block("@a; @b, pp. 50–55"), numbers)
    assert citations.marker(citations.parse_block("see @a, p. 4"), numbers).startswith('<sup class="sce-citation">[see <a')


def test_marker_sits_against_its_word_but_not_after_a_colon():
    formatted = citations.FormattedBibliography(["a"], {"a": "A. 2020."}, {})
    out, keys = citations.cite_page("Said so [@a].\n\nSource: [@a].\n\n```\nnot [@a]\n```\n", formatted, "x.md")
    assert 'Said so<sup class="sce-citation">' in out and 'Source: <sup class="sce-citation">' in out
    assert "not [@a]" in out and keys == ["a"]


def test_bibliography_page_lists_every_entry_sorted_with_anchors(fixture_site):
    fixture_site.write({"index.md": PAGE, "bibliography.md": BIB_PAGE}, BIB)
    assert fixture_site.build().returncode == 0
    html = (fixture_site.root / "site" / "bibliography.html").read_text(encoding="utf-8")
    ids = re.findall(r'id="ref-([\w-]+)"', html)
    assert ids == ["hoffman2018social", "kostka2019china"]
    assert "sce:bibliography" not in html


def test_bibliography_entries_link_the_pages_that_cite_them_in_reading_order(fixture_site):
    other = "# Second page\n\nAs the report found [@hoffman2018social].\n"
    fixture_site.write({"index.md": PAGE, "zz-other.md": other, "bibliography.md": BIB_PAGE}, BIB,
                       nav=["zz-other.md", "index.md", "bibliography.md"])
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    html = (fixture_site.root / "site" / "bibliography.html").read_text(encoding="utf-8")
    cited = dict(re.findall(r'id="ref-([\w-]+)".*?<span class="sce-cited-in[^"]*">(.*?)</span>', html, re.S))
    assert cited["hoffman2018social"] == ('Cited in <a href="zz-other.html#ref-hoffman2018social">Second page</a>, '
                                          '<a href="index.html#ref-hoffman2018social">Test</a>.')
    assert cited["kostka2019china"] == 'Cited in <a href="index.html#ref-kostka2019china">Test</a>.'
    # Each link lands on the reference in that page's list.
    assert '<li id="ref-hoffman2018social">' in (fixture_site.root / "site" / "zz-other.html").read_text(encoding="utf-8")


def test_unknown_key_fails_with_one_clear_line(fixture_site):
    fixture_site.write({"index.md": "# Test\n\nClaimed [@nosuchkey].\n"}, BIB)
    result = fixture_site.build()
    assert result.returncode != 0
    assert "docs/index.md:3: unknown citation key 'nosuchkey'" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_entry_fails_naming_file_and_line(fixture_site):
    broken = BIB.replace("date = {2019},\n", "date = {2019,\n")
    fixture_site.write({"index.md": PAGE}, broken)
    result = fixture_site.build()
    assert result.returncode != 0
    assert re.search(r"bibliography\.bib:\d+: syntax error", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_key_fails_naming_both_lines(fixture_site):
    fixture_site.write({"index.md": PAGE}, BIB + "\n" + BIB.split("\n\n")[0] + "\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert "duplicate citation key 'hoffman2018social' (first defined on line 1)" in result.stderr
    assert "Traceback" not in result.stderr


def test_real_site_renders_citations_and_references(site_dir):
    for page in ("index.html", "chapters/02-the-system-piece-by-piece.html"):
        html = read_page(site_dir, page)
        markers = re.findall(r'<sup class="sce-citation">(.*?)</sup>', html)
        listed = re.findall(r'<li id="ref-([\w-]+)">', html.split('id="references"', 1)[1])
        linked = {key for m in markers for key in re.findall(r'href="#ref-([\w-]+)"', m)}
        assert markers and linked == set(listed), page  # every marker has its entry, every entry a marker
        assert "[@" not in html and "footnote" not in html


def test_real_bibliography_page_is_alphabetical(site_dir):
    html = read_page(site_dir, "bibliography.html")
    entries = re.findall(r'<div id="ref-[\w-]+" class="csl-entry"[^>]*>\s*(.*?)</div>', html, re.S)
    assert len(entries) >= 30
    authors = [re.sub(r"[^\w ]", "", re.sub(r"<[^>]+>", "", entry)).lower().split()[:2] for entry in entries]
    assert authors == sorted(authors)
    # Chapters are named by number under each entry; every entry is cited somewhere (check_bib).
    assert html.count('class="sce-cited-in') == len(entries)
    assert '<a href="chapters/04-blacklists-and-joint-punishment.html#ref-ndrc2016memorandum">Chapter 4</a>' in html


def test_citation_split_across_lines_fails_instead_of_showing_raw(fixture_site):
    fixture_site.write({"index.md": "# Test\n\nClaimed [@hoffman2018social;\n@kostka2019china].\n"}, BIB)
    result = fixture_site.build()
    assert result.returncode != 0
    assert "docs/index.md:3: citation continues onto the next line" in result.stderr


def test_archived_copy_is_shown_next_to_the_live_link(fixture_site):
    archived = BIB.replace("  urldate = {2026-11-23},\n}", "  urldate = {2026-11-23},\n  archiveurl = {https://web.archive.org/web/2019/https://example.org/hoffman.pdf},\n}", 1)
    fixture_site.write({"index.md": PAGE, "bibliography.md": BIB_PAGE}, archived)
    assert fixture_site.build().returncode == 0
    for page in ("index.html", "bibliography.html"):
        html = (fixture_site.root / "site" / page).read_text(encoding="utf-8")
        assert 'href="https://web.archive.org/web/2019/https://example.org/hoffman.pdf">archived copy</a>' in html, page
