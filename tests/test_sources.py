"""Sources a careful reader trusts: the Primary documents page and the host lists behind it.

Reads docs/reference/primary-documents.md, bibliography.bib and source-hosts.yml (no build needed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sce import hosts
from sce.bibliography import citation_keys, load

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "primary-documents.md"
HOSTS = hosts.load_hosts(hosts.HOSTS_FILE)
BIB = load(ROOT / "bibliography.bib")

LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
SECTION = re.compile(r"^(#{2,3}) (.+?) \{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
# What an "Official text" line must say when it links no official host.
STATED_REASON = re.compile(r"seen only in a copy|not found|cited by (its|their) official identity")


def sections() -> dict[str, str]:
    """Each '## Heading {#id}' or '### Heading {#id}' section of the page, by id."""
    text = PAGE.read_text(encoding="utf-8")
    found = list(SECTION.finditer(text))
    return {m.group(3): text[m.end():found[i + 1].start() if i + 1 < len(found) else len(text)]
            for i, m in enumerate(found)}


def document_sections() -> dict[str, str]:
    """The sections that describe one document: they have an 'Official text' line."""
    return {sid: body for sid, body in sections().items() if "- **Official text:**" in body}


def urls_in(body: str) -> list[str]:
    urls = LINK.findall(body)
    for key, _ in citation_keys(body):
        entry = BIB.entries.get(key)
        if entry is not None and entry.fields.get("url"):
            urls.append(re.sub(r"[{}\s]", "", entry.fields["url"]))
    return urls


def official(url: str) -> bool:
    return hosts.listed_host(hosts.host_of(url), HOSTS["official_hosts"]) is not None


def official_line(body: str) -> str:
    return next(line for line in body.splitlines() if line.startswith("- **Official text:**"))


DOCUMENTS = sorted(document_sections())


def test_the_page_has_the_documents_the_chapters_cite():
    expected = {
        "spc-2013-provisions", "planning-outline-2014", "joint-punishment-memorandum-2016",
        "restraint-opinions-2020", "improving-opinions-2025",
        # added for December 2026
        "civilised-enforcement-opinions-2019", "samr-list-2021", "credit-reporting-measures-2021",
        "public-credit-catalogue-2021", "credit-restoration-measures-2023", "company-law-2023",
        "refusal-to-enforce-interpretation-2024", "tax-credit-measures-2025", "credit-repair-plan-2025",
        "credit-repair-measures-2025", "customs-credit-measures-2026",
        "unreliable-entity-list-2020", "anti-foreign-sanctions-law-2021", "eu-ai-act-2024",
    }
    assert expected <= set(DOCUMENTS), sorted(expected - set(DOCUMENTS))


@pytest.mark.parametrize("sid", DOCUMENTS)
def test_each_document_links_an_official_host_or_says_why_not(sid):
    body = document_sections()[sid]
    line = official_line(body)
    if any(official(url) for url in urls_in(line)):
        return
    assert STATED_REASON.search(line), (
        f"#{sid}: the 'Official text' line links no official host (source-hosts.yml) and gives no "
        f"reason such as 'official text seen only in a copy; cited by its official identity': {line}")


@pytest.mark.parametrize("sid", DOCUMENTS)
def test_each_document_gives_title_date_issuer_and_number(sid):
    body = document_sections()[sid]
    for field in ("Date", "Issuer", "Number"):
        assert re.search(rf"^- \*\*{field}\b[^*]*:\*\*", body, re.MULTILINE), f"#{sid}: no {field} line"
    assert re.search(r"^- \*\*(Chinese title|Title):\*\*", body, re.MULTILINE), f"#{sid}: no title line"


def test_most_documents_link_an_official_host():
    linked = [sid for sid, body in document_sections().items()
              if any(official(url) for url in urls_in(official_line(body)))]
    assert len(linked) >= 12, linked  # was 6 official links before December 2026


def test_at_most_three_not_verified_notes_each_saying_what_was_tried():
    text = PAGE.read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if re.search(r"not verified", line, re.IGNORECASE)]
    assert len(notes) <= 3, notes
    for note in notes:
        assert re.search(r"search", note), f"a 'not verified' note must say what was tried: {note}"


def test_the_page_links_no_copy_host():
    text = PAGE.read_text(encoding="utf-8")
    for url in LINK.findall(text):
        host = hosts.host_of(url)
        assert hosts.listed_host(host, HOSTS["copy_hosts"]) is None, f"{url} is on a copy host"


def test_no_bibliography_url_is_on_a_copy_host():
    for key, entry in BIB.entries.items():
        url = re.sub(r"[{}\s]", "", entry.fields.get("url", ""))
        if url:
            assert hosts.listed_host(hosts.host_of(url), HOSTS["copy_hosts"]) is None, key


def test_the_page_is_current():
    text = PAGE.read_text(encoding="utf-8")
    assert "The most recent central statement" not in text  # said of the March 2025 opinions
    front = text.split("---", 2)[1]
    assert "2025–26" in front and "last_reviewed: 2026-12" in front


@pytest.mark.parametrize("key, host", [
    ("brussee2023social", "link.springer.com"),
    ("hrw2019algorithms", "www.hrw.org"),
    ("ndrc2016memorandum", "www.ndrc.gov.cn"),
    ("cpc2025opinions", "www.gov.cn"),
    ("statecouncil2020guiding", "www.gov.cn"),
    ("vanderklippe2018chinese", "www.theglobeandmail.com"),
    ("npr2017what", "www.npr.org"),
])
def test_entries_found_on_copy_hosts_now_link_their_publisher(key, host):
    """Each of these linked a piracy, document-sharing, scraper or repost site before December 2026."""
    entry = BIB.entries[key]
    assert hosts.host_of(re.sub(r"[{}\s]", "", entry.fields["url"])) == host


def test_brussee_has_its_doi():
    assert BIB.entries["brussee2023social"].fields["doi"].strip("{} ") == "10.1007/978-981-99-2189-8"
