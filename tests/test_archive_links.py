"""scripts/archive_links.py against a stand-in for the Wayback Machine on 127.0.0.1.

The stand-in answers the availability API from a table (url -> JSON answer) and records every
url it was asked about, so the tests can see what was asked and what was not.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from scripts import archive_links

BIB = """\
% A comment line, kept as it is.
@online{alpha2020page,
  author       = {{Alpha}},
  title        = {{A page with a snapshot}},
  date         = {2020},
  url          = {https://example.org/alpha?x=1&y=2},
  urldate      = {2026-12-06},
  keywords     = {journalism}
}

@article{beta2019article,
  author       = {Beta, Ann},
  title        = {{An article with a DOI}},
  journaltitle = {Journal},
  date         = {2019},
  doi          = {10.1000/xyz123},
  url          = {https://example.org/beta},
  urldate      = {2026-12-06},
  keywords     = {peer-reviewed}
}

@online{gamma2021none,
  author      = {{Gamma}},
  title       = {No snapshot of this one},
  date        = {2021},
  url         = {https://example.org/gamma},
  urldate     = {2026-12-06},
  keywords     = {journalism}
}

@online{delta2018gone,
  author       = {{Delta}},
  title        = {{A snapshot that is an error page}},
  date         = {2018},
  url          = {https://example.org/delta},
  urldate      = {2026-12-06},
  keywords     = {journalism},
}

@online{eps2017kept,
  author       = {{Epsilon}},
  title        = {{Already archived}},
  date         = {2017},
  url          = {https://example.org/eps},
  urldate      = {2026-12-06},
  archiveurl   = {https://web.archive.org/web/20200101000000/https://example.org/eps},
  keywords     = {journalism}
}

@online{zeta2016aligned,
  author      = {{Zeta}},
  title       = {Another alignment},
  journaltitle= {Zeta News},
  date        = {2016},
  url         = {http://example.org/zeta},
  urldate     = {2026-12-06},
  keywords     = {journalism}
}
"""


def snapshot(url: str, **extra) -> dict:
    closest = {"available": True, "url": url, "timestamp": "20200202020202", **extra}
    return {"url": "x", "archived_snapshots": {"closest": closest}}


ANSWERS = {
    "https://example.org/alpha?x=1&y=2": snapshot("http://web.archive.org/web/20200202020202/https://example.org/alpha?x=1&y=2"),
    "https://example.org/gamma": {"url": "x", "archived_snapshots": {}},
    "https://example.org/delta": snapshot("http://web.archive.org/web/20190101000000/https://example.org/delta", status="404"),
    "http://example.org/zeta": snapshot("https://web.archive.org/web/20160101000000/http://example.org/zeta", status="200"),
}


class StandIn:
    def __init__(self, answers: dict, raw: bytes | None = None, status: int = 200):
        self.asked: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                query = parse_qs(urlsplit(self.path).query)
                asked = query.get("url", [""])[0]
                outer.asked.append(asked)
                body = raw if raw is not None else json.dumps(
                    answers.get(asked, {"archived_snapshots": {}})).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/wayback/available"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def run(tmp_path: Path, capsys, bib: str = BIB, **standin) -> tuple[int, str, str, list[str]]:
    path = tmp_path / "refs.bib"
    path.write_bytes(bib.encode("utf-8"))
    with StandIn(standin.pop("answers", ANSWERS), **standin) as api:
        code = archive_links.main(["--bib", str(path), "--api", api.url, "--delay", "0", "--timeout", "5"])
    return code, path.read_bytes().decode("utf-8"), capsys.readouterr().out, api.asked


def expected_after() -> str:
    """BIB with exactly the two snapshots added: a comma on the old last field, and one line."""
    text = BIB.replace(
        "  url          = {https://example.org/alpha?x=1&y=2},\n  urldate      = {2026-12-06},\n"
        "  keywords     = {journalism}\n}",
        "  url          = {https://example.org/alpha?x=1&y=2},\n  urldate      = {2026-12-06},\n"
        "  keywords     = {journalism},\n"
        "  archiveurl   = {https://web.archive.org/web/20200202020202/https://example.org/alpha?x=1&y=2}\n}",
    )
    return text.replace(
        "  url         = {http://example.org/zeta},\n  urldate     = {2026-12-06},\n"
        "  keywords     = {journalism}\n}\n",
        "  url         = {http://example.org/zeta},\n  urldate     = {2026-12-06},\n"
        "  keywords     = {journalism},\n"
        "  archiveurl  = {https://web.archive.org/web/20160101000000/http://example.org/zeta}\n}\n",
    )


def test_snapshots_are_written_and_the_rest_is_byte_identical(tmp_path, capsys):
    code, after, out, asked = run(tmp_path, capsys)
    assert code == 0, out
    assert after == expected_after()
    assert "2 archived copies added" in out.splitlines()[-1]


def test_snapshot_url_is_written_as_https(tmp_path, capsys):
    _, after, _, _ = run(tmp_path, capsys)
    assert "{https://web.archive.org/web/20200202020202/https://example.org/alpha?x=1&y=2}" in after
    assert "{http://web.archive.org" not in after


def test_urls_are_percent_encoded_and_doi_and_archived_entries_are_not_asked(tmp_path, capsys):
    _, _, _, asked = run(tmp_path, capsys)
    assert "https://example.org/beta" not in asked  # has a doi
    assert "https://example.org/eps" not in asked  # already has an archiveurl
    assert sorted(asked) == sorted(["https://example.org/alpha?x=1&y=2", "https://example.org/gamma",
                                    "https://example.org/delta", "http://example.org/zeta"])


def test_no_snapshot_means_no_change(tmp_path, capsys):
    code, after, out, _ = run(tmp_path, capsys, answers={})
    assert code == 0
    assert after == BIB
    assert "0 archived copies added" in out and "4 without a snapshot" in out


def test_a_snapshot_with_a_status_other_than_200_is_skipped(tmp_path, capsys):
    answers = {"https://example.org/delta": ANSWERS["https://example.org/delta"]}
    code, after, out, _ = run(tmp_path, capsys, answers=answers)
    assert after == BIB
    assert "delta2018gone: skipped, snapshot status 404" in out
    assert "1 snapshots skipped (status not 200)" in out


def test_existing_archiveurl_is_kept(tmp_path, capsys):
    answers = {"https://example.org/eps": snapshot("https://web.archive.org/web/20250101000000/https://example.org/eps")}
    _, after, _, asked = run(tmp_path, capsys, answers=answers)
    assert "web/20200101000000/https://example.org/eps" in after and "20250101000000" not in after


@pytest.mark.parametrize("raw, status, message", [
    (b"<html>not json</html>", 200, "the archive's answer is not JSON"),
    (b'{"something": "else"}', 200, "no archived_snapshots object"),
    (b'{"archived_snapshots": {"closest": {"available": true, "url": "javascript:x"}}}', 200,
     "no usable snapshot url"),
    (b"busy", 503, "the archive answered HTTP 503"),
])
def test_a_bad_answer_is_one_line_not_a_traceback(tmp_path, capsys, raw, status, message):
    code, after, out, _ = run(tmp_path, capsys, raw=raw, status=status)
    assert code == 1
    assert after == BIB
    assert "Traceback" not in out
    lines = [line for line in out.splitlines() if message in line]
    assert lines and lines[0].startswith(f"{tmp_path / 'refs.bib'}:2: alpha2020page: ")
    assert "4 errors" in out.splitlines()[-1]


def test_an_unreachable_archive_is_reported_and_stops_the_asking(tmp_path, capsys):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    code = archive_links.main(["--bib", str(path), "--api", "http://127.0.0.1:9/wayback/available",
                               "--delay", "0", "--timeout", "2"])
    out = capsys.readouterr().out
    assert code == 1
    assert path.read_text(encoding="utf-8") == BIB
    assert "could not reach http://127.0.0.1:9/wayback/available" in out
    assert "the archive is out of reach" in out and "Traceback" not in out


def test_a_closing_brace_on_the_last_field_line(tmp_path, capsys):
    bib = ("@online{solo2020x,\n  author = {{Solo}},\n  title = {T},\n  date = {2020},\n"
           "  url = {https://example.org/alpha?x=1&y=2},\n  urldate = {2026-12-06},\n  keywords = {journalism}}\n")
    code, after, out, _ = run(tmp_path, capsys, bib=bib)
    assert code == 0, out
    assert after == bib.replace(
        "  keywords = {journalism}}\n",
        "  keywords = {journalism},\n  archiveurl = {https://web.archive.org/web/20200202020202/"
        "https://example.org/alpha?x=1&y=2}\n}\n")


def test_save_counts_only_an_answer_with_a_snapshot_address(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(archive_links, "SAVE_INTERVAL", 0.0)
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")

    class Save(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if "gamma" in self.path:
                self.send_response(200)
                self.send_header("Content-Location", "/web/20261206101010/https://example.org/gamma")
            else:
                self.send_response(200)  # an answer without a snapshot address
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Save)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with StandIn({}) as api:
            code = archive_links.main([
                "--bib", str(path), "--api", api.url, "--delay", "0", "--timeout", "5", "--save",
                "--save-api", f"http://127.0.0.1:{server.server_address[1]}/save/"])
    finally:
        server.shutdown()
        server.server_close()
    out = capsys.readouterr().out
    assert code == 0, out
    after = path.read_text(encoding="utf-8")
    assert "archiveurl  = {https://web.archive.org/web/20261206101010/https://example.org/gamma}" in after
    assert after.count("archiveurl") == 2  # epsilon's, and gamma's capture
    assert "1 captured" in out.splitlines()[-1]


def test_the_repository_bibliography_parses_for_the_script():
    root = Path(__file__).resolve().parent.parent
    text = (root / "bibliography.bib").read_text(encoding="utf-8")
    spans = archive_links.entry_spans(text)
    assert len(spans) == text.count("\n@") + text.startswith("@")
    assert all(text[s.close] == "}" for s in spans)
