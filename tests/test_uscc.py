"""scripts/uscc.py: messages, shared vectors, generated data, and agreement with python-stdnum.

Where python-stdnum 2.2 (stdnum.cn.uscc) and GB 32100-2015 part ways, the agreement tests keep to
the ground both cover, and test_stdnum_differences pins down each difference:
- stdnum requires positions 1-8 to be digits, so it rejects codes from authorities A, N and Y;
- stdnum does not check the authority/entity-type table, nor the organisation code's own GB 11714
  check character (position 17);
- stdnum maps full-width digits and Unicode spaces and dashes to ASCII, but not full-width letters,
  and it does not remove tabs; the untidy inputs here use lower case, spaces, hyphens and
  full-width digits only.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

ROOT = Path(__file__).resolve().parent.parent
from sce import uscc

HUAWEI = "914403001922038216"  # Huawei Technologies Co., Ltd. (chapter 3 cites the source)
STDNUM_SAMPLE = "91110000600037341L"  # python-stdnum's documentation example
VECTORS_FILE = ROOT / "tests" / "data" / "uscc_vectors.json"


# ------------------------------------------------------------------------- messages

@pytest.mark.parametrize("raw, message", [
    (HUAWEI, "Valid: all checks pass"),
    ("", "Invalid: nothing entered: a code has 18 characters"),
    (HUAWEI[:17], "Invalid: 18 characters expected, 17 given"),
    (HUAWEI + "0", "Invalid: 18 characters expected, 19 given"),
    ("91440300192203821O", "Invalid: the letter O at position 18 is not allowed: "
                           "the letters I, O, Z, S and V are never used"),
    ("9144030019220382é6", 'Invalid: the character "é" (U+00E9) at position 17 is not allowed: '
                           "only digits and upper-case letters are used"),
    ("<script>alert(1)</", 'Invalid: the character "<" at position 1 is not allowed: '
                           "only digits and upper-case letters are used"),
    ("B14403001922038216", "Invalid: unknown registration authority code B at position 1: "
                           "the codes are 1 to 9, A, N and Y"),
    ("941403001922038216", "Invalid: entity type 4 at position 2 is not defined for registration "
                           "authority 9 (industry and commerce (market regulation)): allowed are 1, 2, 3"),
    ("9144A3001922038216", "Invalid: positions 3–8 are an administrative division code of six "
                           "digits, not 44A300"),
    ("914403001922038217", "Invalid: the check character should be 6, not 7"),
    ("914403001922038203", "Invalid: the organisation code's own check character (position 17) "
                           "should be 1, not 0"),
])
def test_messages(raw, message):
    assert uscc.validate(raw).message == message


def test_invisible_characters_are_named_by_code_point():
    r = uscc.validate("9144030019220382\u200d6")
    assert r.reason == ("the character U+200D at position 17 is not allowed: "
                        "only digits and upper-case letters are used")


def test_normalise_reports_each_change():
    code, notes = uscc.normalise(" ９１4403-0019 2203821６\u3000")
    assert code == HUAWEI
    assert notes == ["converted 4 full-width characters", "removed 3 spaces", "removed 1 hyphen"]
    assert uscc.normalise("91110000600037341l") == (STDNUM_SAMPLE, ["converted lower case to upper case"])
    # Only a-z are upper-cased: "ß".upper() is "SS" and would shift every later position.
    assert uscc.normalise("ß")[0] == "ß"


def test_check_characters():
    assert uscc.check_character(HUAWEI[:17]) == "6"
    assert uscc.check_character(STDNUM_SAMPLE[:17]) == "L"
    assert uscc.WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert uscc.org_check_character("19220382") == "1"
    assert uscc.org_check_character("60003734") == "1"
    with pytest.raises(ValueError):
        uscc.check_character("9144")


def test_parts_of_a_valid_code():
    parts = {p["field"]: p for p in uscc.validate(HUAWEI).parts}
    assert parts["registration authority"]["meaning"].startswith("industry and commerce")
    assert parts["entity type"]["meaning"] == "enterprise (企业)"
    assert parts["administrative division"]["meaning"] == "深圳市, 广东省"
    assert parts["organisation code"]["value"] == "19220382-1"


def test_every_authority_has_the_types_of_the_standard():
    assert {a: "".join(t) for a, (_, _, t) in uscc.AUTHORITIES.items()} == {
        "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129",
        "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1"}


# ------------------------------------------------------------------------- generated files

def test_vectors_file_is_current_and_verdicts_hold():
    vectors = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
    assert vectors == uscc.build_vectors(), "run: python -m scripts.uscc build-data"
    assert len(vectors) >= 300
    kinds = {v["kind"] for v in vectors}
    assert kinds >= {"ok", "empty", "length", "forbidden_letter", "bad_character", "authority",
                     "entity_type", "division", "check", "org_check"}
    for v in vectors:
        r = uscc.validate(v["input"], divisions={})
        assert (r.valid, r.kind, r.reason, r.notes) == (v["valid"], v["kind"], v["reason"], v["notes"])


def test_built_site_has_the_division_names_and_they_are_small(site_dir):
    path = site_dir / uscc.DIVISIONS_JSON
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == uscc.build_divisions()
    assert data["provinces"]["44"] == "广东省" and data["prefectures"]["4403"] == "深圳市"
    assert data["prefectures"]["3712"] == "莱芜市 (until 2018)"  # merged into Jinan in 2019
    assert "1101" not in data["prefectures"]  # 市辖区 is a placeholder, not a place
    assert data["romanised"]["深圳市"] == "Shēnzhèn Shì" and data["romanised"]["西安市"] == "Xī'ān Shì"
    assert path.stat().st_size < 24_000  # names and their pinyin; about 7 KB gzip
    js = (site_dir / uscc.DIVISIONS_JS).read_text(encoding="utf-8")
    assert json.loads(js.removeprefix("window.USCC_DIVISIONS = ").rstrip().rstrip(";")) == data


def test_example_codes_in_chapter_3_agree_with_stdnum():
    """The decoder's example codes (docs/data/uscc-examples.yml, shown in chapter 3) get the same
    verdict from python-stdnum as the file states: the cited company codes are valid, and the one
    whose text says it is mistyped is not."""
    examples = yaml.safe_load((ROOT / "docs" / "data" / "uscc-examples.yml").read_text(encoding="utf-8"))["examples"]
    assert "<!-- sce:uscc-decoder -->" in (ROOT / "docs" / "chapters" / "03-corporate-credit.md").read_text(encoding="utf-8")
    assert sum(e["valid"] for e in examples) >= 2 and [e["valid"] for e in examples].count(False) == 1
    for example in examples:
        assert stdnum_uscc.is_valid(example["code"]) == example["valid"], example
        assert ("mistyped" in example["text"]) == (not example["valid"]), example


# ------------------------------------------------------------------------- command line

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "uscc.py"), *args],
                          capture_output=True, text=True, encoding="utf-8")


def test_cli():
    ok = run_cli("91 4403 0019-2203 8216")
    assert ok.returncode == 0 and ok.stdout.startswith("Valid: all checks pass")
    assert "深圳市" in ok.stdout and "removed 3 spaces" in ok.stdout
    bad = run_cli("914403001922038217")
    assert bad.returncode == 1 and bad.stdout.startswith("Invalid: the check character should be 6")
    assert run_cli("--check", HUAWEI[:17]).stdout == "6\n"
    for args in (["--check", "ab"], ["<script>"], ["\u0001\ud7ff😀"], ["x" * 10000], []):
        r = run_cli(*args)
        assert r.returncode in (1, 2) and "Traceback" not in r.stderr, (args, r.stderr)


# ------------------------------------------------------------------------- agreement with stdnum

DIGIT_AUTHORITIES = [a for a in uscc.AUTHORITIES if a.isdigit()]  # stdnum wants digits in 1-8


@st.composite
def valid_codes(draw, authorities=DIGIT_AUTHORITIES):
    authority = draw(st.sampled_from(authorities))
    etype = draw(st.sampled_from(sorted(uscc.AUTHORITIES[authority][2])))
    division = draw(st.text("0123456789", min_size=6, max_size=6))
    body = draw(st.text(uscc.ALPHABET, min_size=8, max_size=8))
    prefix = authority + etype + division + body + uscc.org_check_character(body)
    return prefix + uscc.check_character(prefix)


@st.composite
def corrupted_codes(draw):
    code = draw(valid_codes())
    how = draw(st.sampled_from(["substitute", "transpose", "delete", "insert", "never-used"]))
    i = draw(st.integers(0, 17))
    if how == "substitute":
        return how, code[:i] + draw(st.sampled_from([c for c in uscc.ALPHABET if c != code[i]])) + code[i + 1:]
    if how == "transpose":
        j = draw(st.integers(0, 17).filter(lambda j: code[j] != code[i]))
        chars = list(code)
        chars[i], chars[j] = chars[j], chars[i]
        return f"transpose {min(i, j) + 1},{max(i, j) + 1}", "".join(chars)
    if how == "delete":
        return how, code[:i] + code[i + 1:]
    if how == "insert":
        return how, code[:i] + draw(st.sampled_from(uscc.ALPHABET)) + code[i:]
    return how, code[:i] + draw(st.sampled_from(uscc.NEVER_USED)) + code[i + 1:]


def untidy(draw, code: str) -> str:
    out = []
    for c in code:
        c = c.lower() if draw(st.booleans()) else c
        out.append(chr(ord(c) + 0xFEE0) if c.isdigit() and draw(st.integers(0, 9)) == 0 else c)
        out.append(draw(st.sampled_from(["", "", "", " ", "-"])))
    return "".join(out)


SETTINGS = settings(max_examples=2000, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(valid_codes())
def test_valid_codes_valid_for_both(code):
    assert uscc.validate(code).valid
    assert stdnum_uscc.is_valid(code)


@settings(SETTINGS, max_examples=500)
@given(st.data())
def test_untidy_valid_codes_valid_for_both(data):
    raw = untidy(data.draw, data.draw(valid_codes()))
    assert uscc.validate(raw).valid, raw
    assert stdnum_uscc.is_valid(raw), raw


@SETTINGS
@given(corrupted_codes())
def test_corrupted_codes_same_verdict(case):
    how, code = case
    ours = uscc.validate(code)
    theirs = stdnum_uscc.is_valid(code)
    # Mod 31 with distinct weights catches every substitution and every transposition that does
    # not touch position 18; swapping positions 1 and 18 can slip through (weight 1), for both.
    if how in ("substitute", "delete", "insert", "never-used") or "18" not in how:
        assert not ours.valid and not theirs, (how, code, ours.reason)
    elif ours.kind in ("ok", "check"):
        assert ours.valid == theirs, (how, code, ours.reason)


@SETTINGS
@given(st.text(uscc.ALPHABET + "IOZSV -abc", min_size=16, max_size=20))
def test_random_strings_same_verdict_where_both_follow_the_standard(raw):
    ours = uscc.validate(raw)
    theirs = stdnum_uscc.is_valid(raw)
    if ours.valid and ours.code[0].isdigit():
        assert theirs
    if theirs:
        assert ours.valid or ours.kind in ("authority", "entity_type", "org_check")


def test_stdnum_differences():
    y_code = "Y1" + "110000" + "60003734" + "1"
    y_code += uscc.check_character(y_code)
    assert uscc.validate(y_code).valid and not stdnum_uscc.is_valid(y_code)
    bad_inner = "91440300192203820"
    bad_inner += uscc.check_character(bad_inner)
    assert uscc.validate(bad_inner).kind == "org_check" and stdnum_uscc.is_valid(bad_inner)
    unknown_type = "94440300192203821"
    unknown_type += uscc.check_character(unknown_type)
    assert uscc.validate(unknown_type).kind == "entity_type" and stdnum_uscc.is_valid(unknown_type)
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in STDNUM_SAMPLE)  # ends in a letter
    assert uscc.validate(fullwidth).valid and not stdnum_uscc.is_valid(fullwidth)
    tab = HUAWEI[:8] + "\t" + HUAWEI[8:]
    assert uscc.validate(tab).valid and not stdnum_uscc.is_valid(tab)


# ------------------------------------------------------------------------- no unsafe code

JS = ROOT / "docs" / "assets" / "js" / "uscc-decoder.js"


def test_js_never_turns_input_into_code_or_markup():
    source = re.sub(r"(?m)^\s*(//|/?\*).*$", "", JS.read_text(encoding="utf-8"))  # skip comments
    for pattern in (r"\.innerHTML\b", r"\.outerHTML\b", r"insertAdjacentHTML", r"document\.write",
                    r"\beval\s*\(", r"\bnew\s+Function\b", r"set(Timeout|Interval)\s*\(\s*['\"`]",
                    r"\.on[a-z]+\s*=\s*['\"`]", r"setAttribute\(\s*['\"]on"):
        assert not re.search(pattern, source), pattern
    urls = re.findall(r"https?://[^\s\"')]+", source)
    assert not urls, f"no network address belongs in the decoder: {urls}"


def test_markdown_block_has_no_inline_handlers_or_scripts():
    for path in [ROOT / "sce" / "widgets" / "uscc_decoder.py", ROOT / "docs" / "chapters" / "03-corporate-credit.md"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", text, re.I), path
        assert not re.search(r"<script\b|javascript:", text, re.I), path


def test_decoder_examples_are_checked_with_the_decoders_own_verdict(tmp_path):
    """<!-- sce:uscc-decoder --> offers codes from docs/data/uscc-examples.yml: each is checked, so
    a mistyped code listed as valid (or a valid one listed as mistyped) stops the build with the
    file, the line and the decoder's reason."""
    from sce.errors import SourceError
    from sce.widgets import uscc_decoder
    from tests.helpers import FIXTURE_BIB, context

    (tmp_path / "docs" / "data").mkdir(parents=True)
    (tmp_path / "bibliography.bib").write_text(FIXTURE_BIB, encoding="utf-8")
    data = tmp_path / "docs" / "data" / "uscc-examples.yml"
    good = ('examples:\n  - code: "914403001922038216"\n    valid: true\n    text: Huawei\n'
            '    cite: alpha2020one\n')
    data.write_text(good, encoding="utf-8")
    out = uscc_decoder.render("", context(tmp_path))
    assert "`914403001922038216`: Huawei [@alpha2020one]" in out and 'data-widget="uscc-decoder"' in out
    for text, message in [
        (good.replace("216", "217"), "uscc-examples.yml:2: example 1: 914403001922038217 fails: "
                                     "the check character should be 6, not 7, but the file says valid: true"),
        (good.replace("alpha2020one", "nobody2020"), "unknown citation key 'nobody2020'"),
        (good.replace("valid: true", "valid: maybe"), "valid must be true or false"),
    ]:
        data.write_text(text, encoding="utf-8")
        with pytest.raises(SourceError) as error:
            uscc_decoder.render("", context(tmp_path))
        assert message in str(error.value)
