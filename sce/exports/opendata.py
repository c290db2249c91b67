"""Open data: the data behind every chart and every data-driven table or widget, as CSV files any
spreadsheet opens, each row with its sources, plus a Frictionless data package descriptor.

    downloads/data/NAME.csv          one per dataset below; every row ends with two columns:
                                     `source`, the works it rests on in full (" | " between them),
                                     and `cite`, their keys in bibliography.bib (";" between them)
    downloads/data/datapackage.json  the Frictionless data package (v1): each file's fields with
                                     their types and meaning, the works it cites, its licence

The datasets are read through the same loaders as the pages (sce/figures.py, sce/data.py,
sce/widgets/), so a CSV holds exactly what the page shows, checked the same way. Text comes as
plain text: markup dropped, citations moved from the text into the row's sources.

Every chart, table or widget built from docs/data/ says where its data is and how to cite it
with data_line(), which its renderer places under it (sce/widgets/, sce/figures.py).
Licence: CC BY 4.0, as for the text (LICENSE).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from dataclasses import dataclass, field

from sce.bibliography import CITATION_BLOCK, CITATION_KEY
from sce.exports import DOWNLOADS

FOLDER = f"{DOWNLOADS}/data"
PACKAGE = f"{FOLDER}/datapackage.json"
SITE = "Social Credit, Explained"
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
TAG = re.compile(r"<[^>]+>")
# Each widget dataset's title, which is also how it is cited.
TITLES = {
    "credit-map": "Which credit? The parts of the system compared",
    "rongcheng-points": "Rongcheng personal credit points: conduct and its effect",
    "timeline": "Timeline of the social credit system",
    "glossary": "Glossary of social credit terms",
    "quizzes": "Self-check quiz questions of every chapter",
    "which-system": "Which system is this? Real cases sorted",
    "myth-cards": "Popular claims about social credit and the mechanisms behind them",
    "joint-punishment-walkthrough": "From an unpaid judgment to joint punishment, step by step",
    "uscc-examples": "Unified social credit codes to try, with their holders",
}


@dataclass
class Dataset:
    name: str                      # the file's stem, and the resource name
    title: str
    description: str
    fields: list[tuple[str, str, str]]          # (name, Frictionless type, what it holds)
    rows: list[dict] = field(default_factory=list)  # values by field name, and "cite": [keys]


# --- Plain text -----------------------------------------------------------------------------------

def plain(text: str) -> tuple[str, list[str]]:
    """Markdown/HTML text as plain text, and the keys of the citations taken out of it."""
    keys = [key for block in CITATION_BLOCK.findall(text) for key in CITATION_KEY.findall(block)]
    text = CITATION_BLOCK.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](link) -> label
    text = html.unescape(TAG.sub("", text)).replace("**", "").replace("*", "")
    text = re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split()))
    return text, keys


def reference_text(formatted, key: str) -> str:
    return plain(formatted.entries[key])[0]


# --- The datasets ---------------------------------------------------------------------------------

def _merge(*key_lists) -> list[str]:
    return list(dict.fromkeys(key for keys in key_lists for key in keys))


def _text_row(values: dict, keys: list[str]) -> dict:
    """A row whose text values may hold citations: those move to the row's keys."""
    row, found = {}, []
    for name, value in values.items():
        if isinstance(value, str):
            value, more = plain(value)
            found += more
        row[name] = value
    row["cite"] = _merge(keys, found)
    return row


def chart_title(figure) -> str:
    """A chart's dataset title: the first sentence of its caption."""
    return plain(figure.caption)[0].split(". ")[0].rstrip(".")


def chart_datasets(build) -> list[Dataset]:
    """One per chart (a figure drawn from a CSV file)."""
    out = []
    for item in build.figures.values():
        if not item.rows:
            continue
        figure = item.figure
        columns = [c for c in item.rows[0].values if c != "cite"]
        series = {s.column: s.label for s in figure.series}
        notes = [line.lstrip("# ").strip() for line in (build.project.docs / figure.source)
                 .read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        fields = []
        for column in columns:
            if column == figure.x:
                full = all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.values[column]) for r in item.rows)
                fields.append((column, "date" if full else "string", figure.x_label or "Date"))
            elif column in series:
                fields.append((column, "number", f"{series[column]} ({figure.y_label})"))
            else:
                fields.append((column, "string", figure.table.get(column) or
                               ("Label on the chart" if column == figure.label else column.replace("_", " "))))
        rows = [_text_row({c: r.values[c] for c in columns}, r.cite) for r in item.rows]
        description = plain(figure.caption)[0] + (" " + " ".join(notes) if notes else "")
        out.append(Dataset(figure.id, chart_title(figure), description, fields, rows))
    return out


