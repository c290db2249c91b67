"""First-load weight of every built page, heaviest first, against the budget.

    python -m scripts.page_weight      (the command line)

A page's first load is what a browser with an empty cache fetches to show the page and make it
work, before the reader does anything:

- the HTML (inline SVG figures included);
- every stylesheet it links, every script it loads by tag, and its icon;
- the code of each widget on the page: widgets.js loads assets/js/NAME.js for each
  data-widget="NAME" as soon as the page is parsed, so it counts;
- data files a widget's code names (assets/data/...), which it fetches at once;
- fonts the stylesheets load (none: the site uses the reader's system fonts) and images in <img>
  without loading="lazy".

Not counted, and why: the search worker, the search index and the lunr language support the
worker imports, which it fetches in the background after the page is shown, the same files for
every page (reported with their own budget); source maps, which only developer tools fetch; the
PDFs and the offline zip, fetched only when a reader asks.
tests/browser/test_quality.py checks in a real browser that a page fetches nothing else.

Sizes are gzip level 6, what web servers commonly apply on the fly, for text files; images and
other binary files count as they are. 1 KB = 1,000 bytes.

The target is 80 KB for every page. Material's JavaScript and CSS and the site's own take about
50 KB of it, whatever the page; a chapter's own HTML (text, reference list, inline figures,
widget fallbacks) is 15–50 KB more, so chapter-length pages miss the target. They are held to a
100 KB ceiling instead, so that none grows unnoticed; every other page must meet the target. Exits 1 if
a page is over its limit or the search index over its budget; pages over the target alone are
flagged in the table.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from sce.yamlfile import read_config

TARGET_KB = 80.0
CEILING_KB = 100.0
LONG_PAGES = ("chapters/", "reference/", "teach/", "bibliography.html")  # held to the ceiling
SEARCH_BUDGET_KB = 250.0
TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
SEARCH_FILES = ("search/search_index.json", "assets/javascripts/workers/")
WIDGET_LOADER = "assets/js/widgets.js"
FONT_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+\.(?:woff2?|ttf|otf|eot))""", re.I)
# A widget's data file, named in its code: "../data/divisions" + ext, "assets/data/x.json".
DATA_NAME = re.compile(r"""["'`](?:\.\./|assets/)?data/([\w-]+)(?:\.json)?["'`]""")


@dataclass
class PageWeight:
    page: str
    files: list[str] = field(default_factory=list)  # site-relative paths, the page first
    raw: int = 0
    gzip: int = 0


class _Refs(HTMLParser):
    """The URLs a page loads by itself, and the widgets it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.widgets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"} and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "img" and a.get("src") and a.get("loading", "").lower() != "lazy":
            self.urls.append(a["src"])
        if a.get("data-widget"):
            self.widgets.append(a["data-widget"])


def gzip_size(data: bytes, suffix: str) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0)) if suffix in TEXT_TYPES else len(data)


def resolve(site: Path, page: str, url: str, base_path: str = "/") -> str | None:
    """The site-relative path `url` points to from `page`, or None if it is not a site file."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):  # 404.html uses absolute paths under site_url
        if not parts.path.startswith(base_path):
            return None
        path = PurePosixPath(parts.path[len(base_path):])
    else:
        path = PurePosixPath(page).parent / parts.path
    resolved = []
    for piece in path.parts:
        if piece == "..":
            if resolved:
                resolved.pop()
        elif piece != ".":
            resolved.append(piece)
    rel = "/".join(resolved)
    return rel if (site / rel).is_file() else None


