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
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.site_data import DataError, load_glossary  # noqa: E402

HAN_SPAN = re.compile(r'<span lang="zh-Hans">([^<]+)</span>')
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
USER_DICT = ROOT / ".cache" / "search" / "jieba-terms.txt"
FREQUENCY = 100_000  # high enough that jieba keeps each term whole
TERM_MAX = 12  # characters; the glossary's terms may be longer (its longest has 14)


def chinese_terms() -> list[str]:
    terms = set()
    try:
        terms |= {term.hanzi for term in load_glossary() if term.hanzi}
    except DataError:
        pass  # hooks/data_pages.py reports a broken glossary with its line
    for page in (ROOT / "docs").rglob("*.md"):
        terms |= {span for span in HAN_SPAN.findall(page.read_text(encoding="utf-8")) if len(span) <= TERM_MAX}
    return sorted(t for t in terms if HAN_WORD.match(t))


@event_priority(50)  # before the search plugin loads the dictionary in its own on_config
def on_config(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return config
    USER_DICT.parent.mkdir(parents=True, exist_ok=True)
    USER_DICT.write_text("".join(f"{t} {FREQUENCY} n\n" for t in chinese_terms()), encoding="utf-8")
    search.config.jieba_dict_user = str(USER_DICT)
    try:  # jieba announces its dictionary loading on stderr at INFO level
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    return config
