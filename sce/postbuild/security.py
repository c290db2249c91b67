"""Security headers: one Content-Security-Policy and one Referrer-Policy, as <meta> and as _headers.

Every page gets, right after <meta charset>:

    <meta http-equiv="Content-Security-Policy" content="...">   (the policy below)
    <meta name="referrer" content="no-referrer">

and site/_headers (Netlify / Cloudflare Pages format) gets the same policy plus the headers a
<meta> cannot carry. GitHub Pages ignores `_headers`, so the <meta> tags are what protect readers
there; a host that sends the headers gets both, and a browser enforces both.

Material writes three small inline scripts (storage helpers, the saved light/dark choice before
first paint, opening a linked content tab) and overrides/main.html two (<html class="js"> before
anything is styled; a stored light/dark scheme dropped unless the reader chose it). They must run before the page is drawn, so they stay inline and the policy
allows exactly them by SHA-256 hash, computed from the final HTML. No 'unsafe-inline' and no
'unsafe-eval' for scripts: an injected <script> or onclick= does not run.

The offline copy is opened from disk, where no header applies; its web-worker shim writes an
inline script into an iframe whose text contains the install path and the time, so no hash can
allow it. There the policy allows inline scripts and still refuses every other host.
"""

from __future__ import annotations

import base64
import hashlib

from sce.htmltokens import Event, events, inline_scripts

REFERRER = "no-referrer"
JS_TYPES = {"text/javascript", "application/javascript", "module"}

def inline_script_hashes(html: str, parsed: list[Event] | None = None) -> list[str]:
    """'sha256-...' for every inline script that a browser would run, in page order
    (no type, or a JavaScript one: JSON data blocks do not run)."""
    found = []
    for attrs, body in inline_scripts(html, parsed):
        kind = (attrs.get("type") or "").lower()
        if not kind or kind in JS_TYPES:
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
        "# Written by sce/postbuild/security.py at build time: do not edit.",
        "/*",
        f"  Content-Security-Policy: {csp}",
        f"  Referrer-Policy: {REFERRER}",
        "  X-Content-Type-Options: nosniff",
        "  Cross-Origin-Opener-Policy: same-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ]
    return "\n".join(lines) + "\n"


def with_policy(output: str, allow_inline: bool = False) -> tuple[str, set[str]]:
    """The page with the policy first in its <head> (after <meta charset>), and the hashes the
    policy allows."""
    parsed = events(output)
    hashes = inline_script_hashes(output, parsed)
    csp = policy(hashes, allow_inline)
    tags = (f'\n<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f'\n<meta name="referrer" content="{REFERRER}">')
    starts = [e for e in parsed if e.kind in ("start", "startend")]
    anchor = (next((e for e in starts if e.name == "meta" and "charset" in e.attrs), None)
              or next((e for e in starts if e.name == "head"), None))
    at = anchor.end if anchor else 0
    return output[:at] + tags + output[at:], set(hashes)
