"""Finish a PDF that Chromium printed so that its tags say what a reader needs (PDF/UA-1, as far
as the checks in `make test` can tell), and give it its metadata.

Chromium's tagged PDF is built from the page's accessibility tree: headings, paragraphs, lists,
tables with header cells, links and images with their alternative text. What it leaves undone,
found with `pdfua check` on this site's book and handouts:

- Running headers and page numbers (CSS page-margin boxes) are painted as untagged text. Text in
  the page margins becomes a pagination artifact (/Header or /Footer), which screen readers skip;
  the bookmarks and the table of contents carry the navigation.
- CSS decoration (the icons of the note boxes, drawn from mask images) is painted untagged: it
  becomes a layout artifact. Any untagged *text* in the body is left as it is, for the checks to
  report: it is CSS-generated content that a reader would miss, and belongs in the document as
  real text (sce/paper.py writes the labels of reflowed tables as text for that reason).
- Chinese passages get no language of their own, so they read as the document's English: those
  set in a Chinese font get /Lang zh (see `mark_chinese`).
- A <figure> becomes a /Figure without /Alt that holds the drawing (a /Figure with the SVG's
  aria-label as /Alt) and its caption: the outer one is a group, so it becomes a /Div.
- Link annotations have no description (/Contents): each gets one from `describe`.
- Only the title is in the document information, and there is no XMP: both get title, author,
  subject, keywords and language. No PDF/UA identifier is written: the checks this project can run
  cover a small part of PDF/UA-1, too little to claim conformance.

Bookmark titles are mended here too (see `mend_bookmarks`).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name

TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
MARGIN_PT = 56.0  # 22 mm page margins (sce/print.css) less a little: text beyond this is a header or footer


@dataclass
class Report:
    """What was done to one file, for the build's log and the tests."""

    artifacts: int = 0              # margin texts and decorations marked as artifacts
    figures_regrouped: int = 0      # <figure> wrappers retagged /Div
    links_described: int = 0
    chinese_passages: int = 0       # structure elements given /Lang zh
    untagged_text: list[int] = field(default_factory=list)  # pages with untagged body text left


