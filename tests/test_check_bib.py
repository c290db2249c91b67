"""scripts/check_bib.py catches each defect it claims to, and passes the real bibliography."""

from __future__ import annotations

from pathlib import Path

import pytest

from sce import hosts
from scripts import check_bib

GOOD = """\
@online{lee2017future,
  author = {Lee, Robin},
  title = {The Future of Social Control?},
  organization = {Borderless},
  date = {2017-12-22},
  url = {https://borderless-hk.com/2017/12/22/the-future/},
  urldate = {2026-11-23},
  keywords = {commentary},
}
"""
PAGE = "Cited [@lee2017future].\n"


def run(tmp_path: Path, bib: str, page: str = PAGE, capsys=None) -> tuple[int, str]:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_text(page, encoding="utf-8")
    code = check_bib.main(["--bib", str(tmp_path / "refs.bib"), "--docs", str(docs)])
    return code, capsys.readouterr().out


def test_good_entry_passes(tmp_path, capsys):
    code, out = run(tmp_path, GOOD, capsys=capsys)
    assert code == 0, out


@pytest.mark.parametrize(
    "change, message",
    [
        (("  url = {https://borderless-hk.com/2017/12/22/the-future/},\n", ""), "no url or doi"),
        (("  urldate = {2026-11-23},\n", ""), "missing required field urldate"),
        (("author = {Lee, Robin}", "author = {TBD}"), "author name is empty or a placeholder"),
        (("title = {The Future of Social Control?}", "title = {}"), "missing required field title"),
        (("title = {The Future of Social Control?}", "title = {Untitled}"), "title is empty or a placeholder"),
        (("date = {2017-12-22}", "date = {22 December 2017}"), "is not YYYY"),
        (("@online{", "@webpage{"), "unsupported entry type @webpage"),
        (("  keywords = {commentary},\n", ""), "no source type: add keywords"),
        (("keywords = {commentary}", "keywords = {blog}"), "is not a source type"),
        (("  url = {https://borderless-hk.com/2017/12/22/the-future/},\n",
          "  url = {www.example.org},\n"), "url is not an http(s) address"),
    ],
)
def test_each_defect_is_reported(tmp_path, capsys, change, message):
    code, out = run(tmp_path, GOOD.replace(*change), capsys=capsys)
    assert code == 1
    assert message in out
    assert out.startswith(f"{tmp_path / 'refs.bib'}:1: lee2017future:")


def test_unused_entry_is_reported(tmp_path, capsys):
    code, out = run(tmp_path, GOOD, page="No citations here.\n", capsys=capsys)
    assert code == 1
    assert "lee2017future: not cited on any page" in out


def test_article_needs_journal(tmp_path, capsys):
    article = GOOD.replace("@online", "@article").replace("organization = {Borderless}", "note = {x}")
    code, out = run(tmp_path, article, capsys=capsys)
    assert code == 1
    assert "missing required field journaltitle or journal for @article" in out


def test_syntax_error_is_one_line_with_line_number(tmp_path, capsys):
    code, out = run(tmp_path, GOOD.replace("},\n  urldate", "\n  urldate"), capsys=capsys)
    assert code == 1
    assert out.count("\n") == 1 and ":" in out and "syntax error" in out


