"""The "Which credit?" map: docs/data/credit-map.yml as a table (without JavaScript, in print)
plus the layout that assets/js/credit-map.js draws as an explorable map.

    <!-- sce:credit-map -->

The table holds every fact once, cited; the map's details panel shows copies of its cells, so
the two cannot disagree.
"""

from __future__ import annotations

from sce.errors import SourceError
from sce.exports.opendata import data_paragraph
from sce.markup import cited, prose
from sce.widgets import json_island
from sce.widgets.common import ID, Entry, no_arguments

DATA = "credit-map.yml"
# (field, column heading), in table order
FIELDS = [
    ("runs", "Who runs it"),
    ("covers", "Whom it covers"),
    ("records", "What it records"),
    ("triggers", "What it can trigger"),
    ("exit", "How to get off it"),
    ("basis", "Legal basis"),
]
# The table's columns after the part's name: the fields, then links to read more.
COLUMNS = FIELDS + [("more", "Read more")]
GROUPS = {"state": "The state social credit system", "outside": "Outside the state system"}
NOT_DOCUMENTED = "*Not documented in the sources used for this guide.*"
PART_FIELDS = {"part", "name", "short", "hanzi", "group", "row", "column", "chapters", "documents"} | {
    field for field, _ in FIELDS}


def _cited(entry: Entry, value: dict, field: str) -> str:
    """A {text, cite} field as escaped text with its citation."""
    entry.only(value, {"text", "cite"})
    return cited(prose(entry.text(value, "text")), entry.keys(value.get("cite"), field))


def _part(entry: Entry, item: dict, ctx) -> dict:
    entry.only(item, PART_FIELDS)
    group = item.get("group")
    if group not in GROUPS:
        entry.fail(f"'group' should be one of {', '.join(GROUPS)}, not {group!r}", "group")
    part = {
        "id": item["part"], "name": entry.text(item, "name"), "short": entry.text(item, "short"),
        "hanzi": entry.text(item, "hanzi", required=False), "group": group,
        "row": entry.integer(item, "row", 1, 6), "column": entry.integer(item, "column", 1, 3),
        "cells": {},
    }
    if "runs" not in item:
        entry.fail("missing 'runs': every part needs at least who runs it")
    for field, _ in FIELDS:
        if field not in item:
            continue
        if not isinstance(item[field], dict):
            entry.fail(f"'{field}' should have 'text' and 'cite'", field)
        part["cells"][field] = _cited(entry, item[field], field)
    chapters = item.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        entry.fail("'chapters' should list at least one chapter file", "chapters")
    for name in chapters:
        if ctx.project.chapter(name) is None:
            entry.fail(f"no chapter docs/chapters/{name}", "chapters")
    links = [ctx.chapter_link(name) for name in chapters]
    documents = []
    for document in item.get("documents") or []:
        if not isinstance(document, dict):
            entry.fail("each of 'documents' should have 'title' and 'cite'", "documents")
        entry.only(document, {"title", "cite"})
        documents.append(cited(prose(entry.text(document, "title")), entry.keys(document.get("cite"), "documents")))
    more = "Read " + ", ".join(links) + "."
    if documents:
        more += " Documents: " + "; ".join(documents) + "."
    part["cells"]["more"] = more
    return part


def _outcome(entry: Entry, item: dict) -> dict:
    entry.only(item, {"outcome", "name", "row", "column"})
    return {"id": item["outcome"], "name": entry.text(item, "name"), "group": "state",
            "row": entry.integer(item, "row", 1, 6), "column": entry.integer(item, "column", 1, 3)}


