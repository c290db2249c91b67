"""Benchmark the site as a reader and a maintainer feel it, in one run.

    python -m scripts.bench [--skip-lighthouse] [--skip-pdf] [--runs 5] [--keep DIR]

Prints: the machine; build times, each the median of three runs in a copy of the project — a
bare Material build of the same Markdown (same docs and nav, the search plugin on, no other
plugins, hooks or overrides), a cold full build (`make site`: the engine and the post-build
passes, caches emptied), a warm full build (caches kept) and the rebuild after a one-line edit to
a chapter, each with its ratio to the bare build; the PDF time; every page's first-load weight,
heaviest first (sce/pageweight.py); the search index size; and Lighthouse (mobile, simulated slow
4G): the performance score of the home page and every chapter as the median of --runs runs, with
its range, and the other categories. `make bench` runs it; the README's Performance section keeps
its output.

Lighthouse needs Node: the script installs lighthouse@12.8.2 (the newest release that supports
Node 20) with npm into .cache/bench/ the first time, without Puppeteer's browser download, and
runs it on Debian's /usr/bin/chromium. The site is served on 127.0.0.1 under site_url's path,
gzip-compressed and with the headers of the generated _headers file, as a static host would.
Lighthouse's performance score varies from run to run on a shared machine: read trends, not
single numbers. Nothing here runs in `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sce import pageweight as page_weight
from sce.yamlfile import read_config

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = os.environ.get("SCE_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCE_GIT_DATES": "false"}


class BenchError(Exception):
    """A step that failed, reported as one line."""


# --- Pure parts (tested in tests/test_bench.py) ---------------------------------------------------

def bare_config(config_file: Path, root: Path) -> dict:
    """The same pages, navigation and Markdown extensions with stock Material, the search plugin
    configured as the site configures it, and nothing else."""
    config = read_config(config_file)
    theme = config.get("theme", {})
    search = [p for p in config.get("plugins", []) if p == "search" or (isinstance(p, dict) and "search" in p)]
    return {
        "site_name": config["site_name"],
        "docs_dir": str(root / config.get("docs_dir", "docs")),
        "use_directory_urls": config.get("use_directory_urls", True),
        "theme": {"name": "material", "features": theme.get("features", []), "font": theme.get("font")},
        "nav": config.get("nav"),
        "exclude_docs": config.get("exclude_docs", ""),
        "markdown_extensions": config.get("markdown_extensions", []),
        "plugins": search,
    }


def lighthouse_pages(weights: list[page_weight.PageWeight]) -> list[str]:
    """The home page, every chapter, and the heaviest other page (weights: heaviest first)."""
    chapters = sorted(w.page for w in weights if w.page.startswith("chapters/"))
    other = next((w.page for w in weights if not w.page.startswith("chapters/")
                  and w.page not in ("index.html", "404.html")), None)
    return ["index.html", *chapters, *([other] if other else [])]


def lighthouse_summary(report: dict) -> dict[str, float]:
    """Category scores (0-100) and the main timings (ms; CLS unitless) of one Lighthouse report."""
    out = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
           if report.get("categories", {}).get(name, {}).get("score") is not None}
    for audit, short in METRICS.items():
        value = report.get("audits", {}).get(audit, {}).get("numericValue")
        if value is not None:
            out[short] = round(value, 3) if short == "CLS" else round(value)
    return out


def failed_audits(report: dict, category: str) -> list[str]:
    """Audits that cost points in a category, for the record when it is under 100."""
    refs = report.get("categories", {}).get(category, {}).get("auditRefs", [])
    audits = report.get("audits", {})
    return [ref["id"] for ref in refs if ref.get("weight") and (audits.get(ref["id"], {}).get("score") or 0) < 1
            and audits.get(ref["id"], {}).get("scoreDisplayMode") not in ("notApplicable", "informative", "manual")]


def table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return [line(header)] + [line(r) for r in rows]


# --- Steps ----------------------------------------------------------------------------------------

def run(cmd: list[str], what: str, **kwargs) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BenchError(f"{what} failed: " + " | ".join(tail))
    return time.perf_counter() - start


def machine() -> list[str]:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        fields = dict(line.split("=", 1) for line in release.read_text().splitlines() if "=" in line)
        os_name = fields.get("PRETTY_NAME", os_name).strip('"')
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return [f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores{memory}, {os_name}, "
            f"Python {platform.python_version()}{load}"]


def median(values: list[float]) -> float:
    return statistics.median(values)


def _not_copied(folder: str, names: list[str]) -> set[str]:
    skip = {".git", ".venv", "site", "__pycache__", ".pytest_cache", ".hypothesis"}
    if Path(folder).name == ".cache":
        skip |= {"bench", "linkcheck", "npm"}
    return skip & set(names)


def build_times(out: Path, repeats: int = 3) -> tuple[dict[str, float], Path]:
    """Seconds for each kind of build (median of `repeats`), in a copy of the project so that the
    one-line edit touches nothing of the real one; and the site the last full build made."""
    project = out / "project"
    shutil.copytree(ROOT, project, ignore=_not_copied)
    site = out / "site"

    def make_site() -> float:
        engine = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                     "the full build", cwd=project, env=MKDOCS_ENV)
        passes = run([sys.executable, "-m", "scripts.postbuild", "--site-dir", str(site)],
                     "the post-build passes", cwd=project, env=MKDOCS_ENV)
        return engine + passes

    bare_dir = out / "bare"
    bare_dir.mkdir()
    (bare_dir / "mkdocs.yml").write_text(yaml.safe_dump(bare_config(project / "mkdocs.yml", project),
                                                        sort_keys=False), encoding="utf-8")
    times: dict[str, list[float]] = {"bare": [], "cold": [], "warm": [], "edit": []}
    chapter = sorted((project / "docs" / "chapters").glob("[0-9][0-9]-*.md"))[0]
    original = chapter.read_text(encoding="utf-8")
    for attempt in range(repeats):
        times["bare"].append(run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(bare_dir / "site")],
                                 "the bare Material build", cwd=bare_dir, env=MKDOCS_ENV))
        shutil.rmtree(project / ".cache", ignore_errors=True)
        times["cold"].append(make_site())
        times["warm"].append(make_site())
        chapter.write_text(original + f"\nA sentence added by the benchmark, edit {attempt + 1}.\n", encoding="utf-8")
        times["edit"].append(make_site())
        chapter.write_text(original, encoding="utf-8")
    make_site()  # the site measured below is built from the unedited pages
    return {name: median(values) for name, values in times.items()}, site


def pdf_time(site: Path) -> float:
    return run([sys.executable, "-m", "scripts.build_pdf", "--site-dir", str(site)], "build_pdf", cwd=ROOT, env=MKDOCS_ENV)


def install_lighthouse() -> Path:
    cli = CACHE / "node_modules" / "lighthouse" / "cli" / "index.js"
    if cli.exists():
        return cli
    if not shutil.which("npm"):
        raise BenchError("Lighthouse needs Node and npm: apt-get install nodejs npm")
    CACHE.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
    run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(CACHE), LIGHTHOUSE],
        f"npm install {LIGHTHOUSE}", env=env)
    return cli


def serve(site: Path, base_path: str) -> tuple[ThreadingHTTPServer, str]:
    """The site under base_path (and robots.txt at the root), gzip, with _headers' headers."""
    headers_file = site / "_headers"
    extra = []
    if headers_file.exists():
        for line in headers_file.read_text(encoding="utf-8").splitlines():
            if line.startswith("  ") and ":" in line:
                name, _, value = line.strip().partition(":")
                extra.append((name, value.strip()))

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def translate_path(self, path):
            path = urlsplit(path).path
            if path == "/robots.txt":
                return str(site / "robots.txt")
            inside = path[len(base_path) - 1:] if path.startswith(base_path) else "/__outside__"
            return super().translate_path(inside)

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (path.is_file() and path.suffix in COMPRESSED and wants_gzip):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            return io.BytesIO(body)

        def end_headers(self):
            for name, value in extra:
                self.send_header(name, value)
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{base_path}"


