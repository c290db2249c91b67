"""Accessibility fixes that templates and CSS cannot make.

Chinese text is marked as Chinese. Writers wrap terms in <span lang="zh-Hans">; text that arrives
another way (titles in the reference lists, widget fallbacks) is wrapped here in <span lang="zh">
(language only: it may be Traditional), so that a screen reader switches voice instead of
spelling out characters and the browser picks Chinese glyphs.

Tables take keyboard focus (tabindex="0"). On a phone most tables are wider than the screen and
sit in a box that scrolls sideways; a reader without a mouse or
touch screen can scroll that box only by focusing something inside it, and a table of plain text
has nothing focusable (axe: scrollable-region-focusable). Only Markdown's plain <table> is
touched.
"""

from __future__ import annotations

import re

from sce.markup import CHINESE_RUN

PLAIN_TABLE = re.compile(r"<table>")
TAG = re.compile(r"""<(/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?-->""", re.S)
LANG = re.compile(r"""\blang=["']?([\w-]+)""")
RAW_TEXT = {"script", "style", "textarea", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def focusable_tables(html: str) -> str:
    return PLAIN_TABLE.sub('<table tabindex="0">', html)


def mark_chinese(html: str) -> str:
    """Wrap Chinese text that is not inside an element with lang="zh..." in <span lang="zh">."""
    out, stack, pos = [], [], 0  # stack of (tag, lang or "")

    def text(chunk: str) -> str:
        inside_zh = any(lang.lower().startswith("zh") for _, lang in stack if lang)
        if inside_zh or any(tag in RAW_TEXT for tag, _ in stack):
            return chunk
        return CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', chunk)

    for match in TAG.finditer(html):
        out.append(text(html[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
        closing, tag, attrs = match.group(1), (match.group(2) or "").lower(), match.group(3) or ""
        if not tag or tag in VOID or attrs.rstrip().endswith("/"):
            continue
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == tag:
                    del stack[i:]
                    break
        else:
            lang = LANG.search(attrs)
            stack.append((tag, lang.group(1) if lang else ""))
    out.append(text(html[pos:]))
    return "".join(out)

