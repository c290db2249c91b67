"""Print the built site as a book PDF and two handout PDFs per chapter.

    python -m scripts.build_pdf [--site-dir site] [--version TEXT] [--only book|handouts]

Writes site/downloads/social-credit-explained.pdf (with every chapter's answer key, for readers
studying alone), and for each chapter site/downloads/chapters/NN-slug.pdf, the student copy
without answers, and NN-slug-instructor.pdf, the instructor copy with the answer key and the
chapter's teaching notes (names in sce/downloads.py); the instructors' kit prints as
site/downloads/teach/*.pdf. Prints how long each took (the handouts print in a second process,
beside the book). Reads only the built site, and mkdocs.yml for the cover and the reading order;
nothing is fetched.

Each page is made ready for paper first (sce/paper.py: screen-only pieces out, wide tables as
labelled blocks, soft hyphens in long words of table cells); each printed file is then finished
(sce/pdf_tags.py: running headers and decoration as artifacts, figure groups, link descriptions,
Chinese passages' language, metadata). README.md, "PDFs", says what the accessibility checks
cover and what they do not.

Engine: Debian's headless Chromium, driven by Playwright, printing one HTML document that this
module assembles from the built pages (ids prefixed per page, links between pages made internal,
web addresses printed after their links). Weighed on this site:
- WeasyPrint (mkdocs-to-pdf 0.12) has a page-numbered TOC natively, but its PDFs are untagged,
  it ignores SVG foreignObject, needs its own CJK font CSS, and runs as a plugin inside every
  `mkdocs build` and `serve`.
- The print page of mkdocs-print-site-plugin adds a page and "Page N" CSS to the site, builds
  its TOC with JavaScript, and has no page numbers in it.
- paged.js (npm pagedjs 0.4.3, its latest release) gives target-counter() page numbers by
  re-laying out the whole book in JavaScript on top of Material's CSS; on this 160-page book it
  had not finished after five minutes. Too slow and one more moving part.
Chromium gives tagged PDF, bookmarks from the headings, clickable internal links, CSS page
margin boxes with per-chapter running headers (named pages), embedded fonts and exact SVG. The
one thing it lacks, page numbers in the TOC, comes from printing twice: the first print's named
destinations say on which page each TOC target landed; the numbers go into fixed-width slots,
so the second print has the same layout, which is checked.

The conventions for interactive pieces in print (.sce-no-print, .sce-print-only,
.sce-answer-key) are in CONTRIBUTING.md.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import functools
import html
import os
import posixpath
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree, html as lhtml

import sce
from sce import downloads, paper, pdf_tags
from sce.errors import SourceError
from sce.yamlfile import read_config

ROOT = Path(__file__).resolve().parent.parent
CSS_FILE = Path(sce.__file__).parent / "print.css"
BOOK_PDF = downloads.BOOK_PDF
HANDOUT_DIR = downloads.HANDOUT_DIR
TEACHING_HANDOUT_DIR = downloads.TEACH_HANDOUT_DIR
CHROMIUM = os.environ.get("SCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# Removed from every page: site chrome and screen-only affordances.
DROP_CLASSES = ("md-content__button", "headerlink", "md-source-file", "sce-downloads")
DROP_TAGS = ("script", "noscript")
IDREF_ATTRS = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "for",
               "headers", "list")
CSS_URL_REF = re.compile(r"url\(\s*(['\"]?)#([^'\")\s]+)\1\s*\)")
PLACEHOLDER = "000"  # page-number slot of the first print: as wide as any number in a book


class ExportError(Exception):
    """A problem with the input, reported as one line."""


@dataclass
class Meta:
    title: str
    subtitle: str
    author: str
    url: str
    language: str
    license: str
    license_url: str
    version: str
    date: str


@dataclass
class Part:
    """One page of the site, ready to go into a print document."""

    html_path: str            # site-relative, e.g. chapters/03-corporate-credit.html
    anchor: str               # unique id of the part, e.g. 03-corporate-credit
    title: str
    number: int | None        # chapter number, None for other pages
    body: lhtml.HtmlElement   # the article's content, ids and links not yet rewritten
    stylesheets: list[str] = field(default_factory=list)

    @property
    def is_chapter(self) -> bool:
        return self.number is not None

    @property
    def label(self) -> str:
        return f"Chapter {self.number}" if self.is_chapter else ""


# --- Reading the site ----------------------------------------------------------------------------

def nav_pages(nav) -> list[str]:
    """The Markdown sources of the nav, in reading order."""
    pages = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pages += nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            pages.append(value)
    return pages


def with_class(root: lhtml.HtmlElement, *classes: str) -> list[lhtml.HtmlElement]:
    tests = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes)
    return root.xpath(f".//*[{tests}]")


def html_path(src: str) -> str:
    return src[: -len(".md")] + ".html"  # use_directory_urls is false: x.md -> x.html


def version_of(root: Path) -> str:
    try:
        result = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=root,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unversioned"
    return result.stdout.strip() or "unversioned"


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    utc = dt.timezone.utc
    day = dt.datetime.fromtimestamp(int(epoch), utc) if epoch else dt.datetime.now(utc)
    return f"{day.day} {day:%B %Y}"


def read_meta(config: dict, version: str | None) -> Meta:
    extra_license = (config.get("extra") or {}).get("license") or {}
    return Meta(
        title=config.get("site_name", ""),
        subtitle=" ".join((config.get("site_description") or "").split()),
        author=config.get("site_author", ""),
        url=config.get("site_url", ""),
        language=((config.get("theme") or {}).get("language") or "en"),
        license=config.get("copyright", ""),
        license_url=extra_license.get("text_url", ""),
        version=version or version_of(ROOT),
        date=build_date(),
    )


def load_part(site_dir: Path, rel: str) -> Part:
    path = site_dir / rel
    if not path.exists():
        raise ExportError(f"{path}: not built (run mkdocs build first)")
    tree = lhtml.fromstring(path.read_bytes())
    article = tree.find(".//article")
    if article is None:
        raise ExportError(f"{path}: no <article> (not a page of this site?)")
    for element in [*with_class(article, *DROP_CLASSES), *article.iter(*DROP_TAGS)]:
        element.drop_tree()
    h1 = article.find(".//h1")
    title = h1.text_content().strip() if h1 is not None else Path(rel).stem
    match = re.match(r"chapters/(\d+)-", rel)
    sheets = [posixpath.normpath(posixpath.join(posixpath.dirname(rel), link.get("href")))
              for link in tree.findall(".//head/link[@rel='stylesheet']")]
    # A unique, readable id for the page: chapters/03-x.html -> chapters-03-x, teach/index.html -> teach.
    anchor = "home" if rel == "index.html" else re.sub(r"/index$", "", rel[: -len(".html")]).replace("/", "-")
    return Part(rel, anchor, title, int(match.group(1)) if match else None, article, sheets)


def load_parts(site_dir: Path, config: dict) -> list[Part]:
    """Every page of the nav in reading order, the full bibliography moved to the end."""
    parts = [load_part(site_dir, html_path(src)) for src in nav_pages(config.get("nav"))]
    if not any(part.is_chapter for part in parts):
        raise ExportError("mkdocs.yml: the nav lists no chapters/NN-*.md page")
    for part in parts:
        if part.html_path == "index.html":
            part.title = "Introduction"  # the home page's heading is the book's title
    bibliography = [part for part in parts if with_class(part.body, "csl-bib-body")]
    return [part for part in parts if part not in bibliography] + bibliography


# --- Assembling the print document ---------------------------------------------------------------

def _css_string(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _printed_url(link: lhtml.HtmlElement, url: str) -> None:
    """After a link whose text is not already its address, print the address for paper readers."""
    shown = re.sub(r"[\s\\]+", "", link.text_content())
    bare = url.rstrip("/")
    if shown.rstrip("/") in (bare, bare.split("://", 1)[-1], url.removeprefix("mailto:")):
        return
    span = lhtml.Element("span", {"class": "sce-print-url"})
    span.text = f" ({url.removeprefix('mailto:')})"
    span.tail, link.tail = link.tail, None
    link.addnext(span)


class Assembler:
    """Rewrites pages into one document: ids prefixed per page, links to pages in the document
    made internal, links to anything else made absolute and printed."""

    def __init__(self, parts: list[Part], meta: Meta):
        self.meta = meta
        self.anchors = {part.html_path: part.anchor for part in parts}

    def _target(self, rel: str, url: str, is_link: bool) -> tuple[str, bool]:
        """(new URL, whether to print it) for a URL found in page `rel`."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return url, is_link and parts.scheme in ("http", "https", "mailto")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), parts.path)) if parts.path else rel
        if target in self.anchors:
            anchor = self.anchors[target]
            return (f"#{anchor}--{parts.fragment}" if parts.fragment else f"#{anchor}"), False
        if is_link:  # a page or file of the site that is not in this document
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            return self.meta.url.rstrip("/") + "/" + target + fragment, True
        return target, False  # an image or other resource, relative to the site root

    def rewrite(self, part: Part) -> lhtml.HtmlElement:
        body = copy.deepcopy(part.body)
        paper.drop_screen_only(body, keep_facts_line=part.is_chapter)
        paper.reflow_wide_tables(body)
        paper.hyphenate_tables(body)
        prefix = part.anchor + "--"
        for element in body.iter():
            if not isinstance(element.tag, str):
                continue
            if element.get("id"):
                element.set("id", prefix + element.get("id"))
            for attr in IDREF_ATTRS:
                if element.get(attr):
                    element.set(attr, " ".join(prefix + ref for ref in element.get(attr).split()))
            for attr, value in list(element.attrib.items()):
                if "url(#" in value:
                    element.set(attr, CSS_URL_REF.sub(lambda m: f"url(#{prefix}{m.group(2)})", value))
            if element.tag == "style" and element.text and "url(#" in element.text:
                element.text = CSS_URL_REF.sub(lambda m: f"url(#{prefix}{m.group(2)})", element.text)
            for attr in ("href", "src", "xlink:href", "{http://www.w3.org/1999/xlink}href", "data"):
                value = element.get(attr)
                if value is None or value.startswith(("data:", "javascript:")):
                    continue
                new, printed = self._target(part.html_path, value.strip(), element.tag == "a")
                element.set(attr, new)
                if printed:
                    _printed_url(element, new)
            if element.get("srcset"):
                element.set("srcset", ", ".join(
                    " ".join([self._target(part.html_path, c.split()[0], False)[0], *c.split()[1:]])
                    for c in element.get("srcset").split(",") if c.strip()))
            if element.tag == "details":
                element.set("open", "")  # paper cannot be clicked open
            if element.tag == "img":
                element.attrib.pop("loading", None)
        h1 = body.find(".//h1")
        if h1 is not None:
            tail = h1.tail
            h1.clear()  # drops the heading's attributes and permalink too
            h1.text, h1.tail = part.title, tail
            h1.set("id", part.anchor + "--title")
        return body

    def section(self, part: Part, *, handout: str | None = None, answers: bool = True) -> lhtml.HtmlElement:
        """One part as a <section>. `handout` is None in the book, else the kind of copy
        ("Student copy"); `answers` False leaves out the answer keys (the student copy)."""
        body = self.rewrite(part)
        if not handout:  # per-page extras (say, "Cite this page") would repeat on every part
            for element in with_class(body, "sce-not-in-book"):
                element.drop_tree()
        section = lhtml.Element("section", {
            "class": "book-part" + (" book-chapter" if part.is_chapter else ""),
            "id": part.anchor, "style": f"page: {self.page_name(part)}"})
        if handout:
            section.append(self.handout_line(part, handout))
        if part.label:
            label = lhtml.Element("p", {"class": "book-chapter-label"})
            label.text = part.label
            section.append(label)
        for child in list(body):
            section.append(child)
        keys = with_class(section, "sce-answer-key")
        for key in keys:
            key.getparent().remove(key)
            key.tail = None
        if keys and answers:  # answer keys follow the chapter, after its references
            section.append(answer_keys(part, keys))
        return section

    def handout_line(self, part: Part, kind: str) -> lhtml.HtmlElement:
        line = lhtml.fragment_fromstring(
            '<header class="handout-line"><p><strong></strong> · <span class="v"></span></p>'
            '<p>Online: <a class="u"></a> · <a class="l"></a></p></header>')
        label = f"{part.label} handout, {kind.lower()}" if part.is_chapter else "handout"
        line.find(".//strong").text = f"{self.meta.title} — {label}"
        line.find(".//span").text = f"Version {self.meta.version}, {self.meta.date}"
        url = self.meta.url.rstrip("/") + "/" + part.html_path
        online, lic = with_class(line, "u")[0], with_class(line, "l")[0]
        online.set("href", url)
        online.text = url
        lic.set("href", self.meta.license_url)
        lic.text = self.meta.license
        return line

    @staticmethod
    def page_name(part: Part) -> str:
        return "part-" + re.sub(r"[^a-z0-9-]", "-", part.anchor.lower())

    def page_rules(self, parts: list[Part]) -> str:
        rules = []
        for part in parts:
            header = f"{part.label}: {part.title}" if part.label else part.title
            rules.append(f"@page {self.page_name(part)} "
                         f"{{ @top-right {{ content: {_css_string(header)}; }} }}")
        return "\n".join(rules)

    def cover(self) -> str:
        m = self.meta
        return (
            '<section class="book-cover" aria-label="Cover">'
            f'<p class="cover-title">{_e(m.title)}</p>'
            f'<p class="cover-subtitle">{_e(m.subtitle)}</p>'
            f'<p class="cover-author">{_e(m.author)}</p>'
            '<div class="cover-facts">'
            f'<p>Version {_e(m.version)} · {_e(m.date)}</p>'
            f'<p>{_e(m.license)} — <a href="{_e(m.license_url)}">{_e(m.license_url)}</a></p>'
            f'<p>Read online, always current: <a href="{_e(m.url)}">{_e(m.url)}</a></p>'
            "</div></section>"
        )

    def toc(self, parts: list[Part], pages: dict[str, int] | None) -> str:
        def entry(anchor: str, label: str, title: str, cls: str) -> str:
            number = str(pages[anchor]) if pages else PLACEHOLDER
            return (f'<li class="{cls}"><a href="#{anchor}"><span class="toc-label">{_e(label)}</span>'
                    f'<span class="toc-title">{_e(title)}</span><span class="toc-page">{number}</span></a>')

        items = []
        for part in parts:
            sections = ""
            if part.is_chapter or part.html_path in ("index.html", "about.html"):
                sections = "".join(
                    entry(f"{part.anchor}--{h.get('id')}", "", h.text_content().strip(), "toc-section")
                    + "</li>" for h in part.body.iter("h2") if h.get("id") and not _not_in_book(h))
                sections = f"<ol>{sections}</ol>" if sections else ""
            label = str(part.number) if part.is_chapter else ""
            items.append(entry(part.anchor, label, part.title, "toc-part") + sections + "</li>")
        return ('<nav class="book-toc" style="page: front">'
                f'<h1 id="contents">Contents</h1><ol>{"".join(items)}</ol></nav>')

    def document(self, parts: list[Part], stylesheets: list[str], *, book: bool,
                 pages: dict[str, int] | None = None, kind: str = "Student copy",
                 answers: bool = True) -> str:
        m = self.meta
        title = m.title if book else f"{parts[0].label}: {parts[0].title} — {m.title}"
        links = "".join(f'<link rel="stylesheet" href="{_e(href)}">' for href in stylesheets)
        head = (f'<meta charset="utf-8"><title>{_e(title)}</title>'
                f'<meta name="author" content="{_e(m.author)}">'
                f'<meta name="description" content="{_e(m.subtitle)}">{links}'
                f'<style>{CSS_FILE.read_text(encoding="utf-8")}\n{self.page_rules(parts)}</style>')
        front = (self.cover() + self.toc(parts, pages)) if book else ""
        # A handout's line (what it is, where it lives online) heads its first part only.
        sections = "".join(lhtml.tostring(self.section(p, handout=None if book or n else kind, answers=answers),
                                          encoding="unicode") for n, p in enumerate(parts))
        return (f'<!doctype html><html lang="{_e(m.language)}"><head>{head}</head>'
                f'<body class="{"book" if book else "handout"}" dir="ltr" data-md-color-scheme="default" '
                f'data-md-color-primary="indigo" data-md-color-accent="indigo">'
                f'<main class="md-typeset">{front}{sections}</main></body></html>')


