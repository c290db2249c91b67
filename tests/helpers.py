"""Small helpers the tests share."""

from __future__ import annotations

from pathlib import Path

from sce.project import Project
from sce.shortcodes import Build, Context

ROOT = Path(__file__).resolve().parent.parent
# A bibliography for small fixture projects: three entries the fixture pages and data cite.
FIXTURE_BIB = "".join(
    f"@online{{{key},\n  author = {{Author, {name}}},\n  title = {{Title {name}}},\n  date = {{{year}}},\n"
    f"  url = {{https://example.org/{key}}},\n  urldate = {{2026-01-01}},\n  keywords = {{primary}}\n}}\n\n"
    for key, name, year in [("alpha2020one", "Alpha", 2020), ("beta2021two", "Beta", 2021),
                            ("gamma2022three", "Gamma", 2022)])


def context(root: Path = ROOT, page: str = "chapters/01-test.md") -> Context:
    """What a widget renderer is handed, for the project at `root` (its docs/ and bibliography.bib)."""
    return Context(Build(Project(root=root, docs=root / "docs")), page)


def read_page(site_dir: Path, name: str) -> str:
    return (site_dir / name).read_text(encoding="utf-8")
