"""Check the links of a built site: internal links always, external URLs on demand.

    python -m scripts.linkcheck [--site site] [--site-url URL]
    python -m scripts.linkcheck --external [--site site] [--bib bibliography.bib] [--json OUT]
                                  [--timeout SECONDS] [--fail-on-redirect] ...

Internal (offline, fast): every href/src in every .html file must point to a file that exists in
the site, and every #fragment to an element id in the target page. Prints one line per broken
link (`page: link -> what is missing`) and exits 1 if any.

External (needs the network): every http(s) URL in the site's pages and in the bibliography (url,
doi as https://doi.org/..., archiveurl) is requested once and classified as
  ok          answers 2xx (temporary redirects followed)
  redirected  moved permanently (301/308): `moved_to` is the address to put in the bibliography
  dead        404/410, a name that does not resolve, a redirect loop or too many redirects
  blocked     401/403/999 and other 4xx bot walls, or an allowlisted host: not counted as dead
  flaky       timeouts, 429 and 5xx that outlast the retries, TLS and connection failures
Prints a summary by class and by page/bibliography key, lists web sources without an archived
copy, writes a JSON report (--json) and exits 1 only for dead links (and redirected ones with
--fail-on-redirect). Bad input (bibliography, allowlist) exits 2 with one line naming the place.
"""

from __future__ import annotations

import argparse
import email.utils
import http.client
import http.cookiejar
import json
import re
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from sce.bibliography import load
from sce.errors import SourceError
from sce.htmltokens import ParsedPage, parse_page
from sce.yamlfile import YamlFile, read_config

NOT_CHECKED_SCHEMES = {"mailto", "tel", "data", "javascript", "blob", "about"}


def parse_html(path: Path) -> ParsedPage:
    return parse_page(path.read_text(encoding="utf-8", errors="replace"))


# --- Internal links -------------------------------------------------------------------------------

def check_site(site: Path, site_url: str = "") -> list[str]:
    site = site.resolve()
    pages = {path: parse_html(path) for path in sorted(site.rglob("*.html"))}
    base = urlsplit(site_url) if site_url else None
    problems = []
    for page_path, page in pages.items():
        shown = page_path.relative_to(site.parent) if site.parent in page_path.parents else page_path
        for link in page.links:
            problem = _check_link(site, page_path, link.url, pages, base)
            if problem:
                problems.append(f"{shown}: {link.url} -> {problem}")
    return problems


def _check_link(site: Path, page_path: Path, url: str, pages: dict, base) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in NOT_CHECKED_SCHEMES:
        return None
    if parts.scheme or parts.netloc:
        # Absolute URLs are external unless they point into this site's own URL.
        if not _in_site(parts, base):
            return None
        target = site / unquote(parts.path[len(base.path):])
    elif parts.path.startswith("/"):
        prefix = base.path if base else "/"
        if not parts.path.startswith(prefix):
            return f"absolute path outside the site ({prefix})"
        target = site / unquote(parts.path[len(prefix):])
    elif parts.path:
        target = page_path.parent / unquote(parts.path)
    else:
        target = page_path
    target = target.resolve()
    if site != target and site not in target.parents:
        return "points outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.exists():
        return f"missing file {target.relative_to(site)}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html":
        ids = pages[target].ids if target in pages else parse_html(target).ids
        if fragment not in ids:
            return f"missing anchor #{fragment} in {target.relative_to(site)}"
    return None


def _in_site(parts, base) -> bool:
    return bool(base) and parts.netloc == base.netloc and parts.path.startswith(base.path)


def configured_site_url(config: Path = Path("mkdocs.yml")) -> str:
    """site_url from mkdocs.yml: pages such as 404.html use absolute paths under it."""
    if not config.exists():
        return ""
    return str(read_config(config).get("site_url") or "")


# --- External URLs: where they are used ------------------------------------------------------------

