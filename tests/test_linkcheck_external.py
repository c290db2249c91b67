"""The external link checker, tested offline against a loopback HTTP server (127.0.0.1 only).

Every case the checker must classify is served by `server` below; `loopback_only` makes any name
lookup other than 127.0.0.1 fail inside the test process, so nothing can leave the machine.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts import linkcheck
from sce.errors import SourceError
from scripts.linkcheck import Cache, Settings, check_external

SITE_URL = "https://social-credit-explained.github.io/social-credit-explained/"
# Small numbers so the whole file runs in seconds; the defaults are for real servers.
FAST = Settings(timeout=1.0, workers=8, per_host=4, delay=0, retries=2, backoff=0.05,
                max_retry_after=1.2, max_redirects=5)
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy",
                   "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Only 127.0.0.1 resolves; *.invalid does not exist; any other name is refused and noted."""
    real = socket.getaddrinfo
    outside: list[str] = []

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name == "127.0.0.1":
            return real(host, *args, **kwargs)
        if name.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        outside.append(name)
        raise socket.gaierror(socket.EAI_AGAIN, "the tests reach 127.0.0.1 only")

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield
    assert outside == [], f"the checker tried to reach {outside}"


class Recorder:
    """What the server saw: each request (method, path, start time) and the most at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, float]] = []
        self.active = 0
        self.most_at_once = 0
        self.stop = threading.Event()

    def seen(self, path: str) -> list[tuple[str, float]]:
        with self.lock:
            return [(method, at) for method, p, at in self.requests if p == path]

    def gaps(self, path: str) -> list[float]:
        times = [at for _, at in self.seen(path)]
        return [b - a for a, b in zip(times, times[1:])]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.route()

    def do_GET(self):
        self.route()

    def route(self):
        rec: Recorder = self.server.recorder
        path = urlsplit(self.path).path
        with rec.lock:
            rec.requests.append((self.command, path, time.monotonic()))
            nth = sum(1 for _, p, _ in rec.requests if p == path)
            rec.active += 1
            rec.most_at_once = max(rec.most_at_once, rec.active)
        self.finished = False
        try:
            self.answer(path, nth)
        finally:
            self.finish_request()

    def finish_request(self):
        """Counted as over before the answer is sent: the client may send its next one at once."""
        if not self.finished:
            self.finished = True
            with self.server.recorder.lock:
                self.server.recorder.active -= 1

    def answer(self, path: str, nth: int):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        moves = {
            "/moved": (301, f"{base}/moved-again"),   # absolute Location
            "/moved-again": (301, "/ok"),             # relative Location
            "/temp": (302, "/ok"),
            "/perm-then-temp": (301, "/temp"),
            "/loop-a": (302, "/loop-b"),
            "/loop-b": (302, "/loop-a"),
        }
        if path in ("/ok", "/archived") or path.startswith("/page/"):
            self.reply(200)
        elif path in moves:
            self.reply(moves[path][0], Location=moves[path][1])
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.reply(200) if left == 0 else self.reply(302, Location=f"/chain/{left - 1}")
        elif path == "/gone-404":
            self.reply(404)
        elif path == "/gone-410":
            self.reply(410)
        elif path == "/forbidden":
            self.reply(403)
        elif path == "/linkedin":
            self.reply(999)
        elif path == "/rate-limited":
            self.reply(429, **{"Retry-After": "1"}) if nth == 1 else self.reply(200)
        elif path == "/rate-limited-long":
            self.reply(429, **{"Retry-After": "3600"})
        elif path == "/flaky-500":
            self.reply(500) if nth == 1 else self.reply(200)
        elif path == "/down":
            self.reply(503)
        elif path == "/slow":
            self.server.recorder.stop.wait(6)  # far beyond the checker's timeout
            self.reply(200)
        elif path == "/no-head":
            self.reply(405 if self.command == "HEAD" else 200)
        elif path == "/head-lies":
            self.reply(404 if self.command == "HEAD" else 200)
        elif path.startswith("/busy/"):
            time.sleep(0.15)
            self.reply(200)
        else:
            self.reply(404)

    def reply(self, code: int, **headers: str):
        self.finish_request()
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the checker hangs up on /slow before it answers: expected


@pytest.fixture
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.recorder = Recorder()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.recorder.stop.set()
    httpd.shutdown()
    httpd.server_close()


def within(seconds: float, function, *args):
    """function(*args), failing (not hanging) if a broken limit makes it run on and on."""
    box = {}
    thread = threading.Thread(target=lambda: box.update(value=function(*args)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s: a time limit is not respected"
    return box["value"]


# --- Classification ---------------------------------------------------------------------------------

def test_every_case_is_classified(server):
    b = server.base
    paths = ["/page/plain", "/moved", "/temp", "/perm-then-temp", "/loop-a", "/chain/9", "/gone-404",
             "/gone-410", "/forbidden", "/linkedin", "/rate-limited", "/rate-limited-long",
             "/flaky-500", "/down", "/slow", "/no-head", "/head-lies", "/page/信用"]
    urls = [b + p for p in paths] + ["http://nowhere.invalid/page"]
    results = within(20, check_external, urls, FAST)
    got = {url.removeprefix(b): (r.cls, r.status) for url, r in results.items()}
    assert got == {
        "/page/plain": ("ok", 200),
        "/moved": ("redirected", 200),
        "/temp": ("ok", 200),
        "/perm-then-temp": ("redirected", 200),
        "/loop-a": ("dead", 302),
        "/chain/9": ("dead", None),
        "/gone-404": ("dead", 404),
        "/gone-410": ("dead", 410),
        "/forbidden": ("blocked", 403),
        "/linkedin": ("blocked", 999),
        "/rate-limited": ("ok", 200),
        "/rate-limited-long": ("flaky", 429),
        "/flaky-500": ("ok", 200),
        "/down": ("flaky", 503),
        "/slow": ("flaky", None),
        "/no-head": ("ok", 200),
        "/head-lies": ("ok", 200),
        "/page/信用": ("ok", 200),  # sent percent-encoded, as a browser does
        "http://nowhere.invalid/page": ("dead", None),
    }
    r = results
    # Permanent redirects report the address to put in the bibliography; temporary ones do not.
    assert r[b + "/moved"].moved_to == r[b + "/moved"].final_url == b + "/ok"
    assert r[b + "/temp"].moved_to is None and r[b + "/temp"].final_url == b + "/ok"
    assert r[b + "/perm-then-temp"].moved_to == b + "/temp"
    assert r[b + "/perm-then-temp"].final_url == b + "/ok"
    assert "redirect loop" in r[b + "/loop-a"].note
    assert "more than 5 redirects" in r[b + "/chain/9"].note
    assert len(server.recorder.seen("/chain/4")) == 1 and server.recorder.seen("/chain/3") == []
    assert "timed out after 3 tries" in r[b + "/slow"].note
    assert r["http://nowhere.invalid/page"].note == "name does not resolve"
    # HEAD first; GET only when HEAD is refused or unreliable.
    assert [m for m, _ in server.recorder.seen("/page/plain")] == ["HEAD"]
    assert [m for m, _ in server.recorder.seen("/no-head")] == ["HEAD", "GET"]
    assert [m for m, _ in server.recorder.seen("/head-lies")] == ["HEAD", "GET"]
    # Retries: a 500 is asked again; a 503 that stays is tried 3 times with HEAD, 3 with GET.
    assert len(server.recorder.seen("/flaky-500")) == 2
    assert len(server.recorder.seen("/down")) == 6
    # Retry-After is honoured (1 s)... and capped (3600 s asked, 1.2 s waited), with no GET retry.
    assert server.recorder.gaps("/rate-limited")[0] >= 0.95
    long_gaps = server.recorder.gaps("/rate-limited-long")
    assert len(long_gaps) == 2 and all(1.1 <= gap < 2.5 for gap in long_gaps)


def test_backoff_doubles_between_retries(server):
    check_external([server.base + "/down"], Settings(delay=0, retries=2, backoff=0.2, timeout=1))
    gaps = server.recorder.gaps("/down")[:2]  # HEAD, HEAD, HEAD: waits of 0.2 s then 0.4 s
    assert 0.19 <= gaps[0] < 1 and 0.39 <= gaps[1] < 1.5, gaps


def test_requests_to_one_host_stay_within_the_limit(server):
    urls = [f"{server.base}/busy/{i}" for i in range(12)]
    results = check_external(urls, Settings(workers=8, per_host=2, delay=0, timeout=2))
    assert {r.cls for r in results.values()} == {"ok"}
    assert server.recorder.most_at_once == 2  # never more than the limit, and the limit is used


def test_requests_to_one_host_are_spaced_by_the_delay(server):
    urls = [f"{server.base}/page/{i}" for i in range(4)]
    check_external(urls, Settings(workers=4, per_host=4, delay=0.25, timeout=2))
    starts = sorted(at for _, _, at in server.recorder.requests)
    gaps = [round(b - a, 3) for a, b in zip(starts, starts[1:])]
    # 0.25 s apart, give or take a busy machine's thread wake-ups (with no delay: ~0.01 s in all)
    assert len(gaps) == 3 and min(gaps) >= 0.1 and sum(gaps) >= 0.65, gaps


# --- Cache and allowlist --------------------------------------------------------------------------

def test_cache_makes_a_second_run_free_but_rechecks_flaky_and_old_results(server, tmp_path):
    urls = [server.base + p for p in ("/ok", "/moved", "/gone-404", "/forbidden")]
    path = tmp_path / "cache" / "results.json"
    first = check_external(urls, FAST, Cache(path, max_age=3600))
    asked = len(server.recorder.requests)
    second = check_external(urls, FAST, Cache(path, max_age=3600))
    assert len(server.recorder.requests) == asked  # nothing requested again
    assert {u: r.cls for u, r in second.items()} == {u: r.cls for u, r in first.items()}
    assert second[server.base + "/moved"].moved_to == server.base + "/ok"

    check_external([server.base + "/down"], FAST, Cache(path, max_age=3600))
    before = len(server.recorder.seen("/down"))
    check_external([server.base + "/down"], FAST, Cache(path, max_age=3600))
    assert len(server.recorder.seen("/down")) == 2 * before  # flaky results are not kept

    before = len(server.recorder.seen("/forbidden"))
    check_external([server.base + "/forbidden"], FAST, Cache(path, max_age=0))
    assert len(server.recorder.seen("/forbidden")) > before  # too old: asked again


def write_allowlist(path: Path, expires: date) -> Path:
    path.write_text(
        "# Hosts that wall out scripts\n"
        "- host: 127.0.0.1\n"
        "  reason: answers scripts with 403 whatever the page\n"
        f"  expires: {expires.isoformat()}\n",
        encoding="utf-8",
    )
    return path


def test_allowlisted_host_is_not_requested_until_the_entry_expires(server, tmp_path):
    urls = [server.base + "/gone-404", server.base + "/ok"]
    today = date.today()
    valid = linkcheck.load_allowlist(write_allowlist(tmp_path / "a.yml", today + timedelta(days=30)))
    results = check_external(urls, FAST, allowlist=valid)
    assert server.recorder.requests == []
    assert {r.cls for r in results.values()} == {"blocked"}
    assert "answers scripts with 403" in results[urls[0]].note

    expired = linkcheck.load_allowlist(write_allowlist(tmp_path / "b.yml", today - timedelta(days=1)))
    results = check_external(urls, FAST, allowlist=expired)
    assert results[urls[0]].cls == "dead" and results[urls[1]].cls == "ok"


@pytest.mark.parametrize("text, line, message", [
    ("- host: example.org\n  reason: bot wall\n", 1, "entry has no expires"),
    ("- host: example.org\n  reason: bot wall\n  expires: soon\n", 1, "expires 'soon' is not a date"),
    ("# c\n- host: https://example.org/\n  reason: x\n  expires: 2030-01-01\n", 2,
     "host 'https://example.org/' should be a bare host name"),
    ("- host: example.org\n  why: x\n  expires: 2030-01-01\n", 1, "unknown field 'why'"),
    ("host: example.org\n", 1, "expected a list of entries"),
    ("- host: [unclosed\n", 2, "YAML does not parse"),
])
def test_bad_allowlist_is_one_line_naming_the_place(tmp_path, text, line, message):
    path = tmp_path / "a.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        linkcheck.load_allowlist(path)
    assert str(caught.value).startswith(f"{path}:{line}: {message}")
    assert "\n" not in str(caught.value)


def test_project_allowlist_is_valid():
    # Parsed as the weekly check parses it. (An expired entry is not an error: the check warns.)
    path = Path(linkcheck.__file__).resolve().parent.parent / "linkcheck-allowlist.yml"
    for entry in linkcheck.load_allowlist(path):
        assert "." in entry.host and len(entry.reason) > 10, entry


# --- Gathering URLs and the command line ----------------------------------------------------------

BIB = """
@online{web2020page,
  author = {Someone, Sam},
  title = {A page},
  date = {2020},
  url = {BASE/ok},
  urldate = {2026-11-23},
}

