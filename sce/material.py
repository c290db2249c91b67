"""Everything that depends on Material for MkDocs' internals, in one place.

Material reaches end of life on 5 May 2027 and its successor reads mkdocs.yml but not hooks: when
the theme changes, this module (with overrides/ and hooks/site.py) is what must be rewritten.
What the site assumes, and why:

- Search: Material's search plugin leaves out of its index a section whose heading carries
  `data-search-exclude`, and any element so marked (it removes the mark). Used to keep a page's
  reference list and "Cite this page" out of the index (search_exclusions). It segments Chinese
  with the `jieba` module it imported, calling `jieba.load_userdict` and `jieba.cut`: that name
  is pointed at a segmenter that caches the cuts (segment_chinese_with).
- Tables: Material's script moves every `table:not([class])` into a sideways-scrolling box
  (`div.md-typeset__scrollwrap > div.md-typeset__table`), and a moved table is laid out again
  from scratch. The box is written at build time instead (scrolling_tables), and the table gets
  class="sce-table", so the script leaves it alone; the stylesheet's `table:not([class])` is
  extended to it (restyle_marked_tables).
- Palette: Material stores the light/dark palette under `<scope>.__palette` in localStorage,
  through the `__md_get`/`__md_set` helpers of its first inline script, and reads it back before
  the page is drawn. overrides/main.html drops the stored palette unless the reader chose it,
  so the scheme follows the system until then (PALETTE_STORAGE).
- Files: the theme's stylesheets and script have hashed names (THEME_CSS, BUNDLE); the palette
  stylesheet's `[data-md-color-switching] *` rule restyles every element twice at load.
- Features: the class prefixes of the elements Material's script builds for features the site
  may leave off (FEATURES), so the stylesheet pruner can drop their rules.

`assumption_problems()` checks each of these against the installed Material; a test fails when
one no longer holds.
"""

from __future__ import annotations

import re
from pathlib import Path

THEME_CSS = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")
BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
SEARCH_EXCLUDE = 'data-search-exclude="true"'
MATERIAL_TABLES = "table:not([class])"        # what the script wraps and the stylesheet styles
OUR_TABLES = "table:is(:not([class]),.sce-table)"
SCROLL_BOX = ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">', "</div></div>")
NO_TRANSITIONS_WHILE_SWITCHING = "[data-md-color-switching]"
PALETTE_VALUE = re.compile(r"\[data-md-color-(primary|accent)=[\"']?([\w-]+)")
SEARCH_PLUGINS = ("material/search", "search")
PALETTE_STORAGE = ("__md_get", "__md_set", "__md_scope", '"__palette"')
OFFLINE_PLUGIN = "material/offline"

# Material features this site may not use, by the config that turns each on, and the class
# prefixes of the elements Material's bundle would create for it (so they are in no page).
FEATURES = (
    ("tabbed-", lambda c: "pymdownx.tabbed" in _extensions(c)),
    ("md-tag", lambda c: any(name in (c.get("plugins") or []) for name in ("tags", "material/tags"))),
    ("md-version", lambda c: bool((c.get("extra") or {}).get("version"))),
    ("md-annotation", lambda c: "content.code.annotate" in _features(c)),
    ("md-tooltip", lambda c: bool({"content.tooltips", "content.footnote.tooltips", "content.code.annotate"}
                                  & set(_features(c)))),
    ("md-code__", lambda c: bool({"content.code.copy", "content.code.select"} & set(_features(c)))),
    ("md-clipboard", lambda c: "content.code.copy" in _features(c)),
    # Star and fork counts: overrides/partials/source.html leaves out the component that fetches them.
    ("md-source__fact", lambda c: False),
)


def _features(config: dict) -> list[str]:
    return list((config.get("theme") or {}).get("features") or [])


def _extensions(config: dict) -> list[str]:
    names = []
    for item in config.get("markdown_extensions") or []:
        names += list(item) if isinstance(item, dict) else [str(item)]
    return names


def unused_features(config: dict) -> tuple[str, ...]:
    """Class prefixes of the Material features mkdocs.yml leaves off."""
    return tuple(prefix for prefix, used in FEATURES if not used(config))


def palette_colours(config: dict) -> set[str]:
    palettes = (config.get("theme") or {}).get("palette") or []
    if isinstance(palettes, dict):
        palettes = [palettes]
    return {str(p.get(key, "indigo")).replace(" ", "-") for p in palettes for key in ("primary", "accent")}


# --- During the build (sce.pipeline) --------------------------------------------------------------

def search_exclusions(html: str, section_ids: tuple[str, ...], bibliography_start: str) -> str:
    """Keep repeats and addresses out of the search index, which every reader's browser downloads:
    the sections with these heading ids, and after `bibliography_start` (the Bibliography page's
    list) the web addresses shown as link text and the source-type labels."""
    for ident in section_ids:
        html = re.sub(rf'(<h2 id="{ident}")', rf"\1 {SEARCH_EXCLUDE}", html, count=1)
    start = html.find(bibliography_start)
    if start < 0:
        return html
    head, refs = html[:start], html[start:]
    refs = re.sub(r'<a\s+href="(https?://[^"]+)">(https?://[^<]+)</a>',
                  lambda m: f'<a href="{m.group(1)}" {SEARCH_EXCLUDE}>{m.group(2)}</a>', refs)
    refs = refs.replace('<span class="sce-evidence', f'<span {SEARCH_EXCLUDE} class="sce-evidence')
    return head + refs


