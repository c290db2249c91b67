"""The exports that `make build` leaves in site/downloads/: the book PDF, the chapter handouts and
the offline zip. These tests read the files the build produced; they never rebuild them.

Text is read with poppler's pdftotext/pdffonts, structure (bookmarks, links, metadata) with pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lhtml
from pypdf import PdfReader

from scripts import build_offline, build_pdf, check_external_loads, linkcheck

ROOT = Path(__file__).resolve().parent.parent
BOOK = "downloads/social-credit-explained.pdf"
ZIP = "downloads/social-credit-explained-offline.zip"
# Body area of an A4 page in points, between the running header and the page number, read in
# the order it was printed (poppler's layout order moves Chinese runs, which Chromium embeds as
# Type 3 fonts, out of their lines).
BODY = ["-raw", "-x", "0", "-y", "58", "-W", "595", "-H", "726"]
LEAKS = {
    "citation syntax": r"\[@|@[a-z]+\d{4}[a-z]*[\];]",
    "template syntax": r"\{\{\s*[\w.]+\s*\}\}|\{%|%\}",  # not BibTeX's {{Organisation}}
    "HTML or Markdown source": r"</?(?:div|span|p|a|svg|figure|details)\b|markdown=|!!! |```|///Footnotes",
    "pandoc markup": r"\]\{\.[\w-]+\}|\*\*[\w-]+\?\*\*",
    "escaped entity": r"&(?:amp|lt|gt|nbsp|quot);",
    "diagram source": r"\b(?:graph (?:TD|LR)|flowchart (?:TD|LR)|sequenceDiagram|@startuml|digraph \w*\s*\{)",
    "plugin page label": r"(?m)^\s*Page \d+(?: of \d+)?\s*$",
    "web-only navigation": r"Cited in (?:Home|Chapter)",  # the Bibliography's links to citing pages
}


def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} not found: install poppler-utils (make system-deps)")
    return path


@cache
def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run([need("pdftotext"), "-enc", "UTF-8", *args, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Letters and digits only (CJK kept), so line breaks and typography do not matter."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def outline(reader: PdfReader) -> list[tuple[str, int, list]]:
    """Top-level bookmarks as (title, 1-based page, children)."""
    items, result = reader.outline, []
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
        result.append((item.title, reader.get_destination_page_number(item) + 1, children))
    return result


@pytest.fixture(scope="session")
def book(site_dir) -> Path:
    path = site_dir / BOOK
    assert path.exists(), f"{BOOK} is missing: `make build` (or `make pdf`) makes it"
    return path


@pytest.fixture(scope="session")
def reader(book) -> PdfReader:
    return PdfReader(book)


@pytest.fixture(scope="session")
def book_text(book) -> str:
    return pdftotext(book, *BODY)


@pytest.fixture(scope="session")
def chapters(site_dir) -> list[tuple[str, str]]:
    """(page, title) of every chapter, in the reading order of mkdocs.yml."""
    config = build_pdf.read_config(ROOT / "mkdocs.yml")
    pages = [build_pdf.html_path(src) for src in build_pdf.nav_pages(config["nav"])
             if src.startswith("chapters/")]
    assert len(pages) >= 2
    result = []
    for page in pages:
        h1 = lhtml.fromstring((site_dir / page).read_bytes()).find(".//article//h1")
        result.append((page, h1.text_content().strip().rstrip("¶").strip()))
    return result


def in_brief(site_dir: Path, page: str) -> str:
    """The chapter's first "In brief" sentence: text that only that chapter has."""
    box = lhtml.fromstring((site_dir / page).read_bytes()).xpath(
        "//article//div[contains(@class, 'abstract')]/p[not(contains(@class, 'admonition-title'))]")
    return box[0].text_content().split(". ")[0]


# --- The book ------------------------------------------------------------------------------------

def test_bookmarks_are_the_chapters_in_reading_order(reader, chapters):
    top = outline(reader)
    titles = [title for title, _, _ in top]
    assert [t for t in titles if t in dict(map(reversed, chapters))] == [t for _, t in chapters]
    assert titles[0] == "Contents" and titles[-1] == "Bibliography"
    for title, _, children in top:
        if title in {t for _, t in chapters}:
            sections = [c.title for c in children if not isinstance(c, list)]
            assert "References" in sections, f"chapter {title!r} has no References bookmark"


