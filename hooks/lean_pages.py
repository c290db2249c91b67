"""Fewer bytes and less work for readers' phones, with nothing a reader can see taken away.

- Material's stylesheet styles every feature Material has (tabs, tags, versions, blog, code
  annotations, ...). After the build, the rules that can match nothing on this site are dropped:
  a rule stays if every class it names occurs in a built page or in a string of the site's
  JavaScript (Material's bundle included, which builds search results and the like), and
  belongs to no Material feature the site leaves off (FEATURES: tooltips, code copy, ...).
  The palette stylesheet keeps only the colours mkdocs.yml uses. Custom properties that no kept
  rule, page or script uses go too (mostly icons drawn as inline SVG for admonition types,
  task lists, tags and versions the site has none of). Together 25 -> 11 KB gzip on every
  first visit. `scripts/page_weight.py` measures the result; tests/test_lean_pages.py checks
  that no dropped rule matches anything on any page.
- The site's own stylesheets (mkdocs.yml extra_css under assets/css/: one per widget) reach the
  reader as one file, assets/css/site-bundle.css, in the same order: one render-blocking request
  instead of a dozen. The separate files are still published.
- That bundle and the site's own scripts (assets/js/) are minified in site/ (rcssmin, rjsmin:
  whitespace and comments only, no renaming), about 4 KB gzip less on a chapter; docs/ keeps the
  commented sources.
- Material's bundle and the site's scripts (extra_javascript) load with `defer`: they no longer
  hold up the first paint of a short page (on the home page Lighthouse counted 0.75 s), and still
  run in the same order, before DOMContentLoaded.
- HTML loses the indentation of its template lines (not inside <pre>, <textarea>, <script>,
  <style>), which whitespace-insensitive rendering never showed.
- Less restyling and relayout while a page loads. On a long chapter a full style recalculation
  costs 30-70 ms at Lighthouse's 4x CPU slowdown, and Material's script caused several (found
  with Chrome's style-invalidation tracing on chapter 2). The three below took chapter 2's
  main-thread work at load, at that slowdown, from 1.8-2.1 s to about 1.7 s, and the tables
  (the first) to about 1.5 s (medians of eight loads: 1.69 -> 1.46 s):
  - it moves every `table:not([class])` into a sideways-scrolling box, and a moved table is laid
    out again from scratch. The box is now written here, exactly as Material builds it, and the
    table inside gets class="sce-table", so Material leaves it where it is; its stylesheet's
    `table:not([class])` becomes `table:is(:not([class]),.sce-table)`, the same specificity, so
    the table looks as before (screenshots of five pages at 412 and 1280 px are pixel-identical).
    Readers without JavaScript get the scrolling box too. The build warns (and so, strict, stops)
    if Material's bundle or stylesheet no longer uses that selector: a Material update could
    then wrap the tables twice, or leave them unstyled.
  - it marks <body> with data-md-color-switching while it applies the light/dark choice at load,
    and the palette stylesheet's `[data-md-color-switching] *` rule (no transitions while colours
    switch) restyles every element, twice. The rule is dropped: a switch may now fade for 0.25 s.
  - overrides/main.html sets <html class="js"> in <head>, before anything is styled, instead of
    Material's script doing it after the page is laid out.
- The search index, which every reader's browser downloads, holds each source once: a page's
  own reference list and its "Cite this page" box stay out, and so do the Bibliography's web
  addresses and source-type labels (lean_search). 194 -> 151 KB gzip.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.lean_pages")

THEME_CSS = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
CLASS_LIST = re.compile(r"\s*-?[A-Za-z_][\w-]*(?:\s+-?[A-Za-z_][\w-]*)*\s*")
TEMPLATE_PREFIX = re.compile(r"(-?[A-Za-z_][\w-]*-)\$\{")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
PALETTE_VALUE = re.compile(r"\[data-md-color-(primary|accent)=[\"']?([\w-]+)")
# Functional pseudo-classes: what is inside need not exist (:not(.x)) or is one of several (:is).
CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:")
VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document")
PRESERVE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t\r\n]+")  # not \s: a no-break space is text
# Sections the search index leaves out (lean_search): hooks/citations.py's "## References" and
# hooks/page_meta.py's "Cite this page"; and where the Bibliography page's list starts (pandoc's).
SEARCH_SKIPS_SECTIONS = ('<h2 id="references"', '<h2 id="cite-this-page"')
BIBLIOGRAPHY = '<div id="refs"'
SHOWN_URL = re.compile(r'<a\s+href="(https?://[^"]+)">(https?://[^<]+)</a>')  # a link whose text is its address
BLOCKING_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
PLAIN_TABLE = re.compile(r"<table(?![^>]*\bclass=)([^>]*)>(.*?)</table>", re.S)  # Material's table:not([class])
MATERIAL_TABLES = "table:not([class])"  # what Material's script wraps and its stylesheet styles
OUR_TABLES = "table:is(:not([class]),.sce-table)"
NO_TRANSITIONS_WHILE_SWITCHING = "[data-md-color-switching]"
MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")

OWN_CSS_DIR = "assets/css/"
OWN_JS = "assets/js/*.js"
CSS_BUNDLE = "assets/css/site-bundle.css"
# Material features this site may not use, by the config that turns each on, and the class
# prefixes of the elements Material's bundle would create for it (so they are not in any page).
FEATURES = (
    ("tabbed-", lambda c: "pymdownx.tabbed" in c.markdown_extensions),
    ("md-tag", lambda c: any(name in c.plugins for name in ("tags", "material/tags"))),
    ("md-version", lambda c: bool(c.extra.get("version"))),
    ("md-annotation", lambda c: "content.code.annotate" in (c.theme.get("features") or [])),
    ("md-tooltip", lambda c: bool({"content.tooltips", "content.footnote.tooltips", "content.code.annotate"}
                                  & set(c.theme.get("features") or []))),
    ("md-code__", lambda c: bool({"content.code.copy", "content.code.select"} & set(c.theme.get("features") or []))),
    ("md-clipboard", lambda c: "content.code.copy" in (c.theme.get("features") or [])),
    # Star and fork counts: overrides/partials/source.html leaves out the component that fetches them.
    ("md-source__fact", lambda c: False),
)

_theme_css: dict[str, Path] = {}
_own_css: list[str] = []


# --- CSS: split, then keep what can match -------------------------------------------------------

def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def css_blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs; body is None for statements such as @charset."""
    out: list[tuple[str, str | None]] = []
    i, n = 0, len(css)
    while i < n:
        j = i
        while j < n and css[j] not in "{;":
            if css[j] in "\"'":
                j = _skip_string(css, j)
            elif css.startswith("/*", j):
                end = css.find("*/", j + 2)
                j = n if end < 0 else end + 2
            else:
                j += 1
        if j >= n:
            break
        prelude = re.sub(r"/\*.*?\*/", "", css[i:j], flags=re.S).strip()
        if css[j] == ";":
            out.append((prelude, None))
            i = j + 1
            continue
        k, depth = j + 1, 1
        while depth:
            if k >= n:
                raise ValueError(f"unbalanced braces after {prelude[:60]!r}")
            if css[k] in "\"'":
                k = _skip_string(css, k)
                continue
            depth += {"{": 1, "}": -1}.get(css[k], 0)
            k += 1
        out.append((prelude, css[j + 1:k - 1]))
        i = k
    return out


