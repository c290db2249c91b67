"""Glossary tooltips: on each chapter page, the first use of every glossary term explains itself.

The definitions come from docs/data/glossary.yml, the one glossary source (the Glossary page is
rendered from the same file by sce/widgets/glossary.py), so nothing is typed twice. A Markdown
treeprocessor wraps the first occurrence of each term (or of its abbreviation, such as NDRC) in

    <abbr class="sce-gloss" data-widget="tooltips" title="definition — 汉字, pinyin"
          data-term="…" data-hanzi="…" data-pinyin="…">term</abbr>

Only the first occurrence per page: wrapping every one would underline half of each paragraph.
Terms inside headings, links, code, footnotes, table headers and widgets are left alone. Without
JavaScript the title is the tooltip; assets/js/tooltips.js makes each term focusable
and shows the definition on hover and on keyboard focus, with the Chinese marked lang="zh-Hans"
(a title attribute cannot carry that).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from sce.data import Term

SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "code", "pre", "kbd", "samp", "sup",
             "script", "style", "svg", "th", "time", "button", "label", "dt", "figure"}
SKIP_CLASSES = {"footnote", "admonition-title", "headerlink", "md-button"}
APOSTROPHE = "(?:'|\u2019)"

def _form_pattern(form: str, abbreviation: bool) -> str:
    """A regex for one spelling: an initial lower-case letter may be capitalised; plurals in -s."""
    body = APOSTROPHE.join(re.escape(piece) for piece in form.split("'"))
    if not abbreviation and form[:1].islower():
        body = f"[{form[0]}{form[0].upper()}]" + body[len(re.escape(form[0])):]
    return body if abbreviation else body + "s?"


def build_pattern(terms: list[Term]) -> re.Pattern | None:
    """One regex for every term and abbreviation; the longest spelling wins at a position."""
    forms = []
    for index, term in enumerate(terms):
        forms.append((term.term, False, index))
        if term.abbr:
            forms.append((term.abbr, True, index))
    forms.sort(key=lambda f: -len(f[0]))
    if not forms:
        return None
    alternatives = "|".join(f"(?P<t{index}_{n}>{_form_pattern(form, abbr)})"
                            for n, (form, abbr, index) in enumerate(forms))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def citation_start(text: str) -> int:
    """Where a rendered citation, "(Author 2019; Other 2020)" before its footnote mark, begins."""
    stripped = text.rstrip()
    if not stripped.endswith(")"):
        return len(text)
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(stripped[index], 0)
        if depth == 0:
            return index
    return len(text)


def title_of(term: Term) -> str:
    chinese = f" — {term.hanzi}, {term.pinyin}" if term.hanzi else ""
    return f"{term.definition}{chinese}"


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: "GlossaryExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        if not self.extension.active or self.extension.pattern is None:
            return None
        self.used: set[int] = set()
        self._walk(root)
        return None

    def _skip(self, element) -> bool:
        if element.tag in SKIP_TAGS or "data-widget" in element.attrib or "lang" in element.attrib:
            return True
        return bool(SKIP_CLASSES & set(element.get("class", "").split()))

    def _walk(self, element) -> None:
        if self._skip(element):
            return
        children = list(element)
        pieces = self._split(element.text or "", children[0] if children else None)
        if pieces:
            element.text = pieces[0]
            for offset, node in enumerate(pieces[1:]):
                element.insert(offset, node)
        for child in list(element):
            if child.get("class") == "sce-gloss":
                continue
            self._walk(child)
            siblings = list(element)
            after = siblings.index(child) + 1
            pieces = self._split(child.tail or "", siblings[after] if after < len(siblings) else None)
            if pieces:
                child.tail = pieces[0]
                position = list(element).index(child)
                for offset, node in enumerate(pieces[1:], start=1):
                    element.insert(position + offset, node)

    def _split(self, text: str, following=None) -> list:
        """[leading text, abbr, abbr, ...] (each abbr's tail holds the text after it), or []."""
        if not text.strip():
            return []
        end = citation_start(text) if following is not None and following.tag == "sup" else len(text)
        out: list = [""]
        last = 0
        for match in self.extension.pattern.finditer(text, 0, end):
            index = int(match.lastgroup[1:].split("_")[0])
            if index in self.used:
                continue
            self.used.add(index)
            term = self.extension.terms[index]
            node = etree.Element("abbr", {
                "class": "sce-gloss", "data-widget": "tooltips", "title": title_of(term),
                "data-term": term.term,
            })
            if term.hanzi:
                node.set("data-hanzi", term.hanzi)
                node.set("data-pinyin", term.pinyin)
            node.text = match.group(0)
            if len(out) == 1:
                out[0] = text[last:match.start()]
            else:
                out[-1].tail = text[last:match.start()]
            out.append(node)
            last = match.end()
        if len(out) == 1:
            return []
        out[-1].tail = text[last:]
        return out


class GlossaryExtension(Extension):
    """One per build: the terms, and whether the page being rendered gets tooltips (chapters only:
    the Glossary page defines the terms, and other pages are not read in order)."""

    def __init__(self, terms: list[Term]):
        super().__init__()
        self.terms = terms
        self.pattern = build_pattern(terms)
        self.active = False

    def extendMarkdown(self, md):
        # After inline markup (20) and attr_list (8), before smarty (6) turns ' into entities.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "sce-glossary-terms", 7.5)
