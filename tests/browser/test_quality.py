"""Quality gates on every built page, in a real browser: accessibility, privacy, security.

Every page is loaded once in light and once in dark colour scheme, on an emulated phone, from a
server that publishes the site under site_url's path (as GitHub Pages does, so 404.html finds
its assets) and sends the headers of the generated `_headers` file, as Netlify or Cloudflare
Pages would: the page is held to both its <meta> policy and the header policy. One browser
context visits every page; the tests below read what the visits recorded.

Speed (about 6 s a page on a 2-core machine): axe runs every rule in the light scheme and
only the colour rules in the dark one (nothing else depends on the scheme); the search index is
requested as usual but answered with an empty one, so that the search worker does not spend a
core indexing the whole site on every page while axe measures contrast. Search itself is
tested in test_search.py.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
from sce import material as sce_material
from sce.postbuild.styles import selectors
from sce import pageweight as page_weight

PHONE = {"viewport": {"width": 412, "height": 915}, "device_scale_factor": 2.625,
         "is_mobile": True, "has_touch": True}
SCHEMES = ("light", "dark")
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
                "resultTypes": ["violations"]}
# Does any element match a selector that sce/postbuild/ dropped from Material's CSS? States
# (:hover, :focus, ...) and pseudo-elements are removed first, so a selector matches if the
# element it styles exists in any state.
MATCHES_DROPPED = """selectors => selectors.filter(s => {
  const bare = s.replace(/::?[a-z-]+(?![a-z-]*\\()/gi, m =>
      /^:(first|last|only|nth|root|empty|not|is|where|has)/i.test(m) ? m : "");
  try { return bare.trim() && document.querySelector(bare) !== null; } catch (e) { return false; }
})"""
# Widget controls a keyboard cannot reach: visible, enabled, yet not focusable with Tab. In a
# radio group one radio takes Tab and the arrow keys move between them, so a group counts once.
UNREACHABLE_CONTROLS = """() => {
  const out = [], groups = new Set();
  for (const el of document.querySelectorAll(
      "[data-widget] :is(button, input, select, textarea, a[href], summary, [role=button], [role=tab], [role=checkbox], [role=switch], [role=slider], [role=radio])")) {
    if (el.disabled || !el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    if (el.type === "radio" || el.getAttribute("role") === "radio" || el.getAttribute("role") === "tab") {
      const group = el.name || el.closest("[role=radiogroup], [role=tablist]");
      if (groups.has(group)) continue;
      const members = el.type === "radio" ? document.getElementsByName(el.name) : group.querySelectorAll("[role=radio], [role=tab]");
      groups.add(group);
      if ([...members].some(m => m.tabIndex >= 0)) continue;
    } else if (el.tabIndex >= 0) {
      el.focus();
      if (document.activeElement === el) continue;
    }
    out.push(el.outerHTML.slice(0, 120));
  }
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
  return out;
}"""
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def headers_from_file(text: str) -> list[tuple[str, str]]:
    """The headers `_headers` gives every path ("/*"), as (name, value)."""
    headers, applies = [], False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            applies = line.strip() == "/*"
        elif applies:
            name, _, value = line.strip().partition(":")
            headers.append((name.strip(), value.strip()))
    return headers


class _SiteHandler(SimpleHTTPRequestHandler):
    base_path = "/"
    extra_headers: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = urlsplit(path).path
        inside = path[len(self.base_path) - 1:] if path.startswith(self.base_path) else "/__outside__"
        return super().translate_path(inside)

    def end_headers(self):
        for name, value in self.extra_headers:
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def served(site_dir):
    """The site's URL under site_url's path, with the _headers headers on every response."""
    base_path = page_weight.base_path_of(ROOT / "mkdocs.yml")
    headers_file = site_dir / "_headers"
    assert headers_file.is_file(), "the build wrote no _headers file (sce/postbuild/security.py)"
    handler = type("Handler", (_SiteHandler,), {
        "base_path": base_path, "extra_headers": headers_from_file(headers_file.read_text(encoding="utf-8"))})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{base_path}", base_path
    server.shutdown()


@pytest.fixture(scope="module")
def dropped_selectors(site_dir) -> list[str]:
    """Selectors of Material's stylesheet that the built site's copy no longer has."""
    import material

    original = next((Path(material.__file__).parent / "templates/assets/stylesheets").glob("main.*.min.css"))
    built = site_dir / "assets/stylesheets" / original.name
    # Material's table selectors are rewritten, not dropped (sce_material.restyle_marked_tables).
    before = sce_material.restyle_marked_tables(original.read_text(encoding="utf-8"))
    dropped = selectors(before) - selectors(built.read_text(encoding="utf-8"))
    assert len(dropped) > 100, "Material's stylesheet was not pruned (sce/postbuild/)"
    return sorted(dropped)


@dataclass
class Visit:
    page: str
    scheme: str
    shown_scheme: str = ""
    violations: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)  # site-relative paths
    styled_by_dropped: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def visits(new_page, served, site_dir, dropped_selectors):
    from axe_playwright_python.sync_playwright import Axe

    url, base_path = served
    axe = Axe()
    pg = new_page(**PHONE)
    pg.context.add_init_script(CSP_LISTENER)
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    empty_index = json.dumps({"config": index["config"], "docs": []})
    pg.route("**/search/search_index.json",
             lambda r: r.fulfill(status=200, content_type="application/json", body=empty_index))
    fetched: list[str] = []
    pg.on("request", lambda r: fetched.append(r.url))
    done: list[Visit] = []
    try:
        for page in page_weight.site_pages(site_dir):
            for scheme in SCHEMES:
                # Reduced motion: Material then drops its transitions, so that axe never measures
                # the contrast of a header title caught half-way through fading in.
                pg.emulate_media(color_scheme=scheme, reduced_motion="reduce")
                fetched.clear()
                pg.outside_requests.clear()
                pg.errors.clear()
                pg.goto(url + page, wait_until="networkidle" if scheme == "light" else "load")
                visit = Visit(page, scheme)
                visit.shown_scheme = pg.evaluate("document.body.getAttribute('data-md-color-scheme')")
                visit.csp = pg.evaluate("window.__cspViolations")
                if scheme == "light":
                    visit.styled_by_dropped = pg.evaluate(MATCHES_DROPPED, dropped_selectors)
                    visit.unreachable = pg.evaluate(UNREACHABLE_CONTROLS)
                results = axe.run(pg) if scheme == "light" else axe.run(pg, options=COLOUR_RULES)
                for v in results.response["violations"]:
                    targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
                    visit.violations.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} — {targets}")
                visit.outside = list(pg.outside_requests)
                visit.errors = list(pg.errors)
                visit.fetched = [urlsplit(u).path[len(base_path):] for u in fetched
                                 if urlsplit(u).path.startswith(base_path)]
                done.append(visit)
        cookies = pg.context.cookies()
        document_cookie = pg.evaluate("document.cookie")
    finally:
        pg.context.close()
    return done, cookies, document_cookie


def _problems(visits, attribute: str) -> list[str]:
    return [f"{v.page} ({v.scheme}): {item}" for v in visits[0] for item in getattr(v, attribute)]


def test_every_page_was_visited_in_both_schemes(visits, site_dir):
    pages = page_weight.site_pages(site_dir)
    assert len(pages) >= 15 and "index.html" in pages and "404.html" in pages
    assert len(visits[0]) == 2 * len(pages)
    # The dark run really was dark: Material followed the emulated preference.
    shown = {(v.scheme, v.shown_scheme) for v in visits[0]}
    assert shown == {("light", "default"), ("dark", "slate")}, shown


def test_axe_finds_no_violations(visits):
    problems = _problems(visits, "violations")
    assert not problems, "\n".join(problems)


def test_no_request_leaves_the_site(visits):
    problems = _problems(visits, "outside")
    assert not problems, "\n".join(problems)


def test_no_console_errors(visits):
    problems = _problems(visits, "errors")
    assert not problems, "\n".join(problems)


def test_no_content_security_policy_violations(visits):
    problems = _problems(visits, "csp")
    assert not problems, "\n".join(problems)


def test_no_cookies(visits):
    _, cookies, document_cookie = visits
    assert cookies == [] and document_cookie == ""


def test_pages_fetch_nothing_the_weight_budget_leaves_out(visits, site_dir):
    """scripts/page_weight.py's idea of a first load matches what the browser does."""
    after_load = set(page_weight.search_files(site_dir))
    problems = []
    for v in visits[0]:
        counted = set(page_weight.first_load_files(site_dir, v.page, page_weight.base_path_of(ROOT / "mkdocs.yml")))
        extra = sorted(set(v.fetched) - counted - after_load)
        if extra:
            problems.append(f"{v.page}: fetched but not counted: {', '.join(extra)}")
    assert not problems, "\n".join(problems)


def test_pruned_theme_css_lost_no_rule_a_page_uses(visits):
    problems = _problems(visits, "styled_by_dropped")
    assert not problems, "\n".join(problems[:30])


def test_every_widget_control_is_reachable_by_keyboard(visits):
    problems = _problems(visits, "unreachable")
    assert not problems, "\n".join(problems[:30])


def test_no_page_is_wider_than_a_small_phone(new_page, served, site_dir):
    """Nothing sticks out sideways at 320 px (an older or small phone): a page that does can be
    dragged sideways, and on some phones is shown zoomed out. Wide tables scroll in their box."""
    pg = new_page(**{**PHONE, "viewport": {"width": 320, "height": 640}})
    widths = _on_every_page(pg, served[0], site_dir, "document.documentElement.scrollWidth")
    wide = [f"{page}: {width} px" for page, width in widths.items() if width > 320]
    assert not wide, "wider than the screen:\n" + "\n".join(wide)


def test_printed_pages_fit_the_paper_and_cut_no_table_off(new_page, served, site_dir):
    """In print nothing scrolls: a table sideways-scrolling on screen must fit the printed page,
    or its right-hand columns are lost (a box that clips) or the whole document is shrunk to fit
    it. 612 px is an A4 page less the book's margins (scripts/build_pdf.css), at 96 px an inch."""
    width = 612
    pg = new_page(viewport={"width": width, "height": 900})
    pg.emulate_media(media="print")
    found = _on_every_page(pg, served[0], site_dir, """() => [document.documentElement.scrollWidth,
        Array.from(document.querySelectorAll(".md-typeset__scrollwrap"))
          .filter(box => box.scrollWidth > box.clientWidth + 1)
          .map(box => box.querySelector("caption, th")?.textContent.trim().slice(0, 40))]""")
    problems = [f"{page}: {wide} px wide; tables cut off: {cut}" for page, (wide, cut) in found.items()
                if wide > width or cut]
    assert not problems, "\n".join(problems)


def _on_every_page(pg, url: str, site_dir, script: str) -> dict:
    """What `script` evaluates to on each built page, loaded in `pg` (closed afterwards)."""
    try:
        results = {}
        for page in page_weight.site_pages(site_dir):
            pg.goto(url + page, wait_until="load")
            results[page] = pg.evaluate(script)
        return results
    finally:
        pg.context.close()


# --- Keyboard, focus and motion, on the home page and the first chapter -------------------------

@pytest.fixture
def phone_page(new_page, served):
    pg = new_page(**PHONE)
    yield pg, served[0]
    pg.context.close()
    assert not pg.outside_requests and not pg.errors, pg.outside_requests + pg.errors


def test_first_tab_reaches_a_visible_skip_link_to_the_content(phone_page):
    pg, url = phone_page
    pg.goto(url + "chapters/01-what-social-credit-means.html")
    pg.keyboard.press("Tab")
    skip = pg.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return {cls: a.className, text: a.textContent.trim(), href: a.getAttribute("href"),
                visible: r.width > 0 && r.top >= 0 && r.bottom <= innerHeight}; }""")
    assert "md-skip" in skip["cls"].split() and skip["text"] == "Skip to content" and skip["visible"], skip
    pg.keyboard.press("Enter")
    assert pg.evaluate("location.hash") == skip["href"]


def test_focus_is_visible_on_links_and_buttons(phone_page):
    pg, url = phone_page
    pg.goto(url + "about.html")
    for selector in (".md-typeset p a[href]", ".md-typeset .md-button", ".md-footer__link"):
        pg.locator("body").focus()
        for _ in range(400):  # Tab until the first such element has focus
            pg.keyboard.press("Tab")
            if pg.evaluate("s => document.activeElement.matches(s)", selector):
                break
        else:
            pytest.fail(f"Tab never reached {selector}")
        style = pg.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")
        assert (style["outline"] != "none" and style["width"] > 0) or style["shadow"] != "none", (selector, style)


def test_reduced_motion_is_respected(phone_page):
    pg, url = phone_page
    moving = """() => [...document.querySelectorAll("*")].filter(e => { const s = getComputedStyle(e);
        return s.transitionDuration.split(",").some(d => parseFloat(d) > 0.01)
            || (s.animationName !== "none" && parseFloat(s.animationDuration) > 0.01); }).length"""
    pg.goto(url + "index.html")
    assert pg.evaluate(moving) > 0  # so that the check below can fail
    pg.emulate_media(reduced_motion="reduce")
    pg.goto(url + "index.html")
    assert pg.evaluate(moving) == 0
    assert pg.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"


def test_light_or_dark_follows_the_system_until_the_reader_chooses(phone_page):
    """A reader whose system turns dark sees the dark scheme on the next page, unless the reader
    picked a scheme with the toggle: then that choice holds, whatever the system says."""
    pg, url = phone_page
    shown = "document.body.getAttribute('data-md-color-scheme')"
    pg.emulate_media(color_scheme="light")
    pg.goto(url + "index.html")
    assert pg.evaluate(shown) == "default"
    pg.emulate_media(color_scheme="dark")
    pg.goto(url + "about.html")
    assert pg.evaluate(shown) == "slate"
    pg.locator("label[for='__palette_0']:visible").click()  # "Switch to light mode"
    assert pg.evaluate(shown) == "default"
    pg.goto(url + "index.html")
    assert pg.evaluate(shown) == "default"  # the reader's choice, not the system's