CLASSES = ("dead", "redirected", "flaky", "blocked", "ok")  # report order: most urgent first
PERMANENT = {301, 308}
REDIRECT = {301, 302, 303, 307, 308}
GONE = {404, 410}
BOT_WALL = {401, 403, 999}  # 999: LinkedIn and others; other 4xx are treated the same way
USER_AGENT = ("Mozilla/5.0 (compatible; social-credit-explained-linkcheck/1.0; "
              "+https://github.com/social-credit-explained/social-credit-explained)")


def normalise(url: str) -> str:
    """The address to request and report: no fragment, scheme and host in lower case."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"  # protocol-relative //host/path
    return urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def site_urls(site: Path, site_url: str = "") -> dict[str, set[str]]:
    """External http(s) URL -> the pages (site-relative paths) that link to it."""
    base = urlsplit(site_url) if site_url else None
    found: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        for link in parse_html(page).links:
            parts = urlsplit(link.url.strip())
            external = parts.scheme in ("http", "https") or (not parts.scheme and parts.netloc)
            if external and parts.netloc and not _in_site(parts, base):
                found.setdefault(normalise(link.url), set()).add(name)
    return found


def _address(entry, name: str) -> str:
    """A url/doi/archiveurl field as written, less the braces and line breaks of .bib layout."""
    return re.sub(r"[{}\s]+", "", entry.fields.get(name, ""))


def _load_bib(path: Path):
    return load(path)


def bib_urls(bib: Path) -> tuple[dict[str, set[str]], list[str]]:
    """(URL -> '@key's using it, keys of web sources with no archived copy).

    A web source is an entry with a url and no doi; its archived copy is the `archiveurl` field.
    """
    found: dict[str, set[str]] = {}
    unarchived = []
    for key, entry in _load_bib(bib).entries.items():
        url, doi, archive = (_address(entry, name) for name in ("url", "doi", "archiveurl"))
        for value in (url, archive, f"https://doi.org/{quote(doi, safe='/:;()._-')}" if doi else ""):
            if value:
                found.setdefault(normalise(value), set()).add(f"@{key}")
        if url and not doi and not archive:
            unarchived.append(key)
    return found, sorted(unarchived)


# --- External URLs: the allowlist of bot-walled hosts ----------------------------------------------

@dataclass
class Allowed:
    host: str
    reason: str
    expires: date
    where: str  # file:line, for messages

    def covers(self, host: str) -> bool:
        return host == self.host or host.endswith("." + self.host)


def load_allowlist(path: Path) -> list[Allowed]:
    """Entries `- host: H / reason: R / expires: YYYY-MM-DD`; any defect is a SourceError."""
    doc = YamlFile(path)
    entries = []
    for at, item in doc.entries():
        where = doc.where(at)
        unknown = sorted(set(item) - {"host", "reason", "expires"})
        if unknown:
            raise SourceError(f"{where}: unknown field {unknown[0]!r} (use host, reason, expires)")
        for name in ("host", "reason", "expires"):
            if not str(item.get(name) or "").strip():
                raise SourceError(f"{where}: entry has no {name}")
        host = str(item["host"]).strip().lower()
        if not re.fullmatch(r"[a-z0-9.-]+", host):
            raise SourceError(f"{where}: host {host!r} should be a bare host name, like www.example.org")
        try:
            expires = date.fromisoformat(str(item["expires"]).strip())
        except ValueError:
            raise SourceError(f"{where}: expires {item['expires']!r} is not a date (YYYY-MM-DD)") from None
        entries.append(Allowed(host, str(item["reason"]).strip(), expires, where))
    return entries


# --- External URLs: results and their cache ---------------------------------------------------------

@dataclass
class Result:
    url: str
    cls: str
    status: int | None = None
    final_url: str | None = None
    moved_to: str | None = None  # redirected only: where the permanent redirects lead
    note: str = ""
    checked_at: str = ""


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Cache:
    """Results by URL in one JSON file, reused while younger than max_age; flaky ones never."""

    def __init__(self, path: Path, max_age: float):
        self.path, self.max_age = path, max_age
        self._lock = threading.Lock()
        try:
            self._data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(self._data, dict):
                raise ValueError
        except (OSError, ValueError):
            self._data = {}  # a missing or unreadable cache is an empty one

    def get(self, url: str) -> Result | None:
        item = self._data.get(url)
        if not isinstance(item, dict):
            return None
        try:
            checked = datetime.fromisoformat(item["checked_at"]).timestamp()
            result = Result(url=url, **{k: item[k] for k in item if k != "url"})
        except (KeyError, TypeError, ValueError):
            return None
        if time.time() - checked > self.max_age or result.cls not in CLASSES:
            return None
        return result

    def put(self, result: Result) -> None:
        if result.cls != "flaky":
            with self._lock:
                self._data[result.url] = asdict(result)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(self._data, indent=1, sort_keys=True), encoding="utf-8")
        partial.replace(self.path)


# --- External URLs: HTTP -----------------------------------------------------------------------------

@dataclass
class Settings:
    timeout: float = 15.0        # seconds per request
    workers: int = 8             # requests in flight, all hosts together
    per_host: int = 2            # requests in flight to one host
    delay: float = 1.0           # seconds between the starts of two requests to one host
    retries: int = 2             # extra tries after a timeout, 429 or 5xx
    backoff: float = 2.0         # wait before the first retry; doubles each time
    max_retry_after: float = 60.0  # cap on a server's Retry-After
    max_redirects: int = 10
    user_agent: str = USER_AGENT


class HostGate:
    """At most `limit` requests at once to one host, their starts at least `delay` seconds apart."""

    def __init__(self, limit: int, delay: float):
        self.limit, self.delay = limit, delay
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Semaphore, threading.Lock, list[float]]] = {}

    @contextmanager
    def slot(self, host: str):
        with self._lock:
            slots, pacing, last = self._hosts.setdefault(
                host, (threading.BoundedSemaphore(self.limit), threading.Lock(), [float("-inf")]))
        with slots:
            with pacing:
                wait = last[0] + self.delay - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                last[0] = time.monotonic()
            yield


@dataclass
class Reply:
    status: int | None = None
    location: str | None = None
    retry_after: float | None = None
    error: str = ""          # why there is no status
    gone: bool = False       # the error means the address cannot work (no such name, bad URL)
    transient: bool = False  # the error may go away: worth a retry

    @property
    def retryable(self) -> bool:
        return self.transient or self.status == 429 or (self.status or 0) in range(500, 600)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as it is: the checker follows it itself, hop by hop


def _ascii_url(url: str) -> str:
    """Percent-encode non-ASCII paths and IDNA-encode hosts, as a browser does before sending."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    netloc = host + (f":{parts.port}" if parts.port else "")
    safe = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe), ""))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_reply(error: BaseException) -> Reply:
    if isinstance(error, socket.gaierror):
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            return Reply(error="name does not resolve", gone=True)
        return Reply(error=f"name lookup failed ({error.strerror})", transient=True)
    if isinstance(error, (TimeoutError, socket.timeout)):
        return Reply(error="timed out", transient=True)
    if isinstance(error, ssl.SSLCertVerificationError):
        return Reply(error=f"TLS certificate not accepted ({error.verify_message})")
    if isinstance(error, (ValueError, http.client.InvalidURL)):
        return Reply(error=f"not a valid URL ({error})", gone=True)
    if isinstance(error, (OSError, http.client.HTTPException)):
        return Reply(error=f"connection failed ({error.__class__.__name__}: {error})", transient=True)
    return Reply(error=str(error))


