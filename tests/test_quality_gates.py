"""Quality gates over the built files: page weight, search and link previews, security policy,
privacy, and the site's own JavaScript. The same gates in a browser: tests/browser/test_quality.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rcssmin

from sce import accessibility, material, postbuild
from sce.markup import HAN
from sce.postbuild import security
from sce.yamlfile import read_config
from sce import pageweight as page_weight

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = read_config(ROOT / "mkdocs.yml")["site_url"]
OWN_JS = sorted((ROOT / "docs" / "assets" / "js").rglob("*.js"))
# Chinese characters (CJK Unified Ideographs, extension A, compatibility ideographs).
CJK = re.compile(f"[{HAN}]")
# Where a browser fetches a URL by itself (not a link a reader follows).
LOADING = {("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"),
           ("embed", "src"), ("object", "data"), ("video", "poster")}


class PageFacts(HTMLParser):
    """What the quality gates read from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.handlers: list[str] = []
        self.loads: list[str] = []
        self.first_head_tags: list[str] = []
        self.lang_stack: list[tuple[str, str]] = []
        self.html_lang = ""
        self.unmarked_chinese: list[str] = []
        self._in_head = False
        self._skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag == "head":
            self._in_head = True
        elif self._in_head and len(self.first_head_tags) < 4:
            self.first_head_tags.append(tag if tag != "meta" else "meta " + (
                a.get("http-equiv") or a.get("name") or ("charset" if "charset" in a else "")).lower())
        if tag == "meta":
            key = a.get("name") or a.get("property") or a.get("http-equiv", "").lower()
            if key:
                self.meta[key] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href", "")
        self.handlers += [f"<{tag} {k}=...>" for k in a if k.startswith("on")]
        self.handlers += [f"<{tag} {k}={v}>" for k, v in a.items() if v.strip().lower().startswith("javascript:")]
        fetched = tag != "link" or set(a.get("rel", "").split()) & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
        if fetched:  # canonical, prev/next and license links are not fetched
            self.loads += [a[attr] for t, attr in LOADING if t == tag and a.get(attr)]
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in ("meta", "link", "br", "img", "input", "hr", "wbr", "source", "area", "col"):
            self.lang_stack.append((tag, a.get("lang", "")))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag in ("script", "style"):
            self._skip -= 1
        for i in range(len(self.lang_stack) - 1, -1, -1):
            if self.lang_stack[i][0] == tag:
                del self.lang_stack[i:]
                break

    def handle_data(self, data):
        if self._skip or not CJK.search(data):
            return
        langs = [lang for _, lang in self.lang_stack if lang]
        if not (langs and langs[-1].lower().startswith("zh")):
            self.unmarked_chinese.append(data.strip()[:40])


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, tuple[str, PageFacts]]:
    out = {}
    for page in page_weight.site_pages(site_dir):
        html = (site_dir / page).read_text(encoding="utf-8")
        facts = PageFacts()
        facts.feed(html)
        out[page] = (html, facts)
    return out


def content_pages(pages):
    return {name: value for name, value in pages.items() if name != "404.html"}


# --- Speed --------------------------------------------------------------------------------------

def test_first_load_of_every_page_is_within_budget(site_dir):
    base = page_weight.base_path_of(ROOT / "mkdocs.yml")
    lines, problems = page_weight.report(site_dir, base_path=base)
    assert not problems, "\n".join(problems + [""] + lines)
    weights = page_weight.page_weights(site_dir, base)
    # The budget measures real pages: Material's bundle and the page itself are in every load.
    assert all(w.files[0] == w.page and any("bundle" in f for f in w.files) for w in weights)