def credit_map(ctx) -> Dataset:
    from sce.widgets import credit_map as widget

    parts, _, _ = widget.load(ctx)
    rows = []
    for part in parts:
        for name, label in widget.FIELDS:
            if name in part["cells"]:
                rows.append(_text_row({"part": part["id"], "name": part["name"], "hanzi": part["hanzi"],
                                       "group": widget.GROUPS[part["group"]], "aspect": label,
                                       "text": part["cells"][name]}, []))
    return Dataset("credit-map", TITLES["credit-map"],
                   "Each thing called credit in China, state and private, described aspect by aspect "
                   "(who runs it, whom it covers, what it records, what it can trigger, how to get off it, "
                   "its legal basis); one row per part and aspect.",
                   [("part", "string", "Identifier of the part"), ("name", "string", "Name of the part"),
                    ("hanzi", "string", "Its name in Chinese"), ("group", "string", "State system or outside it"),
                    ("aspect", "string", "What the row describes"), ("text", "string", "The description")], rows)


def simulator(ctx) -> Dataset:
    from sce.widgets import simulator as widget

    _, items = widget.load(ctx)
    rows = [_text_row({"item": i["id"], "conduct": i["text"], "direction": i["direction"],
                       "points": i["points"], "per": i["per"], "decided_by": i["decided_by"]}, i["cite"])
            for i in items]
    return Dataset("rongcheng-points", TITLES["rongcheng-points"],
                   "Examples of conduct on record and what each does to a resident's points under "
                   "Rongcheng's published personal credit evaluation standards; points only where a cited "
                   "primary source gives them. One city's rules, not a national score.",
                   [("item", "string", "Identifier"), ("conduct", "string", "Conduct on record, as the source words it"),
                    ("direction", "string", "lowers or raises the points"),
                    ("points", "integer", "Change in points, where a primary source gives it"),
                    ("per", "string", "Unit a repeated change counts"),
                    ("decided_by", "string", "Body whose finding the item names")], rows)


def timeline(ctx) -> Dataset:
    from sce.data import THEMES, load_timeline

    events = load_timeline(ctx.project, known=ctx.bib.entries)
    rows = [_text_row({"date": e.date, "event": e.event, "themes": "; ".join(THEMES[t] for t in e.themes),
                       "chapter": ctx.project.chapter(e.chapter).title}, e.cite) for e in events]
    return Dataset("timeline", TITLES["timeline"],
                   "Dated events, from the first local experiments and central plans to the latest rules.",
                   [("date", "string", "Date: YYYY, YYYY-MM or YYYY-MM-DD"), ("event", "string", "What happened"),
                    ("themes", "string", "Themes, separated by ';'"), ("chapter", "string", "Chapter that explains it")],
                   rows)


def glossary(ctx) -> Dataset:
    from sce.data import load_glossary

    terms = load_glossary(ctx.project, known=ctx.bib.entries)
    rows = [_text_row({"term": t.term, "abbreviation": t.abbr, "hanzi": t.hanzi, "pinyin": t.pinyin,
                       "literally": t.gloss, "definition": t.definition,
                       "chapter": ctx.project.chapter(t.chapter).title}, t.cite) for t in terms]
    return Dataset("glossary", TITLES["glossary"],
                   "Terms with their Chinese, pinyin, literal meaning and definition.",
                   [("term", "string", "Term"), ("abbreviation", "string", "Abbreviation"),
                    ("hanzi", "string", "Chinese"), ("pinyin", "string", "Pinyin"),
                    ("literally", "string", "Literal meaning"), ("definition", "string", "Definition"),
                    ("chapter", "string", "Chapter that explains it")], rows)


