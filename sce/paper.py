"""What changes when a page of the site goes on paper (the book and the handouts that
scripts/build_pdf.py prints). Each function takes the page's <article> content, as lxml, and
changes it in place; none reads or writes files.

- `drop_screen_only`: controls (buttons, inputs, copy buttons), what the site marks for screens
  only (.sce-no-print), the reading time, glossary terms' tooltips (on paper a dotted underline
  that does nothing: the term stays, as plain text) and the link around each figure that opens
  it full size.
- `reflow_wide_tables`: a table of six or more columns would be a few words wide per column on
  A4; it becomes one block per row, each cell under its column heading, written as real text (CSS
  generated labels are untagged in the PDF, so a screen reader would not hear them).
- `hyphenate_tables`: Chromium cannot hyphenate without its online dictionaries, so narrow
  table cells broke words anywhere ("Shangh/ai"); soft hyphens (pyphen, British English) in long
  words give it places to break with a hyphen. (The print stylesheet also stopped letting a word
  break anywhere, which had let columns shrink to one letter.)
"""

from __future__ import annotations

import functools
import re

from lxml import etree, html as lhtml

READING_TIME = re.compile(r"^\d+\s+min(?:ute)?s? read$")
SCREEN_ONLY_TAGS = ("button", "input", "select", "textarea")
SCREEN_ONLY_CLASSES = ("sce-no-print", "md-clipboard")
REFLOW_COLUMNS = 6       # tables this wide print as labelled blocks
# Letters. Only long words get soft hyphens: each one lowers the narrowest width its column can
# take, and Chromium's table layout then squeezes a column down to it ("Cri-terion"); words up
# to twelve letters fit any column of a table of five or fewer on A4.
HYPHENATE_FROM = 13
NO_HYPHENS_IN = {"code", "pre", "kbd", "script", "style", "svg"}
WORD = re.compile(r"[A-Za-z\u00C0-\u024F]{%d,}" % HYPHENATE_FROM)
SOFT_HYPHEN = "\u00ad"


def has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def with_class(root, *classes: str) -> list:
    tests = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes)
    return root.xpath(f".//*[{tests}]")


# --- Screen-only pieces --------------------------------------------------------------------------

def drop_screen_only(body, *, keep_facts_line: bool) -> None:
    for element in [*with_class(body, *SCREEN_ONLY_CLASSES), *body.iter(*SCREEN_ONLY_TAGS)]:
        if element.getparent() is not None:
            element.drop_tree()
    for info in with_class(body, "sce-page-info"):
        # "17 min read · Facts current to December 2026": reading time is a screen habit; how
        # current the facts are helps a chapter's reader on paper too.
        kept = [p.strip() for p in info.text_content().split("·")
                if p.strip() and not READING_TIME.match(p.strip())]
        if kept and keep_facts_line:
            for child in list(info):
                info.remove(child)
            info.text = " · ".join(kept)
        else:
            info.drop_tree()
    for term in with_class(body, "sce-gloss"):
        term.drop_tag()  # its text stays; the tooltip's title and the underline go
    for art in with_class(body, "sce-figure__art"):
        # On a screen the figure is a link to its SVG, to open full size; on paper it is the
        # figure, without the link's address printed under it.
        art.tag = "div"
        for name in ("href", "title"):
            art.attrib.pop(name, None)


# --- Wide tables ---------------------------------------------------------------------------------

def _cells(row) -> list:
    return [cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("th", "td")]


def _move_content(source, target) -> None:
    """The text and children of `source` to the end of `target`."""
    if source.text:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + source.text
        else:
            target.text = (target.text or "") + source.text
    for child in list(source):
        target.append(child)


def _labelled(label: str, cell, cls: str) -> lhtml.HtmlElement:
    paragraph = lhtml.Element("p", {"class": cls})
    if label:
        strong = etree.SubElement(paragraph, "strong")
        strong.text = label
        strong.tail = " " if label[-1] in "?:" else ": "
    _move_content(cell, paragraph)
    return paragraph


def reflow_wide_tables(body) -> int:
    """Each table of REFLOW_COLUMNS or more columns becomes labelled blocks; returns how many."""
    count = 0
    for table in list(body.iter("table")):
        header = table.find("thead/tr")
        if header is None:
            continue
        labels = [" ".join(cell.text_content().split()) for cell in _cells(header)]
        if len(labels) < REFLOW_COLUMNS:
            continue
        blocks = lhtml.Element("div", {"class": "sce-print-blocks"})
        caption = table.find("caption")
        if caption is not None:
            title = etree.SubElement(blocks, "p", {"class": "sce-print-blocks__caption"})
            _move_content(caption, title)
        for row in table.xpath("./tbody/tr | ./tr"):
            cells = _cells(row)
            if len(cells) == 1:  # a row heading a group of rows
                group = etree.SubElement(blocks, "p", {"class": "sce-print-blocks__group"})
                _move_content(cells[0], group)
                continue
            block = etree.SubElement(blocks, "div", {"class": "sce-print-block"})
            if row.get("id"):
                block.set("id", row.get("id"))
            first = _labelled("", cells[0], "sce-print-block__title")
            block.append(first)
            for label, cell in zip(labels[1:], cells[1:]):
                if cell.text_content().strip():
                    block.append(_labelled(label, cell, "sce-print-block__field"))
        blocks.tail = table.tail
        table.getparent().replace(table, blocks)
        count += 1
    return count


# --- Soft hyphens --------------------------------------------------------------------------------

@functools.cache
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="en_GB", left=3, right=3)


def _hyphenate_word(match: re.Match) -> str:
    return _dictionary().inserted(match.group(0), hyphen=SOFT_HYPHEN)


def _hyphenate_token(match: re.Match) -> str:
    token = match.group(0)
    if "/" in token or "@" in token or token.startswith("www."):  # web and mail addresses stay whole
        return token
    return WORD.sub(_hyphenate_word, token)


def _hyphenate_text(text: str | None) -> str | None:
    return re.sub(r"\S+", _hyphenate_token, text) if text else text


def _is_english(element) -> bool:
    for node in (element, *element.iterancestors()):
        lang = node.get("lang")
        if lang:
            return lang.lower().startswith("en")
    return True


def _hyphenate(element) -> None:
    """The element's own text and its children's, recursively; each child's tail belongs to
    `element`, so it is done here too."""
    if not isinstance(element.tag, str) or element.tag in NO_HYPHENS_IN or not _is_english(element):
        return
    if has_class(element, "sce-print-url"):
        return
    element.text = _hyphenate_text(element.text)
    for child in element:
        _hyphenate(child)
        child.tail = _hyphenate_text(child.tail)


def hyphenate_tables(body) -> None:
    """Soft hyphens in the words of every table cell (not in code, web addresses or Chinese)."""
    for cell in body.xpath(".//table//td | .//table//th | .//table/caption"):
        if any(a.tag in ("td", "th") for a in cell.iterancestors()):
            continue  # a nested cell is done with its outer one
        _hyphenate(cell)