@dataclass
class Info:
    title: str
    author: str
    subject: str
    keywords: str
    language: str
    creator: str


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """m then n, for PDF's row-vector matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F]


def _numbers(operands) -> list[float]:
    return [float(value) for value in operands]


def _has_mcid(operands) -> bool:
    return bool(operands) and isinstance(operands[-1], Dictionary) and "/MCID" in operands[-1]


def _artifact(kind: str, subtype: str | None = None) -> pikepdf.ContentStreamInstruction:
    properties = Dictionary(Type=Name(kind))
    if subtype:
        properties.Subtype = Name(subtype)
    return pikepdf.ContentStreamInstruction([Name.Artifact, properties], pikepdf.Operator("BDC"))


# The fast path reads the content stream as bytes and finds the few operators that matter with a
# regular expression. Skia writes glyph runs as hex strings, which cannot hold an operator between
# delimiters, so only literal strings "(...)" need stepping over. Anything it does not expect (a
# string with nested parentheses, an inline image) sends the page to the slow path, pikepdf's full
# parser, which gives the same result about three times slower.
_BEFORE, _AFTER = rb"(?<![^\s>\])])", rb"(?![^\s/<\[(])"  # an operator stands between delimiters
_SCAN = re.compile(rb"(?P<string>\((?:[^()\\]|\\.)*\))|(?P<open>\()|" + _BEFORE
                   + rb"(?P<op>BDC|BMC|EMC|BT|ET|Do|cm|Tm|q|Q|BI|ID|EI)" + _AFTER, re.S)
_SHOWS_TEXT = re.compile(_BEFORE + rb"(?:Tj|TJ|'|\")" + _AFTER)
_OPERANDS = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)|/[^\s/<>\[\]()%{}]+")


class _Unexpected(Exception):
    pass


def _artifact_bytes(kind: str, subtype: str | None = None) -> bytes:
    extra = f" /Subtype {subtype}" if subtype else ""
    return f"/Artifact <</Type {kind}{extra}>> BDC\n".encode()


def _scan(data: bytes, height: float) -> tuple[list[tuple[int, bytes]], bool]:
    """(insertions as (offset, bytes), whether untagged body text was left) for one page."""
    inserts: list[tuple[int, bytes]] = []
    depth, ctm, stack = 0, [1.0, 0, 0, 1.0, 0, 0], []
    text_start = text_y = None
    text_tagged = untagged_text = False
    last_end = 0
    for match in _SCAN.finditer(data):
        kind = match.lastgroup
        if kind == "open":
            raise _Unexpected("nested parentheses in a string")
        if kind == "op":
            op = match.group("op")
            if op in (b"BDC", b"BMC"):
                depth += 1
                if op == b"BDC" and b"/MCID" in data[last_end:match.start()]:
                    text_tagged = True
            elif op == b"EMC":
                depth -= 1
                if depth < 0:
                    raise _Unexpected("EMC without BDC")
            elif op in (b"cm", b"Tm"):
                numbers = [float(v) for v in _OPERANDS.findall(data, last_end, match.start())[-6:]]
                if len(numbers) != 6:
                    raise _Unexpected("a matrix without six numbers")
                if op == b"cm":
                    ctm = _multiply(numbers, ctm)
                elif text_start is not None and text_y is None:
                    text_y = _multiply(numbers, ctm)[5]
            elif op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"Do":
                if depth == 0:  # painted by CSS, not by the page's content
                    name = _OPERANDS.findall(data, last_end, match.start())
                    if not name or not name[-1].startswith(b"/"):
                        raise _Unexpected("Do without a name")
                    inserts.append((data.rindex(name[-1], last_end, match.start()), _artifact_bytes("/Layout")))
                    inserts.append((match.end(), b"\nEMC"))
            elif op == b"BT":
                text_start = match.start() if depth == 0 else None
                text_y, text_tagged = None, False
            elif op == b"ET":
                if (text_start is not None and not text_tagged
                        and _SHOWS_TEXT.search(data, text_start, match.start())):
                    y = text_y if text_y is not None else ctm[5]
                    if y > height - MARGIN_PT or y < MARGIN_PT:
                        subtype = "/Header" if y > height - MARGIN_PT else "/Footer"
                        inserts.append((text_start, _artifact_bytes("/Pagination", subtype)))
                        inserts.append((match.end(), b"\nEMC"))
                    else:
                        untagged_text = True
                text_start = None
            else:
                raise _Unexpected("inline image")
        last_end = match.end()
    if depth != 0:
        raise _Unexpected("unbalanced marked content")
    return inserts, untagged_text


def mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, number: int, report: Report) -> None:
    """Wrap the page's untagged margin text and untagged decoration in artifact sequences."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, Array) else [contents]
    data = b"\n".join(stream.read_bytes() for stream in streams)
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    try:
        inserts, untagged = _scan(data, height)
    except _Unexpected:
        return mark_artifacts_slowly(pdf, page, number, report)
    if untagged:
        report.untagged_text.append(number)
    if not inserts:
        return
    pieces, position = [], 0
    for offset, text in sorted(inserts, key=lambda item: item[0]):
        pieces += [data[position:offset], text]
        position = offset
    pieces.append(data[position:])
    report.artifacts += len(inserts) // 2
    page.obj.Contents = pdf.make_stream(zlib.compress(b"".join(pieces), 6), Filter=Name.FlateDecode)


def mark_artifacts_slowly(pdf: pikepdf.Pdf, page: pikepdf.Page, number: int, report: Report) -> None:
    """mark_artifacts with pikepdf's parser: for content the fast path does not expect."""
    instructions = list(pikepdf.parse_content_stream(page))
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    # First pass: which spans [start, end] of instructions to wrap, and as what.
    wraps: dict[int, tuple[int, pikepdf.ContentStreamInstruction]] = {}
    depth, ctm, stack = 0, [1.0, 0, 0, 1.0, 0, 0], []
    text_start = text_y = None
    text_shown = text_tagged = False
    untagged_text = False
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op = str(instruction.operator)
        if op in ("BDC", "BMC"):
            depth += 1
            if op == "BDC" and _has_mcid(instruction.operands):
                text_tagged = True
        elif op == "EMC":
            depth = max(0, depth - 1)
        elif op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = _multiply(_numbers(instruction.operands), ctm)
        elif op == "BT":
            text_start = index if depth == 0 else None
            text_y, text_shown, text_tagged = None, False, False
        elif op == "Tm" and text_start is not None and text_y is None:
            tm = _multiply(_numbers(instruction.operands), ctm)
            text_y = tm[5]
        elif op in TEXT_SHOWING and depth == 0:
            text_shown = True
        elif op == "ET" and text_start is not None:
            if text_shown and not text_tagged:
                y = text_y if text_y is not None else ctm[5]
                if y > height - MARGIN_PT:
                    wraps[text_start] = (index, _artifact("/Pagination", "/Header"))
                elif y < MARGIN_PT:
                    wraps[text_start] = (index, _artifact("/Pagination", "/Footer"))
                else:
                    untagged_text = True
            text_start = None
        elif op == "Do" and depth == 0:
            wraps[index] = (index, _artifact("/Layout"))  # painted by CSS, not by the page's content
    if untagged_text:
        report.untagged_text.append(number)
    if not wraps:
        return
    out: list = []
    close_after: set[int] = set()
    for index, instruction in enumerate(instructions):
        if index in wraps:
            end, begin = wraps[index]
            out.append(begin)
            close_after.add(end)
            report.artifacts += 1
        out.append(instruction)
        if index in close_after:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _struct_children(node: Dictionary) -> list[Dictionary]:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, Array) else [kids]
    return [kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid]


