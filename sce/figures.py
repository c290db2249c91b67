"""Figures: diagrams and charts written as text in the repository, rendered to SVG at build time.

    python -m scripts.figures              validate docs/data/figures.yml and render every figure
    python -m scripts.figures --out DIR    ...and write each figure to DIR/<id>.svg

The registry docs/data/figures.yml lists every figure once: its id, kind, source file, the page it
belongs to, caption, alternative text and citation keys. Three kinds:

- `diagram`: a Graphviz file (docs/diagrams/<id>.dot), laid out by Debian's `dot`;
- `line`: a line chart of the numeric columns of a CSV file (docs/data/<id>.csv) over a date column;
- `timeline`: dated events from a CSV file, drawn as a strip along a time axis.

CSV files carry a `cite` column (keys separated by ';'), may start lines with '#' for notes, and
hold one record per line. Every SVG is made theme-aware: black becomes the text colour, the
palette colours below become CSS custom properties (overridden for the dark theme by
docs/assets/css/figures.css), and any other colour is an error, so no figure can end up with a
white box on a dark page. The SVG has no ids or internal references, so several figures can share
a page, a print document or a PDF.

Every problem is one line naming the place: `docs/diagrams/x.dot:3: syntax error near ';'`,
`docs/data/x.csv:7: column 'rail': 'n/a' is not a number`, `docs/data/figures.yml:12: ...`.
A page places a figure with `<!-- sce:figure ID -->` (sce/widgets/figure.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from sce.bibliography import VALID_KEY
from sce.errors import SourceError
from sce.yamlfile import YamlFile, shown as show

REGISTRY = "data/figures.yml"  # relative to the docs folder
KINDS = {"diagram": ".dot", "line": ".csv", "timeline": ".csv"}

# Colour as written in a source -> CSS custom property (--sce-fig-NAME). The written colour is the
# light-theme value and the fallback; docs/assets/css/figures.css gives each a dark-theme value.
PALETTE = {
    "#e8eaf6": "fill-1",  # indigo tint
    "#e0f2f1": "fill-2",  # teal tint
    "#fff3e0": "fill-3",  # orange tint
    "#fce4ec": "fill-4",  # pink tint
    "#f5f5f5": "fill-5",  # grey tint
    "#3949ab": "line-1",  # indigo: first data series
    "#c2185b": "line-2",  # pink: second data series
    "#757575": "muted",   # grid lines, secondary text
}
SERIES_COLOURS = ["#3949ab", "#c2185b"]
SERIES_MARKERS = ["o", "s"]
SERIES_LINES = ["-", "--"]
MUTED = "#757575"
# Graphviz lays text out with DejaVu Sans; Verdana (on most other systems) has nearly the same
# widths, so labels still fit their boxes where DejaVu is not installed.
FONT = "DejaVu Sans"
FONT_STACK = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif"

SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
GENERIC_ALT = {"diagram", "chart", "figure", "image", "graph", "picture", "timeline", "map"}
MIN_ALT_WORDS = 6
FIELDS = {
    "common": {"id", "kind", "source", "chapter", "caption", "alt", "cite", "description"},
    "diagram": set(),
    "line": {"x", "x_label", "y_label", "series", "table"},
    "timeline": {"x", "label", "table"},
}
REQUIRED = {
    "diagram": ["id", "kind", "source", "chapter", "caption", "alt", "cite"],
    "line": ["id", "kind", "source", "chapter", "caption", "alt", "x", "x_label", "y_label", "series", "table"],
    "timeline": ["id", "kind", "source", "chapter", "caption", "alt", "x", "label", "table"],
}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


@dataclass
class Series:
    column: str
    label: str


@dataclass
class Figure:
    id: str
    kind: str
    source: str           # relative to the docs folder: diagrams/x.dot, data/x.csv
    chapter: str          # the page it belongs in, relative to the docs folder
    caption: str
    alt: str
    cite: list[str]
    line: int             # where the entry starts in the registry
    lines: dict[str, int]  # field -> line in the registry
    description: str = ""
    x: str = ""
    label: str = ""
    x_label: str = ""
    y_label: str = ""
    series: list[Series] = field(default_factory=list)
    table: dict[str, str] = field(default_factory=dict)  # column -> header, in order


@dataclass
class Row:
    line: int
    values: dict[str, str]
    cite: list[str]


@dataclass
class Rendered:
    figure: Figure
    svg: str              # to inline in a page: follows the theme through CSS custom properties
    standalone: str       # a file of its own: light colours on white
    rows: list[Row]       # the data behind a chart ([] for a diagram)

    @property
    def keys(self) -> list[str]:
        """Every citation key the figure rests on, registry first, each once."""
        keys = list(self.figure.cite)
        for row in self.rows:
            keys += [key for key in row.cite if key not in keys]
        return keys


# --- The registry ---------------------------------------------------------------------------------

def load_registry(docs: Path) -> list[Figure]:
    """Every figure in docs/data/figures.yml, checked; [] when the file does not exist."""
    path = docs / REGISTRY
    if not path.exists():
        return []
    doc = YamlFile(path, item="figure")
    figures: list[Figure] = []
    seen: dict[str, int] = {}
    for at, item in doc.entries():
        line = doc.line(at)
        lines = {key: doc.line(at + (key,)) for key in item}
        figure = _figure(doc.name, line, lines, item, docs)
        if figure.id in seen:
            raise SourceError(f"{doc.name}:{line}: figure '{figure.id}' is already defined on line {seen[figure.id]}")
        seen[figure.id] = line
        figures.append(figure)
    return figures


def _figure(where: str, line: int, lines: dict[str, int], item: dict, docs: Path) -> Figure:
    def fail(name: str, message: str) -> SourceError:
        return SourceError(f"{where}:{lines.get(name, line)}: figure '{item.get('id', '?')}': {message}")

    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise fail("kind", f"kind must be one of {', '.join(sorted(KINDS))}, not {kind!r}")
    unknown = sorted(set(item) - FIELDS["common"] - FIELDS[kind])
    if unknown:
        raise fail(unknown[0], f"unknown field '{unknown[0]}' for a {kind}")
    for name in REQUIRED[kind]:
        if item.get(name) in (None, "", [], {}):
            raise fail(name, f"missing '{name}'")
    for name in ("id", "source", "chapter", "caption", "alt", "description", "x", "label", "x_label", "y_label"):
        if name in item and not isinstance(item[name], str):
            raise fail(name, f"'{name}' must be text")
    if not SLUG.match(item["id"]):
        raise fail("id", f"id {item['id']!r} must be lower-case letters, digits and '-'")
    source = item["source"]
    if Path(source).suffix != KINDS[kind]:
        raise fail("source", f"a {kind} is drawn from a {KINDS[kind]} file, not {source}")
    if not (docs / source).is_file():
        raise fail("source", f"no file docs/{source}")
    if not (docs / item["chapter"]).is_file():
        raise fail("chapter", f"no page docs/{item['chapter']}")
    alt = " ".join(item["alt"].split())
    if len(alt.split()) < MIN_ALT_WORDS or alt.lower().strip(".") in GENERIC_ALT:
        raise fail("alt", f"alt text must say what the figure shows (at least {MIN_ALT_WORDS} words), not {alt!r}")
    if alt == " ".join(item["caption"].split()):
        raise fail("alt", "alt text repeats the caption: describe what the figure shows instead")
    cite = item.get("cite") or []
    if isinstance(cite, str):
        cite = [cite]
    for key in cite:
        if not isinstance(key, str) or not VALID_KEY.match(key):
            raise fail("cite", f"bad citation key {key!r}")
    series = []
    for entry in item.get("series") or []:
        if not isinstance(entry, dict) or not entry.get("column") or not entry.get("label"):
            raise fail("series", "each series needs a 'column' and a 'label'")
        series.append(Series(str(entry["column"]), str(entry["label"])))
    if len(series) > len(SERIES_COLOURS):
        raise fail("series", f"at most {len(SERIES_COLOURS)} series per chart")
    table = item.get("table") or {}
    if not isinstance(table, dict):
        raise fail("table", "'table' maps each column to show to its header, e.g. 'as_of: As of'")
    return Figure(
        id=item["id"], kind=kind, source=source, chapter=item["chapter"],
        caption=" ".join(item["caption"].split()), alt=alt, cite=cite, line=line, lines=lines,
        description=(item.get("description") or "").strip(),
        x=item.get("x", ""), label=item.get("label", ""), x_label=item.get("x_label", ""),
        y_label=item.get("y_label", ""), series=series,
        table={str(k): str(v) for k, v in table.items()},
    )


# --- CSV data -------------------------------------------------------------------------------------

def read_rows(figure: Figure, docs: Path) -> list[Row]:
    """The rows of a chart's CSV file, each checked against what the figure needs."""
    path = docs / figure.source
    where = show(path)
    header: list[str] = []
    header_line = 0
    rows: list[Row] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            fields = next(csv.reader([text], strict=True))
        except csv.Error as error:
            raise SourceError(f"{where}:{number}: not valid CSV ({error}); is a quote left open?") from None
        if not header:
            header, header_line = [name.strip() for name in fields], number
            needed = ["cite", figure.x, figure.label, *(s.column for s in figure.series), *figure.table]
            for name in dict.fromkeys(n for n in needed if n):
                if name not in header:
                    registry = f"{show(docs / REGISTRY)}:{figure.line}"
                    raise SourceError(f"{where}:{number}: no column '{name}' (figure '{figure.id}', {registry})")
            continue
        if len(fields) != len(header):
            raise SourceError(f"{where}:{number}: {len(fields)} fields, "
                              f"but the header on line {header_line} has {len(header)}")
        values = dict(zip(header, (value.strip() for value in fields)))
        rows.append(Row(number, values, _row_keys(where, number, values["cite"])))
    if not rows:
        raise SourceError(f"{where}:{header_line or 1}: no data rows")
    previous = ""
    for row in rows:
        date = row.values[figure.x]
        if not DATE.match(date) or not _valid_date(date):
            raise SourceError(f"{where}:{row.line}: column '{figure.x}': {date!r} is not a date "
                              "(YYYY-MM-DD or YYYY-MM)")
        if date < previous:
            raise SourceError(f"{where}:{row.line}: {date} comes before {previous}; keep rows in date order")
        previous = date
        for series in figure.series:
            value = row.values[series.column]
            try:
                float(value)
            except ValueError:
                raise SourceError(f"{where}:{row.line}: column '{series.column}': {value!r} is not a number") from None
        if figure.label and not row.values[figure.label]:
            raise SourceError(f"{where}:{row.line}: column '{figure.label}' is empty")
    return rows


