"""Data and renderers of the credit map, the pilot score simulator, the explorable timeline and the
glossary tooltips: bad data stops the build with file:line, and the real data keeps its promises
(every cell cited, no point value without a primary source)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import markdown
import pytest
import yaml

from helpers import context
from sce.data import load_glossary
from sce.errors import SourceError
from sce.glossary_terms import GlossaryExtension
from sce.widgets import credit_map, simulator, timeline

ROOT = Path(__file__).resolve().parent.parent

KNOWN = context(ROOT, "chapters/02-the-system-piece-by-piece.md")  # the real project
PRIMARY = simulator.primary_keys(KNOWN)


@pytest.fixture
def data_dir(tmp_path):
    """A project with the real chapters and bibliography and data files of our own:
    write(name, yaml); the renderers then see it through `data_dir.ctx`."""
    (tmp_path / "docs" / "data").mkdir(parents=True)
    (tmp_path / "docs" / "chapters").symlink_to(ROOT / "docs" / "chapters")
    (tmp_path / "bibliography.bib").symlink_to(ROOT / "bibliography.bib")

    def write(name: str, text: str) -> None:
        (tmp_path / "docs" / "data" / name).write_text(textwrap.dedent(text), encoding="utf-8")
        write.ctx = context(tmp_path, "chapters/02-the-system-piece-by-piece.md")

    return write


# ---- the credit map

PART = """\
- part: court
  name: Court list
  short: Court list
  group: state
  row: 1
  column: 1
  runs:
    text: The courts.
    cite: [creemers2013some]
  chapters: [04-blacklists-and-joint-punishment.md]
"""


def test_real_credit_map_cites_every_cell_and_links_real_parts():
    parts, outcomes, links = credit_map.load(KNOWN)
    assert len(parts) >= 8 and links
    ids = {p["id"] for p in parts}
    assert {"court", "code", "pilots", "sesame", "financial", "sector", "framework", "corporate"} <= ids
    for part in parts:
        for field, html in part["cells"].items():
            assert re.search(r"\[@[\w-]+(; @[\w-]+)*\]", html), (part["id"], field)
    out = credit_map.render("", KNOWN)
    assert out.count("<tr data-part=") == len(parts)
    assert 'data-widget="credit-map"' in out and 'type="application/json"' in out
    assert '<span lang="zh-Hans">失信被执行人名单</span>' in out


@pytest.mark.parametrize("change, needle, message", [
    (lambda t: t.replace("cite: [creemers2013some]", "cite: [nosuchkey2099]"), "- part: court",
     "part 'court': unknown citation key 'nosuchkey2099'"),
    (lambda t: t.replace("    cite: [creemers2013some]\n", ""), "- part: court", "part 'court': 'runs' has no cite"),
    (lambda t: t.replace("group: state", "group: elsewhere"), "group:", "'group' should be one of state, outside"),
    (lambda t: t.replace("  runs:", "  cites: x\n  runs:"), "cites:", "unknown field 'cites'"),
    (lambda t: t.replace("04-blacklists", "99-nothing"), "chapters:", "no chapter docs/chapters/99-nothing"),
    (lambda t: t + PART.replace("part: court", "part: other"), "part: other", "row 1, column 1 of the map is taken by 'court'"),
    (lambda t: t + PART, "- part: court-2", "id already used on line 1"),
    (lambda t: t + "- link: [court, nowhere]\n  text: x\n  cite: [creemers2013some]\n", "- link:",
     "no part or outcome 'nowhere'"),
])
def test_bad_credit_map_data_is_one_line_with_file_and_line(data_dir, change, needle, message):
    text = change(PART)
    if needle == "- part: court-2":  # the second of two entries with one id
        line = [n for n, l in enumerate(text.splitlines(), 1) if l == "- part: court"][1]
    else:
        line = next(n for n, l in enumerate(text.splitlines(), 1) if needle in l)
    data_dir("credit-map.yml", text)
    with pytest.raises(SourceError) as error:
        credit_map.render("", data_dir.ctx)
    text = str(error.value)
    assert re.match(rf"(\S*/)?docs/data/credit-map\.yml:{line}: ", text), text
    assert message in text
    assert "\n" not in text


def test_credit_map_yaml_error_names_the_line(data_dir):
    data_dir("credit-map.yml", PART + "- part: [unclosed\n")
    with pytest.raises(SourceError, match=r"credit-map\.yml:12: YAML does not parse"):
        credit_map.render("", data_dir.ctx)


# ---- the simulator

def _real_items():
    return yaml.safe_load((ROOT / "docs" / "data" / "simulator.yml").read_text(encoding="utf-8"))


def test_no_point_value_without_a_primary_citation():
    items = [e for e in _real_items() if "item" in e]
    valued = [e for e in items if "points" in e]
    assert len(valued) >= 8
    for entry in valued:
        assert set(entry["cite"]) & PRIMARY, entry["item"]
    # The values are the ones chapter 5 gives from the same source.
    chapter = (ROOT / "docs" / "chapters" / "06-local-pilots.md").read_text(encoding="utf-8")
    for entry in valued:
        assert f"\u2212{abs(entry['points'])}" in chapter, entry["item"]


def test_simulator_shows_no_invented_numbers():
    out = simulator.render("", KNOWN)
    data = (ROOT / "docs" / "data" / "simulator.yml").read_text(encoding="utf-8")
    assert "1,000" not in out.replace("1,000-point start is unconfirmed", "")
    assert "threshold" not in data.replace("no point thresholds", "").replace("a grade threshold", "")
    assert 'data-widget="simulator"' in out
    assert "not a national score" in out
    assert out.count("data-points=") == sum(1 for e in _real_items() if "points" in e)


ITEM = """\
- item: stealing
  text: stealing tap water
  direction: lowers
  points: -60
  cite: [cltndstandards]
