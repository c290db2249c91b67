"""Check that the built site loads nothing from another host: no CDN, no web fonts, no embeds.

    python -m scripts.check_external_loads [--site site]

Links a reader clicks may go anywhere; what a page *loads* (scripts, styles, fonts, images,
frames, CSS url() and @import, URLs in the site's own scripts) must come from the site itself.
Prints one line per external load and exits 1 if any.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from sce.htmltokens import parse_page

# <link rel=...> values that make the browser fetch (or connect to) the URL.
LOADING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload", "modulepreload",
    "prefetch", "preconnect", "dns-prefetch", "prerender", "mask-icon",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
JS_URL = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""")
# Material's own bundle names a CDN copy of mermaid, fetched only on pages with a mermaid
# diagram; pages are checked for those separately (MERMAID_MARKER), so the bundle is skipped.
MATERIAL_BUNDLE = "assets/javascripts/"
MERMAID_MARKER = re.compile(r"""class=["'][^"']*\bmermaid\b""")


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def check_site(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*")):
        shown = path.relative_to(site)
        if path.suffix == ".html":
            page = parse_page(path.read_text(encoding="utf-8", errors="replace"))
            for link in page.links:
                if link.tag == "a" or link.tag == "area":
                    continue
                if link.tag == "link" and not (set(link.rel.split()) & LOADING_RELS):
                    continue  # canonical, alternate, license: not loaded
                if is_external(link.url):
                    problems.append(f"{shown}: <{link.tag} {link.attr}> loads {link.url}")
            if MERMAID_MARKER.search(path.read_text(encoding="utf-8", errors="replace")):
                problems.append(f"{shown}: has a mermaid diagram, which Material loads from a CDN")
        elif path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                url = match.group(1) or match.group(2)
                if is_external(url):
                    problems.append(f"{shown}: CSS loads {url}")
        elif path.suffix in (".js", ".mjs") and not str(shown).startswith(MATERIAL_BUNDLE):
            for match in JS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                problems.append(f"{shown}: script names external URL {match.group(1)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="built site directory")
    args = parser.parse_args(argv)
    if not args.site.is_dir() or not any(args.site.rglob("*.html")):
        print(f"{args.site}: no built site here (run 'make build' first)")
        return 1
    problems = check_site(args.site)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} external load(s)", file=sys.stderr)
        return 1
    print(f"{args.site}: nothing is loaded from another host")
    return 0


if __name__ == "__main__":
    sys.exit(main())