def split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return parts


def required_classes(selector: str) -> set[str]:
    """The classes an element chain must have for `selector` to match anything."""
    out, i = [], 0
    while (m := FUNCTIONAL.search(selector, i)):
        out.append(selector[i:m.start()])
        depth, k = 1, m.end()
        while depth and k < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[k], 0)
            k += 1
        i = k
    out.append(selector[i:])
    bare = re.sub(r"\[[^\]]*\]", "", "".join(out))  # attribute values may contain dots
    return set(CLASS_IN_SELECTOR.findall(bare))


def map_rules(css: str, rule) -> str:
    """`css` with each plain rule replaced by `rule(prelude, body)` ("" drops it), inside @media
    and the like too; a grouping rule left empty goes, other at-rules stay whole."""
    out = []
    for prelude, body in css_blocks(css):
        if body is None:
            out.append(prelude + ";")
        elif prelude.startswith(GROUPING_AT_RULES):
            inner = map_rules(body, rule)
            if inner:
                out.append(prelude + "{" + inner + "}")
        elif prelude.startswith("@"):  # @keyframes, @font-face, @property: kept whole
            out.append(prelude + "{" + body + "}")
        else:
            out.append(rule(prelude, body))
    return "".join(out)


def prune_css(css: str, keep_selector) -> str:
    """The stylesheet without the selectors `keep_selector` rejects (and rules left empty)."""
    def rule(prelude: str, body: str) -> str:
        selectors = [s.strip() for s in split_selectors(prelude) if keep_selector(s.strip())]
        return ",".join(selectors) + "{" + body + "}" if selectors else ""
    return map_rules(css, rule)


def declarations(body: str) -> list[str]:
    """A rule body's declarations: split at semicolons outside strings and brackets."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c in "\"'":
            i = _skip_string(body, i)
            continue
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == ";" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    return [d for d in out if d.strip()]


def _custom_property(declaration: str) -> str | None:
    match = CUSTOM_PROPERTY.match(declaration.strip())
    return match.group(1) if match else None


def _rules(css: str):
    """Every plain rule's (prelude, body), inside @media and the like too."""
    for prelude, body in css_blocks(css):
        if body is None or (prelude.startswith("@") and not prelude.startswith(GROUPING_AT_RULES)):
            continue
        if prelude.startswith(GROUPING_AT_RULES):
            yield from _rules(body)
        else:
            yield prelude, body