def quizzes(build) -> Dataset:
    from sce.shortcodes import Context
    from sce.widgets import quiz

    rows = []
    for chapter in build.project.chapters.values():
        number = f"{chapter.number:02d}"
        if not (build.project.data / "quizzes" / f"{number}.yml").exists():
            continue
        for n, q in enumerate(quiz.load(number, Context(build, chapter.src_uri)), start=1):
            rows.append(_text_row({"chapter": chapter.number, "question": n, "type": q["kind"],
                                   "text": q["question"], "options": " | ".join(q["options"]),
                                   "answer": q["options"][q["answer"] - 1],
                                   "explanation": q["explanation"]}, q["cite"]))
    return Dataset("quizzes", TITLES["quizzes"],
                   "Each chapter's quiz: question, options, right answer and explanation (also as Moodle "
                   "GIFT files in downloads/quizzes/).",
                   [("chapter", "integer", "Chapter number"), ("question", "integer", "Question number"),
                    ("type", "string", "choice, true-false or myth-or-fact"), ("text", "string", "Question"),
                    ("options", "string", "Options, separated by ' | '"), ("answer", "string", "The right option"),
                    ("explanation", "string", "Why")], rows)


def sorter(ctx) -> Dataset:
    from sce.widgets import sorter as widget

    systems, cases = widget.load(ctx)
    label = {s["id"]: s["label"] for s in systems}
    rows = [_text_row({"case": c["case"], "system": label[c["answer"]], "explanation": c["explanation"],
                       "chapter": ctx.project.chapter(c["chapter"]).title}, c["cite"]) for c in cases]
    return Dataset("which-system", TITLES["which-system"],
                   "Real cases from the chapters, each with the system it belongs to and why.",
                   [("case", "string", "The case"), ("system", "string", "The system it belongs to"),
                    ("explanation", "string", "Why"), ("chapter", "string", "Chapter it comes from")], rows)


def myth_cards(ctx) -> Dataset:
    from sce.widgets import myth_cards as widget

    rows = [_text_row({"claim": c["claim"], "verdict": c["verdict"],
                       **{name: c[name] for name, _ in widget.SIDES},
                       "chapter": ctx.project.chapter(c["chapter"]).title}, []) for c in widget.load(ctx)]
    return Dataset("myth-cards", TITLES["myth-cards"],
                   "Each claim as popularly made, a verdict, and the real mechanism, legal basis, scope and "
                   "way off.",
                   [("claim", "string", "The claim, as popularly made"), ("verdict", "string", "false or partly true"),
                    *((name, "string", label) for name, label in widget.SIDES),
                    ("chapter", "string", "Chapter that explains it")], rows)


def walkthrough(ctx) -> Dataset:
    from sce.widgets import walkthrough as widget

    steps = widget.load(ctx)
    rows = [_text_row({"step": s["id"], "title": s["title"], "text": s["text"],
                       **{name: s[name] for name, _ in widget.FACTS},
                       "next": " | ".join(f"{c['label']} -> {c['next']}" for c in s["choices"])}, s["cite"])
            for s in steps]
    return Dataset("joint-punishment-walkthrough", TITLES["joint-punishment-walkthrough"],
                   "The steps of the walkthrough: who acts, the restriction, how long it lasts, the way off "
                   "the list, and the choices that lead on.",
                   [("step", "string", "Identifier"), ("title", "string", "Step"), ("text", "string", "What happens"),
                    *((name, "string", label) for name, label in widget.FACTS),
                    ("next", "string", "Choices: label -> next step, separated by ' | '")], rows)


def uscc_examples(ctx) -> Dataset:
    from sce.widgets import uscc_decoder as widget

    rows = [_text_row({"code": e["code"], "valid": "true" if e["valid"] else "false",
                         "holder": e["text"]}, e["cite"])
            for e in widget.load(ctx)]
    return Dataset("uscc-examples", TITLES["uscc-examples"],
                   "The codes chapter 3's decoder offers to try: each code, whether it passes every check "
                   "of GB 32100-2015 (the build checks it), and whose code it is, as the source lists it.",
                   [("code", "string", "The 18-character unified social credit code"),
                    ("valid", "boolean", "Whether the code passes every check"),
                    ("holder", "string", "Whose code it is, and where it comes from")], rows)


# The data-widget markers and the dataset each is built from.
WIDGETS = {"credit-map": credit_map, "simulator": simulator, "timeline": timeline, "glossary": glossary,
           "sorter": sorter, "myth-cards": myth_cards, "walkthrough": walkthrough, "uscc-decoder": uscc_examples}