def test_contents_page_numbers_are_where_chapters_start(book, reader, chapters):
    starts = {title: page for title, page, _ in outline(reader)}
    first_chapter = starts[chapters[0][1]]
    contents = pdftotext(book, "-layout", "-f", "1", "-l", str(first_chapter - 1))
    for number, (_, title) in enumerate(chapters, start=1):
        line = re.search(rf"(?m)^\s*{number}\s+{re.escape(title[:25])}.*?\s(\d+)\s*$", contents)
        assert line, f"chapter {number} {title!r} is not in the table of contents"
        page = int(line.group(1))
        assert page == starts[title], f"contents: {title!r} on page {page}; it starts on {starts[title]}"
        assert squash(title) in squash(pdftotext(book, "-f", str(page), "-l", str(page), *BODY))
        assert f"CHAPTER {number}\n" not in pdftotext(book, "-f", str(page - 1), "-l", str(page - 1))


def test_every_chapter_and_bibliography_entry_is_in_the_text(site_dir, book_text, chapters):
    text = squash(book_text)
    for page, title in chapters:
        assert squash(title) in text
        assert squash(in_brief(site_dir, page)) in text
    entries = lhtml.fromstring((site_dir / "bibliography.html").read_bytes()).xpath(
        "//div[contains(@class, 'csl-entry')]")
    assert len(entries) >= 20
    for web_only in entries[0].getroottree().xpath("//*[contains(@class, 'sce-not-in-book')]"):
        web_only.drop_tree()  # e.g. "Cited in" under each entry: links between web pages
    missing = [e.get("id") for e in entries if squash(e.text_content()) not in text]
    assert missing == [], f"bibliography entries not in the book: {missing[:5]}"