def _row_keys(where: str, line: int, text: str) -> list[str]:
    keys = [key.strip().lstrip("@") for key in text.split(";") if key.strip()]
    if not keys:
        raise SourceError(f"{where}:{line}: no citation key in column 'cite'")
    for key in keys:
        if not VALID_KEY.match(key):
            raise SourceError(f"{where}:{line}: bad citation key {key!r} in column 'cite'")
    return keys


def _valid_date(text: str) -> bool:
    try:
        _as_date(text)
    except ValueError:
        return False
    return True


def _as_date(text: str) -> dt.date:
    """YYYY-MM-DD, or YYYY-MM placed mid-month."""
    parts = [int(part) for part in text.split("-")]
    return dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 15)


def check_keys(rendered: list[Rendered], known: set[str], docs: Path) -> None:
    """Every citation key of every figure is in the bibliography."""
    for item in rendered:
        figure = item.figure
        for key in figure.cite:
            if key not in known:
                line = figure.lines.get("cite", figure.line)
                raise SourceError(f"{show(docs / REGISTRY)}:{line}: figure '{figure.id}': unknown citation key '{key}'")
        for row in item.rows:
            for key in row.cite:
                if key not in known:
                    raise SourceError(f"{show(docs / figure.source)}:{row.line}: unknown citation key '{key}'")


