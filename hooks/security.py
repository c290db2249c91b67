"""Security headers: one Content-Security-Policy and one Referrer-Policy, as <meta> and as _headers.

Every page gets, right after <meta charset>:

    <meta http-equiv="Content-Security-Policy" content="...">   (the policy below)
    <meta name="referrer" content="no-referrer">

and the build writes `_headers` (Netlify / Cloudflare Pages format) with the same policy plus the
headers a <meta> cannot carry. GitHub Pages ignores `_headers`, so the <meta> tags are what
protect readers there; a host that sends the headers gets both, and a browser enforces both.

Material writes three small inline scripts (storage helpers, the saved light/dark choice before
first paint, opening a linked content tab) and overrides/main.html one (<html class="js" before
anything is styled). They must run before the page is drawn, so they stay inline and the policy
allows exactly them by SHA-256 hash, computed here from the final HTML. No
'unsafe-inline' and no 'unsafe-eval' for scripts: an injected <script> or onclick= does not run.

The offline copy (SCE_OFFLINE=true) is opened from disk, where no header applies; its
web-worker shim (extra.polyfills) writes an inline script into an iframe whose text contains the
install path and the time, so no hash can allow it. There the policy allows inline scripts and
still refuses every other host. The public site does not load that shim at all: over http it
does nothing, and opened from disk it would only trip the policy. `mkdocs serve` injects its own
inline live-reload script into every page, so while serving the policy allows inline scripts too.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.plugins import event_priority

REFERRER = "no-referrer"
# Executable inline scripts: no src, and no type or a JavaScript one (JSON data blocks do not run).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
SCRIPT_TYPE = re.compile(r"""\btype=["']?([^"'\s>]+)""", re.I)
JS_TYPES = {"text/javascript", "application/javascript", "module"}
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

_hashes: set[str] = set()
_serving: list[bool] = [False]


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' for every inline script that a browser would run, in page order."""
    found = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        kind = SCRIPT_TYPE.search(attrs)
        if kind is None or kind.group(1).lower() in JS_TYPES:
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found.append(f"'sha256-{digest}'")
    return found


def policy(script_hashes: list[str] | set[str], allow_inline: bool = False) -> str:
    """The Content-Security-Policy: this site's own files only; inline scripts by hash."""
    inline = ["'unsafe-inline'"] if allow_inline else sorted(set(script_hashes))
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *inline]),
        # The SVG figures style their shapes with style="" attributes (as matplotlib and our
        # Graphviz post-processing write them). Inline CSS cannot run code; scripts stay strict.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",       # Material's icons are data: SVGs in its CSS
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",          # the search worker
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ])


def headers_file(csp: str) -> str:
    """_headers for every path: the policy, and what only a header can say."""
    lines = [
        "# Written by hooks/security.py at build time: do not edit.",
        "/*",
        f"  Content-Security-Policy: {csp}",
        f"  Referrer-Policy: {REFERRER}",
        "  X-Content-Type-Options: nosniff",
        "  Cross-Origin-Opener-Policy: same-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ]
    return "\n".join(lines) + "\n"


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def _inline_allowed(config) -> bool:
    return _serving[0] or _offline(config)


def on_startup(command, dirty):
    _serving[0] = command == "serve"


def on_config(config):
    if not _offline(config):
        polyfills = config.extra.get("polyfills") or []
        config.extra["polyfills"] = [p for p in polyfills if "iframe-worker" not in str(p)]
    return config


def on_pre_build(config):
    _hashes.clear()


def with_policy(output: str, config) -> str:
    hashes = inline_script_hashes(output)
    _hashes.update(hashes)
    csp = policy(hashes, _inline_allowed(config))
    tags = (f'\n<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f'\n<meta name="referrer" content="{REFERRER}">')
    match = CHARSET.search(output)
    if not match:  # not a Material page (e.g. a redirect stub): put the tags first in <head>
        return re.sub(r"<head>", "<head>" + tags, output, count=1, flags=re.I)
    return output[: match.end()] + tags + output[match.end():]


@event_priority(-100)  # last: the inline scripts must be final when they are hashed
def on_post_page(output, page, config):
    return with_policy(output, config)


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html"):  # 404.html; sitemap.xml is left alone
        return with_policy(output_content, config)
    return output_content


def on_post_build(config):
    csp = policy(_hashes, _inline_allowed(config))
    Path(config.site_dir, "_headers").write_text(headers_file(csp), encoding="utf-8")
