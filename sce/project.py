"""Where things are, read once per build: the docs, the data, the chapters and the bibliography.

A Project is made from the folder that holds mkdocs.yml (the real site, or a small fixture site in
the tests). Everything expensive is read on first use and then kept for the rest of the build, so
no renderer re-reads the disk: the bibliography is parsed once, each YAML file once, each chapter's
front matter once.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from sce.bibliography import Bibliography, load
from sce.errors import SourceError
from sce.yamlfile import Loader, YamlFile, read_config

CHAPTER_FILE = re.compile(r"^(\d{2})-[a-z0-9-]+\.md$")
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
BIBLIOGRAPHY = "bibliography.bib"


def front_matter(text: str) -> tuple[dict, str, int]:
    """(metadata, body, number of lines before the body) of a Markdown page."""
    import yaml

    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    try:
        meta = yaml.load(match.group(1), Loader=Loader) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():], text[: match.end()].count("\n")


@dataclass(frozen=True)
class Chapter:
    name: str     # 04-blacklists-and-joint-punishment.md
    number: int   # 4
    title: str    # from the front matter
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def src_uri(self) -> str:
        return f"chapters/{self.name}"


@dataclass
class Project:
    root: Path
    docs: Path
    site_url: str = ""
    _yaml: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_config_file(cls, config_file: Path) -> "Project":
        """For tools outside the engine: read mkdocs.yml for the docs folder and site_url."""
        config = read_config(config_file)
        root = Path(config_file).resolve().parent
        return cls(root=root, docs=root / str(config.get("docs_dir") or "docs"),
                   site_url=str(config.get("site_url") or ""))

    # --- folders ------------------------------------------------------------------------------

    @property
    def data(self) -> Path:
        return self.docs / "data"

    @property
    def chapters_dir(self) -> Path:
        return self.docs / "chapters"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

    @property
    def bib_path(self) -> Path:
        return self.root / BIBLIOGRAPHY

    # --- what is read once --------------------------------------------------------------------

    @functools.cached_property
    def bibliography(self) -> Bibliography:
        return load(self.bib_path)

    @functools.cached_property
    def chapters(self) -> dict[str, Chapter]:
        """Every chapter by file name, in reading order."""
        found = {}
        for path in sorted(self.chapters_dir.glob("*.md")):
            match = CHAPTER_FILE.match(path.name)
            if not match:
                continue
            meta, _, _ = front_matter(path.read_text(encoding="utf-8"))
            title = str(meta.get("title") or path.stem)
            found[path.name] = Chapter(path.name, int(match.group(1)), title, meta)
        return found

    def chapter(self, name: str) -> Chapter | None:
        return self.chapters.get(str(name))

    def chapter_by_number(self, number: str | int) -> Chapter:
        found = [c for c in self.chapters.values() if c.number == int(number)]
        if len(found) != 1:
            raise SourceError(f"no single chapter docs/chapters/{int(number):02d}-*.md ({len(found)} found)")
        return found[0]

    def yaml(self, relative: str, item: str = "entry") -> YamlFile:
        """docs/data/RELATIVE, parsed on first use."""
        if relative not in self._yaml:
            self._yaml[relative] = YamlFile(self.data / relative, item=item)
        return self._yaml[relative]


def relative_link(target_uri: str, from_uri: str) -> str:
    """A link from one page to another, both given as paths under docs/ (chapters/04-x.md)."""
    return posixpath.relpath(target_uri, posixpath.dirname(from_uri) or ".")