def unused_custom_properties(css: str, elsewhere: str) -> set[str]:
    """Custom properties `css` defines that neither its other declarations (through var()) nor
    `elsewhere` (pages, scripts, other stylesheets: any mention) use; repeated until none is
    left whose only users were themselves unused."""
    decls = [d for _, body in _rules(css) for d in declarations(body)]
    defined = {name for d in decls if (name := _custom_property(d))}
    unused: set[str] = set()
    while True:
        used = {name for d in decls if _custom_property(d) not in unused for name in VAR_USE.findall(d)}
        more = {name for name in defined - unused - used if name not in elsewhere}
        if not more:
            return unused
        unused |= more


def drop_declarations(css: str, names: set[str]) -> str:
    """`css` without the declarations of the custom properties `names` (and rules left empty)."""
    def rule(prelude: str, body: str) -> str:
        kept = [d for d in declarations(body) if _custom_property(d) not in names]
        return prelude + "{" + ";".join(kept) + "}" if kept else ""
    return map_rules(css, rule)


def classes_in_html(html: str) -> set[str]:
    return {name for value in CLASS_ATTR.findall(html) for name in value.split()}


def classes_in_js(js: str) -> tuple[set[str], set[str]]:
    """Class-like words in the script's string literals, and prefixes built as `name-${...}`."""
    names: set[str] = set()
    prefixes: set[str] = set()
    for match in JS_STRING.finditer(js):
        text = next(group for group in match.groups() if group is not None)
        prefixes.update(TEMPLATE_PREFIX.findall(text))
        for piece in re.split(r"\$\{[^}]*\}", text):
            if CLASS_LIST.fullmatch(piece):  # "md-tooltip md-tooltip--active", not ".md-nav a"
                names.update(piece.split())
    return names, prefixes


def class_keeper(known: set[str], prefixes: set[str], unused: tuple[str, ...] = ()):
    """Keeps a selector if each class it requires is known (or built from a known prefix) and
    belongs to no unused feature."""
    def keep(selector: str) -> bool:
        return all((c in known or c.startswith(tuple(prefixes))) and not c.startswith(unused)
                   for c in required_classes(selector))
    return keep


def unused_features(config) -> tuple[str, ...]:
    return tuple(prefix for prefix, used in FEATURES if not used(config))


def palette_keeper(colours: set[str]):
    def keep(selector: str) -> bool:
        return (NO_TRANSITIONS_WHILE_SWITCHING not in selector
                and all(value in colours for _, value in PALETTE_VALUE.findall(selector)))
    return keep


def palette_colours(config) -> set[str]:
    palettes = config.theme.get("palette") or []
    if isinstance(palettes, dict):
        palettes = [palettes]
    return {str(p.get(key, "indigo")).replace(" ", "-") for p in palettes for key in ("primary", "accent")}


# --- HTML ---------------------------------------------------------------------------------------

def defer_scripts(html: str, own_scripts: list[str]) -> str:
    """Add `defer` to Material's bundle and to the site's own scripts."""
    def replace(match: re.Match) -> str:
        src = match.group(1)
        if MATERIAL_BUNDLE.search(src) or any(src.endswith(path) for path in own_scripts):
            return f'<script src="{src}" defer></script>'
        return match.group(0)
    return BLOCKING_SCRIPT.sub(replace, html)


def scrolling_tables(html: str) -> str:
    """Each plain table in the scrolling box Material's script would move it into (its Un()),
    marked so that the script leaves it alone."""
    return PLAIN_TABLE.sub(r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                           r'<table class="sce-table"\1>\2</table></div></div>', html)


def restyle_marked_tables(css: str) -> str:
    """Material's table styles, for its plain tables and for the ones scrolling_tables() marked."""
    if MATERIAL_TABLES not in css:
        raise ValueError(f"no '{MATERIAL_TABLES}' to extend to the tables scrolling_tables() marks")
    return css.replace(MATERIAL_TABLES, OUR_TABLES)


def strip_indentation(html: str) -> str:
    parts = PRESERVE.split(html)
    # split() with two groups yields [text, block, tagname, text, block, tagname, ...]
    for i in range(0, len(parts), 3):
        parts[i] = INDENT.sub("\n", parts[i])
    return "".join(part for i, part in enumerate(parts) if i % 3 != 2)


# --- MkDocs events ------------------------------------------------------------------------------

