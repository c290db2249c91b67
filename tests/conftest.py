"""Shared fixtures: the real site, built once and served on 127.0.0.1; small fixture sites.

`make test` builds the site first and passes its directory in SCE_SITE_DIR; run on its own,
pytest builds it into a temporary directory.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    given = os.environ.get("SCE_SITE_DIR")
    if given:
        path = (ROOT / given).resolve()
        assert (path / "index.html").exists(), f"SCE_SITE_DIR={given} has no built site"
        return path
    path = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(path)],
        cwd=ROOT, env=MKDOCS_ENV, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"the site does not build:\n{result.stderr}"
    # As `make build` does: the post-build passes, the PDFs and the offline zip (pages link them).
    for script in ("scripts.postbuild", "scripts.build_pdf", "scripts.build_offline"):
        result = subprocess.run([sys.executable, "-m", script, "--site-dir", str(path)],
                                cwd=ROOT, env=MKDOCS_ENV, capture_output=True, text=True)
        assert result.returncode == 0, f"{script} failed:\n{result.stderr}"
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class FixtureSite:
    """A small copy of the project (same config, hooks and overrides) with pages of our choosing."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("hooks", "overrides"):
            shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
        (root / "docs").mkdir()

    def write(self, pages: dict[str, str], bib: str, nav: list[str] | None = None) -> None:
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        nav_lines = "\n".join(f"  - {name}" for name in (nav or sorted(pages)))
        config = re.sub(r"(?m)^nav:\n(?:[ \t]+.*\n|\n)*", f"nav:\n{nav_lines}\n\n", config)
        config = re.sub(r"(?ms)^extra_css:\n(  - .*\n)+", "", config)
        (self.root / "mkdocs.yml").write_text(config, encoding="utf-8")
        (self.root / "bibliography.bib").write_text(bib, encoding="utf-8")
        for name, text in pages.items():
            path = self.root / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def build(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=self.root, env=MKDOCS_ENV, capture_output=True, text=True,
        )


@pytest.fixture
def fixture_site(tmp_path) -> FixtureSite:
    return FixtureSite(tmp_path)