def test_chinese_is_real_text_in_an_embedded_font(book, book_text):
    assert "社会信用" in book_text
    rows = subprocess.run([need("pdffonts"), str(book)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows, "pdffonts lists no fonts"
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []
    assert any("NotoSerif" in row for row in rows)


def test_no_markup_leaks_into_the_text(book, book_text):
    everything = pdftotext(book)  # headers and footers included
    for what, pattern in LEAKS.items():
        found = re.search(pattern, everything)
        assert not found, f"{what} in the book: {everything[max(0, found.start() - 60):found.end() + 60]!r}"


def test_links_inside_the_book_jump_and_web_links_are_printed(reader, book_text):
    text = squash(book_text)
    internal, external = 0, set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A") or {}
            if annot.get("/Dest") is not None or action.get("/S") == "/GoTo":
                internal += 1
            elif action.get("/S") == "/URI":
                external.add(str(action["/URI"]))
    assert internal > 50, "too few internal links: contents, citations and cross-references jump"
    named = reader.named_destinations
    assert all(reader.get_destination_page_number(dest) >= 0 for dest in named.values())
    web = [url for url in external if url.startswith("http")]
    assert len(web) > 20
    unprinted = [url for url in web if squash(url.split("://", 1)[1]) not in text]
    assert unprinted == [], f"web links whose address is not printed: {unprinted[:5]}"


def test_cover_and_metadata(book, reader):
    cover = pdftotext(book, "-f", "1", "-l", "1")
    config = build_pdf.read_config(ROOT / "mkdocs.yml")
    for fact in (config["site_name"], config["site_url"], config["copyright"], "Version"):
        assert fact in cover, f"the cover lacks {fact!r}"
    info = reader.metadata
    assert info.title == config["site_name"]
    assert info.author == config["site_author"]
    assert info.subject and "social credit" in info.subject
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == "en"
    assert bool(root.get("/MarkInfo", {}).get("/Marked")), "the PDF is not tagged"
    assert "/StructTreeRoot" in root


def test_figures_are_in_the_book_as_vectors(site_dir, book, book_text):
    text = squash(book_text)
    captions = [squash(c.text_content())[:60] for page in site_dir.glob("chapters/*.html")
                for c in lhtml.fromstring(page.read_bytes()).xpath("//article//figure/figcaption")]
    assert captions, "no chapter has a figure"
    assert [c for c in captions if c not in text] == []
    # Figures are inline SVG, printed as vectors; a raster image, if any, must print at 150 ppi.
    rows = subprocess.run([need("pdfimages"), "-list", str(book)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    blurry = [row for row in rows if min(int(row.split()[12]), int(row.split()[13])) < 150]
    assert blurry == []


def test_book_text_is_printed_at_its_size_not_shrunk_to_fit(book, site_dir):
    """A table wider than the page makes Chromium scale the whole document down to fit it: the
    book's body text then came out at about 7 pt instead of 10.5 pt. Measured as the median
    height of the words on the book's pages and on a chapter handout's, which must match."""
    def median_word_height(pdf: Path) -> float:
        boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', pdftotext(pdf, "-bbox"))
        heights = sorted(float(bottom) - float(top) for top, bottom in boxes)
        return heights[len(heights) // 2]

    book_size = median_word_height(book)
    handout = median_word_height(site_dir / "downloads/chapters/01-what-social-credit-means.pdf")
    assert book_size > 10.5 and abs(book_size - handout) < 1.5, (book_size, handout)


def test_book_is_small_enough_to_mail(book):
    assert book.stat().st_size < 20_000_000


def test_widgets_print_their_print_form(site_dir, book_text):
    # What the site marks for screens only is not in the book; what it marks for print only is.
    # (Digits are left out: list numbers are text in the PDF, not in the page's text.)
    def words(text: str) -> str:
        return re.sub(r"\d", "", squash(text))

    text = words(book_text)
    screen_only, print_only = [], []
    for page in site_dir.glob("chapters/*.html"):
        article = lhtml.fromstring(page.read_bytes()).find(".//article")
        for title in build_pdf.with_class(article, "sce-answer-key-title"):
            title.drop_tree()  # printed as a subheading of the chapter's one "Answer key"
        screen_only += [words(e.text_content()) for e in build_pdf.with_class(article, "sce-no-print")]
        print_only += [words(e.text_content()) for e in build_pdf.with_class(article, "sce-print-only")]
    assert print_only, "no chapter has a print form (answer key, steps) to check"
    assert [t[:80] for t in screen_only if len(t) > 30 and t in text] == []
    assert [t[:80] for t in print_only if t not in text] == []


def test_answer_keys_move_to_the_chapter_end_and_controls_go(tmp_path):
    page = lhtml.fromstring(
        '<html><head><link rel="stylesheet" href="../assets/x.css"></head><body><article>'
        '<a class="headerlink" href="#t">¶</a><h1 id="t">Quiz chapter</h1>'
        '<div data-widget="quiz"><p class="sce-no-print">Needs JavaScript.</p>'
        '<div class="sce-print-only sce-answer-key"><p>1: B</p></div>'
        '<details><summary>Why</summary>Because.</details></div>'
        '<p>See <a href="02-next.html#x">the next chapter</a> and <a href="#t">the top</a>.</p>'
        '<h2 id="references">References</h2><aside class="sce-not-in-book">Cite this page</aside>'
        '</article></body></html>')
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "01-quiz.html").write_bytes(lhtml.tostring(page))
    part = build_pdf.load_part(tmp_path, "chapters/01-quiz.html")
    meta = build_pdf.Meta("Book", "Sub", "Us", "https://example.org/book/", "en", "CC BY", "", "1", "today")
    section = build_pdf.Assembler([part], meta).section(part)
    html = lhtml.tostring(section, encoding="unicode")
    assert "Cite this page" not in html  # the book leaves out per-page extras...
    handout = build_pdf.Assembler([part], meta).section(part, handout="Student copy", answers=False)
    assert "Cite this page" in handout.text_content()  # ...the handout keeps them
    assert "1: B" not in handout.text_content()  # the student copy has no answer key
    assert "headerlink" not in html and 'id="chapters-01-quiz--references"' in html
    assert section.find(".//details").get("open") is not None  # paper cannot click it open
    headings = [h.text_content() for h in section.iter("h1", "h2")]
    assert headings == ["Quiz chapter", "References", "Answer key"]
    assert section[-1].text_content().endswith("1: B")  # after the references
    assert 'href="#chapters-01-quiz--t"' in html
    assert "https://example.org/book/chapters/02-next.html#x" in section.text_content()  # printed


def test_bad_site_dir_is_one_line(tmp_path, capsys):
    assert build_pdf.main(["--site-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not built" in err


# --- Chapter handouts ----------------------------------------------------------------------------

def test_each_handout_holds_its_chapter_and_only_it(site_dir, chapters):
    briefs = {page: squash(in_brief(site_dir, page)) for page, _ in chapters}
    for page, title in chapters:
        pdf = site_dir / "downloads" / "chapters" / (Path(page).stem + ".pdf")
        assert pdf.exists(), f"no handout for {page}"
        reader = PdfReader(pdf)
        assert [t for t, _, _ in outline(reader)] == [title]
        assert reader.metadata.title.endswith(title)
        text = pdftotext(pdf, "-raw")
        assert "handout" in text[:300]
        assert squash(page) in squash(text)  # its address online, on the cover line
        body = squash(text)
        assert briefs[page] in body and "references" in body
        others = [other for other, brief in briefs.items() if other != page and brief in body]
        assert others == [], f"{pdf.name} contains other chapters: {others}"


def test_every_page_links_the_book_and_its_handout(site_dir, chapters):
    for page, _ in chapters:
        source = (site_dir / page).read_text(encoding="utf-8")
        assert f'href="../downloads/chapters/{Path(page).stem}.pdf"' in source
        assert 'href="../downloads/social-credit-explained.pdf"' in source
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/social-credit-explained.pdf"' in home


# --- Offline zip ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def offline_dir(site_dir, tmp_path_factory) -> Path:
    path = site_dir / ZIP
    assert path.exists(), f"{ZIP} is missing: `make build` (or `make offline`) makes it"
    out = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(out)
    return out / build_offline.TOP


def test_offline_zip_is_the_whole_site_with_inlined_search(site_dir, offline_dir):
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")} - {"404.html"}
    bundled = {p.relative_to(offline_dir).as_posix() for p in offline_dir.rglob("*.html")}
    assert pages <= bundled
    assert (offline_dir / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index")
    assert (offline_dir / BOOK).exists() and not (offline_dir / ZIP).exists()


def test_offline_zip_links_resolve_and_nothing_loads_from_the_web(site_dir, offline_dir):
    assert linkcheck.check_site(offline_dir) == []
    # The public site's own loads are checked in test_links_and_loads; the bundle adds none.
    added = set(check_external_loads.check_site(offline_dir)) - set(check_external_loads.check_site(site_dir))
    assert added == set()
    assert "unpkg.com" not in (offline_dir / "index.html").read_text(encoding="utf-8")


def test_offline_zip_carries_the_pinned_worker_shim_and_the_site_does_not(site_dir, offline_dir):
    shim = offline_dir / "assets/vendor/iframe-worker/shim.js"
    assert shim.exists() and "postMessage" in shim.read_text(encoding="utf-8")
    assert "MIT" in (offline_dir / "assets/vendor/iframe-worker/LICENSE.txt").read_text(encoding="utf-8")
    assert 'src="assets/vendor/iframe-worker/shim.js"' in (offline_dir / "index.html").read_text(encoding="utf-8")
    assert not (site_dir / "assets/vendor").exists()
    assert "iframe-worker" not in (site_dir / "index.html").read_text(encoding="utf-8")


def test_a_shim_tarball_that_is_not_the_pinned_one_is_refused_and_removed(tmp_path):
    name, version = build_offline.SHIM_PACKAGE.rsplit("@", 1)
    tarball = tmp_path / f"{name}-{version}.tgz"
    tarball.write_bytes(b"not the package")
    with pytest.raises(build_offline.OfflineError, match=r"integrity sha512-.* is not the pinned"):
        build_offline.fetch_shim(tmp_path)
    assert not tarball.exists()


def test_the_instructor_kit_prints_as_handouts_too(site_dir):
    for stem, title in (("index", "For instructors"), ("chapters", "Chapter guides")):
        pdf = site_dir / "downloads" / "teach" / f"{stem}.pdf"
        assert pdf.exists(), f"no handout for teach/{stem}.html"
        assert PdfReader(pdf).metadata.title == title
        assert "handout" in pdftotext(pdf, "-raw")[:300]
        page = (site_dir / "teach" / f"{stem}.html").read_text(encoding="utf-8")
        assert f'href="../downloads/teach/{stem}.pdf"' in page
