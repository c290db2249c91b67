"""Search in Chinese as well as English.

Material's search plugin segments Chinese text with jieba at build time (the browser's search
cannot segment it). jieba splits 统一社会信用代码 into 统一/社会/信用/代码, so a reader searching for
the term would find nothing; this hook gives jieba a user dictionary of every Chinese term the
site marks up (glossary entries and <span lang="zh-Hans"> terms in the pages), so each is
indexed whole. A marked-up span longer than TERM_MAX characters is a document title or a
company's name, not a term: jieba splits it as usual, with the terms in its dictionary, so a
reader searching for 失信被执行人 also finds the pages that give the title of the court's 2013
provisions (关于公布失信被执行人名单信息的若干规定). The dictionary is written to .cache/search/
at build time, and jieba's cuts are cached there too (CachedSegmenter).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
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
    return path


class CachedSegmenter:
    """jieba, as Material's search plugin calls it (`load_userdict`, `cut`), with every cut kept
    in .cache/search/ by the user dictionary's hash. jieba takes a second or two to load its model,
    longer than the rest of a rebuild's search work: a rebuild whose Chinese text has all been cut
    before never loads it. The cuts are jieba's own, so the index is the same either way."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self.user_dict: Path | None = None
        self.cuts: dict[str, list[str]] = {}
        self.new = 0
        self._jieba = None

    def load_userdict(self, path) -> None:
        self.user_dict = Path(path)
        self.cuts = self._read()

    def cut(self, value, *args, **kwargs) -> list[str]:
        text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        if text not in self.cuts:
            self.cuts[text] = list(self._real().cut(text, *args, **kwargs))
            self.new += 1
        return self.cuts[text]

    def save(self) -> None:
        """Write the cuts if this build made new ones; older caches (other dictionaries) go."""
        if not self.new or self.user_dict is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for old in self.cache_dir.glob("segments-*.json"):
            old.unlink()
        self._path().write_text(json.dumps(self.cuts, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        self.new = 0

    def _path(self) -> Path:
        digest = hashlib.sha256(self.user_dict.read_bytes() if self.user_dict else b"")
        digest.update(_jieba_version().encode())
        return self.cache_dir / f"segments-{digest.hexdigest()[:24]}.json"

    def _read(self) -> dict[str, list[str]]:
        try:
            return json.loads(self._path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _real(self):
        if self._jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)  # it announces its model loading at INFO level
            if self.user_dict is not None:
                jieba.load_userdict(str(self.user_dict))
            self._jieba = jieba
        return self._jieba


def _jieba_version() -> str:
    try:
        return importlib.metadata.version("jieba")
    except importlib.metadata.PackageNotFoundError:
        return "none"