def test_theme_stylesheets_are_pruned_and_own_styles_bundled(site_dir, pages):
    main = next(site_dir.glob("assets/stylesheets/main.*.min.css"))
    assert main.stat().st_size < 100_000, f"{main.name}: {main.stat().st_size} bytes, unpruned? (sce/postbuild/)"
    html, _ = pages["index.html"]
    own = re.findall(r'<link rel="stylesheet" href="assets/css/([^"]+)"', html)
    assert own == ["site-bundle.css"], own
    bundle = (site_dir / postbuild.CSS_BUNDLE).read_text(encoding="utf-8")
    # Every own stylesheet is in it, minified.
    for path in sorted(site_dir.glob("assets/css/*.css")):
        if path.name != "site-bundle.css":
            minified = rcssmin.cssmin(path.read_text(encoding="utf-8"))
            assert minified in bundle, f"{path.name} is not in {postbuild.CSS_BUNDLE}"


def test_tables_hold_only_table_markup(pages):
    # A <p> between table parts (say, around a <caption>) is moved out of the table by browsers
    # and leaves an empty paragraph above it.
    stray = []
    for name, (html, _) in content_pages(pages).items():
        for table in re.findall(r"(?s)<table\b.*?</table>", html):
            skeleton = re.sub(r"(?s)<(caption|td|th)\b.*?</\1>", "", table)
            if "<p" in skeleton:
                stray.append(f"{name}: {table[:80]}")
    assert not stray, stray


def test_pages_carry_no_template_indentation(pages):
    html, _ = pages["chapters/01-what-social-credit-means.html"]
    outside_pre = re.sub(r"(?s)<(pre|textarea|script|style)\b.*?</\1>", "", html)
    assert not re.search(r"\n[ \t]+<", outside_pre)


# --- Search engines and link previews -----------------------------------------------------------

def test_every_page_has_its_own_written_description(pages):
    seen: dict[str, str] = {}
    for name, (_, facts) in content_pages(pages).items():
        description = facts.meta.get("description", "")
        assert 50 <= len(description) <= 300, f"{name}: meta description of {len(description)} characters"
        assert description not in seen, f"{name}: same description as {seen.get(description)}"
        seen[description] = name
        assert facts.meta.get("og:description") == description, name
        assert facts.meta.get("og:title") and facts.meta.get("og:type"), name


