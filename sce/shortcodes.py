"""The one marker grammar: a line `<!-- sce:NAME ARGS -->` in a page becomes generated Markdown.

    <!-- sce:quiz 04 -->             the self-check quiz of chapter 4 (docs/data/quizzes/04.yml)
    <!-- sce:figure system-map -->   a numbered figure from docs/data/figures.yml
    <!-- sce:timeline -->            the timeline, from docs/data/timeline.yml

Each NAME is one renderer (RENDERERS below), called as `render(args, ctx)`; `ctx` gives it the
page and everything the build has already read, so no renderer goes back to the disk for the
bibliography, a chapter's title or whether a page exists. The marker is an HTML comment, so a
page still reads sensibly in any Markdown viewer, and a page without the build shows nothing
broken. An unknown NAME, or bad data behind a known one, stops the build with one line:

    docs/chapters/04-x.md:88: unknown marker 'quizz' (known: credit-map, figure, ...)
    docs/data/quizzes/04.yml:12: question 3: answer 5 is out of range (sce:quiz in docs/chapters/04-x.md:201)
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass, field
from typing import Callable

from sce.bibliography import Bibliography, citation_keys
from sce.errors import SourceError
from sce.project import Project, relative_link

MARKER = re.compile(r"^[ \t]*<!--[ \t]*sce:([a-z][a-z0-9-]*)(?:[ \t]+(.*?))?[ \t]*-->[ \t]*$", re.MULTILINE)
# Markers of the old grammars, so a page still using one fails loudly instead of rendering nothing.
OLD_MARKER = re.compile(r"^[ \t]*<!--[ \t]*(widget:|figure:|timeline|glossary|full-bibliography|evidence-scale)", re.M)

# marker name -> module in sce/widgets/ that renders it
RENDERERS = {
    "bibliography": "bibliography",
    "credit-map": "credit_map",
    "downloads": "downloads",
    "evidence-scale": "bibliography",
    "exports": "exports",
    "figure": "figure",
    "glossary": "glossary",
    "myth-cards": "myth_cards",
    "quiz": "quiz",
    "simulator": "simulator",
    "sorter": "sorter",
    "timeline": "timeline",
    "uscc-decoder": "uscc_decoder",
    "walkthrough": "walkthrough",
}


@dataclass
class Build:
    """What one build has read and made, shared by every page: the project, the formatted
    bibliography, the figures, and what each page cites (for the Bibliography's "Cited in")."""

    project: Project
    offline: bool = False               # the offline copy: it does not link itself
    formatted: object = None            # sce.citations.FormattedBibliography
    figures: dict = field(default_factory=dict)    # figure id -> sce.figures.Rendered
    placed: dict = field(default_factory=dict)     # figure id -> number shown ("2.1")
    cited_in: dict = field(default_factory=dict)   # key -> [page src_uri, ...] in build order
    _cited_by: dict = field(default_factory=dict, repr=False)

    @property
    def bib(self) -> Bibliography:
        return self.project.bibliography

    def cited_by(self, src_uri: str) -> frozenset[str]:
        """Keys a page cites as written (read from docs/, once)."""
        if src_uri not in self._cited_by:
            path = self.project.docs / src_uri
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            self._cited_by[src_uri] = frozenset(key for key, _ in citation_keys(text))
        return self._cited_by[src_uri]


@dataclass
class Context:
    """What a renderer is handed: this page, and the build it is part of."""

    build: Build
    page_uri: str     # the page's path under docs/: chapters/04-blacklists-and-joint-punishment.md
    line: int = 0     # the marker's line in the page

    @property
    def project(self) -> Project:
        return self.build.project

    @property
    def bib(self) -> Bibliography:
        return self.build.bib

    @property
    def source(self) -> str:
        return f"docs/{self.page_uri}"

    def cited_by(self, src_uri: str) -> frozenset[str]:
        return self.build.cited_by(src_uri)

    def link(self, target_uri: str) -> str:
        """A relative link from this page to another page or file under docs/."""
        return relative_link(target_uri, self.page_uri)

    def chapter_link(self, name: str) -> str:
        """[Chapter 4: Blacklists and joint punishment](…), relative to this page."""
        chapter = self.project.chapter(name)
        if chapter is None:
            raise SourceError(f"{self.source}:{self.line}: no chapter docs/chapters/{name}")
        return f"[Chapter {chapter.number}: {chapter.title}]({self.link(chapter.src_uri)})"


def renderer(name: str) -> Callable[[str, Context], str] | None:
    module = RENDERERS.get(name)
    if module is None:
        return None
    render = importlib.import_module(f"sce.widgets.{module}").render
    if module == "bibliography":  # one module, two markers
        return functools.partial(render, marker=name)
    return render


def expand(markdown: str, build: Build, page_uri: str) -> str:
    """Every marker of the page replaced by its renderer's Markdown."""
    source = f"docs/{page_uri}"
    old = OLD_MARKER.search(markdown)
    if old:
        line = markdown.count("\n", 0, old.start()) + 1
        raise SourceError(f"{source}:{line}: old marker '<!-- {old.group(1)} ...': write <!-- sce:NAME ARGS -->")

    def replace(match: re.Match) -> str:
        name, args = match.group(1), (match.group(2) or "").strip()
        line = markdown.count("\n", 0, match.start()) + 1
        render = renderer(name)
        if render is None:
            raise SourceError(f"{source}:{line}: unknown marker 'sce:{name}' (known: {', '.join(sorted(RENDERERS))})")
        try:
            return render(args, Context(build, page_uri, line))
        except SourceError as error:
            text = str(error)
            if not text.startswith(f"{source}:"):
                text += f" (sce:{name} in {source}:{line})"
            raise SourceError(text) from None

    return MARKER.sub(replace, markdown)

