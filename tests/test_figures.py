"""Figures: every registered figure is in its chapter, numbered, captioned, described and sourced,
follows the light and dark themes, is present as a file; no page loads a diagram library; and a
broken diagram, data file or registry stops the build with one line naming the file and line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml

from sce import figures
from sce.errors import SourceError

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = figures.load_registry(ROOT / "docs")
BY_ID = {figure.id: figure for figure in REGISTRY}
# Hosts and libraries that render diagrams or charts in the browser.
DIAGRAM_LIBRARIES = re.compile(
    r"mermaid|plantuml|kroki|graphviz|viz(?:\.min)?\.js|d3(?:\.v\d)?(?:\.min)?\.js|vega|chart(?:\.min)?\.js"
    r"|highcharts|echarts|plotly|unpkg\.com|jsdelivr|cdnjs|googleapis", re.IGNORECASE)
PAINT = re.compile(r"(?:^|;)\s*(fill|stroke)\s*:\s*([^;]+)")


def _chapter_html(figure: figures.Figure) -> str:
    return figure.chapter[: -len(".md")] + ".html"


def _label(page: str) -> str:
    """How a page's figures are labelled: 'Figure 4.' on chapter 4, 'Figure ' on other pages."""
    found = re.match(r"chapters/(\d+)-", page)
    return f"Figure {int(found.group(1))}." if found else "Figure "


def _words(text: str) -> str:
    return " ".join(text.split())


def _plain(text: str) -> str:
    """Words with typographic quotes made straight (Markdown's smarty curls them)."""
    return _words(text).translate(str.maketrans("‘’“”", "''\"\""))


@pytest.fixture(scope="module")
def pages(site_dir):
    """Each chapter that holds a figure, parsed once."""
    return {name: lhtml.parse(str(site_dir / name)).getroot()
            for name in {_chapter_html(figure) for figure in REGISTRY}}


def _figure(pages, figure_id: str):
    figure = BY_ID[figure_id]
    found = pages[_chapter_html(figure)].xpath(f'//figure[@id="fig-{figure_id}"]')
    assert found, f"figure '{figure_id}' is not in {_chapter_html(figure)}"
    return found[0]


def test_the_registry_has_the_issue_s_five_figures():
    kinds = {figure.id: figure.kind for figure in REGISTRY}
    assert {"system-map", "joint-punishment-flow", "policy-timeline", "code-structure"} <= set(kinds)
    assert "line" in kinds.values(), "no data chart"


@pytest.mark.parametrize("figure_id", sorted(BY_ID))
def test_figure_is_in_its_chapter_with_number_caption_alt_and_source(pages, figure_id):
    figure = BY_ID[figure_id]
    element = _figure(pages, figure_id)
    caption = _words(element.xpath("string(.//p[@class='sce-figure__caption'])"))
    assert re.match(rf"^{re.escape(_label(figure.chapter))}\d+\. ", caption), caption
    assert _plain(figure.caption) in _plain(caption)

    svg = element.xpath(".//a[@class='sce-figure__art']/svg")
    assert len(svg) == 1, "the SVG is not inline in the figure"
    assert svg[0].get("role") == "img"
    assert _words(svg[0].get("aria-label")) == figure.alt
    assert _words(svg[0].xpath("string(./title)")) == figure.alt
    assert svg[0].xpath(".//text") or svg[0].xpath(".//path"), "the SVG draws nothing"

    source = element.xpath(".//p[@class='sce-figure__source']")[0]
    text = _words(source.text_content())
    assert text.startswith("Source: [") and "[@" not in text and "?" not in text, text
    assert len(source.xpath(".//sup[@class='sce-citation']")) == 1, "one citation marker for the whole figure"
    cited = {a.get("href") for a in source.xpath(".//sup[@class='sce-citation']/a")}
    keys = figure.cite or []
    assert {f"#ref-{key}" for key in keys} <= cited, f"source line lacks {keys}"
    assert cited, "the source line has no rendered citation"


@pytest.mark.parametrize("chapter", sorted({figure.chapter for figure in REGISTRY}))
def test_figures_are_numbered_in_page_order(pages, chapter):
    page = pages[chapter[: -len(".md")] + ".html"]
    captions = [_words(p.text_content()) for p in page.xpath("//p[@class='sce-figure__caption']")]
    numbers = [c[len(_label(chapter)):].split(".")[0] for c in captions]
    assert numbers == [str(i) for i in range(1, len(captions) + 1)]
    assert all(c.startswith(_label(chapter)) for c in captions)