# --- After the build (sce.postbuild) ----------------------------------------------------------------

def restyle_marked_tables(css: str) -> str:
    """Material's table styles, for its plain tables and for the ones scrolling_tables() marked."""
    if MATERIAL_TABLES not in css:
        raise ValueError(f"no '{MATERIAL_TABLES}' to extend to the tables the build wraps")
    return css.replace(MATERIAL_TABLES, OUR_TABLES)


def keeps_palette_rule(colours: set[str]):
    def keep(selector: str) -> bool:
        return (NO_TRANSITIONS_WHILE_SWITCHING not in selector
                and all(value in colours for _, value in PALETTE_VALUE.findall(selector)))
    return keep


# --- The check ------------------------------------------------------------------------------------

def theme_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def assumption_problems(root: Path | None = None) -> list[str]:
    """What this module assumes of Material that the installed version no longer does."""
    root = root or theme_dir()
    problems = []
    bundles = sorted(root.glob("assets/javascripts/bundle.*.min.js"))
    mains = sorted(root.glob("assets/stylesheets/main.*.min.css"))
    palettes = sorted(root.glob("assets/stylesheets/palette.*.min.css"))
    if not bundles:
        problems.append("no assets/javascripts/bundle.*.min.js (BUNDLE)")
    if not mains or not palettes:
        problems.append("no assets/stylesheets/main.*.min.css or palette.*.min.css (THEME_CSS)")
    bundle = bundles[0].read_text(encoding="utf-8") if bundles else ""
    main = mains[0].read_text(encoding="utf-8") if mains else ""
    palette = palettes[0].read_text(encoding="utf-8") if palettes else ""
    if f'"{MATERIAL_TABLES}"' not in bundle:
        problems.append(f"the script no longer selects '{MATERIAL_TABLES}' to wrap tables")
    for name in ("md-typeset__scrollwrap", "md-typeset__table"):
        if name not in bundle or name not in main:
            problems.append(f"class '{name}' (the table scroll box) is gone from the script or stylesheet")
    if MATERIAL_TABLES not in main:
        problems.append(f"the stylesheet no longer styles '{MATERIAL_TABLES}'")
    if NO_TRANSITIONS_WHILE_SWITCHING not in palette:
        problems.append(f"the palette stylesheet has no '{NO_TRANSITIONS_WHILE_SWITCHING}' rule")
    helpers = root / "partials" / "javascripts" / "base.html"
    helpers_text = helpers.read_text(encoding="utf-8") if helpers.exists() else ""
    for name in PALETTE_STORAGE[:3]:
        if name not in helpers_text:
            problems.append(f"partials/javascripts/base.html no longer defines {name} (PALETTE_STORAGE)")
    if PALETTE_STORAGE[3] not in bundle:
        problems.append("the script no longer stores the palette as __palette (PALETTE_STORAGE)")
    search = (root.parent / "plugins" / "search" / "plugin.py")
    search_code = search.read_text(encoding="utf-8") if search.exists() else ""
    if "data-search-exclude" not in search_code:
        problems.append("the search plugin no longer honours data-search-exclude")
    for call in ("import jieba", "jieba.load_userdict(", "jieba.cut("):
        if call not in search_code:
            problems.append(f"the search plugin no longer uses '{call}' (segment_chinese_with)")
    return problems


def segment_chinese_with(segmenter) -> bool:
    """Have Material's search plugin segment Chinese with `segmenter` (load_userdict and cut, as
    jieba's); False if jieba is not installed, when the plugin does not segment at all."""
    from material.plugins.search import plugin

    if getattr(plugin, "jieba", None) is None:
        return False
    plugin.jieba = segmenter
    return True


def escape_description(meta: dict) -> None:
    """Material prints `page.meta.description` into <meta name="description" content="..."> without
    escaping, so a description with a double quote ended the attribute early. Escaped once here,
    as markup, so the template and the Open Graph tags in overrides/main.html print it whole."""
    from markupsafe import Markup, escape

    description = meta.get("description")
    if description and not isinstance(description, Markup):
        meta["description"] = escape(" ".join(str(description).split()))


# Search ranking: Material's search plugin multiplies a page's score by `search: {boost: N}` in its
# front matter. A chapter is where a term is explained; reference pages only list it, and the
# Bibliography, one long page of titles full of common characters, least of all. (Material's
# search splits a Chinese query into words it has indexed, and never keeps the whole query as one
# word when it is the last: 信用中国 becomes 信用* 中*, which every title with 中国 matches.)
SEARCH_BOOST = {"chapters/": 4, "reference/": 0.5, "bibliography.md": 0.1}


def boost_search(meta: dict, src_uri: str) -> None:
    boost = next((value for prefix, value in SEARCH_BOOST.items() if src_uri.startswith(prefix)), None)
    if boost is not None and "search" not in meta:
        meta["search"] = {"boost": boost}
