"""Checks the widget renderers share: fields of a data entry, and citations that must come from
the chapter a fact belongs to. Every failure is a SourceError naming the data file and line.

Not a widget: sce/shortcodes.py dispatches only names listed in its RENDERERS.
"""

from __future__ import annotations

import re
from typing import NoReturn

from sce.bibliography import citation_keys
from sce.errors import SourceError
from sce.yamlfile import At, YamlFile

ID = re.compile(r"^[a-z][a-z0-9-]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Entry:
    """One entry of a data file (a credit-map part, a simulator item): field checks whose
    messages start 'docs/data/x.yml:LINE: <what>:'."""

    def __init__(self, doc: YamlFile, at: At, what: str, known: set[str] | dict):
        self.doc, self.at, self.what, self.known = doc, at, what, known

    def error(self, message: str, field: str | None = None) -> SourceError:
        at = self.at + (field,) if field else self.at
        return SourceError(f"{self.doc.where(at)}: {self.what}: {message}")

    def fail(self, message: str, field: str | None = None) -> NoReturn:
        raise self.error(message, field)

    def only(self, item: dict, allowed: set[str]) -> None:
        unknown = sorted(set(item) - allowed)
        if unknown:
            self.fail(f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})", unknown[0])

    def text(self, item: dict, field: str, required: bool = True) -> str:
        value = item.get(field)
        if value in (None, ""):
            if required:
                self.fail(f"missing '{field}'")
            return ""
        if not isinstance(value, str):
            self.fail(f"'{field}' should be text, not {type(value).__name__}", field)
        return " ".join(value.split())

    def integer(self, item: dict, field: str, low: int, high: int) -> int:
        value = item.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(f"'{field}' should be a whole number from {low} to {high}, not {value!r}", field)
        return value

    def keys(self, value, field: str) -> list[str]:
        if value in (None, "", []):
            self.fail(f"'{field}' has no cite")
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(key, str) for key in items):
            self.fail(f"'{field}': citation keys should be text")
        for key in items:
            if key not in self.known:
                self.fail(f"unknown citation key '{key}'")
        return items


class Sources:
    """Citations of a learning widget (quiz, walkthrough, sorter, myth cards): every key in the
    bibliography, and cited by the chapter the fact comes from."""

    def __init__(self, doc: YamlFile, ctx):
        self.doc = doc
        self.ctx = ctx

    def chapter(self, at: At, name) -> str:
        """A chapter file name (04-blacklists-and-joint-punishment.md) that exists."""
        if not isinstance(name, str) or self.ctx.project.chapter(name) is None:
            self.doc.fail(at, f"{self.doc.describe(at)}: no chapter docs/chapters/{name}")
        return name

    def _check(self, at: At, key, chapter: str) -> str:
        if not isinstance(key, str):
            self.doc.fail(at, f"{self.doc.describe(at)}: citation key {key!r} is not text")
        if key not in self.ctx.bib.entries:
            self.doc.fail(at, f"{self.doc.describe(at)}: unknown citation key '{key}'")
        if key not in self.ctx.cited_by(f"chapters/{chapter}"):
            self.doc.fail(at, f"{self.doc.describe(at)}: '{key}' is not cited in docs/chapters/{chapter}; "
                              "cite a source the chapter uses for this fact")
        return key

    def keys(self, at: At, value, chapter: str) -> list[str]:
        """The `cite:` field: one key or a list of keys."""
        if not isinstance(value, list):
            return [self._check(at, value, chapter)]
        if not value:
            self.doc.fail(at, f"{self.doc.describe(at)}: no citation key")
        return [self._check(at + (i,), key, chapter) for i, key in enumerate(value)]

    def inline(self, at: At, text: str, chapter: str) -> list[str]:
        """[@key] citations written inside a text field."""
        return [self._check(at, key, chapter) for key, _ in citation_keys(text)]


def slug(doc: YamlFile, at: At, value) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        doc.fail(at, f"{doc.describe(at)}: {value!r} is not lower-case-with-hyphens")
    return value


def no_arguments(name: str, args: str) -> None:
    if args.strip():
        raise SourceError(f"{name} takes no arguments, not {args!r}")
