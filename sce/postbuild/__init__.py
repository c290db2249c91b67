"""Passes over the built site/, after the engine: they need only the HTML, CSS and JS it wrote.

    python -m scripts.postbuild site/        (make site runs it after `mkdocs build`)

In order:
    1. pages      each page: the site's stylesheets as one request, scripts deferred, tables
                  in their scrolling box, template indentation dropped
    2. bundle     the site's own stylesheets (extra_css under assets/css/) as one minified file;
                  its own scripts minified
    3. theme      Material's stylesheets pruned to the rules the site's pages and scripts can use
    4. security   a Content-Security-Policy in every page, inline scripts allowed by hash, and
                  _headers with the same policy for hosts that send headers

`make serve` skips them: they only shrink the output or harden it; the site it serves looks and
works the same (Material's script wraps tables itself, the stylesheets come one by one, and no
policy is set).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import rjsmin

from sce import material
from sce.postbuild import security, styles
from sce.htmltokens import StartTag, classes, rewrite
from sce.yamlfile import read_config

OWN_CSS = "assets/css/"
CSS_BUNDLE = "assets/css/site-bundle.css"
OWN_JS = "assets/js/"
INDENT = re.compile(r"\n[ \t\r\n]+")  # not \s: a no-break space is text


@dataclass
class Settings:
    site: Path
    config: dict
    allow_inline_scripts: bool = False     # the offline copy, opened from disk
    timings: dict = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)  # used by the pages, seen by the pages pass

    @property
    def own_css(self) -> list[str]:
        return [str(p) for p in self.config.get("extra_css") or [] if str(p).startswith(OWN_CSS)]

    @property
    def own_js(self) -> list[str]:
        return [str(getattr(p, "path", p)) for p in self.config.get("extra_javascript") or []]


def run(site: Path, config_file: Path, allow_inline_scripts: bool = False) -> Settings:
    settings = Settings(Path(site), read_config(config_file), allow_inline_scripts)
    for name, step in (("pages", rewrite_pages), ("bundle", bundle_own_assets),
                       ("theme", prune_theme), ("security", secure)):
        start = time.perf_counter()
        step(settings)
        settings.timings[name] = time.perf_counter() - start
    return settings


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- 1. pages -------------------------------------------------------------------------------------

def rewrite_pages(settings: Settings) -> None:
    for path in pages(settings.site):
        html = path.read_text(encoding="utf-8")
        path.write_text(rewrite_page(html, settings.own_css, settings.own_js, settings.classes), encoding="utf-8")


def rewrite_page(html: str, own_css: list[str], own_js: list[str], classes: set[str] | None = None) -> str:
    """The page rewritten; the class names its elements use are added to `classes` (the theme
    pass keeps the rules they need)."""
    bundled = False
    boxed: list[bool] = []  # for each open <table>: is it in a scroll box we wrote?
    opening, closing = material.SCROLL_BOX
    seen = classes if classes is not None else set()
    seen |= _classes_of(opening) | {"sce-table"}

    def start(tag: StartTag) -> str | None:
        nonlocal bundled
        seen.update((tag.get("class") or "").split())
        if tag.name == "link" and tag.get("rel") == "stylesheet" and any(
                (tag.get("href") or "").endswith(css) for css in own_css):
            if bundled:
                return ""
            bundled = True
            href = tag.get("href") or ""
            return tag.raw.replace(href, href[: href.rfind(OWN_CSS)] + CSS_BUNDLE, 1)
        if tag.name == "script" and "src" in tag.attrs and "defer" not in tag.attrs:
            src = tag.get("src") or ""
            if material.BUNDLE.search(src) or any(src.endswith(js) for js in own_js):
                return tag.raw[:-1].rstrip() + " defer>"
        if tag.name == "table":
            boxed.append("class" not in tag.attrs)
            if boxed[-1]:
                return opening + tag.raw.replace("<table", '<table class="sce-table"', 1)
        return None

    def end(raw: str, parents: tuple[str, ...]) -> str | None:
        if raw[2:7].lower() == "table" and boxed and boxed.pop():
            return raw + closing
        return None

    return rewrite(html, start=start, end=end, text=lambda text: INDENT.sub("\n", text))


def _classes_of(markup: str) -> set[str]:
    return {name for value in re.findall(r'class="([^"]*)"', markup) for name in value.split()}


# --- 2. the site's own stylesheets and scripts ------------------------------------------------------

def bundle_own_assets(settings: Settings) -> None:
    parts = []
    for css in settings.own_css:
        path = settings.site / css
        if path.exists():
            parts.append(f"/* --- {css} --- */\n" + path.read_text(encoding="utf-8"))
    if parts:
        (settings.site / CSS_BUNDLE).write_text(styles.minify("\n".join(parts)), encoding="utf-8")
    for js in sorted((settings.site / OWN_JS).glob("*.js")):
        js.write_text(rjsmin.jsmin(js.read_text(encoding="utf-8")), encoding="utf-8")


# --- 3. Material's stylesheets ------------------------------------------------------------------

def prune_theme(settings: Settings) -> None:
    site = settings.site
    known: set[str] = set()
    prefixes: set[str] = set()
    texts: list[str] = []  # where a custom property of Material's stylesheet may be used
    for path in pages(site):
        texts.append(path.read_text(encoding="utf-8"))
        if not settings.classes:  # the theme pass run on its own
            known |= classes(texts[-1])
    known |= settings.classes
    for js in [*site.glob("assets/javascripts/bundle.*.min.js"), *site.glob(OWN_JS + "**/*.js")]:
        texts.append(js.read_text(encoding="utf-8", errors="replace"))
        names, starts = styles.classes_in_js(texts[-1])
        known |= names
        prefixes |= starts
    theme = [p for p in site.glob("assets/stylesheets/*.min.css") if material.THEME_CSS.search(p.as_posix())]
    texts += [p.read_text(encoding="utf-8") for p in [site / CSS_BUNDLE, *theme] if "main." not in p.name and p.exists()]
    for path in theme:
        css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", path.read_text(encoding="utf-8"))
        if path.name.startswith("palette."):
            keep = styles.selector_keeper(material.keeps_palette_rule(material.palette_colours(settings.config)))
            slim = styles.prune(css, keep)
        else:
            css = material.restyle_marked_tables(css)
            slim = styles.prune(css, styles.class_keeper(known, prefixes, material.unused_features(settings.config)))
            slim = styles.drop_declarations(slim, styles.unused_custom_properties(slim, "\n".join(texts)))
        path.write_text(slim, encoding="utf-8")
        path.with_name(path.name + ".map").unlink(missing_ok=True)  # it described the unpruned file


# --- 4. security ----------------------------------------------------------------------------------

def secure(settings: Settings) -> None:
    hashes: set[str] = set()
    for path in pages(settings.site):
        html, found = security.with_policy(path.read_text(encoding="utf-8"), settings.allow_inline_scripts)
        hashes |= found
        path.write_text(html, encoding="utf-8")
    policy = security.policy(hashes, settings.allow_inline_scripts)
    (settings.site / "_headers").write_text(security.headers_file(policy), encoding="utf-8")