def _walk(node: Dictionary):
    for kid in _struct_children(node):
        yield kid
        yield from _walk(kid)


# --- Chinese passages -----------------------------------------------------------------------------
# Chromium does not carry an element's lang="zh-Hans" into the tags, so a screen reader would read
# Chinese with the document's English voice. Skia embeds the CJK fonts (Noto CJK, a collection of
# CFF fonts) as Type 3 fonts and every other font as Type 0: text shown in a Type 3 font is
# Chinese. A structure element whose text is at least two thirds such glyphs gets /Lang zh (the
# site marks Simplified Chinese as zh-Hans, and text it marks itself as zh; in a PDF, zh is what is
# known). Elements that mix in a little Latin (a date, a bracket) count by their glyphs.
_LANG_SCAN = re.compile(rb"(?P<string>\((?:[^()\\]|\\.)*\))|(?P<open>\()|" + _BEFORE
                        + rb"(?P<op>BDC|BMC|EMC|Tf|Tj|TJ|BI)" + _AFTER, re.S)
_FONT_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)\s+[-+.\d]+\s*$")
CHINESE_SHARE = 2 / 3


def _glyph_counts(data: bytes, type3: set[bytes]) -> dict[int, list[int]]:
    """{MCID: [glyph runs in a Type 3 font, other glyph runs]} for one page's content."""
    counts: dict[int, list[int]] = {}
    stack: list[int | None] = []
    chinese = False
    last_end = 0
    for match in _LANG_SCAN.finditer(data):
        kind = match.lastgroup
        if kind == "open":
            raise _Unexpected("nested parentheses in a string")
        if kind == "op":
            op = match.group("op")
            if op == b"BDC":
                found = re.search(rb"/MCID\s+(\d+)", data[last_end:match.start()])
                stack.append(int(found.group(1)) if found else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC":
                if stack:
                    stack.pop()
            elif op == b"Tf":
                name = _FONT_NAME.search(data[last_end:match.start()])
                chinese = bool(name) and name.group(1) in type3
            elif op == b"BI":
                raise _Unexpected("inline image")
            else:
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is not None:
                    counts.setdefault(mcid, [0, 0])[0 if chinese else 1] += 1
        last_end = match.end()
    return counts


def _parent_tree(node) -> dict[int, object]:
    found = {}
    numbers = node.get("/Nums")
    if numbers is not None:
        for index in range(0, len(numbers), 2):
            found[int(numbers[index])] = numbers[index + 1]
    for kid in node.get("/Kids") or []:
        found.update(_parent_tree(kid))
    return found


def mark_chinese(pdf: pikepdf.Pdf, report: Report) -> None:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return
    parents = _parent_tree(root.ParentTree)
    totals: dict[tuple[int, int], list] = {}  # element -> [element, Chinese runs, other runs]
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font") or {}
        type3 = {str(name)[1:].encode() for name, font in fonts.items() if font.get("/Subtype") == Name.Type3}
        if not type3 or "/StructParents" not in page.obj:
            continue
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents]
        try:
            counts = _glyph_counts(b"\n".join(s.read_bytes() for s in streams), type3)
        except _Unexpected:
            continue
        elements = parents.get(int(page.obj.StructParents))
        if elements is None:
            continue
        for mcid, (chinese, other) in counts.items():
            if mcid < len(elements) and isinstance(elements[mcid], Dictionary):
                element = elements[mcid]
                total = totals.setdefault(element.objgen, [element, 0, 0, 0])
                total[1] += chinese
                total[2] += other
                total[3] += 1
    for element, chinese, other, seen in totals.values():
        # Only an element all of whose content was counted: one that goes on over a page without
        # Chinese fonts (a long paragraph) has text this pass did not read.
        if (chinese and chinese >= CHINESE_SHARE * (chinese + other) and seen == _content_items(element)
                and "/Lang" not in element):
            element.Lang = pikepdf.String("zh")
            report.chinese_passages += 1