def lighthouse(cli: Path, url: str, out: Path, attempts: int = 3) -> dict:
    """One Lighthouse report. Its trace recording fails now and then on a busy machine
    (NO_NAVSTART, "run Lighthouse again"): such a run is repeated, up to `attempts` times."""
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    for attempt in range(1, attempts + 1):
        try:
            run(["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
                 f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
                 "--max-wait-for-load=60000"],
                f"Lighthouse on {url}", env={**os.environ, "CHROME_PATH": CHROMIUM})
            return json.loads(out.read_text(encoding="utf-8"))
        except BenchError as error:
            if attempt == attempts or "again" not in str(error):
                raise
            print(f"bench: {error}; retrying", file=sys.stderr)
    raise AssertionError("unreachable")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-lighthouse", action="store_true", help="no Lighthouse (no Node needed)")
    parser.add_argument("--skip-pdf", action="store_true", help="do not time the PDF")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (default: 5)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    lines = machine()
    print(lines[0], flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="sce-bench-") as tmp:
            out = args.keep.resolve() if args.keep else Path(tmp)
            if args.keep:
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir(parents=True)
            times, site = build_times(out)
            bare = times["bare"]
            print("\nBuild, median of three (make site: the engine, strict, then the post-build passes):")
            for name, label in (("bare", "bare Material (same docs and nav, search on, nothing else)"),
                                ("cold", "full build, cold (caches emptied)"),
                                ("warm", "full build, warm (caches kept)"),
                                ("edit", "rebuild after a one-line edit to a chapter")):
                ratio = "" if name == "bare" else f"  {times[name] / bare:.1f}x bare"
                print(f"  {label:<60} {times[name]:5.1f} s{ratio}")
            print(flush=True)
            if not args.skip_pdf:
                try:
                    shown = f"{pdf_time(site):.1f} s (scripts/build_pdf.py)"
                except BenchError as error:  # the rest of the benchmark is still worth having
                    shown = f"failed: {error}"
                print(f"PDF: {shown}", flush=True)
            base_path = page_weight.base_path_of(ROOT / "mkdocs.yml")
            weight_lines, problems = page_weight.report(site, base_path=base_path)
            print(f"\nFirst load per page, gzip level 6 (target {page_weight.TARGET_KB:g} KB; "
                  f"chapter-length pages: ceiling {page_weight.CEILING_KB:g} KB):")
            print("\n".join(weight_lines))
            index = site / "search" / "search_index.json"
            print(f"Search index alone: {index.stat().st_size / 1000:.1f} KB raw, "
                  f"{len(gzip.compress(index.read_bytes(), 6)) / 1000:.1f} KB gzip", flush=True)
            for problem in problems:
                print(f"  {problem}")
            if not args.skip_lighthouse:
                lighthouse_table(site, base_path, out, args.runs)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    return 0


