"""The engine adapter: MkDocs' events, each handing the page to sce/pipeline.py.

Everything the site does to a page is written, in order, in sce/pipeline.py; this file only
translates between MkDocs' objects and the pipeline's. Two events need a priority, both because
of Material's search plugin: the Chinese dictionary must be in place before the plugin reads its
configuration, and the Bibliography's "Cited in" lines are added after it has indexed the page.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sce import material
from sce.errors import SourceError
from sce.pipeline import Page as PipelinePage
from sce.pipeline import SitePipeline
from sce.project import Project
from sce.search_zh import CachedSegmenter, write_user_dict

log = logging.getLogger("mkdocs.hooks.site")
_pipeline: SitePipeline | None = None  # one per build: on_config makes it
_segmenter: CachedSegmenter | None = None


def _page(page: Page) -> PipelinePage:
    raw = page.meta.get("git_revision_date_localized_raw_iso_date")
    try:
        updated = dt.date.fromisoformat(str(raw))
    except ValueError:
        updated = None
    return PipelinePage(page.file.src_uri, page.url, page.title or "", page.meta, updated)


def _run(step, *args):
    try:
        return step(*args)
    except SourceError as error:
        raise PluginError(str(error)) from None


@event_priority(50)  # before the search plugin reads its configuration (the jieba dictionary)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _pipeline, _segmenter
    root = Path(config.config_file_path).parent
    project = Project(root=root, docs=Path(config.docs_dir), site_url=config.site_url or "")
    offline = config.plugins.get(material.OFFLINE_PLUGIN)
    offline = bool(offline and offline.config.enabled)
    _pipeline = SitePipeline(project, config.site_url or "", offline)
    _run(_pipeline.start)
    config.markdown_extensions.append(_pipeline.glossary)
    search = next((config.plugins[name] for name in material.SEARCH_PLUGINS if name in config.plugins), None)
    if search is not None:
        search.config.jieba_dict_user = str(_run(write_user_dict, project))
        _segmenter = CachedSegmenter(project.cache / "search")
        material.segment_chinese_with(_segmenter)
    if not offline:  # only the offline copy loads the web-worker shim
        polyfills = config.extra.get("polyfills") or []
        config.extra["polyfills"] = [p for p in polyfills if "iframe-worker" not in str(p)]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _pipeline.generated_files().items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    material.boost_search(page.meta, page.file.src_uri)
    markdown = _run(_pipeline.markdown, markdown, _page(page))
    numbered = _pipeline.nav_title(_page(page))
    if numbered:  # chapters are numbered in the navigation as in the book
        page.title = numbered
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _run(_pipeline.html, html, _page(page))


@event_priority(-100)  # after the search plugin has indexed the page: "Cited in" stays out of it
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    material.escape_description(page.meta)
    items = list(page.toc)
    while items:
        item = items.pop()
        item.title = _pipeline.toc_title(item.title)
        items += item.children
    order = [p.file.src_uri for p in nav.pages]
    page.content = _pipeline.cited_in(page.content or "", _page(page), order)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    for warning in _pipeline.finish():
        log.warning(warning)
    if _segmenter is not None:
        _segmenter.save()
