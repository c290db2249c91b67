"""The instructor kit, reading paths, evidence labels and as-of stamps a careful reader relies on."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scripts import linkcheck
from helpers import read_page

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("[0-9][0-9]-*.md"))


def chapter_title(path: Path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["title"]


def test_every_chapter_has_a_reading_guide_questions_and_an_activity_in_the_kit():
    kit = (ROOT / "docs" / "teach" / "chapters.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", kit, flags=re.MULTILINE)[1:]
    by_title = {s.split("\n", 1)[0].split(": ", 1)[1]: s for s in sections if s.startswith("Chapter ")}
    for path in CHAPTERS:
        title = chapter_title(path)
        assert title in by_title, f"no kit section for {title}"
        section = by_title[title]
        assert "### Reading guide" in section, title
        questions = section.split("### Discussion questions", 1)[1].split("\n### ", 1)[0]
        assert 4 <= len(re.findall(r"^\d+\. ", questions, re.MULTILINE)) <= 6, title
        assert re.search(r"^### Activity", section, re.MULTILINE), title
        assert "### Quiz answer guidance" in section, title


def test_reading_paths_link_only_to_pages_that_exist(site_dir):
    html = read_page(site_dir, "index.html")
    paths = html.split('id="reading-paths"', 1)[1].split('id="how-the-site-is-organised"', 1)[0]
    for name in ("In 10 minutes", "In an hour", "For a seminar"):
        assert name in paths
    links = re.findall(r'<a href="([^"]+)"', paths)
    assert len(links) >= 12
    problems = [linkcheck._check_link(site_dir, site_dir / "index.html", link,
                                       {}, None) for link in links if not link.startswith("#reading")]
    assert [p for p in problems if p] == []
    assert all(re.search(r"about \w+ minutes?", item) for item in re.findall(r"<li>(.*?)</li>", paths, re.S))


def test_every_reference_carries_an_evidence_label(site_dir):
    for path in CHAPTERS:
        html = read_page(site_dir, f"chapters/{path.stem}.html")
        references = html.split('id="references"', 1)[1]
        entries = re.findall(r'<li id="ref-[\w-]+">(.*?)</li>', references, re.S)
        assert entries and all('class="sce-evidence' in entry for entry in entries), path.stem
    bibliography = read_page(site_dir, "bibliography.html")
    assert bibliography.count('class="csl-entry"') == bibliography.count('class="sce-evidence ')
    about = read_page(site_dir, "about.html")
    scale = about.split('id="how-strong-is-the-evidence"', 1)[1].split("<h2", 1)[0]
    assert scale.count('class="sce-evidence ') == 7


def test_every_chapter_says_what_period_its_facts_cover(site_dir):
    for path in CHAPTERS:
        html = read_page(site_dir, f"chapters/{path.stem}.html")
        assert re.search(r"Facts current to [A-Z][a-z]+ \d{4}", html), path.stem


def test_contested_claims_sit_in_a_consistent_callout_citing_both_sides(site_dir):
    boxes = []
    for path in CHAPTERS:
        html = read_page(site_dir, f"chapters/{path.stem}.html")
        boxes += re.findall(r'<div class="admonition warning">\s*<p class="admonition-title">Sources disagree</p>(.*?)</div>',
                            html, re.S)
    assert len(boxes) >= 5
    for box in boxes:
        assert len(set(re.findall(r'href="#ref-([\w-]+)"', box))) >= 2, box[:200]