@pytest.mark.parametrize("figure_id", sorted(i for i, f in BY_ID.items() if f.kind != "diagram"))
def test_chart_has_its_data_as_a_table_with_a_source_per_row(pages, figure_id):
    figure = BY_ID[figure_id]
    rows = figures.read_rows(figure, ROOT / "docs")
    details = _figure(pages, figure_id).getnext()
    assert details.tag == "details" and "as a table" in details.xpath("string(summary)")
    table = details.xpath(".//table")[0]
    headers = [_words(th.text_content()) for th in table.xpath(".//th")]
    assert headers == list(figure.table.values()) + ["Source"]
    body = table.xpath(".//tbody/tr")
    assert len(body) == len(rows)
    for tr, row in zip(body, rows):
        cells = [_words(td.text_content()) for td in tr.xpath("td")]
        assert _plain(cells[0]) == _plain(row.values[next(iter(figure.table))])
        links = {a.get("href") for a in tr.xpath(".//sup[@class='sce-citation']/a")}
        assert {f"#ref-{key}" for key in row.cite} <= links


def test_chart_axes_are_labelled_with_units_and_dates(pages):
    for figure in REGISTRY:
        if figure.kind != "line":
            continue
        text = _words(" ".join(_figure(pages, figure.id).xpath(".//svg//text//text()")))
        assert figure.x_label in text and figure.y_label in text
        assert re.search(r"\(.*\)", figure.y_label), "the y axis states no unit"
        assert re.search(r"\b20\d\d\b", text), "the date axis shows no year"
        for series in figure.series:
            assert series.label in text


@pytest.mark.parametrize("figure_id", sorted(BY_ID))
def test_svg_file_is_in_the_site_and_linked(site_dir, pages, figure_id):
    path = site_dir / "assets" / "figures" / f"{figure_id}.svg"
    assert path.exists(), f"{path} missing"
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    link = _figure(pages, figure_id).xpath(".//a[@class='sce-figure__art']/@href")  # a tap opens it full size
    page = site_dir / _chapter_html(BY_ID[figure_id])
    assert link and (page.parent / link[0]).resolve() == path.resolve()


def test_figures_follow_the_theme_and_the_palette_matches_the_css(pages):
    """Only the text colour, 'none' and palette variables: nothing stays white or black on dark."""
    for figure in REGISTRY:
        svg = _figure(pages, figure.id).xpath(".//svg")[0]
        for element in svg.iter():
            for name in ("fill", "stroke"):
                assert element.get(name) is None, f"{figure.id}: a {name} attribute escaped the theme"
            for prop, value in PAINT.findall(element.get("style") or ""):
                value = value.strip()
                assert value in ("currentColor", "none") or value.startswith("var(--sce-fig-"), \
                    f"{figure.id}: {prop}: {value}"
        assert not svg.xpath(".//*[@id]"), f"{figure.id}: ids in an inline SVG can clash"
    css = (ROOT / "docs" / "assets" / "css" / "figures.css").read_text(encoding="utf-8")
    light, dark = css.split('[data-md-color-scheme="slate"]', 1)
    for colour, name in figures.PALETTE.items():
        assert f"--sce-fig-{name}: {colour};" in light, f"figures.css: light --sce-fig-{name} is not {colour}"
        assert f"--sce-fig-{name}:" in dark.split("}")[0], f"figures.css: no dark --sce-fig-{name}"


def test_figure_sources_are_not_published(site_dir):
    # The data is published, as open data made by the build (downloads/data/); the sources are not.
    assert not (site_dir / "diagrams").exists() and not (site_dir / "data").exists()
    published = {p.parent.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.csv")}
    assert not list(site_dir.rglob("*.dot")) and published <= {"downloads/data"}


def test_no_page_loads_a_diagram_library(site_dir):
    for path in sorted(site_dir.rglob("*.html")):
        page = lhtml.parse(str(path)).getroot()
        shown = path.relative_to(site_dir)
        assert not page.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' mermaid ')]"), \
            f"{shown}: a mermaid element (Material would load mermaid from a CDN)"
        for src in page.xpath("//script/@src | //link[@rel='stylesheet']/@href | //iframe/@src | //img/@src"):
            assert not re.match(r"^(?:https?:)?//", src), f"{shown}: loads {src}"
            assert not DIAGRAM_LIBRARIES.search(src), f"{shown}: loads a diagram library: {src}"
        for script in page.xpath("//script[not(@src)]/text()"):
            assert not re.search(r"mermaid\.initialize|import\(\s*['\"]https?:", script), \
                f"{shown}: inline diagram script"


