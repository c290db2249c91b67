"""Check bibliography.bib: complete entries, findable sources, no copy hosts, nothing unused.

    python -m scripts.check_bib [--bib bibliography.bib] [--docs docs] [--hosts source-hosts.yml]

Prints one line per problem (`bibliography.bib:LINE: key: what is wrong`) and exits 1 if any.
An entry whose `url` is on a copy host listed in source-hosts.yml (piracy, document-sharing,
scraper, content farm, aggregator, repost) is a problem, reported on the line of its `url` field;
so is an address on a copy host written in any other field.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import yaml

from sce.bibliography import SOURCE_TYPES, Bibliography, citation_keys, load
from sce.errors import SourceError
from sce.hosts import HOSTS_FILE, HostsError, host_of, listed_host, load_hosts

# Fields each entry type must have; "a|b" means either will do.
REQUIRED = {
    "article": ["author", "title", "journaltitle|journal", "date|year"],
    "book": ["author|editor", "title", "publisher", "date|year"],
    "incollection": ["author", "title", "booktitle", "date|year"],
    "inbook": ["author", "title", "booktitle", "date|year"],
    "report": ["author", "title", "institution", "date|year"],
    "techreport": ["author", "title", "institution", "date|year"],
    "thesis": ["author", "title", "institution|school", "date|year"],
    "online": ["author|organization", "title", "date|year", "url", "urldate"],
    "misc": ["author|organization", "title", "date|year"],
    "legislation": ["author|organization", "title", "date|year"],
    "dataset": ["author|organization", "title", "date|year"],
}
PLACEHOLDER = re.compile(
    r"^(|tbd|tba|todo|fixme|unknown|anon(ymous)?|n/?a|none|x+|\?+|placeholder|lorem ipsum.*"
    r"|author|title|untitled|test)$",
    re.IGNORECASE,
)
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIELD_START = re.compile(r"^\s*([A-Za-z_-]+)\s*=", re.MULTILINE)


def field_lines(text: str, entry_line: int) -> dict[str, int]:
    """Line of each field of the entry that starts on `entry_line` (1-based), by field name."""
    lines = text.split("\n")
    found: dict[str, int] = {}
    for number in range(entry_line, len(lines) + 1):
        line = lines[number - 1]
        if number > entry_line and re.match(r"^\s*@\w+\s*\{", line):
            break
        match = FIELD_START.match(line)
        if match and number > entry_line:
            found.setdefault(match.group(1).lower(), number)
        elif number == entry_line:  # fields may follow the key on the entry's first line
            for field_match in re.finditer(r"[,{]\s*([A-Za-z_-]+)\s*=", line):
                found.setdefault(field_match.group(1).lower(), number)
    return found


def _plain(value: str) -> str:
    return re.sub(r"[{}\s]+", " ", value).strip()


def _has(entry, field: str) -> bool:
    if field in ("author", "editor"):
        return bool(entry.persons.get(field))
    return bool(_plain(entry.fields.get(field, "")))


def check_entry(key: str, entry) -> list[str]:
    problems = []
    kind = entry.type.lower()
    required = REQUIRED.get(kind)
    if required is None:
        problems.append(f"unsupported entry type @{kind} (use one of: {', '.join(sorted(REQUIRED))})")
        required = ["title"]
    for need in required:
        options = need.split("|")
        if options[0] == "date" and _plain(entry.fields.get("undated", "")) == "true":
            continue  # an undated source, said so explicitly: rendered "n.d."
        if not any(_has(entry, option) for option in options):
            problems.append(f"missing required field {' or '.join(options)} for @{kind}")

    url, doi = _plain(entry.fields.get("url", "")), _plain(entry.fields.get("doi", ""))
    if not url and not doi:
        problems.append("no url or doi: a reader cannot find this source")
    if url and not re.match(r"^https?://\S+$", url):
        problems.append(f"url is not an http(s) address: {url!r}")
    if doi and not re.match(r"^10\.\d{4,9}/\S+$", doi):
        problems.append(f"doi should look like 10.xxxx/..., without https://doi.org/: {doi!r}")
    if url and not doi and not _has(entry, "urldate"):
        problems.append("web source without urldate (the day the source was consulted)")

    for field in ("date", "year"):
        value = _plain(entry.fields.get(field, ""))
        if value and not DATE.match(value):
            problems.append(f"{field} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    urldate = _plain(entry.fields.get("urldate", ""))
    if urldate and not FULL_DATE.match(urldate):
        problems.append(f"urldate {urldate!r} is not YYYY-MM-DD")

    title = _plain(entry.fields.get("title", ""))
    if "title" in entry.fields and PLACEHOLDER.match(title):
        problems.append(f"title is empty or a placeholder: {title!r}")
    for role in ("author", "editor"):
        for person in entry.persons.get(role, []):
            name = _plain(str(person))
            if PLACEHOLDER.match(name) or PLACEHOLDER.match(_plain(" ".join(person.last_names))):
                problems.append(f"{role} name is empty or a placeholder: {name!r}")
    organization = _plain(entry.fields.get("organization", ""))
    if "organization" in entry.fields and PLACEHOLDER.match(organization):
        problems.append(f"organization is empty or a placeholder: {organization!r}")

    keywords = _plain(entry.fields.get("keywords", ""))
    if not keywords:
        problems.append(f"no source type: add keywords = {{one of {', '.join(SOURCE_TYPES)}}}")
    elif keywords not in SOURCE_TYPES:
        problems.append(
            f"keywords {keywords!r} is not a source type ({', '.join(sorted(SOURCE_TYPES))})"
        )
    return problems


def cited_keys(docs: Path) -> set[str]:
    """Keys cited by pages ([@key]) and by data files (`cite:` fields under docs/data/)."""
    keys = set()
    for page in sorted(docs.rglob("*.md")):
        keys.update(key for key, _ in citation_keys(page.read_text(encoding="utf-8")))
    for data in sorted(docs.rglob("*.yml")):
        keys.update(_cite_fields(yaml.safe_load(data.read_text(encoding="utf-8"))))
    for table in sorted(docs.rglob("*.csv")):
        rows = [line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for row in csv.DictReader(rows):
            keys.update(key for key in re.split(r"[;,\s]+", row.get("cite") or "") if key)
    return keys


def _cite_fields(node) -> set[str]:
    if isinstance(node, dict):
        found = set()
        for name, value in node.items():
            if name == "cite":
                found.update(value if isinstance(value, list) else [value])
            else:
                found |= _cite_fields(value)
        return found
    if isinstance(node, list):
        return set().union(*(_cite_fields(item) for item in node)) if node else set()
    return set()


ADDRESS = re.compile(r"https?://[^\s{}]+")


def copy_host_problems(entry, copy_hosts: dict[str, str]) -> list[tuple[str, str]]:
    """(field, message) for each web address on a copy host: as the entry's `url`, or written in
    any other field (a `note` is shown to readers; a `comment` may name a copy, not link it)."""
    found = []
    for name, value in entry.fields.items():
        addresses = [_plain(value)] if name == "url" else ADDRESS.findall(value)
        for address in addresses:
            host = host_of(address.rstrip(".,;)"))
            listed = listed_host(host, copy_hosts) if host else None
            if listed is None:
                continue
            if name == "url":
                found.append((name, f"url links {host}, a copy host ({copy_hosts[listed]}): "
                                    "link the publisher or the official source instead"))
            else:
                found.append((name, f"{name} gives an address on {host}, a copy host ({copy_hosts[listed]}): "
                                    "name the copy in `comment` without its address"))
    return found


def check(bib: Bibliography, docs: Path | None, copy_hosts: dict[str, str] | None = None) -> list[str]:
    problems = []
    used = cited_keys(docs) if docs else None
    text = bib.path.read_text(encoding="utf-8") if copy_hosts else ""
    for key, entry in bib.entries.items():
        for problem in check_entry(key, entry):
            problems.append(f"{bib.where(key)}: {key}: {problem}")
        for field, copy in copy_host_problems(entry, copy_hosts) if copy_hosts else []:
            line = field_lines(text, bib.lines.get(key, 1)).get(field, bib.lines.get(key, 1))
            problems.append(f"{bib.path}:{line}: {key}: {copy}")
        if used is not None and key not in used:
            problems.append(f"{bib.where(key)}: {key}: not cited on any page under {docs}/")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bib", type=Path, default=Path("bibliography.bib"))
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="pages whose citations count as uses (default: docs)")
    parser.add_argument("--no-unused", action="store_true", help="do not report unused entries")
    parser.add_argument("--hosts", type=Path, default=HOSTS_FILE,
                        help="the list of copy hosts and official hosts (default: source-hosts.yml)")
    args = parser.parse_args(argv)
    try:
        hosts = load_hosts(args.hosts)
    except HostsError as error:
        print(error)
        return 1
    try:
        bib = load(args.bib)
    except SourceError as error:
        print(error)
        return 1
    problems = check(bib, None if args.no_unused else args.docs, hosts["copy_hosts"])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.bib}", file=sys.stderr)
        return 1
    print(f"{args.bib}: {len(bib.entries)} entries, all complete and cited")
    return 0


if __name__ == "__main__":
    sys.exit(main())