# --- Rendering ------------------------------------------------------------------------------------

def render_all(figures: list[Figure], docs: Path, cache: Path | None = None) -> list[Rendered]:
    """Render every figure, reusing the cached SVG when neither source nor entry has changed."""
    return [render(figure, docs, cache) for figure in figures]


def render(figure: Figure, docs: Path, cache: Path | None = None) -> Rendered:
    rows = read_rows(figure, docs) if figure.kind != "diagram" else []
    digest = _digest(figure, docs)
    cached = cache / f"{figure.id}-{digest}.svg" if cache else None
    if cached and cached.exists():
        raw = cached.read_text(encoding="utf-8")
    else:
        if figure.kind == "diagram":
            raw = render_dot(docs / figure.source)
        elif figure.kind == "line":
            raw = render_line(figure, rows)
        else:
            raw = render_timeline(figure, rows, show(docs / figure.source))
        if cached:
            cache.mkdir(parents=True, exist_ok=True)
            for old in cache.glob(f"{figure.id}-*.svg"):
                old.unlink()
            cached.write_text(raw, encoding="utf-8")
    svg, standalone = themeable(raw, figure, docs)
    return Rendered(figure, svg, standalone, rows)


def _digest(figure: Figure, docs: Path) -> str:
    recipe = {
        "renderer": _own_digest(),  # any change to this module redraws every figure
        "tool": tool_version(figure.kind),
        "source": hashlib.sha256((docs / figure.source).read_bytes()).hexdigest(),
        "chart": [figure.x, figure.label, figure.x_label, figure.y_label, [vars(s) for s in figure.series]],
    }
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def _own_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@functools.lru_cache(maxsize=None)
def tool_version(kind: str) -> str:
    if kind == "diagram":
        return subprocess.run([_dot(), "-V"], capture_output=True, text=True).stderr.strip()
    return f"matplotlib {importlib.metadata.version('matplotlib')}"


