"""sce/postbuild/: the passes over the built site, and the Material internals they rely on.

The browser check that no dropped rule styles anything on a real page is in
tests/browser/test_quality.py; these tests pin the pieces on small inputs and on the real site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2

from sce import material, postbuild
from sce.htmltokens import inline_scripts, rewrite
from sce.postbuild import security, styles

ROOT = Path(__file__).resolve().parent.parent
CSS = ('@charset "UTF-8";:root{--x:1}.a,.b .c{color:red}.content:after{content:"/* } {"}'
       '@media (min-width:10em){.b{margin:0}.a>.d{padding:0}}'
       '@keyframes spin{0%{opacity:0}to{opacity:1}}.e:not(.gone) .a{top:0}[data-x=".b"]{left:0}')


def _selector(text: str):
    return tinycss2.parse_component_value_list(text)


def test_prune_keeps_rules_whose_classes_exist_and_drops_the_rest():
    keep = styles.class_keeper(known={"a", "e", "content"}, prefixes=set())
    out = styles.prune(CSS, keep)
    assert ".a{color:red}" in out                 # .b .c dropped from the list, .a kept
    assert ".b" not in out.replace('[data-x=".b"]', "")
    assert "@media" not in out                    # emptied, removed
    assert "@keyframes spin{0%{opacity:0}to{opacity:1}}" in out   # kept whole
    assert ".e:not(.gone) .a{top:0}" in out       # classes inside :not() are not required
    assert '[data-x=".b"]{left:0}' in out         # a dot in an attribute value is not a class
    assert '.content:after{content:"/* } {"}' in out  # braces inside a string did not split it
    assert out.startswith('@charset "UTF-8";:root{--x:1}')


def test_required_classes_skip_functional_pseudo_classes_and_attributes():
    assert styles.required_classes(_selector(".a:is(.b,.c) > .d[x='.e']")) == {"a", "d"}


def test_unused_features_and_prefixes():
    keep = styles.class_keeper({"md-tag", "tabbed-set", "x"}, {"md-source__fact--"}, unused=("tabbed-",))
    assert keep(_selector(".md-tag")) and not keep(_selector(".tabbed-set"))
    assert keep(_selector(".md-source__fact--stars")) and not keep(_selector(".y"))


def test_material_features_the_site_leaves_off_lose_their_styles():
    off = material.unused_features({"theme": {"features": ["navigation.top"]}})
    assert {"md-tooltip", "md-code__", "md-clipboard", "md-annotation", "md-source__fact"} <= set(off)
    on = material.unused_features({"theme": {"features": ["content.footnote.tooltips", "content.code.copy"]}})
    assert "md-tooltip" not in on and "md-code__" not in on and "md-clipboard" not in on


def test_custom_properties_nothing_uses_are_dropped():
    css = (":root{--used:1;--icon:url('a;b');--only-icon-uses:2;--named-in-js:3}"
           ".x{color:var(--used)}@media print{:root{--icon:url('c')}}.y{--icon:var(--only-icon-uses)}")
    unused = styles.unused_custom_properties(css, elsewhere='el.style.setProperty("--named-in-js", 1)')
    assert unused == {"--icon", "--only-icon-uses"}  # the second was used only by the first
    out = styles.drop_declarations(css, unused)
    assert out == ":root{--used:1;--named-in-js:3}.x{color:var(--used)}"  # emptied rules and @media go


def test_every_custom_property_the_built_stylesheets_use_is_still_defined(site_dir):
    css = "".join(p.read_text(encoding="utf-8") for p in
                  [*site_dir.glob("assets/stylesheets/*.css"), site_dir / postbuild.CSS_BUNDLE])
    defined = set(re.findall(r"(--[\w-]+)\s*:", css))
    # var(--x) without a fallback: a property dropped by mistake would leave its rule without a value
    needed = set(re.findall(r"var\((--[\w-]+)\)", css))
    assert len(needed) > 50 and not needed - defined, sorted(needed - defined)


def test_classes_in_js_are_class_lists_not_selectors():
    names, prefixes = styles.classes_in_js(
        'x("div",{class:"md-tooltip md-tooltip--active"});q(".md-nav a");'
        'c=`md-tag md-tag--${t}`;e.classList.add(\'js\')')
    assert {"md-tooltip", "md-tooltip--active", "js", "md-tag"} <= names
    assert "md-nav" not in names and prefixes == {"md-tag--"}


def test_palette_keeper_keeps_configured_colours_only():
    keep = material.keeps_palette_rule({"indigo"})
    assert keep("[data-md-color-primary=indigo]") and keep("[data-md-color-scheme=slate]")
    assert not keep('[data-md-color-accent="red"]')
    # "no transitions while the palette switches" restyles every element at load: dropped
    assert not keep("[data-md-color-switching] *") and not keep("[data-md-color-switching] :after")


def test_a_page_is_rewritten_only_where_a_pass_asks():
    page = ('<head>\n    <meta charset="utf-8">\n    <link rel="stylesheet" href="../assets/css/site.css">\n'
            '    <link rel="stylesheet" href="../assets/css/quiz.css">\n  </head>\n<body>\n'
            '<h2>T</h2><table tabindex="0">\n<tr><td>a</td></tr></table><p>x</p>'
            '<table class="sce-own"><tr><td>b</td></tr></table>\n  <pre>\n    keep\n</pre>\n'
            '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>&nbsp;\u00a0 nbsp\n'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="../assets/js/widgets.js"></script><script src="other.js"></script>\n  </body>')
    out = postbuild.rewrite_page(page, ["assets/css/site.css", "assets/css/quiz.css"], ["assets/js/widgets.js"])
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)">', out) == ["../assets/css/site-bundle.css"]
    assert ('<h2>T</h2><div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            '<table class="sce-table" tabindex="0">\n<tr><td>a</td></tr></table></div></div><p>x</p>') in out
    assert '<table class="sce-own"><tr><td>b</td></tr></table>' in out  # a widget's own table
    assert "<pre>\n    keep\n</pre>" in out                            # preformatted text kept
    assert '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>&nbsp;\u00a0 nbsp' in out  # case, entities kept
    assert ('<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>'
            '<script src="../assets/js/widgets.js" defer></script><script src="other.js"></script>') in out


def test_rewrite_with_no_changes_gives_back_the_same_bytes(site_dir):
    page = (site_dir / "chapters/02-the-system-piece-by-piece.html").read_text(encoding="utf-8")
    assert rewrite(page) == page


def test_materials_table_styles_reach_the_marked_tables():
    css = ".md-typeset table:not([class]){font-size:.64rem}.md-typeset table:not([class]) th{x:y}"
    assert material.restyle_marked_tables(css) == (
        ".md-typeset table:is(:not([class]),.sce-table){font-size:.64rem}"
        ".md-typeset table:is(:not([class]),.sce-table) th{x:y}")
    with pytest.raises(ValueError, match="table:not"):
        material.restyle_marked_tables(".md-typeset table{x:y}")


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
    unboxed = [f"{p.relative_to(site_dir)}" for p, before in marked if not before.endswith(material.SCROLL_BOX[0])]
    assert not unboxed, unboxed
    main = next(site_dir.glob("assets/stylesheets/main.*.min.css")).read_text(encoding="utf-8")
    assert material.OUR_TABLES in main and material.MATERIAL_TABLES not in main.replace(material.OUR_TABLES, "")


def test_what_the_site_assumes_of_material_still_holds():
    """Fails when a Material update removes something sce/material.py relies on."""
    assert material.assumption_problems() == []


def test_the_assumption_check_fails_when_an_internal_disappears(tmp_path):
    theme = material.theme_dir()
    fake = tmp_path / "templates"
    for pattern in ("assets/javascripts/bundle.*.min.js", "assets/stylesheets/*.min.css"):
        for path in theme.glob(pattern):
            target = fake / path.relative_to(theme)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8").replace("table:not([class])", "table.x"),
                              encoding="utf-8")
    (tmp_path / "plugins" / "search").mkdir(parents=True)
    (tmp_path / "plugins" / "search" / "plugin.py").write_text("# no exclusion any more\n")
    problems = material.assumption_problems(fake)
    assert any("table:not" in p for p in problems) and any("data-search-exclude" in p for p in problems)


def test_search_index_skips_reference_lists_and_cite_box_and_bibliography_urls():
    page = ('<p><a href="https://a.org/x">https://a.org/x</a></p><h2 id="references">References</h2>'
            '<ol class="sce-references"><li id="ref-k">Court. 2013.</li></ol>'
            '<aside><h2 id="cite-this-page">Cite this page</h2></aside>')
    out = material.search_exclusions(page, ("references", "cite-this-page"), '<div id="refs"')
    assert out.startswith('<p><a href="https://a.org/x">https://a.org/x</a></p>')  # prose untouched
    assert '<h2 id="references" data-search-exclude="true">' in out
    assert '<h2 id="cite-this-page" data-search-exclude="true">' in out
    bibliography = ('<p>Intro <a href="https://c.org">https://c.org</a></p><div id="refs" class="references">'
                    '<div id="ref-k" class="csl-entry">Court. 2013. “关于公布失信被执行人名单.” <a\n'
                    'href="https://b.org/y">https://b.org/y</a>. '
                    '<span class="sce-evidence sce-evidence--primary">Primary document</span></div></div>')
    out = material.search_exclusions(bibliography, (), '<div id="refs"')
    assert out.startswith('<p>Intro <a href="https://c.org">https://c.org</a></p>')
    assert '<a href="https://b.org/y" data-search-exclude="true">https://b.org/y</a>' in out
    assert '<span data-search-exclude="true" class="sce-evidence' in out
    assert "“关于公布失信被执行人名单.”" in out  # titles stay searchable


def test_own_scripts_and_style_bundle_are_minified_keeping_strings(tmp_path):
    (tmp_path / "assets" / "js").mkdir(parents=True)
    (tmp_path / "assets" / "css").mkdir(parents=True)
    script = '/* Explains.\n * More. */\n(function () {\n  // why\n  var s = "/* kept */  two  spaces";\n})();\n'
    (tmp_path / "assets/js/w.js").write_text(script, encoding="utf-8")
    (tmp_path / "assets/css/a.css").write_text('/* a */\n.a {\n  content: "/* b */";\n}\n', encoding="utf-8")
    settings = postbuild.Settings(tmp_path, {"extra_css": ["assets/css/a.css"]})
    postbuild.bundle_own_assets(settings)
    assert (tmp_path / "assets/js/w.js").read_text() == '(function(){var s="/* kept */  two  spaces";})();'
    assert (tmp_path / postbuild.CSS_BUNDLE).read_text() == '.a{content:"/* b */"}'


def test_the_built_site_ships_its_own_scripts_minified(site_dir):
    built = (site_dir / "assets/js/tooltips.js").read_text(encoding="utf-8")
    source = (ROOT / "docs/assets/js/tooltips.js").read_text(encoding="utf-8")
    assert "/*" not in built and "\n  " not in built and len(built) < 0.8 * len(source)


def test_inline_script_hashes_cover_exactly_what_runs():
    page = ('<script>a()</script><script type="application/json">{"x":1}</script>'
            '<script src="s.js"></script><script type="module">b()</script>')
    assert [body for _, body in inline_scripts(page)] == ["a()", '{"x":1}', "b()"]
    assert len(security.inline_script_hashes(page)) == 2  # JSON data does not run
