"""scripts/page_weight.py on a small site whose weights are known."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from sce import pageweight as pw
from scripts import page_weight as page_weight_cli


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def small_site(root: Path) -> Path:
    return write(root, {
        "index.html": '<link rel="stylesheet" href="assets/a.css"><link rel="icon" href="assets/i.png">'
                      '<link rel="canonical" href="https://example.org/"><script src="assets/js/widgets.js"></script>'
                      '<div data-widget="quiz"></div><img src="big.png" loading="lazy"><a href="other.html">x</a>',
        "chapters/one.html": '<link rel="stylesheet" href="../assets/a.css"><script src="../missing.js"></script>',
        "404.html": '<link rel="stylesheet" href="/project/assets/a.css">',
        "assets/a.css": "body{color:red}" * 50 + "@font-face{src:url(f.woff2)}",
        "assets/f.woff2": b"\x00" * 300,
        "assets/i.png": b"\x89PNG" + b"\x01" * 96,
        "assets/js/widgets.js": "load()",
        "assets/js/quiz.js": 'fetch("../data/questions" + ".json")',
        "assets/data/questions.json": "[]",
        "big.png": b"\x00" * 5000,
        "search/search_index.json": json.dumps({"config": {"lang": ["en", "zh"]}, "docs": []}),
        "assets/javascripts/workers/search.js": "w",
        "assets/javascripts/lunr/min/lunr.zh.min.js": "z",
        "assets/javascripts/lunr/min/lunr.multi.min.js": "m",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": "s",
    })


def test_first_load_counts_what_the_browser_fetches_unasked(tmp_path):
    site = small_site(tmp_path)
    assert pw.first_load_files(site, "index.html") == [
        "index.html", "assets/a.css", "assets/i.png", "assets/js/widgets.js", "assets/js/quiz.js",
        "assets/f.woff2", "assets/data/questions.json"]
    assert pw.first_load_files(site, "chapters/one.html") == ["chapters/one.html", "assets/a.css", "assets/f.woff2"]
    assert pw.first_load_files(site, "404.html", "/project/") == ["404.html", "assets/a.css", "assets/f.woff2"]


def test_weights_are_gzip_for_text_and_raw_for_binaries(tmp_path):
    site = small_site(tmp_path)
    raw, gz = pw.weigh(site, ["assets/a.css", "assets/i.png"])
    css = (site / "assets/a.css").read_bytes()
    assert raw == len(css) + 100
    assert gz == len(gzip.compress(css, 6, mtime=0)) + 100


def test_search_files_include_the_lunr_languages_the_index_asks_for(tmp_path):
    assert pw.search_files(small_site(tmp_path)) == [
        "search/search_index.json", "assets/javascripts/workers/search.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.zh.min.js", "assets/javascripts/lunr/min/lunr.multi.min.js"]


def test_report_flags_target_and_fails_only_over_the_limit(tmp_path):
    site = small_site(tmp_path)
    lines, problems = pw.report(site, target_kb=0.3, ceiling_kb=100)
    assert lines[1].startswith("index.html") and "OVER its 0.3 KB limit" in lines[1]  # heaviest first
    chapter = next(line for line in lines if line.startswith("chapters/one.html"))
    assert "over the 0.3 KB target" in chapter                                   # flagged only
    assert any(p.startswith("index.html: first load") for p in problems)
    assert not any(p.startswith("chapters/one.html") for p in problems)
    assert pw.CEILING_KB == 100 and pw.limit_kb("chapters/x.html") == pw.CEILING_KB and pw.limit_kb("index.html") == pw.TARGET_KB


def test_cli_says_what_is_missing_in_one_line(tmp_path, capsys):
    assert page_weight_cli.main(["--site-dir", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no built site" in err
