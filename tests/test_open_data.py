"""Open data: every chart, and every table or widget built from docs/data/, links its data as a
CSV that exists, with a source on every row, and says how to cite it; a Frictionless data package
descriptor names each file's fields, sources and licence."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from pathlib import Path

import pytest
from lxml import html as lhtml

from sce.bibliography import load

ROOT = Path(__file__).resolve().parent.parent
DATA_WIDGETS = {"credit-map", "simulator", "timeline", "quiz", "sorter", "myth-cards", "walkthrough", "uscc-decoder"}


def pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "downloads" not in p.parts and p.name != "404.html")


def data_links(element) -> list[str]:
    return [a.get("href") for a in element.xpath(".//span[@class='sce-data-link']/a") if a.get("href", "").endswith(".csv")]


def resolve(site_dir: Path, page: Path, href: str) -> Path:
    return site_dir / posixpath.normpath(posixpath.join(page.parent.relative_to(site_dir).as_posix(), href))


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_chart_links_a_csv_that_exists(site_dir):
    charts = 0
    for page in pages(site_dir):
        tree = lhtml.fromstring(page.read_bytes())
        for figure in tree.xpath("//figure[contains(@class, 'sce-figure')]"):
            follower = figure.getnext()
            is_chart = follower is not None and follower.xpath("self::details//table")
            links = data_links(figure)
            if not is_chart:
                assert not links, f"{page.name}: a diagram links data"
                continue
            charts += 1
            assert len(links) == 1, f"{page.name}#{figure.get('id')}: the chart links no data"
            csv_file = resolve(site_dir, page, links[0])
            assert csv_file.exists(), f"{page.name}: {links[0]} does not exist"
            assert "Cite as: Social Credit, Explained." in figure.text_content()
            rows = read_csv(csv_file)
            table = follower.xpath(".//tbody/tr")
            assert len(rows) == len(table), f"{csv_file.name}: {len(rows)} rows, the chart's table {len(table)}"
    assert charts >= 2


def test_every_data_widget_links_its_data(site_dir):
    seen = set()
    for page in pages(site_dir):
        tree = lhtml.fromstring(page.read_bytes())
        for widget in tree.xpath("//*[@data-widget]"):
            name = widget.get("data-widget")
            if name not in DATA_WIDGETS:
                continue
            seen.add(name)
            follower = widget.getnext()
            assert follower is not None and "sce-data" in follower.get("class", "").split(), \
                f"{page.relative_to(site_dir)}: the {name} widget has no data line after it"
            links = data_links(follower)
            assert links and resolve(site_dir, page, links[0]).exists(), f"{page.name}: {name}: {links}"
            assert "CC BY 4.0" in follower.text_content() and "Cite as:" in follower.text_content()
    assert seen == DATA_WIDGETS
    glossary = lhtml.fromstring((site_dir / "reference" / "glossary.html").read_bytes())
    assert [posixpath.basename(h) for h in data_links(glossary)] == ["glossary.csv"]


def test_every_csv_row_names_its_sources(site_dir):
    keys = set(load(ROOT / "bibliography.bib").entries)
    files = sorted((site_dir / "downloads" / "data").glob("*.csv"))
    assert len(files) >= 10
    for path in files:
        rows = read_csv(path)
        assert rows, path.name
        assert list(rows[0])[-2:] == ["source", "cite"], path.name
        for n, row in enumerate(rows, start=2):
            cited = row["cite"].split(";")
            assert row["source"].strip() and set(cited) <= keys, f"{path.name}:{n}: {row['cite']!r}"
            assert row["source"].count(" | ") == len(cited) - 1, f"{path.name}:{n}"
            assert "[@" not in "".join(row.values()) and "<span" not in "".join(row.values()), f"{path.name}:{n}"


def test_chart_csv_holds_the_published_figures(site_dir):
    source = [r for r in csv.DictReader(line for line in (ROOT / "docs/data/blocked-purchases.csv")
                                         .read_text(encoding="utf-8").splitlines() if not line.startswith("#"))]
    published = read_csv(site_dir / "downloads" / "data" / "blocked-purchases.csv")
    assert [(r["date"], r["flights"], r["rail"]) for r in published] == \
           [(r["date"], r["flights"], r["rail"]) for r in source]


def test_the_data_package_names_fields_sources_and_licence(site_dir):
    folder = site_dir / "downloads" / "data"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert "CC BY 4.0" in (ROOT / "LICENSE").read_text(encoding="utf-8")  # the licence the data carries
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    names = [r["name"] for r in package["resources"]]
    assert sorted(f"{n}.csv" for n in names) == sorted(p.name for p in folder.glob("*.csv"))
    for resource in package["resources"]:
        rows = read_csv(folder / resource["path"])
        header = list(rows[0])
        assert [f["name"] for f in resource["schema"]["fields"]] == header, resource["name"]
        assert all(f["type"] in {"string", "number", "integer", "date", "boolean"} and f["description"]
                   for f in resource["schema"]["fields"])
        cited = {key for row in rows for key in row["cite"].split(";")}
        assert len(resource["sources"]) == len(cited) and all(s["title"] for s in resource["sources"])
        assert resource["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
        assert resource["citation"].startswith("Social Credit, Explained. ")
        for field in resource["schema"]["fields"]:
            if field["type"] == "number":
                assert all(float(r[field["name"]]) >= 0 for r in rows)
            elif field["type"] == "integer":
                assert all(r[field["name"]] == "" or r[field["name"]].lstrip("-").isdigit() for r in rows)
            elif field["type"] == "boolean":
                assert {r[field["name"]] for r in rows} <= {"true", "false"}
