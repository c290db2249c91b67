"""The bibliography, and each page's own citation, in the formats reference managers import.

    downloads/bibliography.bib    BibTeX (biblatex fields): bibliography.bib as written, less the
                                  maintainers' `comment` fields
    downloads/bibliography.ris    RIS (Zotero, EndNote, Mendeley, RefWorks)
    downloads/bibliography.json   CSL-JSON (Zotero, pandoc, any citeproc)

CSL-JSON is pandoc's own reading of the .bib (the same reading that formats every reference on
the site, so names, dates and types agree), cached in .cache/exports/ like the formatted
references; RIS is written here from it. An entry's archived copy (`archiveurl`) travels with it:
the `archiveurl` field in BibTeX, a note and `custom.archive_url` in CSL-JSON, a note in RIS.

Corporate authors ({{Human Rights Watch}}, and this site itself) are one name in BibTeX (double
braces) and CSL-JSON ("literal"). RIS and the citation_author meta tag have no way to say so: a
comma in such a name reads as "Family, Given" to most importers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from sce.bibliography import Bibliography
from sce.exports import DOWNLOADS

FORMAT = 1  # bump when the cached CSL-JSON changes shape
BIB, RIS, CSL = (f"{DOWNLOADS}/bibliography.{ext}" for ext in ("bib", "ris", "json"))
SITE = "Social Credit, Explained"
# CSL item type -> RIS reference type
RIS_TYPES = {
    "article-journal": "JOUR", "article-newspaper": "NEWS", "article-magazine": "MGZN", "book": "BOOK",
    "chapter": "CHAP", "report": "RPRT", "webpage": "ELEC", "post-weblog": "BLOG", "legislation": "STAT",
    "thesis": "THES", "dataset": "DATA",
}
FIELD_START = re.compile(r"^[ \t]*comment[ \t]*=[ \t]*", re.M | re.I)


# --- BibTeX ---------------------------------------------------------------------------------------

def without_comments(text: str) -> str:
    """A .bib file's text without its `comment = {...}` (or "...") fields."""
    out, pos = [], 0
    for match in FIELD_START.finditer(text):
        if match.start() < pos:
            continue
        end = _value_end(text, match.end())
        if end is None:
            continue
        while end < len(text) and text[end] in " \t":
            end += 1
        if end < len(text) and text[end] == ",":
            end += 1
        if end < len(text) and text[end] == "\n":
            end += 1
        out.append(text[pos:match.start()])
        pos = end
    out.append(text[pos:])
    return re.sub(r",(\s*\n\})", r"\1", "".join(out))  # no dangling comma before an entry's end


def _value_end(text: str, start: int) -> int | None:
    """Where a braced or quoted BibTeX value that starts at `start` ends (just after it)."""
    opener = text[start:start + 1]
    if opener == '"':
        end = text.find('"', start + 1)
        return None if end < 0 else end + 1
    if opener != "{":
        return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def bibtex(bib: Bibliography, site_url: str) -> str:
    header = (f"% {SITE}: every work the site cites ({len(bib.entries)} entries), as BibTeX with biblatex\n"
              f"% fields. {site_url}bibliography.html\n\n")
    return header + without_comments(bib.path.read_text(encoding="utf-8"))


# --- CSL-JSON -------------------------------------------------------------------------------------

def csl_items(bib: Bibliography, order: list[str], cache=None) -> list[dict]:
    """Every entry as a CSL-JSON item, in the order the Bibliography page lists them."""
    from sce.citations import _pandoc_version

    text = bib.path.read_bytes()
    digest = hashlib.sha256(text + _pandoc_version().encode() + str(FORMAT).encode()).hexdigest()[:32]
    cached = cache / f"csl-{digest}.json" if cache else None
    if cached and cached.exists():
        items = json.loads(cached.read_text(encoding="utf-8"))
    else:
        import pypandoc

        items = json.loads(pypandoc.convert_text(text.decode("utf-8"), "csljson", format="biblatex"))
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            for old in cached.parent.glob("csl-*.json"):
                old.unlink()
            cached.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    rank = {key: n for n, key in enumerate(order)}
    items.sort(key=lambda item: (rank.get(item["id"], len(rank)), item["id"]))
    for item in items:
        archived = bib.value(item["id"], "archiveurl") if item["id"] in bib.entries else ""
        if archived:
            item.setdefault("custom", {})["archive_url"] = archived
            item["note"] = "; ".join(filter(None, [item.get("note"), f"Archived copy: {archived}"]))
    return items


def csl_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


# --- RIS ------------------------------------------------------------------------------------------

def _name(person: dict) -> str:
    if "literal" in person:
        return person["literal"]
    return ", ".join(filter(None, [person.get("family", ""), person.get("given", "")]))


def _date(value: dict | None) -> tuple[str, str]:
    """(year, RIS date YYYY/MM/DD/) of a CSL date."""
    parts = ((value or {}).get("date-parts") or [[]])[0]
    if not parts:
        return "", ""
    padded = [f"{int(parts[0]):04d}"] + [f"{int(p):02d}" for p in parts[1:3]]
    return padded[0], "/".join(padded + [""] * (3 - len(padded))) + "/"


def ris_record(item: dict) -> str:
    kind = RIS_TYPES.get(item.get("type", ""), "GEN")
    lines = [("TY", kind), ("ID", item.get("id", ""))]
    lines += [("AU", _name(person)) for person in item.get("author", [])]
    lines += [("A4", _name(person)) for person in item.get("translator", [])]
    lines.append(("TI", item.get("title", "")))
    container = item.get("container-title", "")
    if container:
        lines.append(("JO" if kind == "JOUR" else "T2", container))
    year, date = _date(item.get("issued"))
    lines += [("PY", year), ("DA", date)]
    page = str(item.get("page", ""))
    first, _, last = page.replace("–", "-").partition("-")
    lines += [("VL", item.get("volume", "")), ("IS", item.get("issue", "")), ("SP", first), ("EP", last),
              ("PB", item.get("publisher", "")), ("CY", item.get("publisher-place", "")),
              ("M3", item.get("genre", "")), ("SN", item.get("ISBN", "")), ("DO", item.get("DOI", "")),
              ("UR", item.get("URL", "")), ("Y2", _date(item.get("accessed"))[1]),
              ("N1", item.get("note", "")), ("KW", item.get("keyword", "")), ("ER", "")]
    return "\n".join(f"{tag}  - {value}".rstrip() if tag != "ER" else "ER  - " for tag, value in lines
                     if value or tag == "ER") + "\n"


def ris(items: list[dict]) -> str:
    return "\n".join(ris_record(item) for item in items)


# --- A page's own citation ------------------------------------------------------------------------

def page_item(title: str, url: str, updated: dt.date, key: str, today: dt.date | None = None) -> dict:
    """A page of this site as a CSL-JSON item: a web page, the site its container and author."""
    today = today or dt.date.today()
    return {
        "id": key, "type": "webpage", "title": title, "author": [{"literal": SITE}],
        "container-title": SITE, "issued": {"date-parts": [[updated.year, updated.month, updated.day]]},
        "accessed": {"date-parts": [[today.year, today.month, today.day]]}, "URL": url,
    }


# --- The files ------------------------------------------------------------------------------------

def files(build) -> dict[str, str]:
    bib = build.project.bibliography
    items = csl_items(bib, build.formatted.order, build.project.cache / "exports")
    return {BIB: bibtex(bib, build.project.site_url), RIS: ris(items), CSL: csl_json(items)}