@online{web2021moved,
  author = {Someone, Sam},
  title = {A moved page},
  date = {2021},
  url = {BASE/moved},
  archiveurl = {BASE/archived},
  urldate = {2026-11-23},
}

@article{journal2019paper,
  author = {Writer, Wen},
  title = {A paper},
  journaltitle = {A Journal},
  date = {2019},
  doi = {10.1234/abc.5},
}
"""


def fixture_site(root: Path, base: str) -> Path:
    pages = {
        "index.html": f'<h1 id="top">Home</h1><a href="{base}/ok#intro">a source</a>'
                      f'<a href="{base}/gone-404">a gone page</a><a href="#missing">to nowhere</a>'
                      f'<a href="{SITE_URL}index.html#top">this site</a><a href="mailto:x@example.org">mail</a>',
        "chapters/one.html": f'<p id="p"><a href="{base}/ok">again</a><a href="{base}/forbidden">walled</a>'
                             f'<a href="../index.html#top">home</a></p>',
    }
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_urls_are_gathered_from_pages_and_bibliography_with_where_used(server, tmp_path):
    site = fixture_site(tmp_path / "site", server.base)
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB.replace("BASE", server.base), encoding="utf-8")
    from_site = linkcheck.site_urls(site, SITE_URL)
    assert from_site == {
        server.base + "/ok": {"index.html", "chapters/one.html"},  # fragment dropped: one URL
        server.base + "/gone-404": {"index.html"},
        server.base + "/forbidden": {"chapters/one.html"},
    }
    from_bib, unarchived = linkcheck.bib_urls(bib)
    assert from_bib == {
        server.base + "/ok": {"@web2020page"},
        server.base + "/moved": {"@web2021moved"},
        server.base + "/archived": {"@web2021moved"},
        "https://doi.org/10.1234/abc.5": {"@journal2019paper"},
    }
    assert unarchived == ["web2020page"]  # has a url, no doi and no archiveurl
    # ...and the internal check still finds the fragment link to a missing id.
    assert linkcheck.check_site(site, SITE_URL) == [
        "site/index.html: #missing -> missing anchor #missing in index.html"]


def run_cli(site: Path, bib: Path, out: Path, *extra: str) -> int:
    return linkcheck.main([
        "--external", "--site", str(site), "--bib", str(bib), "--json", str(out),
        "--timeout", "1", "--site-url", SITE_URL, "--no-cache", "--no-allowlist",
        "--delay", "0", "--backoff", "0.05", "--skip", r"^https://doi\.org/", *extra,
    ])


def test_command_line_report_and_exit_status(server, tmp_path, capsys):
    site = fixture_site(tmp_path / "site", server.base)
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB.replace("BASE", server.base), encoding="utf-8")
    out = tmp_path / "report" / "links.json"

    assert run_cli(site, bib, out) == 1  # a dead link
    printed = capsys.readouterr().out
    report = json.loads(out.read_text(encoding="utf-8"))
    by_url = {r["url"].removeprefix(server.base): r for r in report}
    assert set(by_url) == {"/ok", "/gone-404", "/forbidden", "/moved", "/archived"}
    for record in report:
        assert {"url", "class", "status", "final_url", "used_in"} <= set(record)
        assert record["class"] in ("ok", "redirected", "dead", "blocked", "flaky")
    assert by_url["/ok"]["used_in"] == ["@web2020page", "chapters/one.html", "index.html"]
    assert (by_url["/gone-404"]["class"], by_url["/gone-404"]["status"]) == ("dead", 404)
    assert by_url["/forbidden"]["class"] == "blocked"
    assert by_url["/moved"]["class"] == "redirected"
    assert by_url["/moved"]["final_url"] == by_url["/moved"]["moved_to"] == server.base + "/ok"
    assert by_url["/moved"]["used_in"] == ["@web2021moved"]
    # The summary: by class, by page and key, and the web sources lacking an archived copy.
    assert "1 dead" in printed and "1 redirected" in printed and "1 blocked" in printed
    assert f"dead (1)\n  {server.base}/gone-404  [404] HTTP 404\n      used in: index.html" in printed
    assert f"  @web2021moved\n      redirected: {server.base}/moved" in printed
    assert "without an archived copy (archiveurl): 1\n  web2020page" in printed

    # Blocked and redirected alone pass, unless redirects are asked to fail.
    (site / "index.html").unlink()
    assert run_cli(site, bib, out) == 0
    assert run_cli(site, bib, out, "--fail-on-redirect") == 1
    bib.write_text(BIB.replace("BASE/moved", "BASE/ok").replace("BASE", server.base), encoding="utf-8")
    assert run_cli(site, bib, out, "--fail-on-redirect") == 0


def test_command_line_bad_input_is_one_line(server, tmp_path, capsys):
    site = fixture_site(tmp_path / "site", server.base)
    bib = tmp_path / "refs.bib"
    bib.write_text("@online{broken2020,\n  title = {Unclosed,\n", encoding="utf-8")
    assert run_cli(site, bib, tmp_path / "r.json") == 2
    assert capsys.readouterr().out.startswith(f"{bib}:")

    bib.write_text(BIB.replace("BASE", server.base), encoding="utf-8")
    allowlist = write_allowlist(tmp_path / "allow.yml", date.today() - timedelta(days=3))
    code = linkcheck.main(["--external", "--site", str(site), "--bib", str(bib), "--no-cache",
                           "--allowlist", str(allowlist), "--delay", "0", "--timeout", "1",
                           "--skip", "doi.org", "--site-url", SITE_URL])
    assert code == 1
    assert f"{allowlist}:2: allowlist entry for 127.0.0.1 expired on" in capsys.readouterr().err
    assert server.recorder.requests  # the expired entry was not applied

    assert linkcheck.main(["--external", "--site", str(tmp_path / "nothing"), "--no-cache"]) == 2


def test_retry_after_accepts_seconds_and_dates():
    assert linkcheck._retry_after("7") == 7
    assert linkcheck._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert linkcheck._retry_after("soon") is None


def test_github_annotations_name_dead_and_moved_links():
    report = [
        {"url": "https://a.example/x%20y", "class": "dead", "note": "HTTP 404", "used_in": ["@k", "p.html"]},
        {"url": "https://b.example/", "class": "redirected", "moved_to": "https://c.example/",
         "used_in": ["@j"]},
        {"url": "https://d.example/", "class": "blocked", "note": "HTTP 403", "used_in": []},
    ]
    assert linkcheck.annotations(report) == [
        "::error title=Dead link::https://a.example/x%2520y (HTTP 404), used in @k, p.html",
        "::warning title=Moved permanently::https://b.example/ -> https://c.example/, used in @j",
    ]