"""


@pytest.mark.parametrize("change, needle, message", [
    (lambda t: t.replace("cite: [cltndstandards]", "cite: [lilkov2020made]"), "points:",
     "'points' -60 needs a primary source among its cites"),
    (lambda t: t.replace("points: -60", "points: 60"), "points:", "'points' 60 does not match direction 'lowers'"),
    (lambda t: t.replace("points: -60", "points: lots"), "points:", "'points' should be a whole number"),
    (lambda t: t.replace("  cite: [cltndstandards]\n", ""), "- item:", "'cite' has no cite"),
    (lambda t: t.replace("direction: lowers", "direction: down"), "direction:", "'direction' should be lowers or raises"),
    (lambda t: t.replace("  points: -60\n", "  per: month\n"), "per:", "'per' needs 'points'"),
])
def test_bad_simulator_data_is_one_line_with_file_and_line(data_dir, change, needle, message):
    """The message names the line of the field at fault, or of the entry when a field is missing."""
    text = "# a comment line\n" + change(ITEM)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if needle in l)
    data_dir("simulator.yml", text)
    with pytest.raises(SourceError) as error:
        simulator.render("", data_dir.ctx)
    text = str(error.value)
    assert re.search(rf"docs/data/simulator\.yml:{line}: item 'stealing': ", text), text
    assert message in text


def test_simulator_items_without_a_value_say_so(data_dir):
    data_dir("simulator.yml", ITEM + "- item: littering\n  text: littering\n  direction: lowers\n"
             "  cite: [lilkov2020made]\n")
    out = simulator.render("", data_dir.ctx)
    assert "\u221260 points" in out
    assert "Lowers the points; the sources consulted give no value" in out


# ---- the timeline page

def test_timeline_is_wrapped_for_the_widget_with_hidden_controls():
    out = timeline.render("", context(ROOT, "reference/timeline.md"))
    assert out.startswith('<div class="sce-timeline-explorer" data-widget="timeline"')
    assert '<div class="sce-timeline-controls sce-no-print" hidden></div>' in out
    assert "&quot;courts&quot;: &quot;Courts and blacklists&quot;" in out
    html = markdown.markdown(out.replace("[@", "[at-"), extensions=["md_in_html", "toc"])
    assert '<h2 id="2013">2013</h2>' in html


# ---- glossary tooltips

@pytest.fixture
def to_html():
    extension = GlossaryExtension(load_glossary(KNOWN.project))
    extension.active = True

    def convert(text: str) -> str:
        md = markdown.Markdown(extensions=["attr_list", "smarty", "toc", extension])
        return md.convert(textwrap.dedent(text))

    return convert


def test_first_use_of_a_term_gets_its_definition_from_the_glossary(to_html):
    terms = {t.term: t for t in load_glossary(KNOWN.project)}
    html = to_html("""\
        # Joint punishment

        See [joint punishment](x.md) and `joint punishment`.

        Joint punishment is common, and joint punishment again. The NDRC and the Supreme People's Court.
        """)
    abbrs = re.findall(r'<abbr class="sce-gloss"[^>]*>.*?</abbr>', html)
    assert len(abbrs) == 3, abbrs
    assert ">Joint punishment</abbr>" in abbrs[0]  # the paragraph's, not the heading's or the link's
    term = terms["joint punishment"]
    assert f'title="{term.definition} — {term.hanzi}, {term.pinyin}"' in abbrs[0]
    assert f'data-hanzi="{term.hanzi}"' in abbrs[0] and term.pinyin in abbrs[0]
    assert 'data-term="National Development and Reform Commission"' in abbrs[1]
    assert ">Supreme People&rsquo;s Court</abbr>" in abbrs[2]
    assert "<h1" in html and "abbr" not in html.split("</h1>")[0]


def test_citation_markers_are_not_wrapped(to_html):
    html = to_html("""\
        A claim<sup class="sce-citation">[<a href="#ref-hrw">1</a>]</sup>. Human Rights Watch reported it.
        """)
    assert html.count('class="sce-gloss"') == 1
    assert re.search(r"</sup>\. <abbr[^>]*>Human Rights Watch</abbr> reported", html)


def test_built_chapters_wrap_terms_only_in_prose(site_dir):
    for page in sorted((site_dir / "chapters").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        article = html.split('<article', 1)[1].split("</article>", 1)[0]
        for tag in ("h1", "h2", "h3", "a", "code"):
            inside = re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", article, re.S)
            assert not any("sce-gloss" in chunk for chunk in inside), (page.name, tag)
        terms = re.findall(r'<abbr class="sce-gloss"[^>]*data-term="([^"]+)"', article)
        assert terms and len(terms) == len(set(terms)), page.name
    glossary = (site_dir / "reference" / "glossary.html").read_text(encoding="utf-8")
    assert "sce-gloss" not in glossary


FIXTURE_BIB = """\
@online{lee2017future,
  author = {Lee, Robin},
  title = {The Future of Social Control?},
  organization = {Borderless},
  date = {2017-12-22},
  url = {https://example.org/lee},
  urldate = {2026-11-23},
  keywords = {commentary}
}
"""
FIXTURE_GLOSSARY = """\
- term: joint punishment
  hanzi: 联合惩戒
  pinyin: liánhé chéngjiè
  definition: Agencies acting on another body's list.
  chapter: 01-test.md
  cite: [lee2017future]
"""


def test_a_site_build_marks_terms_and_stops_on_a_bad_glossary(fixture_site):
    chapter = "# Test\n\nJoint punishment, then joint punishment again [@lee2017future].\n"
    pages = {"index.md": "# Home\n", "chapters/01-test.md": chapter, "data/glossary.yml": FIXTURE_GLOSSARY}
    fixture_site.write(pages, FIXTURE_BIB, nav=["index.md", "chapters/01-test.md"])
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    html = (fixture_site.root / "site" / "chapters" / "01-test.html").read_text(encoding="utf-8")
    assert html.count('class="sce-gloss"') == 1
    assert 'data-hanzi="联合惩戒"' in html and ">Joint punishment</abbr>" in html
    pages["data/glossary.yml"] = FIXTURE_GLOSSARY.replace("  definition: Agencies acting on another body's list.\n", "")
    fixture_site.write(pages, FIXTURE_BIB, nav=["index.md", "chapters/01-test.md"])
    result = fixture_site.build()
    assert result.returncode != 0
    assert "docs/data/glossary.yml:1: entry 1: missing 'definition'" in result.stderr
    assert "Traceback" not in result.stderr
