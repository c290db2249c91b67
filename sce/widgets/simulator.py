"""Pilot score simulator: docs/data/simulator.yml as a cited table of conduct and its effect on a
Rongcheng resident's points, with the caveats above it (without JavaScript and in print).
assets/js/simulator.js adds a control to each row and a running record.

    <!-- sce:simulator -->

Point values must come from a cited primary source (bibliography.bib keywords = {primary}); an
item without one moves the record only in direction, and the widget says so. No starting score
and no grade thresholds are shown because no cited source gives them.
"""

from __future__ import annotations

from sce.errors import SourceError
from sce.exports.opendata import data_paragraph
from sce.markup import cite, cited, prose
from sce.widgets.common import ID, Entry, no_arguments

DATA = "simulator.yml"
DIRECTIONS = {"lowers": -1, "raises": 1}
MINUS = "\u2212"


def primary_keys(ctx) -> set[str]:
    """Keys of bibliography entries marked as primary sources."""
    return {key for key in ctx.bib.entries if ctx.bib.value(key, "keywords") == "primary"}


def points_text(points: int | None, direction: str, per: str) -> str:
    if points is None:
        verb = "Lowers" if direction == "lowers" else "Raises"
        return f"{verb} the points; the sources consulted give no value"
    value = f"{MINUS if points < 0 else '+'}{abs(points)} points"
    return f"{value} per {per}" if per else value


def load(ctx) -> tuple[list[dict], list[dict]]:
    doc = ctx.project.yaml(DATA)
    known, primary = ctx.bib.entries, primary_keys(ctx)
    notes, items, seen = [], [], {}
    for at, item in doc.entries():
        kinds = [kind for kind in ("note", "item") if kind in item]
        if len(kinds) != 1:
            doc.fail(at, "an entry is either a 'note' or an 'item'")
        kind = kinds[0]
        ident = item[kind]
        entry = Entry(doc, at, f"{kind} {ident!r}", known)
        if not isinstance(ident, str) or not ID.match(ident):
            entry.fail("the id should be lower-case letters, digits and hyphens")
        if ident in seen:
            entry.fail(f"id already used on line {seen[ident]}")
        seen[ident] = doc.line(at)
        cite_keys = entry.keys(item.get("cite"), "cite")
        if kind == "note":
            entry.only(item, {"note", "text", "cite"})
            notes.append({"id": ident, "html": cited(prose(entry.text(item, "text")), cite_keys)})
            continue
        entry.only(item, {"item", "text", "direction", "points", "per", "decided_by", "cite"})
        direction = item.get("direction")
        if direction not in DIRECTIONS:
            entry.fail(f"'direction' should be lowers or raises, not {direction!r}", "direction")
        points = item.get("points")
        if points is not None:
            if not isinstance(points, int) or isinstance(points, bool) or points == 0:
                entry.fail(f"'points' should be a whole number other than 0, not {points!r}", "points")
            if (points > 0) != (DIRECTIONS[direction] > 0):
                entry.fail(f"'points' {points} does not match direction '{direction}'", "points")
            if not set(cite_keys) & primary:
                entry.fail(
                    f"'points' {points} needs a primary source among its cites ({', '.join(cite_keys)} "
                    "are not marked keywords = {primary} in bibliography.bib)", "points")
        per = entry.text(item, "per", required=False)
        if per and points is None:
            entry.fail("'per' needs 'points'", "per")
        items.append({
            "id": ident, "text": entry.text(item, "text"), "direction": direction, "points": points,
            "per": per, "decided_by": entry.text(item, "decided_by", required=False), "cite": cite_keys,
        })
    if not items:
        raise SourceError(f"{doc.name}:1: no items")
    return notes, items


def render(args: str, ctx) -> str:
    no_arguments("simulator", args)
    notes, items = load(ctx)
    # The table cites once, in the source line under it, the source most rows come from; a row
    # from another source cites it in the row. (Not in the caption: a link in the caption of a
    # table that stacks on phones, which carries role="table", is a child a table may not have.)
    sets = [tuple(item["cite"]) for item in items]
    common = max(set(sets), key=sets.count)
    rows = []
    for item in items:
        attrs = f'data-item="{item["id"]}" data-direction="{item["direction"]}"'
        if item["points"] is not None:
            attrs += f' data-points="{item["points"]}"'
        if item["per"]:
            attrs += f' data-per="{prose(item["per"])}"'
        if item["decided_by"]:
            attrs += f' data-decided-by="{prose(item["decided_by"])}"'
        effect = points_text(item["points"], item["direction"], item["per"])
        rows.append(
            f"<tr {attrs} markdown>\n"
            f'<td data-field="text" markdown="span">{prose(item["text"])}'
            f'{"" if tuple(item["cite"]) == common else " " + cite(item["cite"])}</td>\n'
            f'<td data-field="effect">{prose(effect)}</td>\n'
            "</tr>"
        )
    caveats = "\n".join(f'<li data-note="{note["id"]}" markdown="span">{note["html"]}</li>' for note in notes)
    return "\n".join([
        '<div class="sce-simulator" data-widget="simulator" markdown>',
        "",
        '<div class="sce-simulator__caveats" markdown>',
        '<p class="sce-simulator__caveats-title"><strong>Read this first</strong></p>',
        '<ul markdown>',
        caveats,
        "</ul>",
        "</div>",
        "",
        '<table markdown>',
        "<caption>Examples of conduct on record and what each does to a resident's points in "
        "Rongcheng</caption>",
        '<thead><tr><th scope="col">Conduct on record</th><th scope="col">Effect on the points</th>'
        '</tr></thead>',
        "<tbody markdown>",
        *rows,
        "</tbody>",
        "</table>",
        "",
        f'<p class="sce-simulator__source" markdown="span">Source: every value is from the city\'s '
        f"personal credit evaluation standards {cite(list(common))}.</p>",
        "",
        "</div>",
        "",
    ]) + data_paragraph(ctx, "simulator")