def test_figures_are_in_the_print_versions(site_dir):
    """The print page (mkdocs-print-site) or the book PDF, whichever the build made."""
    print_page = site_dir / "print_page.html"
    book = site_dir / "downloads" / "social-credit-explained.pdf"
    if print_page.exists():
        page = lhtml.parse(str(print_page)).getroot()
        for figure in REGISTRY:
            labels = [_words(s.get("aria-label", "")) for s in page.xpath("//svg[@role='img']")]
            assert figure.alt in labels, f"print page lacks figure '{figure.id}'"
    elif book.exists() and shutil.which("pdftotext"):
        text = _plain(subprocess.run(["pdftotext", "-enc", "UTF-8", str(book), "-"],
                                     capture_output=True, text=True, check=True).stdout)
        for figure in REGISTRY:
            assert _label(figure.chapter) in text
            assert _plain(figure.caption)[:50] in text, f"book PDF lacks the caption of '{figure.id}'"
        assert "Joint memoranda" in text, "the SVG's own text is not in the book PDF"
    else:
        pytest.skip("neither site/print_page.html nor the book PDF was built")


# --- Bad input: one line naming the file and line, no traceback --------------------------------------

BIB = """\
@report{hoffman2018social,
  author = {Hoffman, Samantha},
  title = {Social Credit},
  institution = {Australian Strategic Policy Institute},
  date = {2018-06},
  url = {https://example.org/hoffman.pdf},
  urldate = {2026-11-23},
}
"""
ALT = "Two boxes, court listing and restrictions, joined by an arrow."
PAGE = "# Test\n\nA figure follows [@hoffman2018social].\n\n<!-- sce:figure flow -->\n"
REGISTRY_YML = """\
- id: flow
  kind: diagram
  source: diagrams/flow.dot
  chapter: index.md
  caption: A court listing leads to restrictions.
  alt: Two boxes, court listing and restrictions, joined by an arrow.
  cite: [hoffman2018social]
"""
DOT = 'digraph flow {\n  a [label="Court listing", style=filled, fillcolor="#e8eaf6"];\n  a -> b;\n}\n'
CHART_YML = """\
- id: counts
  kind: line
  source: data/counts.csv
  chapter: index.md
  caption: Counts over time.
  alt: A rising line from one to three over three years.
  x: date
  x_label: Date
  y_label: Count (number)
  series: [{column: n, label: Count}]
  table: {date: Date, n: Count}
"""
CSV = "# counts\ndate,n,cite\n2019-01-01,1,hoffman2018social\n2020-01-01,2,hoffman2018social\n"


def _build(fixture_site, files: dict[str, str]):
    pages = {"index.md": PAGE, "data/figures.yml": REGISTRY_YML, "diagrams/flow.dot": DOT, **files}
    fixture_site.write(pages, BIB, nav=["index.md"])
    return fixture_site.build()


