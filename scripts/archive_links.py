"""Add archived copies to a bibliography: an `archiveurl` field from the Internet Archive.

    python -m scripts.archive_links --bib bibliography.bib [--api URL] [--save]

For each entry with a `url`, no `doi` (the DOI is its durable link) and no `archiveurl` yet, asks
the Wayback Machine's availability API (`API?url=<the url, percent-encoded>`), which answers

    {"archived_snapshots": {"closest": {"available": true, "url": "...", "timestamp": "..."}}}

or `{"archived_snapshots": {}}`. A snapshot whose `status` is given and is not 200 is skipped. The
snapshot's address, as https, is written into a new `archiveurl` field, added as the entry's last
field in the file's alignment style. Nothing else in the file changes: the only other byte that
may change is the comma that the entry's previous last field needs before the new one.

--save (optional) asks the Wayback Machine to capture the pages that have no snapshot yet, at most
one request every ten seconds; a capture counts only when the archive answers with a snapshot
address (/web/<14-digit timestamp>/...).

Network errors and answers that are not what the API promises are reported one line each, never as
a traceback; the run ends with a summary line. Exits 1 if any request failed, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sce.bibliography import load
from sce.errors import SourceError

API = "https://archive.org/wayback/available"
SAVE = "https://web.archive.org/save/"
SAVE_INTERVAL = 10.0  # seconds between two save requests (the archive's public rate)
USER_AGENT = "social-credit-explained-archive-links/1.0 (+https://github.com/)"
SNAPSHOT = re.compile(r"/web/(\d{14})[^/]*/")
ENTRY = re.compile(r"^[ \t]*@(\w+)[ \t]*\{[ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
FIELD = re.compile(r"^([ \t]*)([A-Za-z_-]+)([ \t]*)=[ \t]*", re.MULTILINE)
GIVE_UP_AFTER = 3  # consecutive network failures: the archive is out of reach, stop asking


class ArchiveError(Exception):
    """A failed request or an unexpected answer, as one readable line."""


@dataclass
class Span:
    key: str
    start: int  # offset of '@'
    close: int  # offset of the entry's closing brace


def entry_spans(text: str) -> list[Span]:
    """Each entry's key and the offsets of its '@' and its closing brace (braces and quotes matched)."""
    spans = []
    for match in ENTRY.finditer(text):
        if match.group(1).lower() in {"comment", "preamble", "string"}:
            continue
        depth, i, in_quote = 1, text.index("{", match.start()) + 1, False
        while i < len(text) and depth:
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == '"' and depth == 1:
                in_quote = not in_quote
            elif not in_quote and char == "{":
                depth += 1
            elif not in_quote and char == "}":
                depth -= 1
            i += 1
        if depth:
            raise ArchiveError(f"entry {match.group(2)}: no closing brace")
        spans.append(Span(match.group(2), match.start(), i - 1))
    return spans


def equals_column(body: str) -> int:
    """The column of '=' most field lines of this entry use (its alignment style)."""
    columns = [len(m.group(1)) + len(m.group(2)) + len(m.group(3)) for m in FIELD.finditer(body)]
    if not columns:
        return len("  archiveurl ")
    return max(set(columns), key=lambda c: (columns.count(c), c))


def add_field(text: str, span: Span, name: str, value: str) -> str:
    """`text` with `name = {value}` as the last field of the entry at `span`, in its alignment."""
    body = text[span.start:span.close]
    indent = next((m.group(1) for m in FIELD.finditer(body)), "  ")
    column = equals_column(body)
    lead = f"{indent}{name}"
    line = (lead.ljust(column) if len(lead) < column else lead + " ") + "= {" + value + "}"
    before = text[:span.close]
    kept = before.rstrip()
    space = before[len(kept):]
    comma = "" if kept.endswith(",") else ","
    if "\n" not in space:  # the closing brace shared the last field's line
        space = "\n"
    return kept + comma + "\n" + line + space + text[span.close:]


def fetch(url: str, timeout: float) -> tuple[bytes, str, dict]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.geturl(), dict(response.headers)
    except urllib.error.HTTPError as error:
        raise ArchiveError(f"the archive answered HTTP {error.code} ({error.reason})") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise ArchiveError(f"could not reach {url.split('?')[0]}: {reason}") from None


class NetworkError(ArchiveError):
    """The request did not get an answer at all."""


def closest_snapshot(api: str, url: str, timeout: float) -> tuple[str | None, str]:
    """(snapshot address as https, or None; why not). Raises ArchiveError on a failure."""
    try:
        raw, _, _ = fetch(f"{api}?url={quote(url, safe='')}", timeout)
    except ArchiveError as error:
        if str(error).startswith("could not reach"):
            raise NetworkError(str(error)) from None
        raise
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArchiveError("the archive's answer is not JSON") from None
    snapshots = answer.get("archived_snapshots") if isinstance(answer, dict) else None
    if not isinstance(snapshots, dict):
        raise ArchiveError("the archive's answer has no archived_snapshots object")
    closest = snapshots.get("closest")
    if not closest:
        return None, "no snapshot"
    if not isinstance(closest, dict):
        raise ArchiveError("the archive's answer has a closest snapshot that is not an object")
    if closest.get("available") is False:
        return None, "no snapshot"
    status = closest.get("status")
    if status is not None and str(status).strip() != "200":
        return None, f"snapshot status {status}"
    address = closest.get("url")
    if not isinstance(address, str) or not re.match(r"^https?://\S+$", address) or re.search(r"[{}\\]", address):
        raise ArchiveError(f"the archive's answer has no usable snapshot url: {address!r}")
    return re.sub(r"^http://", "https://", address), "snapshot"