KEY_TITLE = re.compile(r"^\s*answer key\s*[:\u2013\u2014-]\s*", re.I)


def answer_keys(part: Part, keys: list[lhtml.HtmlElement]) -> lhtml.HtmlElement:
    """One "Answer key" section for the chapter's keys; each key's own title ("Answer key: check
    your understanding") becomes a subheading without the repeated words ("Check your
    understanding")."""
    box = lhtml.Element("div", {"class": "book-answer-keys"})
    heading = etree.SubElement(box, "h2", {"id": f"{part.anchor}--answer-key"})
    heading.text = "Answer key"
    for number, key in enumerate(keys, start=1):
        for title in with_class(key, "sce-answer-key-title")[:1]:
            text = KEY_TITLE.sub("", " ".join(title.text_content().split()))
            subheading = lhtml.Element("h3", {"id": f"{part.anchor}--answer-key-{number}"})
            subheading.text = text[:1].upper() + text[1:]
            title.getparent().replace(title, subheading)
        box.append(key)
    return box


def _not_in_book(element: lhtml.HtmlElement) -> bool:
    return any("sce-not-in-book" in (a.get("class") or "").split() for a in element.iterancestors())


def _e(text: str) -> str:
    return html.escape(str(text))


# --- Printing ------------------------------------------------------------------------------------

