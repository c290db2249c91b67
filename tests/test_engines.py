"""The site builds the same with ProperDocs, the maintained continuation of MkDocs 1.x: a later
move off MkDocs (which has no maintainer) must be a change of command, not of site."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# A page not yet committed is dated by the build's own clock, to the second.
BUILD_TIME = re.compile(rb'title="[A-Z][a-z]+ \d{1,2}, \d{4} \d\d:\d\d:\d\d UTC"')


def _files(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith("downloads/"):
            continue
        data = path.read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)  # the archive's header holds a time
        out[name] = BUILD_TIME.sub(b"", GENERATOR.sub(b"", data))
    return out


def test_properdocs_builds_the_same_site_as_mkdocs(site_dir, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--config-file",
                            str(ROOT / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    passes = subprocess.run([sys.executable, "-m", "scripts.postbuild", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert passes.returncode == 0, passes.stderr
    assert b"ProperDocs" in (tmp_path / "site" / "index.html").read_bytes()  # it really was ProperDocs
    ours, theirs = _files(site_dir), _files(tmp_path / "site")
    assert sorted(ours) == sorted(theirs)
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, f"{len(differ)} files differ beyond the generator tag, e.g. {differ[:5]}"
