"""scripts/bench.py's pure parts (the benchmark itself runs in `make bench`, not here)."""

from __future__ import annotations

from pathlib import Path

from scripts import bench
from sce.pageweight import PageWeight

ROOT = Path(__file__).resolve().parent.parent


def test_bare_config_keeps_pages_markdown_and_search_but_no_other_plugins_hooks_or_overrides():
    config = bench.bare_config(ROOT / "mkdocs.yml", ROOT)
    assert [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]] == ["search"]
    assert "hooks" not in config and "extra_css" not in config
    assert config["theme"]["name"] == "material" and "custom_dir" not in config["theme"]
    assert config["docs_dir"] == str(ROOT / "docs") and config["nav"]
    assert config["markdown_extensions"]


def test_lighthouse_pages_are_home_every_chapter_and_the_heaviest_other():
    weights = [PageWeight("404.html", gzip=9), PageWeight("reference/timeline.html", gzip=8),
               PageWeight("chapters/02.html", gzip=7), PageWeight("chapters/01.html", gzip=6),
               PageWeight("index.html", gzip=5)]
    assert bench.lighthouse_pages(weights) == ["index.html", "chapters/01.html", "chapters/02.html",
                                               "reference/timeline.html"]


def test_lighthouse_summary_and_lost_points():
    report = {
        "categories": {
            "performance": {"score": 0.78, "auditRefs": [{"id": "total-blocking-time", "weight": 30},
                                                         {"id": "speed-index", "weight": 10}]},
            "accessibility": {"score": 1}, "best-practices": {"score": 1}, "seo": {"score": 0.92}},
        "audits": {"first-contentful-paint": {"numericValue": 1551.6}, "cumulative-layout-shift": {"numericValue": 0.0123},
                   "total-blocking-time": {"score": 0.3, "scoreDisplayMode": "numeric", "numericValue": 944},
                   "speed-index": {"score": 1, "scoreDisplayMode": "numeric"}},
    }
    summary = bench.lighthouse_summary(report)
    assert summary == {"performance": 78, "accessibility": 100, "best-practices": 100, "seo": 92,
                       "FCP": 1552, "TBT": 944, "CLS": 0.012}
    assert bench.failed_audits(report, "performance") == ["total-blocking-time"]


def test_table_aligns_columns():
    lines = bench.table([["index.html", 98], ["chapters/x.html", 100]], ["page", "perf"])
    assert lines == ["page             perf", "index.html         98", "chapters/x.html   100"]
