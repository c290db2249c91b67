"""Small Markdown and HTML helpers that every renderer shares, each written once."""

from __future__ import annotations

import html
import re

# Han characters, and the CJK and full-width punctuation around them.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
# A run of Chinese text; digits inside stay in it (document numbers: 发改财金〔2018〕277号).
CHINESE_RUN = re.compile(f"[{CJK_PUNCT}]*[{HAN}](?:[{HAN}{CJK_PUNCT}]|[0-9]+(?=[{HAN}{CJK_PUNCT}]))*")


def cite(keys: list[str]) -> str:
    """['a', 'b'] -> '[@a; @b]'."""
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def cited(text: str, keys: list[str]) -> str:
    """The text with its citation, before a closing full stop as the chapters place it."""
    end = "." if text.endswith(".") else ""
    return f"{text.removesuffix(end)} {cite(keys)}{end}"


def prose(value: str) -> str:
    """Text for raw HTML: escaped, with Chinese runs marked lang="zh-Hans"."""
    return CHINESE_RUN.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', html.escape(value, quote=False))


def attribute(value: str) -> str:
    return html.escape(value, quote=True)
