"""The "Which credit?" map: docs/data/credit-map.yml as a table (without JavaScript, in print)
plus the layout that assets/js/credit-map.js draws as an explorable map.

    <!-- widget: credit-map -->

The table holds every fact once, cited; the map's details panel shows copies of its cells, so
the two cannot disagree. Place it on a chapter page: its chapter links are relative to
docs/chapters/.
"""

from __future__ import annotations

from scripts.widgets import WidgetError, json_island, load_data
from scripts.widgets._fields import (
    ID, Where, chapter_link, cited, integer, keys, only_fields, prose, text,
)

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


def _part(where: Where, item: dict, known: set[str]) -> dict:
    only_fields(where, item, PART_FIELDS)
    group = item.get("group")
    if group not in GROUPS:
        raise where.error(f"'group' should be one of {', '.join(GROUPS)}, not {group!r}")
    part = {
        "id": item["part"], "name": text(where, item, "name"), "short": text(where, item, "short"),
        "hanzi": text(where, item, "hanzi", required=False), "group": group,
        "row": integer(where, item, "row", 1, 6), "column": integer(where, item, "column", 1, 3),
        "cells": {},
    }
    if "runs" not in item:
        raise where.error("missing 'runs': every part needs at least who runs it")
    for field, _ in FIELDS:
        if field not in item:
            continue
        value = item[field]
        if not isinstance(value, dict):
            raise where.error(f"'{field}' should have 'text' and 'cite'")
        only_fields(where, value, {"text", "cite"})
        part["cells"][field] = cited(text(where, value, "text"), keys(where, value.get("cite"), field, known))
    chapters = item.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        raise where.error("'chapters' should list at least one chapter file")
    links = [chapter_link(where, name) for name in chapters]
    documents = []
    for document in item.get("documents") or []:
        if not isinstance(document, dict):
            raise where.error("each of 'documents' should have 'title' and 'cite'")
        only_fields(where, document, {"title", "cite"})
        documents.append(cited(text(where, document, "title"), keys(where, document.get("cite"), "documents", known)))
    more = "Read " + ", ".join(links) + "."
    if documents:
        more += " Documents: " + "; ".join(documents) + "."
    part["cells"]["more"] = more
    return part


def _outcome(where: Where, item: dict) -> dict:
    only_fields(where, item, {"outcome", "name", "row", "column"})
    return {"id": item["outcome"], "name": text(where, item, "name"), "group": "state",
            "row": integer(where, item, "row", 1, 6), "column": integer(where, item, "column", 1, 3)}


def load(known: set[str]) -> tuple[list[dict], list[dict], list[dict]]:
    parts, outcomes, links, seen, cells = [], [], [], {}, {}
    for line, item in load_data(DATA):
        kinds = [kind for kind in ("part", "outcome", "link") if kind in item]
        if len(kinds) != 1:
            raise WidgetError(f"docs/data/{DATA}:{line}: an entry is one of 'part', 'outcome' or 'link'")
        kind = kinds[0]
        if kind == "link":
            where = Where(DATA, line, f"link {item['link']!r}")
            only_fields(where, item, {"link", "text", "cite"})
            ends = item["link"]
            if not (isinstance(ends, list) and len(ends) == 2 and all(isinstance(e, str) for e in ends)):
                raise where.error("'link' should be [FROM, TO]")
            links.append({"from": ends[0], "to": ends[1], "line": line, "where": where,
                          "html": cited(text(where, item, "text"), keys(where, item.get("cite"), "link", known))})
            continue
        ident = item[kind]
        where = Where(DATA, line, f"{kind} {ident!r}")
        if not isinstance(ident, str) or not ID.match(ident):
            raise where.error("the id should be lower-case letters, digits and hyphens")
        if ident in seen:
            raise where.error(f"id already used on line {seen[ident]}")
        seen[ident] = line
        entry = _part(where, item, known) if kind == "part" else _outcome(where, item)
        cell = (entry["group"], entry["row"], entry["column"])
        if cell in cells:
            raise where.error(f"row {cell[1]}, column {cell[2]} of the map is taken by '{cells[cell]}'")
        cells[cell] = ident
        (parts if kind == "part" else outcomes).append(entry)
    names = {entry["id"]: entry for entry in parts + outcomes}
    for link in links:
        for end in (link["from"], link["to"]):
            if end not in names:
                raise link["where"].error(f"no part or outcome '{end}'")
        if link["from"] not in {part["id"] for part in parts}:
            raise link["where"].error("a link starts at a part, not an outcome")
    if not parts:
        raise WidgetError(f"docs/data/{DATA}:1: no parts")
    return parts, outcomes, links


def _label(entry: dict) -> str:
    return prose(entry.get("short") or entry["name"])


def render(args: str, known_keys: set[str]) -> str:
    if args:
        raise WidgetError(f"the credit-map widget takes no arguments, not {args!r}")
    parts, outcomes, links = load(known_keys)
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
    ])


if __name__ == "__main__":  # print the Markdown a page gets: python -m scripts.widgets.credit_map
    from scripts.bibliography import load as load_bib
    from scripts.widgets import ROOT

    print(render("", set(load_bib(ROOT / "bibliography.bib").entries)))