def _dot() -> str:
    found = shutil.which("dot")
    if found:
        return found
    raise SourceError("Graphviz 'dot' is not installed: run 'make build-deps' (Debian package graphviz)")


def render_dot(path: Path) -> str:
    """Lay out a Graphviz file in the house style; any error or warning is reported file:line."""
    where = show(path)
    result = subprocess.run(
        [_dot(), "-Tsvg", f"-Gfontname={FONT}", f"-Nfontname={FONT}", f"-Efontname={FONT}",
         "-Gbgcolor=transparent", "-Nfontsize=13", "-Efontsize=11", "-Gpad=0.05", str(path)],
        capture_output=True, text=True,
    )
    messages = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 0 or messages:
        raise SourceError(_dot_problem(path, where, messages))
    if result.stdout.count("<svg") != 1:
        raise SourceError(f"{where}:1: one graph per file, please")
    return result.stdout


def _dot_problem(path: Path, where: str, messages: list[str]) -> str:
    text = " ".join(messages)
    source = path.read_text(encoding="utf-8").splitlines()
    syntax = re.search(r"syntax error in line (\d+)(?: near '([^']*)')?", text)
    if syntax:
        near = f" near '{syntax.group(2)}'" if syntax.group(2) else ""
        return f"{where}:{syntax.group(1)}: syntax error{near}"
    label = re.search(r"in label of (?:node|graph|edge) (\S+)", text)
    if label:  # an HTML-like label: dot counts lines inside the label, so find the node instead
        name = label.group(1)
        line = _line_of(source, rf"^\s*\"?{re.escape(name)}\"?\s*\[") or 1
        detail = re.sub(r"^(Error|Warning):\s*", "", messages[0]).strip()
        return f"{where}:{line}: bad HTML-like label of '{name}': {detail}"
    first = re.sub(r"^(Error|Warning):\s*", "", messages[0] if messages else "dot failed").strip()
    first = first.replace(f"{path}: ", "").replace(f"{where}: ", "")
    quoted = re.search(r'"([^"]+)"|\'([^\']+)\'', first)
    token = quoted and (quoted.group(1) or quoted.group(2))
    line = _line_of(source, re.escape(token)) if token else None
    return f"{where}:{line or 1}: {first}"


def _line_of(lines: list[str], pattern: str) -> int | None:
    for number, text in enumerate(lines, start=1):
        if re.search(pattern, text):
            return number
    return None


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "none",       # real text: selectable, searchable, styled by the page
        "svg.hashsalt": "sce-figures",  # stable ids, so a rebuild gives the same file
        "font.family": FONT,
        "font.size": 12,
        "text.color": "#000000",
        "axes.edgecolor": "#000000",
        "axes.labelcolor": "#000000",
        "xtick.color": "#000000",
        "ytick.color": "#000000",
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


def _save(fig) -> str:
    import io

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", transparent=True, bbox_inches="tight", pad_inches=0.05,
                metadata={"Date": None, "Creator": None})
    fig.clf()
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buffer.getvalue()


