"""The page pipeline: every step the build takes on a page, in the order it takes them.

hooks/site.py calls `SitePipeline` from MkDocs' events; nothing here imports MkDocs, so another
engine that can hand over a page's Markdown and, later, its HTML can run the same steps.

    Once per build (start):
        read the bibliography and format every entry (pandoc, cached)
        render the figures (cached), load the glossary terms

    Each page's Markdown (markdown):
        1. count the words as written (reading time)
        2. check the citations as written: every key exists, each [@...] on one line
        3. expand the markers <!-- sce:NAME ARGS --> (widgets, figures, data pages)
        4. render the citations: numbered markers and the References list
        5. under the title: reading time, "facts current to", last reviewed; a chapter's downloads
        6. switch glossary tooltips on for chapters (they are added while Markdown renders)

    Each page's HTML, after Markdown (html):
        7. place the figures' SVG where their placeholders stand (and widget tables' captions
           where Markdown left them)
        8. mark Chinese text as Chinese; let tables take keyboard focus; mark the tables that
           hold a link or control to show one block per row on a phone
        9. append the page's downloads and "Cite this page" (not on the home page); on
           chapters, the citation_* meta tags that overrides/main.html prints in the head
           (sce/exports/highwire.py)
       10. keep the reference list, "Cite this page" and web addresses out of the search index

    After every page's HTML is ready (cited_in):
       11. on the Bibliography page, under each entry, the pages that cite it

What needs only the built HTML (security policy, stylesheet pruning, minifying) runs after the
engine, as passes over site/ (sce/postbuild/).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field

from sce import citations, downloads, exports, figures, material, pagemeta, tables
from sce.accessibility import focusable_tables, mark_chinese
from sce.data import load_glossary
from sce.errors import SourceError
from sce.exports import highwire
from sce.glossary_terms import GlossaryExtension
from sce.project import Project
from sce.shortcodes import Build, expand
from sce.uscc import division_assets
from sce.widgets import unwrap_captions
from sce.widgets.figure import svg_uri

# Sections the search index leaves out (step 10), by their headings' ids.
NOT_INDEXED = (citations.REFERENCES_ID, "cite-this-page")
BIBLIOGRAPHY_LIST = '<div id="refs"'
BIBLIOGRAPHY_ENTRY = re.compile(r'(<div id="ref-([\w-]+)" class="csl-entry"[^>]*>.*?)(</div>)', re.S)


@dataclass
class Page:
    """What the pipeline needs to know of a page."""

    src_uri: str                    # chapters/04-blacklists-and-joint-punishment.md
    url: str                        # chapters/04-blacklists-and-joint-punishment.html
    title: str
    meta: dict = field(default_factory=dict)
    updated: dt.date | None = None  # last change, as the page's footer gives it

    @property
    def source(self) -> str:
        return f"docs/{self.src_uri}"

    @property
    def is_chapter(self) -> bool:
        return self.src_uri.startswith("chapters/")

    @property
    def is_home(self) -> bool:
        return self.src_uri == "index.md"


class SitePipeline:
    def __init__(self, project: Project, site_url: str = "", offline: bool = False):
        self.project = project
        self.site_url = site_url
        self.offline = offline  # the copy for use from disk (scripts/build_offline.py)
        self.build = Build(project, offline=offline)
        self.glossary: GlossaryExtension | None = None
        self.minutes: dict[str, int] = {}

    # --- once per build -----------------------------------------------------------------------

    def start(self) -> None:
        """Read and format what every page shares. Any problem is a SourceError."""
        bib = self.project.bibliography  # parsed once, here
        self.build.formatted = citations.format_bibliography(bib, self.project.cache / "citations")
        registry = figures.load_registry(self.project.docs)
        rendered = figures.render_all(registry, self.project.docs, self.project.cache / "figures")
        figures.check_keys(rendered, set(bib.entries), self.project.docs)
        self.build.figures = {item.figure.id: item for item in rendered}
        glossary = self.project.data / "glossary.yml"
        terms = load_glossary(self.project, known=bib.entries) if glossary.exists() else []
        self.glossary = GlossaryExtension(terms)

    def generated_files(self) -> dict[str, str]:
        """Files the site gets that are made, not written: figures as SVG, the decoder's data, and
        the exports for other programs (quizzes as GIFT, the bibliography as .bib, .ris and
        CSL-JSON, the data as CSV with its datapackage.json: sce/exports/)."""
        files = {svg_uri(figure_id): item.standalone for figure_id, item in self.build.figures.items()}
        files.update(division_assets())
        files.update(exports.files(self.build))
        return files

    # --- each page's Markdown -----------------------------------------------------------------

    def markdown(self, markdown: str, page: Page) -> str:
        minutes = pagemeta.reading_minutes(markdown)                                    # 1
        problems = citations.check_page(markdown, self.build.bib, page.source)        # 2
        if problems:
            raise SourceError("\n".join(problems))
        markdown = expand(markdown, self.build, page.src_uri)                         # 3
        markdown, keys = citations.cite_page(markdown, self.build.formatted, page.source)  # 4
        for key in keys:
            self.build.cited_in.setdefault(key, []).append(page)
        info = pagemeta.page_info(                                                     # 5
            minutes if page.is_chapter or page.is_home else None,
            str(page.meta.get("facts_current_to") or ""), str(page.meta.get("last_reviewed") or ""))
        markdown = pagemeta.insert_after_title(markdown, info + downloads.top_links(page.src_uri, page.url))
        if self.glossary:                                                              # 6
            self.glossary.active = page.is_chapter
        return markdown

    # --- each page's HTML ---------------------------------------------------------------------

    def html(self, html: str, page: Page) -> str:
        html = unwrap_captions(html)                                                   # 7
        html = self.place_figures(html)
        html = tables.stackable(mark_chinese(focusable_tables(html)))                  # 8
        html += downloads.foot_links(page.src_uri, page.url, self.offline)            # 9
        title = str(page.meta.get("title") or page.title or pagemeta.SITE)
        if not page.is_home:
            html += pagemeta.cite_box(title, self.site_url + page.url, page.updated or dt.date.today(),
                                      pagemeta.page_key(page.src_uri))
        if page.is_chapter:
            page.meta[highwire.META_KEY] = self.citation_meta(title, page)
        return material.search_exclusions(html, NOT_INDEXED, BIBLIOGRAPHY_LIST)        # 10

    def citation_meta(self, title: str, page: Page) -> list[tuple[str, str]]:
        published = highwire.first_published(self.project.root, page.source, page.meta)
        reviewed = highwire.as_date(page.meta.get("last_reviewed")) or page.updated or dt.date.today()
        return highwire.tags(title, self.site_url + page.url, published, reviewed)

    def place_figures(self, html: str) -> str:
        for figure_id, (page_uri, _) in self.build.placed.items():
            placeholder = figures.art_placeholder(figure_id)
            if placeholder in html:
                html = html.replace(placeholder, self.build.figures[figure_id].svg)
        return html

    # --- after every page ---------------------------------------------------------------------

    def cited_in(self, html: str, page: Page, reading_order: list[str]) -> str:
        """On the Bibliography page: under each entry, links to the pages that cite it."""
        if BIBLIOGRAPHY_LIST not in html:
            return html
        order = {uri: n for n, uri in enumerate(reading_order)}
        here = posixpath.dirname(page.url) or "."

        def line(key: str) -> str:
            pages = sorted(self.build.cited_in.get(key, []), key=lambda p: order.get(p.src_uri, len(order)))
            if not pages:
                return ""
            links = ", ".join(f'<a href="{posixpath.relpath(p.url, here)}#ref-{key}">{self.short_title(p)}</a>'
                              for p in pages)
            return f'<span class="sce-cited-in sce-not-in-book">Cited in {links}.</span>'

        return BIBLIOGRAPHY_ENTRY.sub(lambda m: m.group(1) + line(m.group(2)) + m.group(3), html)

    def nav_title(self, page: Page) -> str | None:
        """A chapter's title as the navigation lists it, numbered as in the book: "4. Blacklists…"."""
        chapter = self.project.chapter(posixpath.basename(page.src_uri)) if page.is_chapter else None
        return f"{chapter.number}. {chapter.title}" if chapter else None

    def toc_title(self, title: str) -> str:
        """A heading as the page's table of contents shows it: the engine gives it as plain text,
        so its Chinese is marked again for screen readers and fonts."""
        return mark_chinese(title)

    def short_title(self, page: Page) -> str:
        chapter = self.project.chapter(posixpath.basename(page.src_uri)) if page.is_chapter else None
        return f"Chapter {chapter.number}" if chapter else page.title

    def finish(self) -> list[str]:
        """Warnings once every page is built: figures that no page shows."""
        return [f"docs/{figures.REGISTRY}:{item.figure.line}: figure '{figure_id}' is not shown: add the line "
                f"<!-- sce:figure {figure_id} --> to docs/{item.figure.chapter}"
                for figure_id, item in self.build.figures.items() if figure_id not in self.build.placed]
