"""Issue #17 (current to December 2026, part 1): the facts fixed in chapters 1-5, the credit-repair
chapter and their data stay fixed, and every chapter's "facts current to" stamp is true.

Each test names the finding of the accuracy review (accuracy-1to5.md) it guards. Data files are read
as data, so these tests need no built site.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from sce import uscc
from sce.bibliography import citation_keys, load

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = DOCS / "data"
CHAPTERS = DOCS / "chapters"
MONTHS = {name: number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}
# Every chapter: the stamp test below holds each to the newest source it cites.
OWNED = sorted(p.name[:2] for p in CHAPTERS.glob("[0-9][0-9]-*.md"))


def chapter(number: str) -> Path:
    (path,) = sorted(CHAPTERS.glob(f"{number}-*.md"))
    return path


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def quiz(number: str) -> list[dict]:
    return yaml.safe_load((DATA / "quizzes" / f"{number}.yml").read_text(encoding="utf-8"))


def flat(node) -> str:
    """All text in a YAML node, joined, for phrase checks."""
    if isinstance(node, dict):
        return " ".join(flat(v) for v in node.values())
    if isinstance(node, list):
        return " ".join(flat(v) for v in node)
    return str(node)


def credit_map() -> dict[str, dict]:
    items = yaml.safe_load((DATA / "credit-map.yml").read_text(encoding="utf-8"))
    return {item["part"]: item for item in items if "part" in item}


# --- The stamps ----------------------------------------------------------------------------------

def _month(value: str) -> tuple[int, int]:
    name, year = str(value).split()
    return int(year), MONTHS[name]


def _bib_month(date: str) -> tuple[int, int]:
    parts = date.split("/")[-1].split("-")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else 1


@pytest.mark.parametrize("number", OWNED)
def test_facts_current_to_is_recent_and_not_older_than_the_newest_source_cited(number):
    """A stamp of 'March 2025' on a chapter that cites a November 2025 order is untrue (#17, item 4)."""
    path = chapter(number)
    stamp = front_matter(path).get("facts_current_to")
    assert stamp, f"{path.name}: no facts_current_to"
    year, month = _month(stamp)
    today = dt.date.today()
    assert year in (today.year, today.year - 1), f"{path.name}: facts current to {stamp} is stale"
    assert (year, month) <= (today.year, today.month), f"{path.name}: facts current to {stamp} is in the future"
    entries = load(ROOT / "bibliography.bib").entries
    cited = {key for key, _ in citation_keys(path.read_text(encoding="utf-8"))}
    dated = {key: _bib_month(entries[key].fields["date"]) for key in cited
             if "date" in entries[key].fields}
    newest = max(dated.values())
    assert (year, month) >= newest, (
        f"{path.name}: facts current to {stamp}, but it cites "
        f"{[k for k, v in dated.items() if v == newest]} dated {newest[0]}-{newest[1]:02d}")


# --- M1: the 2017 amendment ------------------------------------------------------------------------

def test_quiz_04_teaches_what_the_2017_amendment_really_changed():
    """M1: the catch-all did not disappear; ability stopped being a condition for grounds 2-6."""
    (question,) = [q for q in quiz("04") if "2017 amendment" in q["question"]]
    right = question["options"][question["answer"] - 1]
    assert "dropped the 2013 catch-all" not in right
    assert "catch-all" in right and "two years" in right
    assert "Article 3" in question["explanation"]


def test_chapter_4_and_walkthrough_no_longer_say_the_catch_all_disappeared():
    text = chapter("04").read_text(encoding="utf-8")
    assert "catch-all of 2013 disappeared" not in text
    assert "two years" in text and "three working days" in text
    walkthrough = flat(yaml.safe_load((DATA / "walkthrough.yml").read_text(encoding="utf-8")))
    assert "in its own right" not in walkthrough
    assert "could not check" not in walkthrough and "do not say" not in walkthrough
    assert "two years" in walkthrough


# --- Moderate 2: the dates the official text settles ------------------------------------------------

def test_timeline_gives_the_official_2013_and_2017_dates():
    events = yaml.safe_load((DATA / "timeline.yml").read_text(encoding="utf-8"))
    by_date = {}
    for event in events:
        by_date.setdefault(str(event["date"]), []).append(event["event"])
    (text_2013,) = [e for e in by_date["2013-07-16"] if "法释〔2013〕17号" in e]
    assert "1 July 2013" in text_2013 and "1 October 2013" in text_2013 and "1 June" not in text_2013
    (text_2017,) = [e for e in by_date["2017-02-28"] if "法释〔2017〕7号" in e]
    assert "16 January 2017" in text_2017 and "6th" not in text_2017


def test_chapter_4_no_longer_leaves_the_2013_adoption_date_open():
    text = chapter("04").read_text(encoding="utf-8")
    assert "1 July 2013" in text and "1 October 2013" in text
    assert "the translations differ" not in text


# --- M2 and moderate 4: the catalogue ----------------------------------------------------------------

def test_catalogue_is_given_with_its_exception_everywhere_part_1_states_the_rule():
    """M2: public bodies may not record beyond the catalogue unless laws, regulations or central
    policy documents provide otherwise; the catalogue is not a legal brake."""
    (question,) = [q for q in quiz("02") if "public credit information" in q["question"]]
    assert "unless laws, regulations" in question["explanation"]
    assert "legal brake" not in question["explanation"]
    assert "legal brake" not in chapter("02").read_text(encoding="utf-8")
    glossary = yaml.safe_load((DATA / "glossary.yml").read_text(encoding="utf-8"))
    (entry,) = [g for g in glossary if g["term"] == "public credit information"]
    assert "unless laws, regulations" in entry["definition"]
    assert "provide otherwise" in credit_map()["framework"]["records"]["text"]


def test_2021_catalogue_issuer_is_named():
    """Moderate 4: the NDRC and the PBoC issue the catalogue."""
    rows = [r for r in csv.DictReader(line for line in (DATA / "policy-documents.csv").read_text(
        encoding="utf-8").splitlines() if not line.startswith("#"))]
    (row,) = [r for r in rows if r["date"] == "2021-12-16"]
    assert row["issuer"] == "NDRC and PBoC"
    assert "not named" not in chapter("01").read_text(encoding="utf-8")


# --- M3, M5, moderate 1: tax, market regulation, customs -------------------------------------------

def test_corporate_ratings_are_the_ones_in_force_in_2026():
    corporate = credit_map()["corporate"]
    records = corporate["records"]["text"]
    assert "2025 measures" in records                          # M3: tax and fee payment credit
    assert "certified, regular, untrustworthy, seriously untrustworthy" in records  # moderate 1
    assert "defaulted, all others" not in records
    assert "Order No. 44" in corporate["basis"]["text"]        # M5: SAMR 2021 list
    assert "sta2025measures" in quiz_cites("02")
    glossary = yaml.safe_load((DATA / "glossary.yml").read_text(encoding="utf-8"))
    (tax,) = [g for g in glossary if g["term"] == "tax credit rating"]
    assert "2025" in tax["definition"]


def quiz_cites(number: str) -> set[str]:
    keys = set()
    for question in quiz(number):
        keys.update(question["cite"] if isinstance(question["cite"], list) else [question["cite"]])
    return keys


# --- M4: statutory bases -----------------------------------------------------------------------------

def test_restrictions_table_gives_the_statutory_bases():
    text = chapter("04").read_text(encoding="utf-8")
    (posts,) = [line for line in text.splitlines() if line.startswith("| Serving as a company")]
    assert "Company Law 2023" in posts
    (exit_ban,) = [line for line in text.splitlines() if line.startswith("| Leaving the country")]
    assert "Civil Procedure Law" in exit_ban and "reported among" not in exit_ban


# --- M6: credit restoration is no longer a pending aspiration -----------------------------------------

def test_credit_restoration_is_described_as_the_rules_now_in_force():
    glossary = yaml.safe_load((DATA / "glossary.yml").read_text(encoding="utf-8"))
    (entry,) = [g for g in glossary if g["term"] == "credit restoration"]
    assert "Order No. 36" in entry["definition"]
    assert "required to be improved in 2020" not in entry["definition"]
    for part in ("framework", "sector", "platforms"):
        exit_text = credit_map()[part]["exit"]["text"]
        assert "Credit China" in exit_text and "December 2020 guid" not in exit_text, part


def test_repair_chapter_gives_the_publication_periods_of_the_2025_plan():
    text = chapter("05").read_text(encoding="utf-8")
    for period in ("at most 3 months", "at least 3 months, at most 1 year", "at least 1 year, at most 3 years"):
        assert period in text
    (question,) = [q for q in quiz("05") if '"serious"' in q["question"]]
    assert question["options"][question["answer"] - 1] == "At least 1 year and at most 3 years"


# --- Moderate 3, moderate 5, moderate 6 ------------------------------------------------------------

def test_2020_opinion_and_joint_punishment_start_are_told_as_the_sources_have_them():
    text = chapter("04").read_text(encoding="utf-8")
    assert "in place of the company itself" not in text        # moderate 3
    assert "grace period" in text
    assert "early 2014" in text                                # moderate 5
    brief = text.split('!!! info "Learning objectives"')[0]
    assert "Since 2016, dozens of government bodies" not in brief
    assert "2,339,800" in text                                  # moderate 6: figures after 2020


# --- Minor findings -----------------------------------------------------------------------------------

def test_quiz_05_does_not_turn_an_unseen_figure_into_a_settled_fact():
    """Minor 11: 'not found in the parts consulted' must not become 'the measures say otherwise'."""
    (question,) = [q for q in quiz("06") if "1,000" in q["question"]]
    assert "confirmed" in question["question"] and question["answer"] is False


def test_simulator_labels_the_items_that_are_not_in_the_attachment():
    """Minor 10: jaywalking, littering and volunteering come from Lilkov, not the attachment."""
    items = yaml.safe_load((DATA / "simulator.yml").read_text(encoding="utf-8"))
    notes = " ".join(i["text"] for i in items if "note" in i)
    assert "not in the attachment" in notes
    lilkov_items = [i for i in items if i.get("item") in {"jaywalking", "littering", "volunteering"}]
    assert lilkov_items and all("points" not in i for i in lilkov_items)


def test_credit_map_cites_the_sources_that_say_it():
    """Minor 12: Hoffman does not say CETC built the IJOP; Xinhua does not give the 8% stakes."""
    parts = credit_map()
    assert "hoffman2018social" not in parts["ijop"]["runs"]["cite"]
    assert "chinabankingnewsndbaihang" in parts["financial"]["runs"]["cite"]
    assert "not documented" not in parts["pilots"]["runs"]["text"]   # minor 6: Rongcheng's office


def test_glossary_gives_the_rail_ban_precisely():
    """Minor 13: the ban is on all G-series seats and first class on other bullet trains."""
    glossary = yaml.safe_load((DATA / "glossary.yml").read_text(encoding="utf-8"))
    (entry,) = [g for g in glossary if g["term"] == "restriction of high consumption"]
    assert "G-series" in entry["definition"]


def test_blocked_purchases_series_carries_its_caution():
    """Minor 14: the 2019 jump suggests the reports do not share one counting basis."""
    text = (DATA / "blocked-purchases.csv").read_text(encoding="utf-8")
    assert "Caution" in text and "7.5 million" in text


def test_chapters_no_longer_carry_process_notes():
    """#17 item 5: 'the sources used for this guide do not say' becomes a dated statement or goes."""
    for number in OWNED:
        text = chapter(number).read_text(encoding="utf-8")
        for phrase in ("sources used for this guide", "consulted for this guide", "sources consulted here",
                       "not confirmed for this guide", "checks behind this guide"):
            assert phrase not in text, f"{chapter(number).name}: {phrase!r}"
    for number in OWNED:
        assert "sources used for this guide" not in flat(quiz(number))


# --- Chapter 3: one worked example, still correct ---------------------------------------------------

def test_the_prose_worked_example_in_chapter_3_matches_the_script():
    """The check-digit arithmetic shrank to one example in prose; its numbers must stay right."""
    text = chapter("03").read_text(encoding="utf-8")
    match = re.search(r"\*\*Worked example: Huawei, (\w{18})\.\*\*(.*?)\n\n", text, re.S)
    assert match, "chapter 3 has lost its worked example"
    code, prose = match.group(1), " ".join(match.group(2).split())
    assert uscc.validate(code).valid
    products = [uscc.ALPHABET.index(c) * w for c, w in zip(code, uscc.WEIGHTS)]
    assert ", ".join(map(str, products[:-1])) + f" and {products[-1]}" in prose
    total = sum(products)
    assert f"add up to {total}" in prose
    assert f"31 − {total % 31} = {31 - total % 31}" in prose
    assert len(re.findall(r"(?m)^### Worked example", text)) == 0, "one worked example, not two"