def first_load_files(site: Path, page: str, base_path: str = "/") -> list[str]:
    """Site-relative paths of everything `page` fetches on first load, the page first."""
    refs = _Refs()
    refs.feed((site / page).read_text(encoding="utf-8", errors="replace"))
    files = [page]
    for url in refs.urls:
        path = resolve(site, page, url, base_path)
        if path and path not in files:
            files.append(path)
    if WIDGET_LOADER in files:
        for name in refs.widgets:
            path = f"assets/js/{name}.js"
            if re.fullmatch(r"[a-z][a-z0-9-]*", name) and (site / path).is_file() and path not in files:
                files.append(path)
    for path in list(files):
        if path.endswith(".css"):
            css = (site / path).read_text(encoding="utf-8", errors="replace")
            targets = [resolve(site, path, url, base_path) for url in FONT_URL.findall(css)]
        elif path.startswith("assets/js/"):
            js = (site / path).read_text(encoding="utf-8", errors="replace")
            targets = [f"assets/data/{name}.json" for name in DATA_NAME.findall(js)]
        else:
            continue
        files += [t for t in targets if t and (site / t).is_file() and t not in files]
    return files


def weigh(site: Path, files: list[str]) -> tuple[int, int]:
    raw = gz = 0
    for path in files:
        data = (site / path).read_bytes()
        raw += len(data)
        gz += gzip_size(data, PurePosixPath(path).suffix)
    return raw, gz


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "downloads" not in p.relative_to(site).parts)


def page_weights(site: Path, base_path: str = "/") -> list[PageWeight]:
    """Every page's first load, heaviest (gzip) first."""
    weights = []
    for page in site_pages(site):
        files = first_load_files(site, page, base_path)
        raw, gz = weigh(site, files)
        weights.append(PageWeight(page, files, raw, gz))
    return sorted(weights, key=lambda w: (-w.gzip, w.page))


def search_files(site: Path) -> list[str]:
    """The search worker, the index and the lunr language support the worker imports."""
    found = []
    for pattern in SEARCH_FILES:
        target = site / pattern
        if target.is_file():
            found.append(pattern)
        elif target.is_dir():
            found += sorted(p.relative_to(site).as_posix() for p in target.glob("*.js"))
    index = site / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"].get("lang", ["en"]) if index.is_file() else ["en"]
    others = [lang for lang in langs if lang != "en"]
    support = (["stemmer.support"] + others if others else []) + (["multi"] if len(langs) > 1 else [])
    found += [f"assets/javascripts/lunr/min/lunr.{name}.min.js" for name in support
              if (site / f"assets/javascripts/lunr/min/lunr.{name}.min.js").is_file()]
    return found


def base_path_of(config: Path) -> str:
    """The path part of site_url in mkdocs.yml ('/' if none)."""
    if not config.exists():
        return "/"
    path = urlsplit(str(read_config(config).get("site_url") or "")).path or "/"
    return path if path.endswith("/") else path + "/"


def kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def limit_kb(page: str, target_kb: float = TARGET_KB, ceiling_kb: float = CEILING_KB) -> float:
    """What a page must not exceed: the ceiling for chapter-length pages, else the target."""
    return ceiling_kb if page.startswith(LONG_PAGES) else target_kb


def report(site: Path, target_kb: float = TARGET_KB, ceiling_kb: float = CEILING_KB,
           search_budget_kb: float = SEARCH_BUDGET_KB, base_path: str = "/") -> tuple[list[str], list[str]]:
    """(lines to print, problems)."""
    weights = page_weights(site, base_path)
    lines = [f"{'page':<52} {'files':>5} {'raw KB':>8} {'gzip KB':>8}"]
    problems = []
    for w in weights:
        limit = limit_kb(w.page, target_kb, ceiling_kb)
        flag = (f"  OVER its {limit:g} KB limit" if w.gzip > limit * 1000
                else f"  over the {target_kb:g} KB target" if w.gzip > target_kb * 1000 else "")
        lines.append(f"{w.page:<52} {len(w.files):>5} {kb(w.raw):>8} {kb(w.gzip):>8}{flag}")
        if w.gzip > limit * 1000:
            problems.append(f"{w.page}: first load {kb(w.gzip)} KB gzip, over its {limit:g} KB limit")
    search = search_files(site)
    raw, gz = weigh(site, search)
    lines.append(f"{'search worker, index, lunr (after load, all pages)':<52} {len(search):>5} {kb(raw):>8} {kb(gz):>8}")
    if gz > search_budget_kb * 1000:
        problems.append(f"search index and worker: {kb(gz)} KB gzip, over the {search_budget_kb:g} KB budget")
    return lines, problems