def test_fixture_site_builds_a_numbered_figure(fixture_site):
    result = _build(fixture_site, {})
    assert result.returncode == 0, result.stderr
    html = (fixture_site.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Figure 1.</strong> A court listing leads to restrictions." in html
    assert 'aria-label="Two boxes, court listing and restrictions, joined by an arrow."' in html
    assert ">Court listing</text>" in html and "[@" not in html
    assert (fixture_site.root / "site" / "assets" / "figures" / "flow.svg").exists()


@pytest.mark.parametrize("files, message", [
    ({"diagrams/flow.dot": "digraph flow {\n  a -> ;\n}\n"},
     "docs/diagrams/flow.dot:2: syntax error near ';'"),
    ({"data/figures.yml": REGISTRY_YML + CHART_YML, "index.md": PAGE + "\n<!-- sce:figure counts -->\n",
      "data/counts.csv": CSV + "2021-01-01,three,hoffman2018social\n"},
     "docs/data/counts.csv:5: column 'n': 'three' is not a number"),
    ({"data/figures.yml": REGISTRY_YML.replace("  kind: diagram\n", "  kind: diagram\n  caption A\n")},
     "docs/data/figures.yml:3: YAML does not parse"),
], ids=["bad-dot", "bad-csv", "bad-registry"])
def test_bad_input_stops_the_build_with_file_and_line(fixture_site, files, message):
    result = _build(fixture_site, files)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_marker_for_an_unknown_figure_fails_the_build(fixture_site):
    result = _build(fixture_site, {"index.md": PAGE.replace("flow", "nope")})
    assert result.returncode != 0
    assert "docs/index.md:5: unknown figure 'nope'" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# The checks behind those messages, one by one, without a build.

def _docs(tmp_path: Path, files: dict[str, str]) -> Path:
    base = {"index.md": PAGE, "data/figures.yml": REGISTRY_YML, "diagrams/flow.dot": DOT}
    for name, text in {**base, **files}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _problem(docs: Path) -> str:
    with pytest.raises(SourceError) as error:
        for item in figures.render_all(figures.load_registry(docs), docs):
            figures.check_keys([item], {"hoffman2018social"}, docs)
    return str(error.value)


@pytest.mark.parametrize("files, message", [
    ({"data/figures.yml": REGISTRY_YML.replace(f"  alt: {ALT}\n", "")},
     "figures.yml:1: figure 'flow': missing 'alt'"),
    ({"data/figures.yml": REGISTRY_YML.replace(ALT, "Diagram")},
     "figures.yml:6: figure 'flow': alt text must say what the figure shows"),
    ({"data/figures.yml": REGISTRY_YML.replace("[hoffman2018social]", "[nosuchkey2020]")},
     "figures.yml:7: figure 'flow': unknown citation key 'nosuchkey2020'"),
    ({"data/figures.yml": REGISTRY_YML.replace("kind: diagram", "kind: pie")},
     "figures.yml:2: figure 'flow': kind must be one of"),
    ({"data/figures.yml": REGISTRY_YML.replace("diagrams/flow.dot", "diagrams/none.dot")},
     "figures.yml:3: figure 'flow': no file docs/diagrams/none.dot"),
    ({"data/figures.yml": REGISTRY_YML + REGISTRY_YML},
     "figures.yml:8: figure 'flow' is already defined on line 1"),
    ({"diagrams/flow.dot": DOT.replace("#e8eaf6", "red")},
     "flow.dot:2: colour 'red' is not in the figure palette"),
    ({"diagrams/flow.dot": 'digraph flow {\n  a -> b;\n  b [label=<x<B>y>];\n}\n'},
     "flow.dot:3: bad HTML-like label of 'b'"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV + "2021-01-01,3\n"},
     "counts.csv:5: 2 fields, but the header on line 2 has 3"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV + "2021-13-01,3,hoffman2018social\n"},
     "counts.csv:5: column 'date': '2021-13-01' is not a date"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV + "2018-01-01,3,hoffman2018social\n"},
     "counts.csv:5: 2018-01-01 comes before 2020-01-01"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV + "2021-01-01,3,\n"},
     "counts.csv:5: no citation key in column 'cite'"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV + "2021-01-01,3,nosuchkey2020\n"},
     "counts.csv:5: unknown citation key 'nosuchkey2020'"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV.replace("date,n,cite", "when,n,cite")},
     "counts.csv:2: no column 'date'"),
    ({"data/figures.yml": CHART_YML, "data/counts.csv": CSV + '2021-01-01,"3,hoffman2018social\n'},
     "counts.csv:5: not valid CSV"),
])
def test_each_problem_is_one_line_naming_file_and_line(tmp_path, files, message):
    assert message in _problem(_docs(tmp_path, files))


def test_command_line_validates_and_writes_svgs(tmp_path):
    docs = _docs(tmp_path / "docs", {})
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "scripts.figures", "--docs", str(docs), "--bib", str(bib),
                         "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "1 figures, all valid" in ok.stdout
    assert (tmp_path / "out" / "flow.svg").read_text(encoding="utf-8").startswith("<?xml")
    (docs / "diagrams" / "flow.dot").write_text("digraph {\n a -> ;\n}\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "scripts.figures", "--docs", str(docs), "--bib", str(bib),
                          "--cache", str(tmp_path / "cache")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert bad.stderr.strip().endswith("flow.dot:2: syntax error near ';'") and "Traceback" not in bad.stderr


def test_rendering_is_cached_by_content(tmp_path):
    docs = _docs(tmp_path / "docs", {})
    cache = tmp_path / "cache"
    first = figures.render_all(figures.load_registry(docs), docs, cache)[0].svg
    cached = list(cache.glob("flow-*.svg"))
    assert len(cached) == 1
    assert figures.render_all(figures.load_registry(docs), docs, cache)[0].svg == first
    (docs / "diagrams" / "flow.dot").write_text(DOT.replace("Court listing", "Listing"), encoding="utf-8")
    assert ">Listing</" in figures.render_all(figures.load_registry(docs), docs, cache)[0].svg
    assert len(list(cache.glob("flow-*.svg"))) == 1, "the old render was not replaced"