def save_page(save_api: str, url: str, timeout: float) -> str | None:
    """Ask the archive to capture `url`; the snapshot address (https) if it answers with one."""
    body, final, headers = fetch(save_api + url, timeout)
    candidates = [headers.get(h, "") for h in ("Content-Location", "Location", "Link")] + [final]
    for candidate in candidates:
        found = SNAPSHOT.search(candidate or "")
        if found:
            path = candidate[candidate.index("/web/"):].split(">")[0].split(";")[0].strip()
            return "https://web.archive.org" + path
    return None


def field_value(entry, name: str) -> str:
    return re.sub(r"[{}\s]+", " ", entry.fields.get(name, "")).strip()


def run(bib_path: Path, api: str, save: bool, save_api: str, timeout: float, delay: float,
        out=None) -> int:
    out = out or sys.stdout
    try:
        bib = load(bib_path)
        text = bib_path.read_text(encoding="utf-8")
        spans = {span.key: span for span in entry_spans(text)}
    except (SourceError, ArchiveError) as error:
        print(f"{bib_path}: {error}" if isinstance(error, ArchiveError) else error, file=out)
        return 1

    counts = dict(added=0, none=0, bad_status=0, doi=0, kept=0, no_url=0, errors=0, saved=0)
    additions: dict[str, str] = {}
    unarchived: list[tuple[str, str]] = []
    network_failures = 0
    for key, entry in bib.entries.items():
        url, doi = field_value(entry, "url"), field_value(entry, "doi")
        if not url:
            counts["no_url"] += 1
            continue
        if doi:
            counts["doi"] += 1
            continue
        if field_value(entry, "archiveurl"):
            counts["kept"] += 1
            continue
        if network_failures >= GIVE_UP_AFTER:
            counts["errors"] += 1
            continue
        try:
            snapshot, why = closest_snapshot(api, url, timeout)
            network_failures = 0
        except NetworkError as error:
            network_failures += 1
            counts["errors"] += 1
            print(f"{bib_path}:{bib.lines.get(key, 1)}: {key}: {error}", file=out)
            if network_failures == GIVE_UP_AFTER:
                print(f"{bib_path}: {GIVE_UP_AFTER} requests in a row got no answer: "
                      "the archive is out of reach, not asking about the other entries", file=out)
            continue
        except ArchiveError as error:
            counts["errors"] += 1
            print(f"{bib_path}:{bib.lines.get(key, 1)}: {key}: {error}", file=out)
            continue
        finally:
            if delay:
                time.sleep(delay)
        if snapshot:
            additions[key] = snapshot
            counts["added"] += 1
            print(f"{key}: archived copy {snapshot}", file=out)
        else:
            counts["bad_status" if why.startswith("snapshot status") else "none"] += 1
            if why != "no snapshot":
                print(f"{key}: skipped, {why}", file=out)
            unarchived.append((key, url))

    if save and unarchived and network_failures < GIVE_UP_AFTER:
        last = None
        for key, url in unarchived:
            if last is not None:
                time.sleep(max(0.0, SAVE_INTERVAL - (time.monotonic() - last)))
            last = time.monotonic()
            try:
                snapshot = save_page(save_api, url, timeout)
            except ArchiveError as error:
                counts["errors"] += 1
                print(f"{bib_path}:{bib.lines.get(key, 1)}: {key}: save failed: {error}", file=out)
                continue
            if snapshot:
                additions[key] = snapshot
                counts["saved"] += 1
                print(f"{key}: captured {snapshot}", file=out)
            else:
                print(f"{key}: the archive did not answer with a snapshot address; not counted", file=out)

    if additions:
        for key in sorted(additions, key=lambda k: spans[k].start, reverse=True):
            text = add_field(text, spans[key], "archiveurl", additions[key])
        write_atomically(bib_path, text)

    asked = counts["added"] + counts["none"] + counts["bad_status"] + counts["errors"]
    print(f"{bib_path}: {counts['added'] + counts['saved']} archived copies added "
          f"({counts['added']} found, {counts['saved']} captured); {counts['none']} without a snapshot, "
          f"{counts['bad_status']} snapshots skipped (status not 200), {counts['errors']} errors; "
          f"not asked: {counts['doi']} with a doi, {counts['kept']} already archived, "
          f"{counts['no_url']} without a url ({asked} asked)", file=out)
    return 1 if counts["errors"] else 0


def write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bib", type=Path, required=True, help="the .bib file to update in place")
    parser.add_argument("--api", default=API, help=f"the availability API (default {API})")
    parser.add_argument("--save", action="store_true",
                        help="ask the archive to capture pages without a snapshot (one request per 10 s)")
    parser.add_argument("--save-api", default=SAVE, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request (default 30)")
    parser.add_argument("--delay", type=float, default=1.0,
                        help="seconds between availability requests (default 1)")
    args = parser.parse_args(argv)
    return run(args.bib, args.api.rstrip("?"), args.save, args.save_api, args.timeout, args.delay)


if __name__ == "__main__":
    sys.exit(main())