def lighthouse_table(site: Path, base_path: str, out: Path, runs: int) -> None:
    cli = install_lighthouse()
    pages = lighthouse_pages(page_weight.page_weights(site, base_path))
    server, url = serve(site, base_path)
    rows, notes = [], []
    try:
        for page in pages:
            summaries = []
            for n in range(runs):
                report = lighthouse(cli, url + page, out / f"lighthouse-{page.replace('/', '-')}-{n}.json")
                summaries.append(lighthouse_summary(report))
            perf = sorted(s.get("performance", 0) for s in summaries)
            last = summaries[-1]
            rows.append([page, median(perf), f"{perf[0]}–{perf[-1]}",
                         *(last.get(c, "-") for c in CATEGORIES[1:]),
                         median([s.get("TBT", 0) for s in summaries]), median([s.get("LCP", 0) for s in summaries])])
            for category in CATEGORIES[1:]:
                if last.get(category, 100) < 100:
                    notes.append(f"  {page}: {category} {last[category]}: " + ", ".join(failed_audits(report, category)))
            print(f"  {page}: performance {perf}", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
    version = json.loads((CACHE / "node_modules/lighthouse/package.json").read_text())["version"]
    chromium = re.search(r"[\d.]{5,}", subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout)
    print(f"\nLighthouse {version}, mobile, simulated slow 4G, Chromium {chromium.group(0) if chromium else '?'}; "
          f"performance: median of {runs} runs (range); the rest: the last run; TBT and LCP: medians:")
    print("\n".join(table(rows, ["page", "perf", "range", "a11y", "best-pr", "SEO", "TBT ms", "LCP ms"])))
    if notes:
        print("Points lost:\n" + "\n".join(notes))


if __name__ == "__main__":
    sys.exit(main())
