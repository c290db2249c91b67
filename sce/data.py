"""The timeline and glossary data (docs/data/timeline.yml, glossary.yml), loaded and checked.

Every problem is one line: `docs/data/timeline.yml:12: entry 3: missing 'cite'`. The timeline
and glossary pages, the glossary tooltips and the Chinese search dictionary all read these
through here, so nothing shows data that did not pass these checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sce.project import Project
from sce.yamlfile import YamlFile

THEMES = {
    "policy": "Policy",
    "courts": "Courts and blacklists",
    "corporate": "Corporate",
    "pilots": "Local pilots",
    "private": "Private scoring",
    "international": "International",
    "surveillance": "Surveillance (not social credit)",
}
DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
KEY = re.compile(r"^[\w-]+$")


def date_label(date: str) -> str:
    """A date as a reader writes it: '14 June 2014', 'June 2014' or '2014'."""
    year, month, day = DATE.match(date).groups()
    if not month:
        return year
    name = dt.date(int(year), int(month), 1).strftime("%B")
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


@dataclass
class Event:
    date: str
    event: str
    themes: list[str]
    cite: list[str]
    chapter: str
    published: str = ""  # a bibliography key, when the event is that work's publication

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def label(self) -> str:
        return date_label(self.date)


@dataclass
class Term:
    term: str
    definition: str
    chapter: str
    cite: list[str]
    hanzi: str = ""
    pinyin: str = ""
    gloss: str = ""
    abbr: str = ""

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


def _require(doc: YamlFile, at, item: dict, fields: list[str]) -> None:
    for name in fields:
        if item.get(name) in (None, "", []):
            doc.fail(at, f"{doc.describe(at)}: missing '{name}'")


def _keys(doc: YamlFile, at, value, known) -> list[str]:
    keys = value if isinstance(value, list) else [value]
    for key in keys:
        if not isinstance(key, str) or not KEY.match(key):
            doc.fail(at, f"{doc.describe(at)}: bad citation key {key!r}")
        if known is not None and key not in known:
            doc.fail(at, f"{doc.describe(at)}: unknown citation key '{key}'")
    return keys


def _chapter(doc: YamlFile, at, project: Project, name) -> str:
    if project.chapter(str(name)) is None:
        doc.fail(at, f"{doc.describe(at)}: no chapter docs/chapters/{name}")
    return str(name)


def load_timeline(project: Project, known=None) -> list[Event]:
    doc = project.yaml("timeline.yml")
    events, previous = [], ""
    for at, item in doc.entries():
        _require(doc, at, item, ["date", "event", "themes", "cite", "chapter"])
        date = str(item["date"])
        if not DATE.match(date):
            doc.fail(at + ("date",), f"{doc.describe(at)}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD (quote it)")
        if date < previous:
            doc.fail(at + ("date",), f"{doc.describe(at)}: {date} comes after {previous}; keep events in date order")
        previous = date
        themes = item["themes"] if isinstance(item["themes"], list) else [item["themes"]]
        unknown = [t for t in themes if t not in THEMES]
        if unknown:
            doc.fail(at + ("themes",), f"{doc.describe(at)}: unknown theme {unknown[0]!r} (use {', '.join(THEMES)})")
        published = str(item.get("published") or "")
        if published:
            _keys(doc, at + ("published",), published, known)
        events.append(Event(
            date=date, event=str(item["event"]).strip(), themes=themes,
            cite=_keys(doc, at + ("cite",), item["cite"], known),
            chapter=_chapter(doc, at + ("chapter",), project, item["chapter"]),
            published=published,
        ))
    return events


def load_glossary(project: Project, known=None) -> list[Term]:
    doc = project.yaml("glossary.yml")
    terms, seen = [], {}
    for at, item in doc.entries():
        _require(doc, at, item, ["term", "definition", "chapter", "cite"])
        term = Term(
            term=str(item["term"]).strip(), definition=str(item["definition"]).strip(),
            chapter=_chapter(doc, at + ("chapter",), project, item["chapter"]),
            cite=_keys(doc, at + ("cite",), item["cite"], known),
            hanzi=str(item.get("hanzi") or ""), pinyin=str(item.get("pinyin") or ""),
            gloss=str(item.get("gloss") or ""), abbr=str(item.get("abbr") or ""),
        )
        if term.hanzi and not term.pinyin:
            doc.fail(at, f"{doc.describe(at)}: '{term.term}' has Chinese but no pinyin")
        if term.anchor in seen:
            doc.fail(at, f"{doc.describe(at)}: '{term.term}' already defined on line {seen[term.anchor]}")
        seen[term.anchor] = doc.line(at)
        terms.append(term)
    return terms