def _content_items(element: Dictionary) -> int:
    """How many marked-content sequences the element itself holds (not its child elements')."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]
    return sum(1 for kid in kids if isinstance(kid, int)
               or (isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR))


def regroup_figures(pdf: pikepdf.Pdf, report: Report) -> None:
    """A /Figure without alternative text that holds a described /Figure is the <figure> around a
    drawing and its caption: a group, not a picture."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    for element in _walk(root):
        if element.get("/S") != Name.Figure or "/Alt" in element or "/ActualText" in element:
            continue
        if any(inner.get("/S") == Name.Figure and "/Alt" in inner for inner in _walk(element)):
            element.S = Name.Div
            report.figures_regrouped += 1


def describe_links(pdf: pikepdf.Pdf, describe: Callable[[str, str], str], report: Report) -> None:
    """Give every link annotation a /Contents: describe("uri", url) or describe("dest", name)."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            if annot.get("/Subtype") != Name.Link or str(annot.get("/Contents", "")).strip():
                continue
            action = annot.get("/A")
            if isinstance(action, Dictionary) and action.get("/S") == Name.URI:
                text = describe("uri", str(action.URI))
            else:
                dest = annot.get("/Dest")
                if dest is None and isinstance(action, Dictionary):
                    dest = action.get("/D")
                name = str(dest).lstrip("/") if isinstance(dest, (Name, pikepdf.String)) else ""
                text = describe("dest", name)
            annot.Contents = pikepdf.String(text)
            report.links_described += 1


def mend_bookmarks(pdf: pikepdf.Pdf, headings: list[str]) -> None:
    """Chromium titles a bookmark with the heading's text as laid out: lines run together with no
    space ("Xinjiang'ssurveillance") and a heading at the top of a page sometimes comes out twice
    ("TimelineTimeline"). Put back each heading's text, matched in document order."""
    squashed = [re.sub(r"\s+", "", text) for text in headings]
    position = 0

    def items(node):
        item = node.get("/First")
        while item is not None:
            yield item
            yield from items(item)
            item = item.get("/Next")

    outlines = pdf.Root.get("/Outlines")
    if outlines is None:
        return
    for item in items(outlines):
        title = re.sub(r"\s+", "", str(item.get("/Title", "")))
        for index in range(position, len(headings)):
            if title in (squashed[index], squashed[index] * 2):
                item.Title = pikepdf.String(headings[index])
                position = index + 1
                break


def set_metadata(pdf: pikepdf.Pdf, info: Info) -> None:
    pdf.docinfo.Title = info.title
    pdf.docinfo.Author = info.author
    pdf.docinfo.Subject = info.subject
    pdf.docinfo.Keywords = info.keywords
    pdf.docinfo.Creator = info.creator
    pdf.Root.Lang = pikepdf.String(info.language)
    prefs = pdf.Root.get("/ViewerPreferences")
    if not isinstance(prefs, Dictionary):
        prefs = pdf.Root.ViewerPreferences = Dictionary()
    prefs.DisplayDocTitle = True  # viewers show the title, not the file name
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp.load_from_docinfo(pdf.docinfo)
        xmp["dc:language"] = [info.language]


def finish(path: Path, info: Info, headings: list[str], describe: Callable[[str, str], str]) -> Report:
    """Everything above, in place."""
    report = Report()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            mark_artifacts(pdf, page, number, report)
        regroup_figures(pdf, report)
        mark_chinese(pdf, report)
        describe_links(pdf, describe, report)
        mend_bookmarks(pdf, headings)
        set_metadata(pdf, info)
        pdf.save(path)
    return report