def render_line(figure: Figure, rows: list[Row]) -> str:
    """Series against dates: each line with its own colour, marker and dash, labelled at its end."""
    plt = _pyplot()
    from matplotlib import dates as mdates

    fig, ax = plt.subplots(figsize=(8, 4.2))
    when = [_as_date(row.values[figure.x]) for row in rows]
    top = 0.0
    for index, series in enumerate(figure.series):
        values = [float(row.values[series.column]) for row in rows]
        top = max(top, *values)
        colour = SERIES_COLOURS[index]
        ax.plot(when, values, color=colour, linestyle=SERIES_LINES[index], marker=SERIES_MARKERS[index],
                linewidth=2, markersize=7)
        for day, value in zip(when, values):
            ax.annotate(f"{value:g}", (day, value), xytext=(0, 8), textcoords="offset points",
                        ha="center", fontsize=11)
        ax.annotate(series.label, (when[-1], values[-1]), xytext=(12, 0), textcoords="offset points",
                    va="center", fontsize=12, color=colour, fontweight="bold")
    ax.set_ylim(0, top * 1.15)
    span = (when[-1] - when[0]).days or 30
    ax.set_xlim(when[0] - dt.timedelta(days=span * 0.06), when[-1] + dt.timedelta(days=span * 0.06))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.set_xlabel(figure.x_label)
    ax.set_ylabel(figure.y_label)
    ax.grid(axis="y", color=MUTED, linewidth=0.6, alpha=0.5)
    return _save(fig)


