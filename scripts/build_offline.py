"""Build the offline bundle: the whole site as a zip that works unzipped and opened from disk.

    python -m scripts.build_offline [--site-dir site]

Writes site/downloads/social-credit-explained-offline.zip. The bundle is a second
`mkdocs build --strict` into a temporary directory with SCE_OFFLINE=true, which turns on
Material's offline plugin (search index inlined as a script, so search works from file://), then
the same post-build passes as the public site, with inline scripts allowed (see below). It stays
a second engine run rather than a copy of site/ because making search work from disk means
writing the index in the form Material's script reads it there and loading the shim where
Material's template loads polyfills: both are the offline plugin's business, and copying them
here would tie this script to more of Material's internals. Web
workers cannot start from file://, so the copy also gets the iframe-worker shim (extra.polyfills in
mkdocs.yml), taken from the npm registry with `npm pack` at the version and sha512 pinned below and
cached in .cache/npm/; no third-party file is kept in the repository. The public site is not touched
except for the zip itself. The PDFs of site/downloads/ (run build_pdf.py first) are copied in,
so the bundle's "Download PDF" links work offline too.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from sce import postbuild

ROOT = Path(__file__).resolve().parent.parent
NPM_CACHE = ROOT / ".cache" / "npm"
# The web-worker shim Material's offline plugin expects (it would load it from unpkg): MIT licensed.
SHIM_PACKAGE = "iframe-worker@1.0.4"
SHIM_INTEGRITY = "sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q=="
# Where the shim goes in the copy (the path extra.polyfills names) and what it is taken from.
SHIM_FILES = {"assets/vendor/iframe-worker/shim.js": "package/shim/index.js",
              "assets/vendor/iframe-worker/LICENSE.txt": "package/LICENSE"}
ZIP_NAME = "downloads/social-credit-explained-offline.zip"
TOP = "social-credit-explained"  # the one folder the zip unpacks to
README = """Social Credit, Explained — offline copy

Open index.html in this folder with any web browser. Everything, search included, works
without a network connection. The PDFs are in downloads/.
"""


class OfflineError(Exception):
    """A problem reported as one line."""


def build_offline_site(out: Path, config: Path) -> None:
    env = {**os.environ, "SCE_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(out)],
        cwd=config.parent, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
        raise OfflineError("the offline build failed: " + ("; ".join(lines[:3]) or result.stderr[-500:]))
    if not (out / "search" / "search_index.js").exists():
        raise OfflineError(f"{out}: no search/search_index.js (is the offline plugin in mkdocs.yml?)")
    # Opened from disk no header applies, and the shim writes an inline script whose text depends
    # on where the copy was unzipped: the policy allows inline scripts, and still no other host.
    postbuild.run(out, config, allow_inline_scripts=True)


def integrity(data: bytes) -> str:
    """npm's form of a file's hash, as `npm pack --json` and package-lock.json give it."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_shim(cache: Path = NPM_CACHE) -> Path:
    """The shim's npm tarball, from the cache or the npm registry, checked against SHIM_INTEGRITY."""
    name, version = SHIM_PACKAGE.rsplit("@", 1)
    tarball = cache / f"{name}-{version}.tgz"
    if not tarball.exists():
        if not shutil.which("npm"):
            raise OfflineError(f"the offline copy needs {SHIM_PACKAGE} from the npm registry, and npm is "
                               "not installed (apt-get install nodejs npm)")
        cache.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["npm", "pack", SHIM_PACKAGE, "--pack-destination", str(cache), "--silent"],
                                capture_output=True, text=True)
        if result.returncode != 0 or not tarball.exists():
            detail = (result.stderr.strip().splitlines() or ["no tarball written"])[-1]
            raise OfflineError(f"npm pack {SHIM_PACKAGE} failed: {detail}")
    found = integrity(tarball.read_bytes())
    if found != SHIM_INTEGRITY:
        tarball.unlink()
        raise OfflineError(f"{tarball.name}: integrity {found[:20]}... is not the pinned "
                           f"{SHIM_INTEGRITY[:20]}... (the file was removed; run again)")
    return tarball


def add_shim(tarball: Path, out: Path) -> None:
    with tarfile.open(tarball) as archive:
        for target, member in SHIM_FILES.items():
            source = archive.extractfile(member)
            if source is None:
                raise OfflineError(f"{tarball.name}: no {member}")
            (out / target).parent.mkdir(parents=True, exist_ok=True)
            (out / target).write_bytes(source.read())


def copy_pdfs(site_dir: Path, out: Path) -> int:
    pdfs = sorted((site_dir / "downloads").rglob("*.pdf"))
    if not pdfs:
        raise OfflineError(f"{site_dir / 'downloads'}: no PDFs (run `make pdf` first)")
    for pdf in pdfs:
        target = out / pdf.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(pdf, target)
    return len(pdfs)


def write_zip(folder: Path, zip_path: Path) -> None:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(f"{TOP}/README.txt", README)
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{TOP}/{path.relative_to(folder).as_posix()}")
    partial.replace(zip_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site (default: site)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    args.site_dir = args.site_dir.resolve()  # file:// URLs and subprocesses need an absolute path
    start = time.perf_counter()
    try:
        shim = fetch_shim()
        with tempfile.TemporaryDirectory(prefix="sce-offline-") as tmp:
            out = Path(tmp) / TOP
            build_offline_site(out, args.config.resolve())
            add_shim(shim, out)
            pdfs = copy_pdfs(args.site_dir, out)
            # Opened from disk there is no server to show a 404 page, and its links are absolute.
            (out / "404.html").unlink(missing_ok=True)
            write_zip(out, args.site_dir / ZIP_NAME)
    except OfflineError as error:
        print(f"build_offline: {error}", file=sys.stderr)
        return 1
    size = (args.site_dir / ZIP_NAME).stat().st_size / 1e6
    print(f"build_offline: {ZIP_NAME}: {size:.1f} MB with {pdfs} PDFs in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
