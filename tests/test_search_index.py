"""The search index every reader's browser downloads: small, each source once, Chinese terms whole
and Chinese titles split into them (sce.material.search_exclusions, sce/search_zh.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sce import search_zh
from sce.data import load_glossary
from sce.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project.from_config_file(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def docs(site_dir):
    return json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_terms_stay_whole_and_titles_do_not():
    terms = search_zh.chinese_terms(PROJECT)
    assert {"统一社会信用代码", "芝麻信用", "联合惩戒"} <= set(terms)
    assert "关于公布失信被执行人名单信息的若干规定" not in terms  # a document's title
    glossary = {term.hanzi for term in load_glossary(PROJECT) if term.hanzi}
    assert all(len(t) <= search_zh.TERM_MAX or t in glossary for t in terms)


def test_a_title_is_found_by_the_terms_in_it(docs):
    """jieba splits the court's 2013 provisions' title, so a search for 失信被执行人 finds chapter 4's
    section on them (the browser matches the start of an indexed word)."""
    section = next(d["text"] for d in docs if d["location"].endswith("#the-2013-provisions"))
    words = section.replace("\u200b", " ").split()
    assert any(w.startswith("失信被执行人") for w in words), [w for w in words if "失信" in w]
    assert "关于公布失信被执行人名单信息的若干规定" not in words


def test_built_search_index_holds_each_source_once(site_dir, docs):
    skipped = [d["location"] for d in docs if d["location"].endswith(("#references", "#cite-this-page"))]
    assert not skipped, skipped
    bibliography = next(d["text"] for d in docs if d["location"] == "bibliography.html")
    assert "Creemers" in bibliography and "https://" not in bibliography and "Cited in" not in bibliography
    # The author-date citations in the text keep a chapter findable by author.
    assert any(d["location"].startswith("chapters/02-") and "Creemers" in d["text"] for d in docs)
    assert 'data-search-exclude' not in (site_dir / "chapters/02-the-system-piece-by-piece.html").read_text(encoding="utf-8")




def test_cached_cuts_are_jiebas_and_a_warm_build_does_not_load_it(tmp_path, monkeypatch):
    """The segmenter the search plugin uses caches jieba's cuts by dictionary: the cuts are the
    same as jieba's, a second build reads them without loading jieba's model, and a changed
    dictionary starts afresh."""
    import jieba

    user_dict = tmp_path / "terms.txt"
    user_dict.write_text("统一社会信用代码 100000 n\n", encoding="utf-8")
    text = "统一社会信用代码是十八位的代码"
    first = search_zh.CachedSegmenter(tmp_path / "cache")
    first.load_userdict(user_dict)
    cut = first.cut(text.encode("utf-8"))
    assert cut[0] == "统一社会信用代码" and "".join(cut) == text
    jieba.load_userdict(str(user_dict))
    assert cut == list(jieba.cut(text))
    first.save()

    second = search_zh.CachedSegmenter(tmp_path / "cache")
    monkeypatch.setattr(second, "_real", lambda: pytest.fail("jieba loaded for a cached cut"))
    second.load_userdict(user_dict)
    assert second.cut(text.encode("utf-8")) == cut

    user_dict.write_text("信用代码 100000 n\n", encoding="utf-8")
    third = search_zh.CachedSegmenter(tmp_path / "cache")
    third.load_userdict(user_dict)
    assert text not in third.cuts
