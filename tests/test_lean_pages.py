"""hooks/lean_pages.py: Material's CSS pruned to what the site uses, HTML without indentation.

The browser check that no dropped rule styles anything on a real page is in
tests/browser/test_quality.py; these tests pin the pieces on small inputs.
"""

from __future__ import annotations

import re

import pytest

from hooks import lean_pages as lp

CSS = ('@charset "UTF-8";:root{--x:1}.a,.b .c{color:red}.content:after{content:"/* } {"}'
       '@media (min-width:10em){.b{margin:0}.a>.d{padding:0}}'
       '@keyframes spin{0%{opacity:0}to{opacity:1}}.e:not(.gone) .a{top:0}[data-x=".b"]{left:0}')


def test_css_blocks_respect_strings_nesting_and_statements():
    blocks = lp.css_blocks(CSS)
    preludes = [prelude for prelude, _ in blocks]
    assert preludes[0] == '@charset "UTF-8"' and blocks[0][1] is None
    assert '.content:after' in preludes  # the braces inside content:"..." did not split it
    assert dict(blocks)["@media (min-width:10em)"] == ".b{margin:0}.a>.d{padding:0}"


def test_prune_keeps_rules_whose_classes_exist_and_drops_the_rest():
    keep = lp.class_keeper(known={"a", "e", "content"}, prefixes=set())
    out = lp.prune_css(CSS, keep)
    assert ".a{color:red}" in out                 # .b .c dropped from the list, .a kept
    assert ".b" not in out.replace('[data-x=".b"]', "")
    assert "@media (min-width:10em){.a>.d" not in out and "@media" not in out  # emptied, removed
    assert "@keyframes spin{0%{opacity:0}to{opacity:1}}" in out   # kept whole
    assert ".e:not(.gone) .a{top:0}" in out       # classes inside :not() are not required
    assert '[data-x=".b"]{left:0}' in out         # a dot in an attribute value is not a class
    assert out.startswith('@charset "UTF-8";:root{--x:1}')


def test_unused_features_and_prefixes():
    keep = lp.class_keeper({"md-tag", "tabbed-set", "x"}, {"md-source__fact--"}, unused=("tabbed-",))
    assert keep(".md-tag") and not keep(".tabbed-set") and keep(".md-source__fact--stars") and not keep(".y")


class _Config:
    def __init__(self, features):
        self.theme, self.markdown_extensions, self.plugins, self.extra = {"features": features}, [], {}, {}


def test_material_features_the_site_leaves_off_lose_their_styles():
    off = lp.unused_features(_Config(["navigation.top"]))
    assert {"md-tooltip", "md-code__", "md-clipboard", "md-annotation", "md-source__fact"} <= set(off)
    on = lp.unused_features(_Config(["content.footnote.tooltips", "content.code.copy"]))
    assert "md-tooltip" not in on and "md-code__" not in on and "md-clipboard" not in on


def test_declarations_split_outside_strings_and_brackets():
    body = '--a:url("data:image/svg+xml;charset=utf-8,<svg/>");color:red;--b:var(--a, x;y)'
    assert lp.declarations(body) == ['--a:url("data:image/svg+xml;charset=utf-8,<svg/>")', "color:red",
                                     "--b:var(--a, x;y)"]


def test_custom_properties_nothing_uses_are_dropped():
    css = (":root{--used:1;--icon:url('a;b');--only-icon-uses:2;--named-in-js:3}"
           ".x{color:var(--used)}@media print{:root{--icon:url('c')}}.y{--icon:var(--only-icon-uses)}")
    unused = lp.unused_custom_properties(css, elsewhere='el.style.setProperty("--named-in-js", 1)')
    assert unused == {"--icon", "--only-icon-uses"}  # the second was used only by the first
    out = lp.drop_declarations(css, unused)
    assert out == ":root{--used:1;--named-in-js:3}.x{color:var(--used)}"  # emptied rules and @media go


def test_every_custom_property_the_built_stylesheets_use_is_still_defined(site_dir):
    css = "".join(p.read_text(encoding="utf-8") for p in
                  [*site_dir.glob("assets/stylesheets/*.css"), site_dir / "assets/css/site-bundle.css"])
    defined = set(re.findall(r"(--[\w-]+)\s*:", css))
    # var(--x) without a fallback: a property dropped by mistake would leave its rule without a value
    needed = set(re.findall(r"var\((--[\w-]+)\)", css))
    assert len(needed) > 50 and not needed - defined, sorted(needed - defined)


def test_unbalanced_css_is_reported_not_mangled():
    try:
        lp.css_blocks(".a{color:red")
    except ValueError as error:
        assert "unbalanced" in str(error)
    else:
        raise AssertionError("no error for unbalanced braces")


def test_classes_in_js_are_class_lists_not_selectors():
    names, prefixes = lp.classes_in_js(
        'x("div",{class:"md-tooltip md-tooltip--active"});q(".md-nav a");'
        'c=`md-tag md-tag--${t}`;e.classList.add(\'js\')')
    assert {"md-tooltip", "md-tooltip--active", "js", "md-tag"} <= names
    assert "md-nav" not in names and prefixes == {"md-tag--"}


def test_palette_keeper_keeps_configured_colours_only():
    keep = lp.palette_keeper({"indigo"})
    assert keep("[data-md-color-primary=indigo]") and keep("[data-md-color-scheme=slate]")
    assert not keep('[data-md-color-accent="red"]')
    # "no transitions while the palette switches" restyles every element at load: dropped
    assert not keep("[data-md-color-switching] *") and not keep("[data-md-color-switching] :after")