def test_canonical_urls_sitemap_and_robots(site_dir, pages):
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for name, (_, facts) in content_pages(pages).items():
        url = SITE_URL + name
        assert facts.canonical == url, f"{name}: canonical {facts.canonical!r}"
        assert facts.meta.get("og:url") == url, name
        assert f"<loc>{url}</loc>" in sitemap, f"{name} is not in sitemap.xml"
    robots = (site_dir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots.splitlines()


# --- Security -----------------------------------------------------------------------------------

def test_every_page_states_its_policy_before_anything_loads(pages):
    for name, (html, facts) in pages.items():
        assert facts.first_head_tags[:3] == [
            "meta charset", "meta content-security-policy", "meta referrer"], f"{name}: {facts.first_head_tags}"
        assert facts.meta["referrer"] == "no-referrer", name
        csp = facts.meta["content-security-policy"]
        script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in csp, f"{name}: {csp}"
        assert "default-src 'self'" in csp and "object-src 'none'" in csp, name
        for body in re.findall(r"<script>(.*?)</script>", html, re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in script_src, f"{name}: inline script not in the policy: {body[:60]}"


def test_headers_file_carries_the_same_policy(site_dir, pages):
    headers = (site_dir / "_headers").read_text(encoding="utf-8")
    header_csp = re.search(r"^  Content-Security-Policy: (.+)$", headers, re.M).group(1)
    assert "Referrer-Policy: no-referrer" in headers and "X-Content-Type-Options: nosniff" in headers
    for name, (_, facts) in pages.items():
        meta = facts.meta["content-security-policy"]
        page_hashes = set(re.findall(r"'sha256-[^']+'", meta))
        assert page_hashes <= set(re.findall(r"'sha256-[^']+'", header_csp)), name
        assert re.sub(r"'sha256-[^']+' ?", "", meta) == re.sub(r"'sha256-[^']+' ?", "", header_csp), name


def test_inline_scripts_come_from_the_theme_only(pages):
    """A page's own content never carries an inline script: every page has the same few
    (Material's three, and overrides/main.html's two: `<html class="js">` and the light/dark
    choice), which differ only in the relative path to the site root."""
    variants = set()
    for html, _ in pages.values():
        found = [re.sub(r'new URL\("[^"]*"', 'new URL("ROOT"', body)
                 for body in re.findall(r"<script>(.*?)</script>", html, re.S)]
        variants.add(tuple(found))
    assert len(variants) == 1, f"{len(variants)} different sets of inline scripts"
    assert len(next(iter(variants))) <= 5


def test_no_inline_event_handlers_or_javascript_urls(pages):
    problems = [f"{name}: {h}" for name, (_, facts) in pages.items() for h in facts.handlers]
    assert not problems, "\n".join(problems[:20])


def test_nothing_is_loaded_over_plain_http(pages):
    problems = [f"{name}: {url}" for name, (_, facts) in pages.items() for url in facts.loads
                if urlsplit(url).scheme not in ("", "https", "data")]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", OWN_JS, ids=lambda p: p.name)
def test_own_javascript_never_evaluates_strings_or_inserts_html(path):
    """Reader input (and any other string) is only ever inserted as text."""
    code = re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    banned = re.compile(r"\beval\s*\(|\bnew\s+Function\b|\bset(?:Timeout|Interval)\s*\(\s*['\"`]"
                        r"|\.(?:inner|outer)HTML\b|\binsertAdjacentHTML\b|\bdocument\.write|\bcreateContextualFragment\b")
    assert not banned.findall(code), f"{path.relative_to(ROOT)}: {banned.findall(code)}"


def test_policy_functions():
    html = ('<script>a()</script><script type="application/json">{}</script>'
            '<script src="x.js"></script><script type="module">b()</script>')
    hashes = security.inline_script_hashes(html)
    assert len(hashes) == 2 and all(h.startswith("'sha256-") for h in hashes)
    assert "'unsafe-inline'" in security.policy(hashes, allow_inline=True).split("; ")[1]
    assert hashes[0] in security.policy(hashes)
    assert "Content-Security-Policy: default-src" in security.headers_file(security.policy(hashes))


# --- Privacy and language -----------------------------------------------------------------------

def test_no_analytics_or_third_party_embeds(pages, site_dir):
    trackers = re.compile(r"google-analytics\.com|googletagmanager|\bgtag\(|plausible\.io|matomo\.js|_paq\.push"
                          r"|<iframe|connect\.facebook|platform\.twitter")
    for name, (html, _) in pages.items():
        assert not trackers.search(html), f"{name}: {trackers.search(html).group(0)}"
    for js in site_dir.rglob("*.js"):
        assert not trackers.search(js.read_text(encoding="utf-8", errors="replace")), js


def test_language_is_declared_and_chinese_is_marked(pages):
    problems = []
    for name, (_, facts) in pages.items():
        if facts.html_lang != "en":
            problems.append(f"{name}: <html lang={facts.html_lang!r}>")
        problems += [f"{name}: Chinese text outside lang=\"zh…\": {text!r}" for text in facts.unmarked_chinese]
    assert not problems, "\n".join(problems[:30])


def test_chinese_text_is_wrapped_once_and_tables_take_focus():
    html = ('<p>Baihang (百行征信), <span lang="zh-Hans">社会信用</span>, 发改财金〔2018〕277号'
            '<a title="中">华为</a><script>var s = "中";</script></p><table><tr><td>x</td></tr></table>')
    out = accessibility.mark_chinese(accessibility.focusable_tables(html))
    assert '(<span lang="zh">百行征信</span>)' in out
    assert '<span lang="zh-Hans">社会信用</span>' in out and out.count('lang="zh"') == 3
    assert '<span lang="zh">发改财金〔2018〕277号</span>' in out and 'title="中"' in out
    assert '<script>var s = "中";</script>' in out and '<table tabindex="0">' in out


def test_descriptions_are_escaped_once(tmp_path):
    meta = {"description": 'What the term "social credit"\n  means'}
    material.escape_description(meta)
    material.escape_description(meta)
    assert str(meta["description"]) == "What the term &#34;social credit&#34; means"
