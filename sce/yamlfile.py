"""The one reader of the site's YAML data files: every value with the line it sits on.

    doc = YamlFile(path)                  # parsed once (libyaml when installed)
    for i, item in enumerate(doc.items((), doc.data, "questions")):
        doc.record((i,), item, required={"question", "answer"})
        ...
        doc.fail((i, "answer"), "answer 5 is out of range")
        # -> SourceError("docs/data/quizzes/04.yml:12: answer 5 is out of range")

A place in the document is a tuple of keys and indexes, `(2, "choices", 0)`; `line(at)` is the
line of the value there (or of its nearest parent), so a message can always name a line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import yaml

from sce.errors import SourceError

At = tuple  # a place in the document: ("steps", 3, "next")
# libyaml's parser with the safe constructor: the same values as yaml.safe_load, several times faster.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def shown(path: Path) -> str:
    """A path as a writer types it: relative to the working directory (docs/data/x.yml) when it
    lies inside it, else as given."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def yaml_error_line(error: yaml.YAMLError) -> int:
    """The line a YAML syntax error is about (1-based)."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return 1
    # "could not find expected ':'" is noticed a line late; the key it belongs to is the place.
    late = error.context == "while scanning a simple key" and error.context_mark
    mark = error.context_mark if late else error.problem_mark or error.context_mark
    return mark.line + 1 if mark else 1


class YamlFile:
    """A YAML file: `.data` (plain Python values) and `.fail(at, message)` naming a line."""

    def __init__(self, path: Path, item: str = "entry", text: str | None = None):
        self.path = Path(path)
        self.name = shown(self.path)
        self.item = item  # what a top-level list holds: "question", "step", "figure"...
        if text is None:
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise SourceError(f"{self.name}: data file not found") from None
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            self.data: Any = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as error:
            problem = getattr(error, "problem", None) or str(error)
            raise SourceError(f"{self.name}:{yaml_error_line(error)}: YAML does not parse: {problem}") from None
        finally:
            loader.dispose()
        self.lines: dict[At, int] = {}
        if node is not None:
            self._index(node, ())

    def _index(self, node: yaml.Node, at: At) -> None:
        self.lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.value in seen:
                    raise SourceError(f"{self.name}:{line}: '{key.value}' given twice (first on line {seen[key.value]})")
                seen[key.value] = line
                self._index(value, at + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._index(item, at + (index,))

    # --- where --------------------------------------------------------------------------------

    def line(self, at: At) -> int:
        while at and at not in self.lines:
            at = at[:-1]
        return self.lines.get(at, 1)

    def where(self, at: At = ()) -> str:
        return f"{self.name}:{self.line(at)}"

    def fail(self, at: At, message: str) -> NoReturn:
        raise SourceError(f"{self.where(at)}: {message}")

    def describe(self, at: At) -> str:
        """(2, "choices", 0, "next") -> "step 3, choice 1, next"."""
        parts: list[str] = []
        for index, part in enumerate(at):
            if isinstance(part, int):
                noun = str(at[index - 1]).rstrip("s") if index else self.item
                if index:
                    parts.pop()
                parts.append(f"{noun} {part + 1}")
            else:
                parts.append(str(part))
        return ", ".join(parts) or "file"

    # --- shapes -------------------------------------------------------------------------------

    def entries(self) -> list[tuple[At, dict]]:
        """The top-level list of mappings, each with its place; [] for an empty file."""
        if self.data is None:
            return []
        if not isinstance(self.data, list):
            plural = self.item[:-1] + "ies" if self.item.endswith("y") else self.item + "s"
            self.fail((), f"expected a list of {plural}, each starting with '- '")
        out = []
        for index, item in enumerate(self.data):
            if not isinstance(item, dict):
                self.fail((index,), f"{self.describe((index,))} is not a mapping of fields")
            out.append(((index,), item))
        return out

    def items(self, at: At, value, what: str, count: tuple[int, int] | None = None) -> list:
        """A non-empty list, with between count[0] and count[1] items."""
        if not isinstance(value, list) or not value:
            self.fail(at, f"expected a list of {what}")
        if count and not count[0] <= len(value) <= count[1]:
            self.fail(at, f"{len(value)} {what}; {count[0]}–{count[1]} expected")
        return value

    def record(self, at: At, value, required: set[str], optional: set[str] = frozenset()) -> dict:
        """A mapping with all of `required` and nothing outside `required | optional`."""
        label = self.describe(at)
        if not isinstance(value, dict):
            self.fail(at, f"{label}: expected fields ({', '.join(sorted(required))})")
        for name in value:
            if name not in required | optional:
                allowed = ", ".join(sorted(required | optional))
                self.fail(at + (name,), f"{label}: unknown field '{name}' (allowed: {allowed})")
        for name in sorted(required):
            if value.get(name) in (None, "", []):
                self.fail(at, f"{label}: missing '{name}'")
        return value

    def text(self, at: At, value, required: bool = True) -> str:
        """One paragraph of text, whitespace collapsed."""
        if value in (None, "") and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(at, f"{self.describe(at)}: expected text")
        if "\n\n" in value.strip():
            self.fail(at, f"{self.describe(at)}: one paragraph only (no blank lines)")
        return " ".join(value.split())

    def integer(self, at: At, value, low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(at, f"{self.describe(at)}: should be a whole number from {low} to {high}, not {value!r}")
        return value


def read_config(path: Path) -> dict:
    """mkdocs.yml as plain data, for tools outside the engine: tags (!ENV, !!python/name:...) are
    read as None rather than resolved."""
    class _AnyTag(Loader):  # type: ignore[misc, valid-type]
        pass

    _AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)
    _AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_AnyTag) or {}
    except FileNotFoundError:
        raise SourceError(f"{shown(Path(path))}: configuration file not found") from None
    except yaml.YAMLError as error:
        raise SourceError(f"{shown(Path(path))}:{yaml_error_line(error)}: YAML does not parse") from None