def load(ctx) -> tuple[list[dict], list[dict], list[dict]]:
    doc = ctx.project.yaml(DATA)
    known = ctx.bib.entries
    parts, outcomes, links, seen, cells = [], [], [], {}, {}
    for at, item in doc.entries():
        kinds = [kind for kind in ("part", "outcome", "link") if kind in item]
        if len(kinds) != 1:
            doc.fail(at, "an entry is one of 'part', 'outcome' or 'link'")
        kind = kinds[0]
        if kind == "link":
            entry = Entry(doc, at, f"link {item['link']!r}", known)
            entry.only(item, {"link", "text", "cite"})
            ends = item["link"]
            if not (isinstance(ends, list) and len(ends) == 2 and all(isinstance(e, str) for e in ends)):
                entry.fail("'link' should be [FROM, TO]", "link")
            links.append({"from": ends[0], "to": ends[1], "entry": entry,
                          "html": cited(prose(entry.text(item, "text")), entry.keys(item.get("cite"), "link"))})
            continue
        ident = item[kind]
        entry = Entry(doc, at, f"{kind} {ident!r}", known)
        if not isinstance(ident, str) or not ID.match(ident):
            entry.fail("the id should be lower-case letters, digits and hyphens")
        if ident in seen:
            entry.fail(f"id already used on line {seen[ident]}")
        seen[ident] = doc.line(at)
        made = _part(entry, item, ctx) if kind == "part" else _outcome(entry, item)
        cell = (made["group"], made["row"], made["column"])
        if cell in cells:
            entry.fail(f"row {cell[1]}, column {cell[2]} of the map is taken by '{cells[cell]}'")
        cells[cell] = ident
        (parts if kind == "part" else outcomes).append(made)
    names = {made["id"]: made for made in parts + outcomes}
    for link in links:
        for end in (link["from"], link["to"]):
            if end not in names:
                link["entry"].fail(f"no part or outcome '{end}'")
        if link["from"] not in {part["id"] for part in parts}:
            link["entry"].fail("a link starts at a part, not an outcome")
    if not parts:
        raise SourceError(f"{doc.name}:1: no parts")
    return parts, outcomes, links


def _label(entry: dict) -> str:
    return prose(entry.get("short") or entry["name"])


def render(args: str, ctx) -> str:
    no_arguments("credit-map", args)
    parts, outcomes, links = load(ctx)
    names = {entry["id"]: entry for entry in parts + outcomes}
    columns = len(COLUMNS) + 1  # with the part's name
    rows = []
    for group, heading in GROUPS.items():
        members = [part for part in parts if part["group"] == group]
        if not members:
            continue
        rows.append(f'<tbody markdown>\n<tr><th colspan="{columns}" scope="rowgroup">{heading}</th></tr>')
        for part in members:
            name = prose(part["name"])
            if part["hanzi"]:
                name += f' ({prose(part["hanzi"])})'
            cells = [f'<th scope="row" markdown="span">{name}</th>']
            for field, label in COLUMNS:
                cells.append(f'<td data-field="{field}" data-label="{label}" markdown="span">'
                             f'{part["cells"].get(field, NOT_DOCUMENTED)}</td>')
            rows.append(f'<tr data-part="{part["id"]}" markdown>\n' + "\n".join(cells) + "\n</tr>")
        rows.append("</tbody>")
    head = "".join(f'<th scope="col">{label}</th>' for label in ["Part", *(h for _, h in COLUMNS)])
    connections = "\n".join(
        f'<li data-from="{link["from"]}" data-to="{link["to"]}" markdown="span">'
        f'**{_label(names[link["from"]])} → {_label(names[link["to"]])}:** {link["html"]}</li>'
        for link in links
    )
    layout = {
        "groups": GROUPS,
        "fields": dict(COLUMNS),
        "parts": [{k: part[k] for k in ("id", "name", "short", "hanzi", "group", "row", "column")} for part in parts],
        "outcomes": [{k: o[k] for k in ("id", "name", "group", "row", "column")} for o in outcomes],
        "links": [{"from": link["from"], "to": link["to"]} for link in links],
    }
    return "\n".join([
        '<div class="sce-credit-map" data-widget="credit-map" markdown>',
        "",
        '<div class="sce-credit-map__static" markdown>',
        "",
        '<table markdown>',
        '<caption>Which “credit”? Each thing called credit: who runs it, whom it covers, what it '
        "records, what it can trigger, how to get off it and its legal basis</caption>",
        f"<thead><tr>{head}</tr></thead>",
        *rows,
        "</table>",
        "",
        '<p class="sce-credit-map__links-title"><strong>How the parts connect</strong></p>',
        "",
        '<ul class="sce-credit-map__links" markdown>',
        connections,
        "</ul>",
        "",
        "</div>",
        "",
        json_island("sce-credit-map-data", layout),
        "",
        # An empty SVG for the arrows: parsed as HTML it gets the SVG namespace, so the script
        # needs no namespace URL of its own.
        '<div class="sce-credit-map__svg-holder" hidden><svg class="sce-credit-map__arrows" '
        'width="0" height="0" aria-hidden="true" focusable="false"></svg></div>',
        "",
        "</div>",
        "",
    ]) + data_paragraph(ctx, "credit-map")

