"""Check that chapters follow the house rules in CONTRIBUTING.md.

    python -m scripts.check_content [PATH ...]     (default: docs/chapters docs/reference docs/teach)

For every page: each paragraph, list item or table row that contains a number or a quotation
has a [@key] citation; a table may instead cite once, in the sentence directly above it or in a
"Source: ..." line directly below it. For chapters (docs/chapters/NN-*.md) also: front matter with title,
description and last_reviewed; an "In brief" box and 3-5 learning objectives at the top; Key
terms and Further reading sections; 1,500-3,500 words of body; at least 6 distinct sources; no
footnotes of our own and no mermaid blocks. Across all chapters, at least 12 distinct sources.
Prints `file:line: problem` per problem and exits 1 if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path


from sce.bibliography import citation_keys, strip_code
from sce.project import front_matter

MIN_SOURCES_PER_CHAPTER = 6
MIN_SOURCES_OVERALL = 12
WORDS = (1500, 3500)
OBJECTIVES = (3, 5)
CHAPTER_NAME = re.compile(r"^\d{2}-[a-z0-9-]+\.md$")

NEEDS_CITATION = re.compile(r"\d|[\"“”]")
ADMONITION = re.compile(r'^(!!!|\?\?\?\+?)\s+(\w[\w-]*)(?:\s+"([^"]*)")?\s*$')
LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+\.)\s+")
HEADING = re.compile(r"^#{1,6}\s")
TABLE_SEPARATOR = re.compile(r"^\|?[\s:|-]+\|?$")
HTML_TAG = re.compile(r"<[^>]+>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
CHAPTER_REFERENCE = re.compile(r"\bchapters?\s+\d+(\s*(–|-|and|,)\s*\d+)*", re.IGNORECASE)
OWN_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")


@dataclass
class Unit:
    """A paragraph, a list item or a table row, with the lines it starts and ends on."""

    line: int
    text: str
    end: int = 0


def units(body: str, offset: int) -> list[Unit]:
    """Split Markdown into the units a citation must be attached to."""
    body = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), strip_code(body))
    found: list[Unit] = []
    current: Unit | None = None
    for number, raw in enumerate(body.split("\n"), start=offset + 1):
        line = raw.strip()
        starts_new = (
            not line
            or HEADING.match(line)
            or ADMONITION.match(line)
            or line.startswith("|")
            or LIST_ITEM.match(raw)
        )
        if starts_new and current:
            found.append(current)
            current = None
        if not line or HEADING.match(line) or ADMONITION.match(line) or TABLE_SEPARATOR.match(line):
            continue
        if line.startswith("|"):
            found.append(Unit(number, line, number))
            continue
        if current is None:
            current = Unit(number, line, number)
        else:
            current.text += " " + line
            current.end = number
    if current:
        found.append(current)
    return found


def needs_citation(text: str) -> bool:
    text = LIST_ITEM.sub("", text, count=1)
    text = LINK_TARGET.sub("]", text)
    text = HTML_TAG.sub("", text)
    text = CHAPTER_REFERENCE.sub("", text)
    return bool(NEEDS_CITATION.search(text))


def cited_tables(found: list[Unit]) -> set[int]:
    """Lines of the table rows that a table cites once: in the sentence that introduces it
    (directly above it) or in its source line ("Source: ...", directly below it)."""
    lines: set[int] = set()
    index = 0
    while index < len(found):
        if not found[index].text.startswith("|"):
            index += 1
            continue
        first = index
        while index < len(found) and found[index].text.startswith("|"):
            index += 1
        rows = found[first:index]
        before = found[first - 1] if first else None
        after = found[index] if index < len(found) else None
        introduced = (before is not None and not before.text.startswith("|")
                      and rows[0].line - before.end <= 2 and citation_keys(before.text))
        sourced = (after is not None and after.text.startswith("Source") and after.line - rows[-1].line <= 2
                   and citation_keys(after.text))
        if introduced or sourced:
            lines.update(row.line for row in rows)
    return lines


def check_citations(path: Path, body: str, offset: int) -> list[str]:
    problems = []
    # Learning objectives say what a reader will learn; they make no claim to cite.
    span = admonition_span(body, "info", "Learning objectives")
    exempt = range(offset + span[0] + 1, offset + span[1] + 2) if span else range(0)
    found = units(body, offset)
    cited_once = cited_tables(found)  # a table cites once, not in every row
    for unit in found:
        if unit.line in exempt or unit.line in cited_once:
            continue
        if needs_citation(unit.text) and not citation_keys(unit.text):
            excerpt = unit.text if len(unit.text) < 70 else unit.text[:67] + "..."
            problems.append(f"{path}:{unit.line}: number or quotation without a citation: {excerpt}")
    return problems


def body_words(body: str) -> int:
    """Words of prose before Key terms, not counting citations, markup or the boxes' syntax."""
    prose = re.split(r"^## (Key terms|Further reading)\s*$", body, flags=re.MULTILINE)[0]
    prose = HTML_TAG.sub(" ", strip_code(prose))
    prose = re.sub(r"\[@[^\]]*\]", " ", prose)
    prose = re.sub(r'^\s*!!!.*$', " ", prose, flags=re.MULTILINE)
    return len(re.findall(r"[\w’'-]+", prose))


