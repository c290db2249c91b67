"""Tables that read on a phone.

A table wider than a phone's screen sits in a box that scrolls sideways. That is fine for a table
of plain figures, but not for one that holds something a reader must touch: a citation number, a
link, a glossary term or a control would sit off screen. Every table that holds one is marked
`data-stack`, and each of its cells gets `data-label` with its column's heading; on a narrow
screen the stylesheet (site.css) shows such a table as one block per row, each cell labelled
("Who runs it: the courts"). Explicit ARIA roles keep it a table for screen readers when the
stylesheet changes how it is displayed. Paper and wide screens see the ordinary table.
"""

from __future__ import annotations

import html as htmlmod
import re

from sce.htmltokens import StartTag, events, rewrite

CONTROLS = {"a", "button", "input", "select", "textarea", "summary"}
ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup", "tr": "row",
         "td": "cell"}


def _plan(html: str) -> list[dict]:
    """For each table, in order: its column headings and whether it holds a control."""
    tables, stack = [], []
    row: list[str] | None = None
    text: list[str] | None = None
    position = 0
    for event in events(html):
        if text is not None:
            text.append(html[position:event.offset])
        position = event.end
        if event.kind in ("start", "startend"):
            if event.name == "table":
                tables.append({"headings": [], "control": False})
                stack.append(len(tables) - 1)
            elif stack:
                table = tables[stack[-1]]
                if event.name in CONTROLS or "sce-gloss" in (event.attrs.get("class") or ""):
                    table["control"] = True
                if event.name == "tr" and not table["headings"]:
                    row = []
                elif event.name == "th" and row is not None:
                    text = []
                    row.append("")
                elif event.name == "td" and row is not None:
                    row = None  # the first row with a data cell is not a heading row
        elif event.kind == "end":
            if event.name == "th" and text is not None and row is not None:
                row[-1] = " ".join(re.sub(r"<[^>]+>", "", "".join(text)).split())
                text = None
            elif event.name == "tr" and row is not None and stack:
                tables[stack[-1]]["headings"] = row
                row = None
            elif event.name == "table" and stack:
                stack.pop()
    return tables


TABLE_TAG = re.compile(r"<(/?)table\b", re.I)


def stackable(html: str) -> str:
    """Every table holding a control marked to stack on a narrow screen, its cells labelled.
    Only the tables are parsed (html.parser is slow, and a chapter is mostly paragraphs)."""
    out: list[str] = []
    position = depth = start = 0
    for tag in TABLE_TAG.finditer(html):
        if not tag.group(1):
            start = tag.start() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                end = html.find(">", tag.end()) + 1 or len(html)
                out += [html[position:start], _stack_tables(html[start:end])]
                position = end
    return "".join(out) + html[position:]


def _stack_tables(html: str) -> str:
    plans = _plan(html)
    seen = -1
    current: list[dict | None] = []
    column = 0

    def start(tag: StartTag) -> str | None:
        nonlocal seen, column
        if tag.name == "table":
            seen += 1
            plan = plans[seen] if seen < len(plans) else None
            current.append(plan if plan and plan["control"] else None)
            return _with(tag, {"data-stack": "", "role": "table"}) if current[-1] else None
        plan = current[-1] if current else None
        if plan is None or (tag.parents and "table" not in tag.parents):
            return None
        if tag.name == "tr":
            column = 0
        if tag.name in ("th", "td"):
            index = column
            column += int(tag.get("colspan") or 1)
            extra = {"role": "cell" if tag.name == "td" else
                     ("rowheader" if tag.get("scope") == "row" else "columnheader")}
            headings = plan["headings"]
            if tag.name == "td" or tag.get("scope") == "row":
                if index < len(headings) and headings[index] and "data-label" not in tag.attrs:
                    extra["data-label"] = headings[index]
            return _with(tag, extra)
        if tag.name in ROLES:
            return _with(tag, {"role": ROLES[tag.name]})
        return None

    def end(raw: str, parents: tuple[str, ...]) -> str | None:
        if raw[2:7].lower() == "table" and current:
            current.pop()
        return None

    return rewrite(html, start=start, end=end)


def _with(tag: StartTag, attrs: dict[str, str]) -> str:
    """The start tag with these attributes added (an existing one is kept)."""
    added = "".join(f' {name}="{htmlmod.escape(value)}"' if value else f" {name}"
                    for name, value in attrs.items() if name not in tag.attrs)
    raw = tag.raw
    closing = "/>" if raw.endswith("/>") else ">"
    return raw[: -len(closing)].rstrip() + added + closing