def test_plain_tables_come_in_materials_scrolling_box_marked_so_it_leaves_them():
    html = ('<h2>T</h2><table tabindex="0">\n<tr><td>a</td></tr></table><p>x</p>'
            '<table class="sce-own"><tr><td>b</td></tr></table>')
    out = lp.scrolling_tables(html)
    assert out.startswith('<h2>T</h2><div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                          '<table class="sce-table" tabindex="0">\n<tr><td>a</td></tr></table></div></div><p>x</p>')
    assert out.endswith('<table class="sce-own"><tr><td>b</td></tr></table>')  # a widget's own table


def test_materials_table_styles_reach_the_marked_tables():
    css = ".md-typeset table:not([class]){font-size:.64rem}.md-typeset table:not([class]) th{x:y}"
    assert lp.restyle_marked_tables(css) == (".md-typeset table:is(:not([class]),.sce-table){font-size:.64rem}"
                                             ".md-typeset table:is(:not([class]),.sce-table) th{x:y}")
    with pytest.raises(ValueError, match="table:not"):
        lp.restyle_marked_tables(".md-typeset table{x:y}")


def test_no_built_table_is_left_for_material_to_move(site_dir):
    """Material's script moves each table:not([class]) into a scrolling box at load, and a moved
    table is laid out again from scratch: about a quarter of a second of chapter 2's load on a phone."""
    tables = re.compile(r"(.{0,70})<table\b([^>]*)>", re.S)
    pages = [p for p in site_dir.rglob("*.html") if "downloads" not in p.parts]
    found = [(p, m.group(1), m.group(2)) for p in pages for m in tables.finditer(p.read_text(encoding="utf-8"))]
    marked = [(p, before) for p, before, attrs in found if 'class="sce-table"' in attrs]
    assert len(marked) >= 20, "the chapters have lost their tables?"
    left = [f"{p.relative_to(site_dir)}: {attrs}" for p, _, attrs in found if "class=" not in attrs]
    assert not left, "tables Material will move:\n" + "\n".join(left)
    unboxed = [f"{p.relative_to(site_dir)}" for p, before in marked
               if not before.endswith('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">')]
    assert not unboxed, unboxed
    main = next(site_dir.glob("assets/stylesheets/main.*.min.css")).read_text(encoding="utf-8")
    assert lp.OUR_TABLES in main and lp.MATERIAL_TABLES not in main.replace(lp.OUR_TABLES, "")


def test_strip_indentation_leaves_preformatted_text_alone():
    html = "<div>\n    <p>a</p>\n\n  <pre>\n    keep\n</pre>\n   <script>\n  x\n</script>\n\u00a0 nbsp"
    assert lp.strip_indentation(html) == "<div>\n<p>a</p>\n<pre>\n    keep\n</pre>\n<script>\n  x\n</script>\n\u00a0 nbsp"


def test_material_bundle_and_own_scripts_are_deferred_in_order():
    html = ('<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="../assets/js/widgets.js"></script><script src="other.js"></script>')
    assert lp.defer_scripts(html, ["assets/js/widgets.js"]) == (
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>'
        '<script src="../assets/js/widgets.js" defer></script><script src="other.js"></script>')


def test_search_index_skips_reference_lists_and_cite_box_and_bibliography_urls():
    page = ('<p><a href="https://a.org/x">https://a.org/x</a></p><h2 id="references">References</h2>'
            '<div class="footnote"><ol><li><p>Court. 2013.</p></li></ol></div>'
            '<aside><h2 id="cite-this-page">Cite this page</h2></aside>')
    out = lp.lean_search(page)
    assert out.startswith('<p><a href="https://a.org/x">https://a.org/x</a></p>')  # prose untouched
    assert '<h2 id="references" data-search-exclude="true">' in out
    assert '<h2 id="cite-this-page" data-search-exclude="true">' in out
    bibliography = ('<p>Intro <a href="https://c.org">https://c.org</a></p><div id="refs" class="references">'
                    '<div id="ref-k" class="csl-entry">Court. 2013. “关于公布失信被执行人名单.” <a\n'
                    'href="https://b.org/y">https://b.org/y</a>. '
                    '<span class="sce-evidence sce-evidence--primary">Primary document</span></div></div>')
    out = lp.lean_search(bibliography)
    assert out.startswith('<p>Intro <a href="https://c.org">https://c.org</a></p>')
    assert '<a href="https://b.org/y" data-search-exclude="true">https://b.org/y</a>' in out
    assert '<span data-search-exclude="true" class="sce-evidence' in out
    assert "“关于公布失信被执行人名单.”" in out  # titles stay searchable


def test_own_scripts_and_style_bundle_are_minified_keeping_strings(tmp_path):
    (tmp_path / "assets" / "js").mkdir(parents=True)
    (tmp_path / "assets" / "css").mkdir(parents=True)
    script = '/* Explains.\n * More. */\n(function () {\n  // why\n  var s = "/* kept */  two  spaces";\n})();\n'
    (tmp_path / "assets/js/w.js").write_text(script, encoding="utf-8")
    (tmp_path / lp.CSS_BUNDLE).write_text('/* a */\n.a {\n  content: "/* b */";\n}\n', encoding="utf-8")
    lp.minify_own_assets(tmp_path)
    assert (tmp_path / "assets/js/w.js").read_text() == '(function(){var s="/* kept */  two  spaces";})();'
    assert (tmp_path / lp.CSS_BUNDLE).read_text() == '.a{content:"/* b */"}'


def test_the_built_site_ships_its_own_scripts_minified(site_dir):
    built = (site_dir / "assets/js/tooltips.js").read_text(encoding="utf-8")
    source = (lp.Path(__file__).resolve().parent.parent / "docs/assets/js/tooltips.js").read_text(encoding="utf-8")
    assert "/*" not in built and "\n  " not in built and len(built) < 0.8 * len(source)