def admonition_span(body: str, kind: str, title: str) -> tuple[int, int, str] | None:
    """(first line, last line, indented content) of the first matching !!! box, 0-based lines."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        match = ADMONITION.match(line.strip())
        if match and match.group(2) == kind and (match.group(3) or "").lower() == title.lower():
            end = index
            for end in range(index + 1, len(lines)):
                if lines[end].strip() and not lines[end].startswith("    "):
                    end -= 1
                    break
            return index, end, "\n".join(lines[index + 1 : end + 1])
    return None


def admonition_block(body: str, kind: str, title: str) -> str | None:
    span = admonition_span(body, kind, title)
    return span[2] if span else None


def check_chapter(path: Path, text: str) -> tuple[list[str], set[str]]:
    meta, body, offset = front_matter(text)
    problems = []
    where = f"{path}:1"
    for field in ("title", "description", "last_reviewed"):
        if not meta.get(field):
            problems.append(f"{where}: front matter has no {field}")
    reviewed = meta.get("last_reviewed")
    if reviewed and not isinstance(reviewed, dt.date):
        problems.append(f"{where}: last_reviewed {reviewed!r} is not a date (YYYY-MM-DD)")

    brief = admonition_block(body, "abstract", "In brief")
    if brief is None or not brief.strip():
        problems.append(f'{where}: no "In brief" box (!!! abstract "In brief")')
    objectives = admonition_block(body, "info", "Learning objectives")
    if objectives is None:
        problems.append(f'{where}: no learning objectives (!!! info "Learning objectives")')
    else:
        count = sum(1 for line in objectives.split("\n") if LIST_ITEM.match(line.strip()))
        if not OBJECTIVES[0] <= count <= OBJECTIVES[1]:
            problems.append(f"{where}: {count} learning objectives; {OBJECTIVES[0]}-{OBJECTIVES[1]} expected")
    for section in ("Key terms", "Further reading"):
        if not re.search(rf"^## {section}\s*$", body, re.MULTILINE):
            problems.append(f"{where}: no '## {section}' section")

    words = body_words(body)
    if not WORDS[0] <= words <= WORDS[1]:
        problems.append(f"{where}: {words} words of body; {WORDS[0]}-{WORDS[1]} expected")
    keys = {key for key, _ in citation_keys(body)}
    if len(keys) < MIN_SOURCES_PER_CHAPTER:
        problems.append(f"{where}: {len(keys)} distinct sources cited; at least {MIN_SOURCES_PER_CHAPTER} expected")

    code_free = strip_code(body)
    for number, line in enumerate(code_free.split("\n"), start=offset + 1):
        if OWN_FOOTNOTE.search(line):
            problems.append(f"{path}:{number}: footnote of our own; cite with [@key] instead")
    if re.search(r"^\s*(```|~~~)\s*mermaid", body, re.MULTILINE):
        problems.append(f"{where}: mermaid block (loads a script from a CDN)")
    return problems, keys


def check_paths(paths: list[Path]) -> list[str]:
    problems: list[str] = []
    all_keys: set[str] = set()
    chapters = 0
    files = sorted(p for path in paths for p in ([path] if path.is_file() else path.rglob("*.md")))
    if not files:
        return [f"{', '.join(map(str, paths))}: no Markdown pages to check"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.parent.name == "chapters" and CHAPTER_NAME.match(path.name):
            chapters += 1
            chapter_problems, keys = check_chapter(path, text)
            problems += chapter_problems
            all_keys |= keys
        _, body, offset = front_matter(text)
        problems += check_citations(path, body, offset)
    if chapters > 1 and len(all_keys) < MIN_SOURCES_OVERALL:
        problems.append(f"{len(all_keys)} distinct sources across {chapters} chapters; at least {MIN_SOURCES_OVERALL} expected")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        default=[Path("docs/chapters"), Path("docs/reference"), Path("docs/teach")])
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"{missing[0]}: no such file or directory")
        return 1
    problems = check_paths(args.paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} content problem(s)", file=sys.stderr)
        return 1
    print("content check passed: " + ", ".join(map(str, args.paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
