"""Where a source may point: source-hosts.yml lists copy hosts (piracy, document-sharing, scraper,
content-farm, aggregator and repost sites, each with its reason) and official hosts (where a
government, court or legislature publishes its own texts, each with its publisher). A listed
host also covers its subdomains. Read by scripts/check_bib.py and the source tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HOSTS_FILE = Path(__file__).resolve().parent.parent / "source-hosts.yml"
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class HostsError(Exception):
    """A defect in source-hosts.yml, reported as one line: 'file:line: message'."""


def load_hosts(path: Path) -> dict[str, dict[str, str]]:
    """source-hosts.yml as {"copy_hosts": {host: reason}, "official_hosts": {host: publisher}}.

    Any defect (bad YAML, a missing list, an entry without its host or reason, a host that is
    not a bare lower-case domain name, a host listed twice) raises HostsError naming the line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HostsError(f"{path}:1: file not found (it lists the copy hosts and official hosts)") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise HostsError(f"{path}:{line}: not valid YAML: {problem}") from None

    def where(node) -> str:
        return f"{path}:{node.start_mark.line + 1}" if node is not None else f"{path}:1"

    if not isinstance(root, yaml.MappingNode):
        raise HostsError(f"{where(root)}: expected a mapping with copy_hosts and official_hosts")
    lists = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    result: dict[str, dict[str, str]] = {}
    for name, detail in (("copy_hosts", "reason"), ("official_hosts", "publisher")):
        node = lists.get(name)
        if node is None:
            raise HostsError(f"{where(root)}: no {name} list")
        if not isinstance(node, yaml.SequenceNode):
            raise HostsError(f"{where(node)}: {name} should be a list of entries with host and {detail}")
        found: dict[str, str] = {}
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                raise HostsError(f"{where(item)}: each {name} entry needs host and {detail}")
            fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
            for need in ("host", detail):
                value = fields.get(need)
                if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
                    raise HostsError(f"{where(item)}: {name} entry without {need}")
            host = str(fields["host"].value).strip()
            if not HOST.match(host):
                raise HostsError(
                    f"{where(fields['host'])}: {name} host {host!r} is not a bare lower-case "
                    "domain name (no scheme, port or path)"
                )
            if host in found:
                raise HostsError(f"{where(fields['host'])}: {name} lists {host} twice")
            found[host] = str(fields[detail].value).strip()
        result[name] = found
    return result


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def listed_host(host: str, hosts: dict[str, str]) -> str | None:
    """The entry of `hosts` that `host` is or is a subdomain of (the longest such), or None."""
    matches = [h for h in hosts if host == h or host.endswith("." + h)]
    return max(matches, key=len) if matches else None
