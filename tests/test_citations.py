"""Citations render from the one bibliography, and bad input stops the build with one clear line."""

from __future__ import annotations

import re

from sitepages import read_page

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
BIB_PAGE = "# Bibliography\n\n<!-- full-bibliography -->\n"


def test_known_key_renders_author_date_and_reference(fixture_site):
    fixture_site.write({"index.md": PAGE, "bibliography.md": BIB_PAGE}, BIB)
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    html = (fixture_site.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "(Hoffman 2018, 4)" in html
    assert re.search(r"Kostka 2019; Hoffman 2018", html)
    assert 'id="references"' in html
    references = html.split('id="references"', 1)[1]
    assert "Australian Strategic Policy Institute" in references
    assert "New Media and Society" in references
    assert "[@" not in html


def test_bibliography_page_lists_every_entry_sorted_with_anchors(fixture_site):
    fixture_site.write({"index.md": PAGE, "bibliography.md": BIB_PAGE}, BIB)
    assert fixture_site.build().returncode == 0
    html = (fixture_site.root / "site" / "bibliography.html").read_text(encoding="utf-8")
    ids = re.findall(r'id="ref-([\w-]+)"', html)
    assert ids == ["hoffman2018social", "kostka2019china"]
    assert "full-bibliography" not in html


def test_bibliography_entries_link_the_pages_that_cite_them_in_reading_order(fixture_site):
    other = "# Second page\n\nAs the report found [@hoffman2018social].\n"
    fixture_site.write({"index.md": PAGE, "zz-other.md": other, "bibliography.md": BIB_PAGE}, BIB,
                       nav=["zz-other.md", "index.md", "bibliography.md"])
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    html = (fixture_site.root / "site" / "bibliography.html").read_text(encoding="utf-8")
    cited = dict(re.findall(r'id="ref-([\w-]+)".*?<span class="sce-cited-in[^"]*">(.*?)</span>', html, re.S))
    assert cited["hoffman2018social"] == ('Cited in <a href="zz-other.html#fn:hoffman2018social">Second page</a>, '
                                          '<a href="index.html#fn:hoffman2018social">Test</a>.')
    assert cited["kostka2019china"] == 'Cited in <a href="index.html#fn:kostka2019china">Test</a>.'
    # Each link lands on the reference in that page's list.
    assert '<li id="fn:hoffman2018social">' in (fixture_site.root / "site" / "zz-other.html").read_text(encoding="utf-8")


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
    html = read_page(site_dir, "index.html")
    assert re.search(r"\(Creemers 2018; Daum 2019a?\)", html)
    assert 'id="references"' in html
    assert "[@" not in html


def test_real_bibliography_page_is_alphabetical(site_dir):
    html = read_page(site_dir, "bibliography.html")
    entries = re.findall(r'<div id="ref-[\w-]+" class="csl-entry"[^>]*>\s*(.*?)</div>', html, re.S)
    assert len(entries) >= 30
    authors = [re.sub(r"[^\w ]", "", re.sub(r"<[^>]+>", "", entry)).lower().split()[:2] for entry in entries]
    assert authors == sorted(authors)
    # Chapters are named by number under each entry; every entry is cited somewhere (check_bib).
    assert html.count('class="sce-cited-in') == len(entries)
    assert '<a href="chapters/04-blacklists-and-joint-punishment.html#fn:ndrc2016memorandum">Chapter 4</a>' in html


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
