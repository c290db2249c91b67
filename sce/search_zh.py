"""Search in Chinese as well as English.

Material's search plugin segments Chinese text with jieba at build time (the browser's search
cannot segment it). jieba splits 统一社会信用代码 into 统一/社会/信用/代码, so a reader searching for
the term would find nothing; this hook gives jieba a user dictionary of every Chinese term the
site marks up (glossary entries and <span lang="zh-Hans"> terms in the pages), so each is
indexed whole. A marked-up span longer than TERM_MAX characters is a document title or a
company's name, not a term: jieba splits it as usual, with the terms in its dictionary, so a
reader searching for 失信被执行人 also finds the pages that give the title of the court's 2013
provisions (关于公布失信被执行人名单信息的若干规定). The dictionary is written to .cache/search/
at build time.
"""

from __future__ import annotations

import re
from pathlib import Path

from sce.data import load_glossary
from sce.errors import SourceError
from sce.markup import HAN
from sce.project import Project

HAN_SPAN = re.compile(r'<span lang="zh-Hans">([^<]+)</span>')
HAN_WORD = re.compile(f"^[{HAN}]{{2,}}$")
FREQUENCY = 100_000  # high enough that jieba keeps each term whole
TERM_MAX = 12  # characters; the glossary's terms may be longer (its longest has 14)


def chinese_terms(project: Project) -> list[str]:
    terms = set()
    try:
        terms |= {term.hanzi for term in load_glossary(project) if term.hanzi}
    except SourceError:
        pass  # the glossary page reports a broken glossary with its line
    for page in project.docs.rglob("*.md"):
        terms |= {span for span in HAN_SPAN.findall(page.read_text(encoding="utf-8")) if len(span) <= TERM_MAX}
    return sorted(t for t in terms if HAN_WORD.match(t))


def write_user_dict(project: Project) -> Path:
    """jieba's user dictionary of the site's terms, in .cache/search/; rewritten only if changed."""
    path = project.cache / "search" / "jieba-terms.txt"
    text = "".join(f"{t} {FREQUENCY} n\n" for t in chinese_terms(project))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    try:  # jieba announces its dictionary loading on stderr at INFO level
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    return path
