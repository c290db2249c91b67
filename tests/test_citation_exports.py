"""Citation metadata and exports: reference managers get each chapter as a section of the book,
each page's citation in BibTeX, RIS and CSL-JSON, and the whole bibliography as files."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
from pathlib import Path

import pybtex.database
import pytest
import yaml

from helpers import read_page
from sce.bibliography import load
from sce.exports import highwire, references
from sce.project import front_matter

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("[0-9][0-9]-*.md"))
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n# --- Repository")[0])["site_url"]
META = re.compile(r'<meta name="(citation_\w+)" content="([^"]*)">')


def first_commit(source: Path) -> str:
    out = subprocess.run(["git", "log", "--follow", "--format=%cs", "--", str(source.relative_to(ROOT))],
                         cwd=ROOT, capture_output=True, text=True).stdout.split()
    return (out[-1] if out else dt.date.today().isoformat()).replace("-", "/")


def head(site_dir: Path, page: str) -> str:
    return read_page(site_dir, page).split("</head>", 1)[0]


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.name[:2])
def test_every_chapter_page_has_its_citation_meta(site_dir, source):
    meta, _, _ = front_matter(source.read_text(encoding="utf-8"))
    page = f"chapters/{source.stem}.html"
    tags = {}
    for name, content in META.findall(head(site_dir, page)):
        assert name not in tags, f"{page}: {name} twice"
        tags[name] = html.unescape(content)
    assert tags == {
        "citation_title": meta["title"],
        "citation_author": "Social Credit, Explained",           # the project, as a corporate author
        "citation_publication_date": str(meta.get("first_published") or first_commit(source)).replace("-", "/"),
        "citation_online_date": str(meta["last_reviewed"]).replace("-", "/"),
        "citation_public_url": f"{SITE_URL}{page}",
        "citation_language": "en",
        "citation_book_title": "Social Credit, Explained",        # Zotero: a book section
    }


def test_pages_other_than_chapters_carry_no_citation_meta(site_dir):
    for page in ("index.html", "about.html", "bibliography.html", "teach/index.html"):
        assert not META.search(head(site_dir, page)), page


def test_first_publication_is_the_front_matter_date_or_the_first_commit(tmp_path):
    source = "docs/chapters/01-what-social-credit-means.md"
    assert highwire.first_published(ROOT, source, {"first_published": dt.date(2025, 1, 2)}) == dt.date(2025, 1, 2)
    assert highwire.first_published(ROOT, source, {}).isoformat() == first_commit(ROOT / source).replace("/", "-")
    assert highwire.first_published(tmp_path, "docs/new.md", {}) == dt.date.today()  # not in git


# --- Cite this page ------------------------------------------------------------------------------

def box(site_dir: Path, page: str) -> str:
    return read_page(site_dir, page).split('data-widget="cite-this-page"', 1)[1].split("</aside>", 1)[0]


def code(box_html: str, ident: str) -> str:
    return html.unescape(re.search(rf'<code id="{ident}">(.*?)</code>', box_html, re.S).group(1))


@pytest.mark.parametrize("page", ["chapters/04-blacklists-and-joint-punishment.html", "about.html"])
def test_cite_this_page_offers_bibtex_ris_and_csl_json(site_dir, page):
    cite = box(site_dir, page)
    url = f"{SITE_URL}{page}"
    bibtex = next(iter(pybtex.database.parse_string(code(cite, "cite-bibtex"), "bibtex").entries.values()))
    assert bibtex.fields["url"] == url
    item, = json.loads(code(cite, "cite-csl-json"))
    assert item["type"] == "webpage" and item["URL"] == url
    assert item["author"] == [{"literal": "Social Credit, Explained"}]  # one name, not a person
    assert item["issued"]["date-parts"][0] == [int(p) for p in bibtex.fields["date"].split("-")]
    ris = code(cite, "cite-ris").splitlines()
    assert ris[0] == "TY  - ELEC" and ris[-1] == "ER  -"
    assert f"UR  - {url}" in ris and "AU  - Social Credit, Explained" in ris
    assert "DA  - " + bibtex.fields["date"].replace("-", "/") + "/" in ris
    for style in ("RIS", "CSL-JSON"):  # copy buttons, on screen only
        assert f'aria-label="Copy the {style} citation"' in cite
        assert f'<dt class="sce-no-print">{style}</dt>' in cite


# --- The bibliography as files -------------------------------------------------------------------

@pytest.fixture(scope="module")
def bib():
    return load(ROOT / "bibliography.bib")


def ris_records(text: str) -> list[dict[str, list[str]]]:
    records, current = [], None
    for line in text.splitlines():
        match = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not line.strip():
            continue
        assert match, f"not an RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY before the last record's ER"
            current = {}
        assert current is not None, f"{tag} outside a record"
        if tag == "ER":
            records.append(current)
            current = None
            continue
        current.setdefault(tag, []).append(value)
    assert current is None, "the last record has no ER"
    return records


def test_the_bibliography_downloads_hold_every_entry(site_dir, bib):
    keys = set(bib.entries)
    downloads = site_dir / "downloads"
    records = ris_records((downloads / "bibliography.ris").read_text(encoding="utf-8"))
    assert sorted(r["ID"][0] for r in records) == sorted(keys)
    assert all(r.get("TI") and (r.get("UR") or r.get("DO")) for r in records)
    items = json.loads((downloads / "bibliography.json").read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in items) == sorted(keys)
    assert all(item.get("title") and item.get("type") for item in items)
    parsed = pybtex.database.parse_string((downloads / "bibliography.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(parsed.entries) == keys
    assert not any("comment" in e.fields for e in parsed.entries.values())  # maintainers' notes stay home
    hrw = next(i for i in items if any(a.get("literal") == "Human Rights Watch" for a in i.get("author", [])))
    assert "AU  - Human Rights Watch" in (downloads / "bibliography.ris").read_text(encoding="utf-8")
    assert hrw  # an organisation stays one name


def test_the_bibliography_page_links_the_downloads(site_dir):
    page = read_page(site_dir, "bibliography.html")
    for name in ("bibliography.bib", "bibliography.ris", "bibliography.json"):
        assert f'href="downloads/{name}"' in page and (site_dir / "downloads" / name).exists()


def test_archived_copies_travel_with_their_entries(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@online{one2020x,\n  author = {{Some Body}},\n  title = {One},\n  date = {2020-02-03},\n"
        "  url = {https://example.org/one},\n  urldate = {2026-01-01},\n  comment = {internal {note}},\n"
        "  archiveurl = {https://web.archive.org/web/2026/https://example.org/one}\n}\n"
        "@online{two2021y,\n  author = {Doe, Jane},\n  title = {Two},\n  date = {2021},\n"
        "  url = {https://example.org/two},\n  urldate = {2026-01-01}\n}\n", encoding="utf-8")
    bib = load(tmp_path / "refs.bib")
    items = references.csl_items(bib, ["two2021y", "one2020x"])
    assert [i["id"] for i in items] == ["two2021y", "one2020x"]  # the Bibliography page's order
    one = items[1]
    assert one["custom"]["archive_url"] == "https://web.archive.org/web/2026/https://example.org/one"
    assert "Archived copy: https://web.archive.org/web/2026/https://example.org/one" in one["note"]
    assert "custom" not in items[0]
    ris = references.ris(items)
    assert "N1  - Archived copy: https://web.archive.org/web/2026/https://example.org/one" in ris
    assert "AU  - Doe, Jane" in ris and "AU  - Some Body" in ris and "DA  - 2020/02/03/" in ris
    text = references.bibtex(bib, "https://example.org/")
    entry = pybtex.database.parse_string(text, "bibtex").entries["one2020x"]
    assert entry.fields["archiveurl"].startswith("https://web.archive.org/") and "comment" not in entry.fields