@contextmanager
def chromium():
    if not Path(CHROMIUM).exists():
        raise ExportError(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def print_pdf(browser, site_dir: Path, document: str, out: Path) -> None:
    """Print `document` as if it were a page at the site's root (its links are relative to it)."""
    source = site_dir / f".print-{out.stem}.html"
    source.write_text(document, encoding="utf-8")
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        page.goto(source.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True,
                 tagged=True, outline=True)
    finally:
        context.close()
        source.unlink(missing_ok=True)


def destination_pages(pdf: Path) -> dict[str, int]:
    """1-based page of every named destination (Chromium names them after the linked ids)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def headings_of(tree: lhtml.HtmlElement) -> list[str]:
    return [" ".join(h.text_content().split()) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.replace(paper.SOFT_HYPHEN, "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def link_descriptions(tree: lhtml.HtmlElement):
    """describe(kind, value) for sce.pdf_tags: what a link does, in words, for the /Contents of
    its annotation. A link inside the document says where it goes (a heading, "reference 3:
    Creemers, Rogier. 2018. …"); a web link gives its text and address."""
    texts: dict[str, str] = {}
    for link in tree.iter("a"):
        if link.get("href"):
            texts.setdefault(link.get("href"), _short(link.text_content()))

    ids = {element.get("id"): element for element in tree.iter() if isinstance(element.tag, str) and element.get("id")}

    @functools.cache
    def target(name: str) -> str:
        element = ids.get(name)
        if element is None:
            return "another place in this document"
        if element.tag == "li" and element.getparent() is not None and element.getparent().tag == "ol":
            number = element.getparent().index(element) + int(element.getparent().get("start") or 1)
            return f"reference {number}: {_short(element.text_content())}"
        if element.tag in ("section", "nav"):  # a whole part: its title
            heading = element.find(".//h1")
            element = heading if heading is not None else element
        return _short(element.text_content())

    def describe(kind: str, value: str) -> str:
        if kind == "uri":
            text = texts.get(value, "")
            shown = re.sub(r"\s+", "", text).rstrip("/")
            if not text or shown in (value.rstrip("/"), value.split("://", 1)[-1].rstrip("/")):
                return f"Web address {value}"
            return f"{text}: web address {value}"
        return f"Go to {target(value)}"

    return describe


def finish(pdf: Path, document: str, meta: Meta, title: str, subject: str) -> pdf_tags.Report:
    """Tags and metadata that Chromium leaves out (sce/pdf_tags.py), and mended bookmarks."""
    tree = lhtml.fromstring(document)
    info = pdf_tags.Info(
        title=title, author=meta.author, subject=subject,
        keywords="China; social credit system; 社会信用体系; blacklists; corporate credit",
        language=meta.language, creator=f"scripts/build_pdf.py, version {meta.version}")
    report = pdf_tags.finish(pdf, info, headings_of(tree), link_descriptions(tree))
    if report.untagged_text:  # CSS-generated text: make it real text in the print document
        pages = ", ".join(map(str, report.untagged_text[:10]))
        print(f"build_pdf: warning: {pdf.name}: untagged text in the body of page(s) {pages}",
              file=sys.stderr)
    return report


# --- The two products ----------------------------------------------------------------------------

def stylesheets_of(parts: list[Part]) -> list[str]:
    seen: list[str] = []
    for part in parts:
        seen += [sheet for sheet in part.stylesheets if sheet not in seen]
    return seen


def build_book(browser, site_dir: Path, parts: list[Part], meta: Meta) -> int:
    """The whole book, with its answer keys (for self-study); returns its page count."""
    from pypdf import PdfReader

    assembler = Assembler(parts, meta)
    out = site_dir / BOOK_PDF
    sheets = stylesheets_of(parts)
    targets = re.findall(r'href="#([^"]+)"', assembler.toc(parts, None))
    document = assembler.document(parts, sheets, book=True)
    pages: dict[str, int] | None = None
    for _ in range(3):  # placeholders, then numbers; a third print only if the second moved
        print_pdf(browser, site_dir, document, out)
        printed = destination_pages(out)
        if pages is not None and all(printed.get(t) == pages[t] for t in targets):
            break
        missing = [t for t in targets if t not in printed]
        if missing:
            raise ExportError(f"{out}: the print has no page for #{missing[0]}")
        pages = {t: printed[t] for t in targets}
        document = assembler.document(parts, sheets, book=True, pages=pages)
    else:
        raise ExportError(f"{out}: the table of contents did not settle after three prints")
    finish(out, document, meta, meta.title, meta.subtitle)
    return len(PdfReader(out).pages)


GUIDES_PAGE = "teach/chapters.html"
INSTRUCTOR_COPY = "Instructor copy, with the answer key and teaching notes"


def chapter_guide(guides: Part, chapter: Part) -> Part | None:
    """The chapter's section of the instructors' chapter guides (reading guide, discussion
    questions, activity, sources, quiz guidance) as a part of its own, with the references it
    cites under their numbers on the guides page: the instructor copy ends with it."""
    heading = next((h for h in guides.body.iter("h2")
                    if re.match(rf"Chapter {chapter.number}:", h.text_content().strip())), None)
    if heading is None:
        return None
    body = lhtml.Element("article")
    etree.SubElement(body, "h1").text = f"Teaching notes for chapter {chapter.number}"
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str) or paper.has_class(sibling, "sce-handouts"):
            continue  # the links to this very handout
        if sibling.tag in ("h1", "h2"):
            break
        element = copy.deepcopy(sibling)
        for level in ("h3", "h4", "h5"):  # one level up: under the part's title
            for sub in list(element.iter(level)):
                sub.tag = "h" + str(int(level[1]) - 1)
        body.append(element)
    cited = {link.get("href")[1:] for link in body.iter("a") if (link.get("href") or "").startswith("#ref-")}
    entries = guides.body.xpath(".//ol[contains(@class, 'sce-references')]/li")
    kept = [(number, entry) for number, entry in enumerate(entries, start=1) if entry.get("id") in cited]
    if kept:
        etree.SubElement(body, "h2", {"id": "references"}).text = "References"
        listing = etree.SubElement(body, "ol", {"class": "sce-references"})
        for number, entry in kept:
            item = copy.deepcopy(entry)
            item.set("value", str(number))  # the numbers the guide's citation markers show
            listing.append(item)
    return Part(guides.html_path, f"{chapter.anchor}--teaching", body[0].text, None, body,
                guides.stylesheets)


def handout_path(site_dir: Path, part: Part, *, instructor: bool = False) -> Path:
    stem = Path(part.html_path).stem
    if not part.is_chapter:
        return site_dir / downloads.teaching_handout(stem)
    return site_dir / downloads.chapter_handout(stem, instructor=instructor)


def build_handout(browser, site_dir: Path, chapter: Part, meta: Meta, *, instructor: bool = False,
                  guide: Part | None = None) -> Path:
    """A chapter's student copy (no answer keys) or instructor copy (with them, and the chapter's
    teaching notes, `guide`); a page of the instructor kit prints whole, as the one copy there is."""
    # Only this chapter (and its notes) is in the document, so links to other pages become
    # printed web addresses.
    parts = [chapter, guide] if instructor and guide is not None else [chapter]
    assembler = Assembler(parts, meta)
    out = handout_path(site_dir, chapter, instructor=instructor)
    answers = instructor or not chapter.is_chapter
    kind = INSTRUCTOR_COPY if instructor else "Student copy"
    document = assembler.document(parts, stylesheets_of(parts), book=False, kind=kind, answers=answers)
    print_pdf(browser, site_dir, document, out)
    name = f"{chapter.label}: {chapter.title}" if chapter.label else chapter.title
    if instructor:
        name += f" ({INSTRUCTOR_COPY[0].lower()}{INSTRUCTOR_COPY[1:]})"
    what = "Instructor's handout" if instructor else "Handout"
    finish(out, document, meta, name, f"{what} for {chapter.label or chapter.title} of {meta.title}")
    return out


def has_handout(part: Part) -> bool:
    return part.is_chapter or part.html_path.startswith("teach/")


def handouts(parts: list[Part]) -> list[tuple[Part, bool]]:
    """(part, instructor copy?) of every handout to print."""
    jobs = []
    for part in parts:
        if has_handout(part):
            jobs.append((part, False))
            if part.is_chapter:
                jobs.append((part, True))
    return jobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site (default: site)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--version", help="version printed on the cover (default: git describe)")
    parser.add_argument("--only", choices=("book", "handouts"), help="print just the book or the handouts")
    args = parser.parse_args(argv)
    args.site_dir = args.site_dir.resolve()  # file:// URLs and subprocesses need an absolute path
    start = time.perf_counter()
    try:
        config = read_config(args.config)
        meta = read_meta(config, args.version)
        parts = load_parts(args.site_dir, config)
        helper = None
        if args.only is None:  # handouts in a second process: the book keeps one core busy
            helper = subprocess.Popen([sys.executable, __file__, "--site-dir", str(args.site_dir),
                                       "--config", str(args.config), "--version", meta.version,
                                       "--only", "handouts"])
        with chromium() as browser:
            if args.only != "handouts":
                pages = build_book(browser, args.site_dir, parts, meta)
                size = (args.site_dir / BOOK_PDF).stat().st_size / 1e6
                print(f"build_pdf: {BOOK_PDF}: {pages} pages, {size:.1f} MB "
                      f"in {time.perf_counter() - start:.1f} s")
            if args.only == "handouts":
                jobs = handouts(parts)
                guides = next((part for part in parts if part.html_path == GUIDES_PAGE), None)
                for part, instructor in jobs:
                    guide = chapter_guide(guides, part) if instructor and guides is not None else None
                    build_handout(browser, args.site_dir, part, meta, instructor=instructor, guide=guide)
                count = len(jobs)
                print(f"build_pdf: {count} handouts in {HANDOUT_DIR}/ and {TEACHING_HANDOUT_DIR}/ "
                      f"in {time.perf_counter() - start:.1f} s")
        if helper is not None and helper.wait() != 0:
            return 1  # the helper has said why
    except (ExportError, SourceError) as error:
        print(f"build_pdf: {error}", file=sys.stderr)
        return 1
    if args.only is None:
        print(f"build_pdf: book and handouts in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