class Checker:
    """Checks URLs with HEAD (GET when HEAD is refused), following redirects and retrying."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.gate = HostGate(settings.per_host, settings.delay)

    def request(self, opener, method: str, url: str) -> Reply:
        headers = {"User-Agent": self.settings.user_agent,
                   "Accept": "text/html,application/xhtml+xml,application/pdf,*/*;q=0.8"}
        try:
            request = urllib.request.Request(_ascii_url(url), method=method, headers=headers)
            with self.gate.slot(urlsplit(url).netloc):
                with opener.open(request, timeout=self.settings.timeout) as response:
                    return Reply(status=response.status)  # the body is never read
        except urllib.error.HTTPError as error:
            error.close()
            return Reply(status=error.code, location=error.headers.get("Location"),
                         retry_after=_retry_after(error.headers.get("Retry-After")))
        except urllib.error.URLError as error:
            reason = error.reason
            return _error_reply(reason if isinstance(reason, BaseException) else ValueError(reason))
        except (OSError, ValueError, http.client.HTTPException) as error:
            return _error_reply(error)

    def fetch(self, opener, method: str, url: str) -> tuple[Reply, int]:
        """(reply, tries): retries timeouts, 429 and 5xx with backoff, honouring Retry-After."""
        s = self.settings
        for attempt in range(s.retries + 1):
            reply = self.request(opener, method, url)
            if not reply.retryable or attempt == s.retries:
                return reply, attempt + 1
            wait = s.backoff * 2 ** attempt
            if reply.retry_after is not None:
                wait = min(reply.retry_after, s.max_retry_after)
            time.sleep(wait)
        raise AssertionError("unreachable")

    def check(self, url: str) -> Result:
        opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        current, seen, moved_to, still_permanent = url, {url}, None, True
        for _ in range(self.settings.max_redirects + 1):
            reply, tries = self.fetch(opener, "HEAD", current)
            if reply.status is not None and reply.status >= 400 and reply.status != 429:
                # HEAD refused (405/501) or unreliable (many servers answer HEAD wrongly): ask with GET
                reply, tries = self.fetch(opener, "GET", current)
            if reply.status not in REDIRECT or not reply.location:
                return _classify(url, reply, tries, current, moved_to)
            target = normalise(urljoin(current, reply.location))
            if urlsplit(target).scheme not in ("http", "https"):
                return Result(url, "dead", reply.status, current, note=f"redirects to {target}")
            if still_permanent and reply.status in PERMANENT:
                moved_to = target
            else:
                still_permanent = False
            if target in seen:
                return Result(url, "dead", reply.status, target, note=f"redirect loop at {target}")
            seen.add(target)
            current = target
        return Result(url, "dead", None, current,
                      note=f"more than {self.settings.max_redirects} redirects")


def _classify(url: str, reply: Reply, tries: int, final: str, moved_to: str | None) -> Result:
    status = reply.status
    after = f" after {tries} tries" if tries > 1 else ""
    if status is None:
        if reply.gone:
            return Result(url, "dead", None, final, note=reply.error)
        return Result(url, "flaky", None, final, note=reply.error + after)
    if 200 <= status < 300:
        if moved_to and moved_to != url:
            return Result(url, "redirected", status, final, moved_to, note=f"moved permanently to {moved_to}")
        return Result(url, "ok", status, final)
    if status in GONE:
        return Result(url, "dead", status, final, note=f"HTTP {status}")
    if status in BOT_WALL or (400 <= status < 500 and status != 429):
        return Result(url, "blocked", status, final, note=f"HTTP {status}: bot wall or login, not counted as dead")
    if status in REDIRECT:
        return Result(url, "dead", status, final, note=f"HTTP {status} without a Location header")
    return Result(url, "flaky", status, final, note=f"HTTP {status}{after}")


def _by_host_in_turn(urls: list[str]) -> list[str]:
    """One URL per host in turn, so the workers spread over hosts instead of queueing on one."""
    queues: dict[str, list[str]] = {}
    for url in sorted(urls):
        queues.setdefault(urlsplit(url).netloc, []).append(url)
    order = []
    while queues:
        for host in list(queues):
            order.append(queues[host].pop(0))
            if not queues[host]:
                del queues[host]
    return order


def check_external(urls, settings: Settings | None = None, cache: Cache | None = None,
                   allowlist: list[Allowed] = (), today: date | None = None) -> dict[str, Result]:
    """Check each URL once (allowlisted hosts and fresh cache entries are not requested)."""
    settings = settings or Settings()
    today = today or date.today()
    results: dict[str, Result] = {}
    todo = []
    for url in urls:
        host = urlsplit(url).hostname or ""
        allowed = next((a for a in allowlist if a.covers(host) and a.expires >= today), None)
        cached = cache.get(url) if cache else None
        if allowed:
            results[url] = Result(url, "blocked", None, None, note=(
                f"allowlisted until {allowed.expires} ({allowed.where}): {allowed.reason}"),
                checked_at=_now_iso())
        elif cached:
            results[url] = cached
        else:
            todo.append(url)
    checker = Checker(settings)

    def check_one(url: str) -> Result:
        try:
            result = checker.check(url)
        except Exception as error:  # one odd server must not stop the run: report it, go on
            result = Result(url, "flaky", note=f"checker error ({error.__class__.__name__}: {error})")
        result.checked_at = _now_iso()
        return result

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        for result in pool.map(check_one, _by_host_in_turn(todo)):
            results[result.url] = result
            if cache:
                cache.put(result)
    if cache:
        cache.save()
    return results


# --- External URLs: the report ----------------------------------------------------------------------

def build_report(results: dict[str, Result], used_in: dict[str, set[str]]) -> list[dict]:
    """One record per URL: url, class, status, final_url, used_in, moved_to, note, checked_at."""
    report = []
    for url in sorted(results):
        r = results[url]
        report.append({
            "url": url, "class": r.cls, "status": r.status, "final_url": r.final_url,
            "used_in": sorted(used_in.get(url, ())), "moved_to": r.moved_to, "note": r.note,
            "checked_at": r.checked_at,
        })
    return report


def summary(report: list[dict], unarchived: list[str], bib_name: str = "bibliography") -> str:
    counts = {cls: sum(r["class"] == cls for r in report) for cls in CLASSES}
    lines = [f"External links: {len(report)} URLs: "
             + ", ".join(f"{counts[cls]} {cls}" for cls in CLASSES)]
    for cls in CLASSES:
        records = [r for r in report if r["class"] == cls]
        if not records or cls == "ok":
            continue
        lines += ["", f"{cls} ({len(records)})"]
        for r in records:
            status = r["status"] if r["status"] is not None else "-"
            lines.append(f"  {r['url']}  [{status}] {r['note']}".rstrip())
            lines.append(f"      used in: {', '.join(r['used_in']) or '-'}")
    problems: dict[str, list[str]] = {}
    for r in report:
        if r["class"] != "ok":
            for place in r["used_in"]:
                problems.setdefault(place, []).append(f"{r['class']}: {r['url']}")
    if problems:
        lines += ["", "By page and bibliography key (all but ok)"]
        for place in sorted(problems, key=lambda p: (p.startswith("@"), p)):
            lines.append(f"  {place}")
            lines += [f"      {item}" for item in sorted(problems[place])]
    if unarchived:
        lines += ["", f"Web sources in {bib_name} without an archived copy (archiveurl): "
                  f"{len(unarchived)}", "  " + ", ".join(unarchived)]
    return "\n".join(lines)


def annotations(report: list[dict]) -> list[str]:
    """GitHub Actions workflow commands: an error per dead link, a warning per moved one."""
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for r in report:
        where = ", ".join(r["used_in"]) or "-"
        if r["class"] == "dead":
            lines.append("::error title=Dead link::"
                         + escape(f"{r['url']} ({r['note']}), used in {where}"))
        elif r["class"] == "redirected":
            lines.append("::warning title=Moved permanently::"
                         + escape(f"{r['url']} -> {r['moved_to']}, used in {where}"))
    return lines


def run_external(args) -> int:
    used_in: dict[str, set[str]] = {}
    unarchived: list[str] = []
    if args.site:
        if not args.site.is_dir() or not any(args.site.rglob("*.html")):
            raise SourceError(f"{args.site}: no built site here (run 'make build' first)")
        used_in = site_urls(args.site, args.site_url)
    if args.bib:
        from_bib, unarchived = bib_urls(args.bib)
        for url, keys in from_bib.items():
            used_in.setdefault(url, set()).update(keys)
    skip = [re.compile(pattern) for pattern in args.skip]
    urls = [url for url in used_in if not any(p.search(url) for p in skip)]
    allowlist = load_allowlist(args.allowlist) if args.allowlist else []
    today = date.today()
    for entry in allowlist:
        if entry.expires < today:
            print(f"{entry.where}: allowlist entry for {entry.host} expired on {entry.expires}: "
                  "not applied (check the host by hand, then renew or remove it)", file=sys.stderr)
    cache = None if args.no_cache else Cache(args.cache, args.max_age * 3600)
    settings = Settings(timeout=args.timeout, workers=args.workers, per_host=args.per_host,
                        delay=args.delay, retries=args.retries, backoff=args.backoff,
                        max_retry_after=args.max_retry_after, max_redirects=args.max_redirects)
    print(f"Checking {len(urls)} external URLs ...", file=sys.stderr)
    results = check_external(urls, settings, cache, allowlist, today)
    report = build_report(results, used_in)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summary(report, unarchived, args.bib.name if args.bib else "bibliography"))
    if args.annotate:
        print("\n".join(annotations(report)))
    failing = {"dead"} | ({"redirected"} if args.fail_on_redirect else set())
    return 1 if any(r["class"] in failing for r in report) else 0


# --- Command line ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="built site directory")
    parser.add_argument("--site-url", default=None,
                        help="the site's public URL (default: site_url from mkdocs.yml)")
    ext = parser.add_argument_group("external check (needs the network)")
    ext.add_argument("--external", action="store_true",
                     help="check external URLs instead of internal links")
    ext.add_argument("--bib", type=Path, default=None,
                     help="bibliography to take URLs from (default: bibliography.bib if present)")
    ext.add_argument("--json", type=Path, default=None, help="write the JSON report here")
    ext.add_argument("--timeout", type=float, default=15.0, help="seconds per request (15)")
    ext.add_argument("--fail-on-redirect", action="store_true",
                     help="exit 1 for permanent redirects too, not only for dead links")
    ext.add_argument("--annotate", action="store_true",
                     help="also print GitHub Actions annotations for dead and moved links")
    ext.add_argument("--allowlist", type=Path, default=None,
                     help="bot-walled hosts not requested (default: linkcheck-allowlist.yml if present)")
    ext.add_argument("--no-allowlist", action="store_true", help="request every host")
    ext.add_argument("--cache", type=Path, default=Path(".cache/linkcheck/results.json"),
                     help="result cache (.cache/linkcheck/results.json)")
    ext.add_argument("--max-age", type=float, default=24.0, help="hours a cached result is reused (24)")
    ext.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    ext.add_argument("--skip", action="append", default=[], metavar="REGEX",
                     help="do not check URLs matching this regular expression (repeatable)")
    ext.add_argument("--workers", type=int, default=8, help="requests in flight in all (8)")
    ext.add_argument("--per-host", type=int, default=2, help="requests in flight per host (2)")
    ext.add_argument("--delay", type=float, default=1.0,
                     help="seconds between two requests to one host (1)")
    ext.add_argument("--retries", type=int, default=2, help="retries after timeouts, 429, 5xx (2)")
    ext.add_argument("--backoff", type=float, default=2.0, help="seconds before the first retry (2)")
    ext.add_argument("--max-retry-after", type=float, default=60.0,
                     help="longest Retry-After honoured, in seconds (60)")
    ext.add_argument("--max-redirects", type=int, default=10, help="redirects followed (10)")
    args = parser.parse_args(argv)
    if args.site_url is None:
        args.site_url = configured_site_url()

    if args.external:
        if args.bib is None and Path("bibliography.bib").exists():
            args.bib = Path("bibliography.bib")
        if args.allowlist is None and Path("linkcheck-allowlist.yml").exists():
            args.allowlist = Path("linkcheck-allowlist.yml")
        if args.no_allowlist:
            args.allowlist = None
        try:
            return run_external(args)
        except SourceError as error:
            print(error)
            return 2

    if not args.site.is_dir() or not any(args.site.rglob("*.html")):
        print(f"{args.site}: no built site here (run 'make build' first)")
        return 1
    problems = check_site(args.site, args.site_url)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken internal link(s)", file=sys.stderr)
        return 1
    count = len(list(args.site.rglob("*.html")))
    print(f"{args.site}: all internal links and anchors resolve in {count} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