def test_the_real_bibliography_passes(capsys):
    root = Path(__file__).resolve().parent.parent
    code = check_bib.main(["--bib", str(root / "bibliography.bib"), "--docs", str(root / "docs")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "entries, all complete and cited" in out


# --- copy hosts (source-hosts.yml) -------------------------------------------------------------

HOSTS = """\
copy_hosts:
  - host: docslib.org
    reason: document-sharing (uploaded copies of reports)
official_hosts:
  - host: www.gov.cn
    publisher: State Council
"""


def run_hosts(tmp_path: Path, bib: str, hosts: str | None, capsys) -> tuple[int, str]:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_text(PAGE, encoding="utf-8")
    argv = ["--bib", str(tmp_path / "refs.bib"), "--docs", str(docs)]
    if hosts is not None:
        (tmp_path / "hosts.yml").write_text(hosts, encoding="utf-8")
        argv += ["--hosts", str(tmp_path / "hosts.yml")]
    code = check_bib.main(argv)
    return code, capsys.readouterr().out


def with_url(url: str) -> str:
    return GOOD.replace("https://borderless-hk.com/2017/12/22/the-future/", url)


@pytest.mark.parametrize("url, host", [
    ("https://docslib.org/doc/8431051/multiple-social-credit-systems", "docslib.org"),
    ("https://www.docslib.org/doc/10860002/algorithms", "www.docslib.org"),  # a subdomain
])
def test_copy_host_fails_with_file_line_of_the_url_field(tmp_path, capsys, url, host):
    code, out = run_hosts(tmp_path, with_url(url), HOSTS, capsys)
    assert code == 1
    (line,) = out.splitlines()
    # the url field is on line 6 of the entry, which starts on line 1
    assert line == (f"{tmp_path / 'refs.bib'}:6: lee2017future: url links {host}, a copy host "
                    "(document-sharing (uploaded copies of reports)): "
                    "link the publisher or the official source instead")


def test_host_that_merely_ends_like_a_copy_host_passes(tmp_path, capsys):
    code, out = run_hosts(tmp_path, with_url("https://notdocslib.org/a"), HOSTS, capsys)
    assert code == 0, out


def test_official_host_passes(tmp_path, capsys):
    code, out = run_hosts(tmp_path, with_url("https://www.gov.cn/zhengce/content/2019-07/16/content_5410120.htm"),
                          HOSTS, capsys)
    assert code == 0, out


@pytest.mark.parametrize("url, host", [
    ("https://dokumen.pub/social-credit-the-warring-states.html", "dokumen.pub"),
    ("https://m.777doc.com/doc-1203546.html", "m.777doc.com"),
    ("http://ncaasportsforum.com/h-nd-773.html", "ncaasportsforum.com"),
])
def test_the_repository_list_catches_known_copy_hosts(tmp_path, capsys, url, host):
    code, out = run_hosts(tmp_path, with_url(url), None, capsys)  # default: source-hosts.yml
    assert code == 1
    assert f":6: lee2017future: url links {host}, a copy host (" in out


def test_entry_line_is_used_when_the_url_shares_the_first_line(tmp_path, capsys):
    bib = GOOD.replace("@online{lee2017future,\n", "@online{lee2017future, url = {https://docslib.org/x},\n")
    bib = bib.replace("  url = {https://borderless-hk.com/2017/12/22/the-future/},\n", "")
    code, out = run_hosts(tmp_path, bib, HOSTS, capsys)
    assert code == 1
    assert out.startswith(f"{tmp_path / 'refs.bib'}:1: lee2017future: url links docslib.org")


@pytest.mark.parametrize("hosts, line, message", [
    ("copy_hosts:\n  - host: [docslib.org\n", 3, "not valid YAML"),
    ("copy_hosts:\n  - host: docslib.org\nofficial_hosts: []\n", 2, "copy_hosts entry without reason"),
    ("copy_hosts: []\n", 1, "no official_hosts list"),
    ("copy_hosts:\n  - host: https://docslib.org/\n    reason: x\nofficial_hosts: []\n", 2,
     "is not a bare lower-case domain name"),
    ("copy_hosts:\n  - host: a.org\n    reason: x\n  - host: a.org\n    reason: y\nofficial_hosts: []\n", 4,
     "lists a.org twice"),
    ("copy_hosts: docslib.org\nofficial_hosts: []\n", 1, "should be a list"),
])
def test_malformed_hosts_file_is_one_line_with_its_line(tmp_path, capsys, hosts, line, message):
    code, out = run_hosts(tmp_path, GOOD, hosts, capsys)
    assert code == 1
    assert out.count("\n") == 1, out
    assert out.startswith(f"{tmp_path / 'hosts.yml'}:{line}: ") and message in out, out


def test_the_repository_hosts_file_is_well_formed():
    listed = hosts.load_hosts(hosts.HOSTS_FILE)
    assert len(listed["copy_hosts"]) >= 20 and "www.gov.cn" in listed["official_hosts"]
    assert all(reason.split(" ")[0] in {"piracy", "document-sharing", "scraper", "content", "aggregator", "repost"}
               for reason in listed["copy_hosts"].values())
    assert not set(listed["copy_hosts"]) & set(listed["official_hosts"])


def test_an_address_on_a_copy_host_in_a_note_fails_and_a_named_copy_in_a_comment_passes(tmp_path, capsys):
    """A note is printed in the reference lists: a copy's address there is a link to the copy."""
    noted = GOOD.replace("  keywords = {commentary},\n",
                         "  note = {Text seen at https://docslib.org/doc/1 .},\n  keywords = {commentary},\n")
    code, out = run_hosts(tmp_path, noted, HOSTS, capsys)
    assert code == 1
    assert out.splitlines() == [f"{tmp_path / 'refs.bib'}:8: lee2017future: note gives an address on docslib.org, "
                                "a copy host (document-sharing (uploaded copies of reports)): name the copy in "
                                "`comment` without its address"]
    named = GOOD.replace("  keywords = {commentary},\n", "  comment = {Text read in a copy on docslib.org.},\n"
                                                           "  keywords = {commentary},\n")
    code, out = run_hosts(tmp_path, named, HOSTS, capsys)
    assert code == 0, out