def on_config(config):
    if CSS_BUNDLE not in config.extra_css:  # `mkdocs serve` may hand back the changed config
        _own_css[:] = [path for path in config.extra_css if str(path).startswith(OWN_CSS_DIR)]
    if _own_css:
        others = [path for path in config.extra_css if path not in _own_css and path != CSS_BUNDLE]
        config.extra_css = [CSS_BUNDLE, *others]
    return config


def on_files(files, config):
    _theme_css.clear()
    for file in files:
        match = THEME_CSS.search(file.dest_uri)
        if match:
            _theme_css[file.dest_uri] = Path(file.abs_src_path)
    if _own_css:
        parts = []
        for path in _own_css:
            source = files.get_file_from_path(path)
            if source is None:
                continue  # MkDocs reports a missing extra_css file itself
            parts.append(f"/* --- {path} --- */\n" + Path(source.abs_src_path).read_text(encoding="utf-8"))
        # Same folder as the parts, so their relative url()s still resolve.
        files.append(File.generated(config, CSS_BUNDLE, content="\n".join(parts)))
    return files


def lean_search(html: str) -> str:
    """Keep repeats and addresses out of the search index, which every reader's browser downloads.

    Material's search plugin leaves out a section whose heading is marked data-search-exclude,
    and any element so marked, and then removes the mark (one with a value). Left out: a page's
    own reference list, since the Bibliography page indexes every source once and the text's
    author-date citations keep the page findable by author; "Cite this page", the same on every
    page; and the Bibliography's web addresses and source-type labels (nobody searches for a
    URL). Its authors and titles stay in: a title is often where a Chinese term occurs."""
    for heading in SEARCH_SKIPS_SECTIONS:
        html = html.replace(heading, f'{heading} data-search-exclude="true"', 1)
    start = html.find(BIBLIOGRAPHY)
    if start < 0:
        return html
    head, refs = html[:start], html[start:]
    refs = SHOWN_URL.sub(lambda m: f'<a href="{m.group(1)}" data-search-exclude="true">{m.group(2)}</a>', refs)
    refs = refs.replace('<span class="sce-evidence', '<span data-search-exclude="true" class="sce-evidence')
    return head + refs


@event_priority(-60)  # after citations.py has placed the reference list, and the widgets their tables
def on_page_content(html, page, config, files):
    return scrolling_tables(lean_search(html))


def on_post_page(output, page, config):
    own = [str(getattr(script, "path", script)) for script in config.extra_javascript]
    return strip_indentation(defer_scripts(output, own))


def on_post_build(config):
    site = Path(config.site_dir)
    known: set[str] = set()
    prefixes: set[str] = set()
    texts: list[str] = []  # where a custom property of Material's stylesheet may be used
    for html in site.rglob("*.html"):
        texts.append(html.read_text(encoding="utf-8", errors="replace"))
        known |= classes_in_html(texts[-1])
    for js in [*site.glob("assets/javascripts/bundle.*.min.js"), *site.glob("assets/js/**/*.js")]:
        texts.append(js.read_text(encoding="utf-8", errors="replace"))
        if MATERIAL_BUNDLE.search(js.as_posix()) and f'"{MATERIAL_TABLES}"' not in texts[-1]:
            log.warning(f"hooks/lean_pages.py: {js.name} no longer selects '{MATERIAL_TABLES}': "
                        "check that scrolling_tables() still matches what Material's script wraps")
        names, starts = classes_in_js(texts[-1])
        known |= names
        prefixes |= starts
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in
              [*site.glob(OWN_CSS_DIR + "*.css"), *(site / dest for dest in _theme_css if "palette." in dest)]]
    for dest, source in _theme_css.items():
        css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", source.read_text(encoding="utf-8"))
        keep = (palette_keeper(palette_colours(config)) if "palette." in dest
                else class_keeper(known, prefixes, unused_features(config)))
        if "main." in dest:
            try:
                css = restyle_marked_tables(css)
            except ValueError as error:
                log.warning(f"hooks/lean_pages.py: {dest}: {error} (has Material changed?)")
        try:
            slim = prune_css(css, keep)
            if "main." in dest:
                slim = drop_declarations(slim, unused_custom_properties(slim, "\n".join(texts)))
        except ValueError as error:  # leave Material's file as it is rather than break the site
            log.warning(f"hooks/lean_pages.py: {dest}: not pruned: {error}")
            continue
        (site / dest).write_text(slim, encoding="utf-8")
        (site / (dest + ".map")).unlink(missing_ok=True)  # it described the unpruned file
    minify_own_assets(site)


def minify_own_assets(site: Path) -> None:
    for path, minify in [(site / CSS_BUNDLE, rcssmin.cssmin),
                         *((js, rjsmin.jsmin) for js in sorted(site.glob(OWN_JS)))]:
        if path.exists():
            path.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
