"""Citations: `[@key]` in a page becomes a numbered marker, and the page ends with its references.

    ... adopted in 2014 [@statecouncil2014planning; @creemers2018china].
    ->  ... adopted in 2014<sup class="sce-citation">[<a href="#ref-statecouncil2014planning">1</a>,
        <a href="#ref-creemers2018china">2</a>]</sup>.

and, at the end of the page, "References": a numbered list in the order of first citation, each
entry formatted in Chicago author-date style (with access dates) by pandoc's citeproc, with its
evidence label and, where the entry has one, a link to an archived copy. Locators stay visible
in the marker: `[@lilkov2020made, pp. 41–44]` -> `[3, pp. 41–44]`.

Why numbers: a reader on a phone sees one small marker per citation, not an author-date
parenthesis followed by a footnote number; the reference shows on tap, hover and keyboard focus
(assets/js/tooltips.js), and the numbered list at the foot is matched to the markers by eye.

Pandoc formats the whole bibliography once (`nocite: @*`, so "2018a"/"2018b" are assigned over
every entry and agree on every page and in the Bibliography). The result is cached in
.cache/citations/ by the hash of the .bib file, the style and the pandoc version, so an edit to
a page never runs pandoc. Nothing here depends on the site engine.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sce.bibliography import (
    CITATION_BLOCK, FENCE, SOURCE_TYPES, VALID_KEY, Bibliography, citation_keys, evidence_label,
    find_csl, split_citations,
)
from sce.errors import SourceError

FORMAT = 1  # bump when the cached form below changes
NOCITE_ALL = "---\nnocite: '@*'\n---\n"
ENTRY = re.compile(r'<div id="ref-([\w-]+)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>', re.S)
# One cited work inside a block: optional prefix, @key, optional ", locator" (p. 12, pp. 4–6).
ITEM = re.compile(r"^(?P<prefix>[^@]*?)\s*@(?P<key>[^\s,;\]]+)\s*(?:,\s*(?P<locator>.+?))?\s*$")
# A citation block with the spaces before it: the marker sits against the word it follows.
BLOCK_WITH_SPACE = re.compile(r"(?:(?<=[^\s:])[ \t]+)?" + CITATION_BLOCK.pattern)
REFERENCES_HEADING = "References"
REFERENCES_ID = "references"


# --- The formatted bibliography -------------------------------------------------------------------

@dataclass
class FormattedBibliography:
    """Every entry as HTML (inner HTML of pandoc's csl-entry), in the style's sort order."""

    order: list[str]
    entries: dict[str, str]
    labels: dict[str, str]  # key -> evidence label and archived-copy link, as HTML

    def reference(self, key: str) -> str:
        return f"{self.entries[key]} {self.labels.get(key, '')}".rstrip()


def _pandoc_version() -> str:
    for package in ("pypandoc-binary", "pypandoc_binary", "pypandoc"):
        try:
            return f"{package}=={importlib.metadata.version(package)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def _run_pandoc(bib_path: Path, csl: Path) -> str:
    import pypandoc

    return pypandoc.convert_text(
        NOCITE_ALL, to="html", format="markdown",
        extra_args=["--citeproc", "--bibliography", str(bib_path), "--csl", str(csl)],
    )


def parse_pandoc_html(text: str) -> tuple[list[str], dict[str, str]]:
    order, entries = [], {}
    for key, body in ENTRY.findall(text):
        order.append(key)
        entries[key] = " ".join(body.split())
    return order, entries


def format_bibliography(bib: Bibliography, cache: Path | None, csl: Path | None = None) -> FormattedBibliography:
    """The whole bibliography formatted by pandoc, from the cache when nothing has changed."""
    csl = csl or find_csl()
    digest = hashlib.sha256()
    for part in (bib.path.read_bytes(), csl.read_bytes(), _pandoc_version().encode(), str(FORMAT).encode()):
        digest.update(hashlib.sha256(part).digest())
    cached = cache / f"{digest.hexdigest()[:32]}.json" if cache else None
    if cached and cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        order, entries = data["order"], data["entries"]
    else:
        order, entries = parse_pandoc_html(_run_pandoc(bib.path, csl))
        missing = sorted(set(bib.entries) - set(entries))
        if missing:
            raise SourceError(f"{bib.where(missing[0])}: pandoc did not format entry '{missing[0]}'")
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            for old in cached.parent.glob("*.json"):
                old.unlink()
            cached.write_text(json.dumps({"order": order, "entries": entries}, ensure_ascii=False), encoding="utf-8")
    return FormattedBibliography(order, entries, labels(bib))


def labels(bib: Bibliography) -> dict[str, str]:
    """What follows each reference: its evidence label and, if it has one, an archived copy."""
    out = {}
    for key in bib.entries:
        extras = []
        kind = bib.value(key, "keywords")
        if kind in SOURCE_TYPES:
            extras.append(evidence_label(kind))
        archived = bib.value(key, "archiveurl")
        if archived:
            extras.append(f'<a class="sce-archive" href="{html.escape(archived)}">archived copy</a>')
        out[key] = " ".join(extras)
    return out


# --- Checking a page ------------------------------------------------------------------------------

def check_page(markdown: str, bib: Bibliography, source: str) -> list[str]:
    """Problems with the citations of a page as written, one 'file:line: message' each."""
    problems = [f"{source}:{line}: citation continues onto the next line; keep [@...] on one line"
                for line in split_citations(markdown)]
    for key, line in citation_keys(markdown):
        if not VALID_KEY.match(key):
            problems.append(f"{source}:{line}: malformed citation key '{key}' (letters, digits, '-' only)")
        elif key not in bib.entries:
            problems.append(f"{source}:{line}: unknown citation key '{key}'")
    return problems


# --- Rendering a page -----------------------------------------------------------------------------

@dataclass
class Cited:
    key: str
    locator: str = ""
    prefix: str = ""


def parse_block(inner: str) -> list[Cited]:
    """'see @a, p. 4; @b' -> [Cited('a', 'p. 4', 'see'), Cited('b')]."""
    items = []
    for part in inner.split(";"):
        match = ITEM.match(part.strip())
        if match:
            items.append(Cited(match["key"], (match["locator"] or "").strip(), match["prefix"].strip()))
    return items


def marker(items: list[Cited], numbers: dict[str, int]) -> str:
    """One marker for one citation block: [3], [3, 5], [3, p. 40], [2; 5, pp. 50–55]."""
    parts = []
    for item in items:
        link = f'<a href="#ref-{item.key}">{numbers[item.key]}</a>'
        text = f"{html.escape(item.prefix)} {link}" if item.prefix else link
        parts.append(f"{text}, {html.escape(item.locator)}" if item.locator else text)
    joiner = "; " if any(item.locator or item.prefix for item in items) else ", "
    return f'<sup class="sce-citation">[{joiner.join(parts)}]</sup>'


def cite_page(markdown: str, formatted: FormattedBibliography, source: str) -> tuple[str, list[str]]:
    """The page with numbered markers and its References list; and the keys, in citation order.

    Fenced code is left alone. A key the bibliography lacks stops the build, naming the page
    (citations written in the page are checked earlier with their line; these came from data)."""
    numbers: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        items = parse_block(match.group(1))
        if not items:
            return match.group(0)
        for item in items:
            if item.key not in formatted.entries:
                raise SourceError(f"{source}: unknown citation key '{item.key}'")
            numbers.setdefault(item.key, len(numbers) + 1)
        return marker(items, numbers)

    body, last = [], 0
    for fence in FENCE.finditer(markdown):  # fenced code is not cited
        body += [BLOCK_WITH_SPACE.sub(replace, markdown[last:fence.start()]), fence.group(0)]
        last = fence.end()
    body = "".join(body) + BLOCK_WITH_SPACE.sub(replace, markdown[last:])
    if not numbers:
        return markdown, []
    keys = list(numbers)
    return body.rstrip() + "\n\n" + reference_list(keys, formatted) + "\n", keys


def reference_list(keys: list[str], formatted: FormattedBibliography) -> str:
    """## References and the numbered list (raw HTML: Markdown leaves it as it is)."""
    items = "\n".join(f'<li id="ref-{key}">{formatted.reference(key)}</li>' for key in keys)
    return (f"## {REFERENCES_HEADING} {{#{REFERENCES_ID}}}\n\n"
            f'<ol class="sce-references" data-widget="tooltips">\n{items}\n</ol>')


def full_bibliography(formatted: FormattedBibliography) -> str:
    """Every entry, sorted as the style sorts, each with id="ref-KEY" (the Bibliography page)."""
    entries = "\n".join(
        f'<div id="ref-{key}" class="csl-entry" role="listitem">{formatted.reference(key)}</div>'
        for key in formatted.order)
    return f'<div id="refs" class="references csl-bib-body hanging-indent" role="list">\n{entries}\n</div>'