def datasets(build) -> list[Dataset]:
    """Every dataset; a widget whose data file does not exist has none."""
    from sce.shortcodes import Context

    out = chart_datasets(build)
    files = {"credit-map": "credit-map.yml", "simulator": "simulator.yml", "timeline": "timeline.yml",
             "glossary": "glossary.yml", "sorter": "sorter.yml", "myth-cards": "myth-cards.yml",
             "walkthrough": "walkthrough.yml", "uscc-decoder": "uscc-examples.yml"}
    for marker, make in WIDGETS.items():
        if (build.project.data / files[marker]).exists():
            out.append(make(Context(build, "")))
    if (build.project.data / "quizzes").is_dir():
        out.append(quizzes(build))
    return out


def dataset_name(marker: str) -> str:
    """The dataset a widget marker's data is published as."""
    return {"simulator": "rongcheng-points", "sorter": "which-system", "walkthrough": "joint-punishment-walkthrough",
            "quiz": "quizzes", "uscc-decoder": "uscc-examples"}.get(marker, marker)


# --- Files ----------------------------------------------------------------------------------------

def to_csv(dataset: Dataset, formatted) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in dataset.fields] + ["source", "cite"])
    for row in dataset.rows:
        values = ["" if row.get(name) is None else row[name] for name, _, _ in dataset.fields]
        sources = " | ".join(reference_text(formatted, key) for key in row["cite"])
        writer.writerow(values + [sources, ";".join(row["cite"])])
    return out.getvalue()


def citation(dataset: Dataset, year: int) -> str:
    return f"{SITE}. {year}. “{dataset.title}.” Dataset."


def descriptor(sets: list[Dataset], build, today: dt.date) -> dict:
    site = build.project.site_url
    formatted = build.formatted
    resources = []
    for dataset in sets:
        keys = _merge(*(row["cite"] for row in dataset.rows))
        sources = []
        for key in keys:
            url = build.bib.value(key, "url") or (f"https://doi.org/{build.bib.value(key, 'doi')}"
                                                  if build.bib.value(key, "doi") else "")
            sources.append({"title": reference_text(formatted, key), **({"path": url} if url else {})})
        resources.append({
            "name": dataset.name, "path": f"{dataset.name}.csv", "profile": "tabular-data-resource",
            "title": dataset.title, "description": dataset.description,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": name, "type": kind, "description": what}
                                  for name, kind, what in dataset.fields]
                       + [{"name": "source", "type": "string",
                           "description": "The works the row rests on, in full, separated by ' | '"},
                          {"name": "cite", "type": "string",
                           "description": f"Their keys in the bibliography ({site}{DOWNLOADS}/bibliography.bib), "
                                          "separated by ';'"}]},
            "sources": sources, "licenses": [LICENSE],
            "citation": citation(dataset, today.year),
        })
    return {
        "profile": "tabular-data-package", "name": "social-credit-explained",
        "title": f"{SITE}: the data behind its charts, tables and widgets",
        "description": ("Every chart, table and interactive piece of the site that is built from data, as CSV. "
                        "Every row names its sources. Cite a file as its `citation` says, and the sources "
                        "you use."),
        "homepage": site, "version": today.isoformat(), "created": today.isoformat() + "T00:00:00Z",
        "licenses": [LICENSE], "contributors": [{"title": SITE, "role": "author", "path": site}],
        "resources": resources,
    }


def files(build) -> dict[str, str]:
    today = dt.date.today()
    sets = datasets(build)
    out = {f"{FOLDER}/{d.name}.csv": to_csv(d, build.formatted) for d in sets}
    out[PACKAGE] = json.dumps(descriptor(sets, build, today), ensure_ascii=False, indent=1) + "\n"
    return out


# --- The line under each chart, table or widget ---------------------------------------------------

def data_line(ctx, name: str, title: str = "", extra: str = "") -> str:
    """'Data: NAME.csv (CC BY 4.0). Cite as: ...' as HTML, linked relative to the page. `name` is
    a dataset name (a widget's marker name also works); `extra`, more links after the CSV."""
    name = dataset_name(name)
    title = title or TITLES[name]
    link = ctx.link(f"{FOLDER}/{name}.csv")
    return (f'<span class="sce-data-link">Data: <a href="{link}">{name}.csv</a> (CC BY 4.0){extra}. '
            f"Cite as: {SITE}. {dt.date.today().year}. “{html.escape(title)}.” Dataset.</span>")


def data_paragraph(ctx, marker: str, extra: str = "") -> str:
    """The data line as a paragraph of its own, to follow a widget: on the web and in the chapter
    handouts, not in the book, where it would repeat under every chapter's quiz."""
    return f'\n\n<p class="sce-data sce-not-in-book">{data_line(ctx, marker, extra=extra)}</p>\n'