def render_timeline(figure: Figure, rows: list[Row], where: str) -> str:
    """Events on a time axis; labels stacked on levels above and below so that none overlap.

    The vertical axis is measured in points, so a level is exactly one label high and the figure
    grows with the number of levels the labels need.
    """
    plt = _pyplot()
    from matplotlib import dates as mdates

    events = [(_as_date(row.values[figure.x]), textwrap.fill(row.values[figure.label], 16)) for row in rows]
    start = dt.date(events[0][0].year, 1, 1)
    end = dt.date(events[-1][0].year + 1, 1, 1)
    width_pt, fontsize = 560.0, 11.0
    line_pt = fontsize * 1.25
    step = (max(label.count("\n") for _, label in events) + 2) * line_pt + 10  # label, date, gap
    try:
        places = _place(events, start, width_pt / (end - start).days, width_pt, fontsize)
    except IndexError:
        raise SourceError(f"{where}:{rows[0].line}: too many events too close together to label them all; "
                          "shorten the labels or leave some out") from None
    levels = [level for level, _ in places]
    top = max(max(levels), 0) * step + 8
    bottom = min(min(levels), 0) * step - 22  # room for the year labels under the axis
    fig = plt.figure(figsize=(width_pt / 72, (top - bottom) / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(start, end)
    ax.set_ylim(bottom, top)
    for (day, label), (level, align) in zip(events, places):
        y = level * step - (line_pt * 0.4 if level > 0 else -line_pt * 0.4)
        ax.vlines(day, 0, y, color=MUTED, linewidth=1)
        ax.plot([day], [0], marker="o", color=SERIES_COLOURS[0], markersize=6, zorder=3)
        text = f"{label}\n{day:%b %Y}" if level > 0 else f"{day:%b %Y}\n{label}"
        shift = {"center": 0, "left": -6, "right": 6}[align]
        ax.annotate(text, (day, y), xytext=(shift, 0), textcoords="offset points", ha=align,
                    va="bottom" if level > 0 else "top", fontsize=fontsize, linespacing=1.15,
                    multialignment=align)
    ax.axhline(0, color="#000000", linewidth=1.2)
    ax.yaxis.set_visible(False)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_position(("data", 0))
    ax.spines["bottom"].set_visible(False)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", direction="inout", length=6, pad=4, labelsize=10)
    return _save(fig)


def _place(events: list[tuple[dt.date, str]], start: dt.date, points_per_day: float, width: float,
           fontsize: float) -> list[tuple[int, str]]:
    """(level, alignment) for each label, so that every label stays inside the strip and overlaps
    no other label and no stem. Levels alternate above and below the axis (1, -1, 2, -2, ...); a
    label is centred on its stem or starts or ends at it. The search tries the fewest levels first,
    so the strip is as short as the labels allow."""
    char_width = fontsize * 0.62  # DejaVu Sans averages a little over 0.6 em per character
    options = []  # per event: (x, {alignment: (left, right)})
    for day, label in events:
        x = (day - start).days * points_per_day
        size = max(len(line) for line in f"{label}\n{day:%b %Y}".split("\n")) * char_width + 8
        spans = {"center": (x - size / 2, x + size / 2), "left": (x - 6, x - 6 + size),
                 "right": (x + 6 - size, x + 6)}
        options.append((x, {a: span for a, span in spans.items() if span[0] >= 0 and span[1] <= width}))
    budget = [100_000]

    def search(index: int, placed: list, most: int) -> list | None:
        if index == len(options):
            return placed
        budget[0] -= 1
        if budget[0] < 0:
            return None
        x, spans = options[index]
        for level in [sign * n for n in range(1, most + 1) for sign in (1, -1)]:
            for align, (left, right) in spans.items():
                if not any(_clash(level, x, left, right, *other[:4]) for other in placed):
                    found = search(index + 1, placed + [(level, left, right, x, align)], most)
                    if found:
                        return found
        return None

    for most in range(1, 7):
        found = search(0, [], most)
        if found:
            return [(level, align) for level, _, _, _, align in found]
    raise IndexError(len(events) - 1)


def _clash(level: int, x: float, left: float, right: float,
           other: int, other_left: float, other_right: float, other_x: float) -> bool:
    if (other > 0) != (level > 0):
        return False  # one above the axis, one below
    if other == level:
        return left < other_right and other_left < right  # two labels side by side
    if abs(other) > abs(level):
        return left < other_x < right  # a taller stem would run through this label
    return other_left < x < other_right  # this stem would run through a lower label


# --- Making an SVG follow the page's theme ---------------------------------------------------------

def themeable(raw: str, figure: Figure, docs: Path) -> tuple[str, str]:
    """(inline SVG for a page, standalone SVG file) from what Graphviz or matplotlib wrote.

    The result has no ids and no internal references (<use>, clip paths), so any number of
    figures can share a page, a print document or a PDF, whatever rewrites ids there.
    """
    where = show(docs / figure.source)
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", raw, count=1).encode("utf-8"))
    _inline_uses(root)
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in ("title", "metadata", "desc", "defs", "clipPath"):
                parent.remove(child)
    bad: set[str] = set()
    for element in root.iter():
        _restyle(element, bad)
    if bad:
        colour = sorted(bad)[0]
        source = (docs / figure.source).read_text(encoding="utf-8").splitlines()
        line = _line_of(source, re.escape(colour)) or 1
        raise SourceError(f"{where}:{line}: colour '{colour}' is not in the figure palette "
                          f"(black or one of {', '.join(PALETTE)}), so it would not adapt to the dark theme")
    width, height = _size(root)
    for name in ("width", "height", "viewBox", "version"):
        root.attrib.pop(name, None)
    root.set("viewBox", f"0 0 {width:g} {height:g}")
    root.set("width", f"{round(width * 4 / 3)}")  # points, as Graphviz and matplotlib measure, to pixels
    root.set("height", f"{round(height * 4 / 3)}")
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = figure.alt
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-label", figure.alt)
    root.set("class", "sce-figure__svg")
    inline = ET.tostring(root, encoding="unicode")
    root.set("style", "color: #000000; background-color: #ffffff")
    standalone = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return inline, standalone


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _inline_uses(root: ET.Element) -> None:
    """Replace each <use> (matplotlib's markers and ticks) by a copy of what it points to."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if _local(child.tag) != "use":
                continue
            ref = (child.get(f"{{{XLINK_NS}}}href") or child.get("href") or "").lstrip("#")
            if ref not in by_id:
                parent.remove(child)
                continue
            copy = ET.Element(by_id[ref].tag, {k: v for k, v in by_id[ref].attrib.items() if k != "id"})
            copy.extend(list(by_id[ref]))
            style = _declarations(child.get("style", ""))
            style.update(_declarations(copy.get("style", "")))  # the marker's own style wins
            if style:
                copy.set("style", "; ".join(f"{k}: {v}" for k, v in style.items()))
            shift = f"translate({child.get('x', '0')} {child.get('y', '0')})"
            copy.set("transform", f"{shift} {copy.get('transform', '')}".strip())
            parent.remove(child)
            parent.insert(index, copy)


def _declarations(style: str) -> dict[str, str]:
    found = {}
    for item in style.split(";"):
        if ":" in item:
            name, value = item.split(":", 1)
            found[name.strip()] = value.strip()
    return found


def _restyle(element: ET.Element, bad: set[str]) -> None:
    """Drop ids and clipping; move colours into style, mapped to the theme; set the fonts."""
    element.attrib.pop("id", None)
    element.attrib.pop("clip-path", None)
    declarations = _declarations(element.attrib.pop("style", ""))
    declarations.pop("clip-path", None)
    for name in ("fill", "stroke", "font-family", "font-weight", "font-size"):
        if name in element.attrib:
            declarations.setdefault(name, element.attrib.pop(name))
    if _local(element.tag) == "text":
        declarations.setdefault("fill", "#000000")  # SVG's default is black, whatever the theme
    for name in ("fill", "stroke"):
        if name in declarations:
            declarations[name] = _paint(declarations[name], bad)
    if "font" in declarations:  # matplotlib's shorthand: "12px 'DejaVu Sans'"
        size = re.match(r"^([\d.]+px)", declarations.pop("font"))
        declarations["font-family"] = FONT_STACK
        if size:
            declarations.setdefault("font-size", size.group(1))
    if "font-family" in declarations:
        declarations["font-family"] = FONT_STACK
    if declarations:
        element.set("style", "; ".join(f"{name}: {value}" for name, value in declarations.items()))


def _paint(value: str, bad: set[str]) -> str:
    colour = value.strip().lower()
    if colour in ("none", "transparent"):
        return "none"
    if colour in ("black", "#000000", "#000", "currentcolor"):
        return "currentColor"
    if colour in PALETTE:
        return f"var(--sce-fig-{PALETTE[colour]}, {colour})"
    bad.add(value.strip())
    return value


def _size(root: ET.Element) -> tuple[float, float]:
    box = root.get("viewBox")
    if box:
        _, _, width, height = (float(part) for part in box.replace(",", " ").split())
        return width, height
    return float(root.get("width", "0").rstrip("pt")), float(root.get("height", "0").rstrip("pt"))


# --- The Markdown a page gets in place of a figure's marker -----------------------------------------

def art_placeholder(figure_id: str) -> str:
    """Stands where the SVG goes; the hook swaps in the SVG after Markdown, which never sees it."""
    return f"<!-- sce-figure-art:{figure_id} -->"


def figure_markdown(item: Rendered, number: str, svg_href: str, data_line: str = "") -> str:
    """A numbered <figure> with caption and source line, plus its text equivalent when it has one.
    `data_line`, for a chart, says where its data is and how to cite it (sce/exports/opendata.py)."""
    figure = item.figure
    cite = "; ".join(f"@{key}" for key in item.keys)
    parts = [
        f'<figure class="sce-figure" id="fig-{figure.id}" markdown>',
        # The figure scales to the column; on a phone, a tap opens the SVG full size to zoom into.
        f'<a class="sce-figure__art" href="{svg_href}" title="Open Figure {number} full size">'
        f"{art_placeholder(figure.id)}</a>",
        "<figcaption markdown>",
        f'<p class="sce-figure__caption" markdown="span"><strong>Figure {number}.</strong> {figure.caption}</p>',
        f'<p class="sce-figure__source" markdown="span">Source: [{cite}].'
        f"{' ' + data_line if data_line else ''}</p>",
        "</figcaption>",
        "</figure>",
    ]
    if item.rows:
        parts += [
            "",
            '<details class="sce-figure__data" markdown>',
            f"<summary>Figure {number} as a table</summary>",
            "",
            _table(item),
            "",
            "</details>",
        ]
    elif figure.description:
        parts += [
            "",
            '<details class="sce-figure__data" markdown>',
            f"<summary>Figure {number} in words</summary>",
            "",
            figure.description,
            "",
            "</details>",
        ]
    return "\n".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def _table(item: Rendered) -> str:
    headers = list(item.figure.table.values()) + ["Source"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in item.rows:
        cells = [_cell(row.values[column]) for column in item.figure.table]
        cells.append("[" + "; ".join(f"@{key}" for key in row.cite) + "]")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def figure_number(page_uri: str, index: int) -> str:
    """'2.1' for the first figure of chapters/02-*.md; '1' for the first on any other page."""
    found = re.match(r"^chapters/(\d+)-", page_uri)
    return f"{int(found.group(1))}.{index}" if found else str(index)
