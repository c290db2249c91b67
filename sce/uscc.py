"""The unified social credit code (统一社会信用代码, GB 32100-2015): reference implementation.

Command line: scripts/uscc.py. The division names the decoder shows are generated into the
site at build time (division_assets). docs/assets/js/uscc-decoder.js implements the same rules; tests/data/uscc_vectors.json holds
the verdicts both must give.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

# Generated at build time into the site (not into docs/):
DIVISIONS_JSON = "assets/data/divisions.json"
DIVISIONS_JS = "assets/data/divisions.js"  # the same data for pages opened from file://

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
NEVER_USED = "IOZSV"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ... 28
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714

# Registration authority (position 1) and the entity types (position 2) each may use:
# GB 32100-2015 with Amendment No. 1 (2016) and the later additions A and N.
AUTHORITIES = {
    "1": ("机构编制", "institutional staffing authorities", {
        "1": ("机关", "government organ"),
        "2": ("事业单位", "public institution"),
        "3": ("中央编办直接管理机构编制的群众团体", "mass organisation staffed by the central staffing office"),
        "9": ("其他", "other"),
    }),
    "2": ("外交", "foreign affairs", {
        "1": ("外国常驻新闻机构", "resident foreign news organisation"),
        "9": ("其他", "other"),
    }),
    "3": ("司法行政", "judicial administration", {
        "1": ("律师执业机构", "law firm"),
        "2": ("公证处", "notary office"),
        "3": ("基层法律服务所", "basic legal services office"),
        "4": ("司法鉴定机构", "forensic examination institution"),
        "5": ("仲裁委员会", "arbitration commission"),
        "9": ("其他", "other"),
    }),
    "4": ("文化", "culture", {
        "1": ("外国在华文化中心", "foreign cultural centre in China"),
        "9": ("其他", "other"),
    }),
    "5": ("民政", "civil affairs", {
        "1": ("社会团体", "social organisation"),
        "2": ("民办非企业单位", "private non-enterprise unit"),
        "3": ("基金会", "foundation"),
        "9": ("其他", "other"),
    }),
    "6": ("旅游", "tourism", {
        "1": ("外国旅游部门常驻代表机构", "representative office of a foreign tourism authority"),
        "2": ("港澳台地区旅游部门常驻内地（大陆）代表机构",
              "representative office of a Hong Kong, Macao or Taiwan tourism authority"),
        "9": ("其他", "other"),
    }),
    "7": ("宗教", "religious affairs", {
        "1": ("宗教活动场所", "place of religious activity"),
        "2": ("宗教院校", "religious school"),
        "9": ("其他", "other"),
    }),
    "8": ("工会", "trade unions", {
        "1": ("基层工会", "grassroots trade union"),
        "9": ("其他", "other"),
    }),
    "9": ("工商", "industry and commerce (market regulation)", {
        "1": ("企业", "enterprise"),
        "2": ("个体工商户", "individual business"),
        "3": ("农民专业合作社", "farmers' specialised cooperative"),
    }),
    "A": ("中央军委改革和编制办公室", "Central Military Commission reform and staffing office", {
        "1": ("军队事业单位", "military public institution"),
        "9": ("其他", "other"),
    }),
    "N": ("农业", "agriculture", {
        "1": ("组级集体经济组织", "group-level collective economic organisation"),
        "2": ("村级集体经济组织", "village-level collective economic organisation"),
        "3": ("乡镇级集体经济组织", "township-level collective economic organisation"),
        "9": ("其他", "other"),
    }),
    "Y": ("其他", "other authorities", {
        "1": ("其他", "not subdivided"),
    }),
}

FULLWIDTH_OFFSET = 0xFEE0  # U+FF01..U+FF5E are full-width forms of U+0021..U+007E
SPACES = " \t\n\r\f\v\u00a0\u2002\u2003\u2009\u200b\u3000"
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def normalise(raw: str) -> tuple[str, list[str]]:
    """Return the code as the standard writes it, and notes on what was changed."""
    notes = []
    chars = []
    fullwidth = 0
    for c in raw:
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - FULLWIDTH_OFFSET)
            fullwidth += 1
        elif c == "\u3000":  # ideographic space
            fullwidth += 1
        chars.append(c)
    if fullwidth:
        notes.append(f"converted {_plural(fullwidth, 'full-width character')}")
    spaces = sum(c in SPACES for c in chars)
    hyphens = sum(c in HYPHENS for c in chars)
    chars = [c for c in chars if c not in SPACES and c not in HYPHENS]
    if spaces:
        notes.append(f"removed {_plural(spaces, 'space')}")
    if hyphens:
        notes.append(f"removed {_plural(hyphens, 'hyphen')}")
    # Only a-z: str.upper() would also turn "ß" into "SS" and shift every position after it.
    if any("a" <= c <= "z" for c in chars):
        chars = [c.upper() if "a" <= c <= "z" else c for c in chars]
        notes.append("converted lower case to upper case")
    return "".join(chars), notes


def check_character(prefix17: str) -> str:
    """The 18th character for a 17-character prefix already in the alphabet."""
    if len(prefix17) != 17 or any(c not in ALPHABET for c in prefix17):
        raise ValueError("17 characters from 0-9 and A-Z without I, O, Z, S, V expected")
    total = sum(ALPHABET.index(c) * w for c, w in zip(prefix17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def org_check_character(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS))  # "A" is 10 … "Z" is 35
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def _describe(c: str) -> str:
    if " " < c <= "~":
        return f'"{c}"'
    return f'"{c}" (U+{ord(c):04X})' if c.isprintable() else f"U+{ord(c):04X}"


@dataclass
class Result:
    valid: bool
    reason: str  # the human message, without the leading "Valid"/"Invalid"
    kind: str  # ok, empty, length, forbidden_letter, bad_character, authority, entity_type,
    #            division, check, org_check
    code: str
    notes: list[str] = field(default_factory=list)
    parts: list[dict] = field(default_factory=list)

    @property
    def message(self) -> str:
        return ("Valid: " if self.valid else "Invalid: ") + self.reason


_divisions_cache: dict | None = None
DIVISIONS_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "uscc"


def load_divisions() -> dict:
    """Province (2-digit) and prefecture (4-digit) names, from python-stdnum's data. Romanising
    them takes pypinyin a moment, so the result is kept in .cache/uscc/ by the versions of
    python-stdnum and pypinyin and the hash of this file."""
    global _divisions_cache
    if _divisions_cache is None:
        from importlib.metadata import version

        digest = hashlib.sha256(Path(__file__).read_bytes())
        digest.update(f"{version('python-stdnum')} {version('pypinyin')}".encode())
        cached = DIVISIONS_CACHE / f"divisions-{digest.hexdigest()[:24]}.json"
        try:
            _divisions_cache = json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _divisions_cache = build_divisions()
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                for old in cached.parent.glob("divisions-*.json"):
                    old.unlink()
                cached.write_text(json.dumps(_divisions_cache, ensure_ascii=False), encoding="utf-8")
            except OSError:
                pass  # a read-only checkout builds without the cache
    return _divisions_cache


def division_names(code6: str, divisions: dict | None = None) -> tuple[str | None, str | None]:
    d = load_divisions() if divisions is None else divisions
    return d.get("provinces", {}).get(code6[:2]), d.get("prefectures", {}).get(code6[:4])


def _parts(code: str, divisions: dict | None) -> list[dict]:
    auth_zh, auth_en, types = AUTHORITIES[code[0]]
    type_zh, type_en = types[code[1]]
    province, prefecture = division_names(code[2:8], divisions)
    place = ", ".join(p for p in (prefecture, province) if p) or "not in the division list"
    return [
        {"positions": "1", "value": code[0], "field": "registration authority",
         "meaning": f"{auth_en} ({auth_zh})"},
        {"positions": "2", "value": code[1], "field": "entity type",
         "meaning": f"{type_en} ({type_zh})"},
        {"positions": "3–8", "value": code[2:8], "field": "administrative division",
         "meaning": place},
        {"positions": "9–17", "value": f"{code[8:16]}-{code[16]}", "field": "organisation code",
         "meaning": "GB 11714 check character correct"},
        {"positions": "18", "value": code[17], "field": "check character", "meaning": "correct"},
    ]


def validate(raw: str, divisions: dict | None = None) -> Result:
    """Normalise and check one input; never raises on any string."""
    code, notes = normalise(raw)

    def bad(kind: str, reason: str) -> Result:
        return Result(False, reason, kind, code, notes)

    if not code:
        return bad("empty", "nothing entered: a code has 18 characters")
    if len(code) != 18:
        return bad("length", f"18 characters expected, {len(code)} given")
    for pos, c in enumerate(code, 1):
        if c in NEVER_USED:
            return bad("forbidden_letter", f"the letter {c} at position {pos} is not allowed: "
                       "the letters I, O, Z, S and V are never used")
        if c not in ALPHABET:
            return bad("bad_character", f"the character {_describe(c)} at position {pos} is not "
                       "allowed: only digits and upper-case letters are used")
    if code[0] not in AUTHORITIES:
        return bad("authority", f"unknown registration authority code {code[0]} at position 1: "
                   "the codes are 1 to 9, A, N and Y")
    auth_zh, auth_en, types = AUTHORITIES[code[0]]
    if code[1] not in types:
        return bad("entity_type", f"entity type {code[1]} at position 2 is not defined for "
                   f"registration authority {code[0]} ({auth_en}): allowed are "
                   + ", ".join(types))
    if not code[2:8].isdigit():
        return bad("division", f"positions 3–8 are an administrative division code of six "
                   f"digits, not {code[2:8]}")
    expected = check_character(code[:17])
    if code[17] != expected:
        return bad("check", f"the check character should be {expected}, not {code[17]}")
    org_expected = org_check_character(code[8:16])
    if code[16] != org_expected:
        return bad("org_check", f"the organisation code's own check character (position 17) "
                   f"should be {org_expected}, not {code[16]}")
    return Result(True, "all checks pass", "ok", code, notes, _parts(code, divisions))


# ---------------------------------------------------------------- generated data

def build_divisions() -> dict:
    """Province and prefecture names from python-stdnum's copy of the GB/T 2260 code lists."""
    from importlib.metadata import version
    from importlib.resources import files

    text = files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    provinces, prefectures = {}, {}
    province = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.strip().partition(" ")
        name = value.partition("=")[2].strip('"')
        if not line.startswith(" "):
            province = key
            provinces[key] = name
        elif key.endswith("00") and key != "0000" and province:
            current = _current_name(name)
            if current:
                prefectures[province + key[:2]] = current
    return {
        "source": f"python-stdnum {version('python-stdnum')} stdnum/cn/loc.dat "
                  "(GB/T 2260 codes as listed on Chinese Wikipedia, CC BY-SA); romanised with "
                  f"pypinyin {version('pypinyin')}",
        "provinces": provinces,
        "prefectures": prefectures,
        "romanised": {name: romanise(name) for name in sorted({*provinces.values(), *prefectures.values()})},
    }


# Administrative endings, romanised apart from the place's own name: 深圳市 -> Shēnzhèn Shì.
ENDINGS = ("特别行政区", "自治州", "自治区", "自治县", "地区", "省", "市", "县", "区", "盟")
# Readings a machine gets wrong in these names (checked by hand).
READINGS = {"朝阳": "Cháoyáng"}
VOWEL_START = re.compile(r"^[aoeāáǎàōóǒòēéěè]")


def romanise(name: str) -> str:
    """Hanyu pinyin of a place name, by machine (pypinyin): '深圳市' -> 'Shēnzhèn Shì'."""
    from pypinyin import Style, pinyin

    marker = ""
    if " (until " in name:
        name, _, rest = name.partition(" (")
        marker = f" ({rest}"
    ending = next((e for e in ENDINGS if name.endswith(e) and len(name) > len(e)), "")
    words = [name[: len(name) - len(ending)], ending] if ending else [name]
    out = []
    for word in words:
        if word in READINGS:
            out.append(READINGS[word])
            continue
        syllables = [s[0] for s in pinyin(word, style=Style.TONE)]
        joined = syllables[0] + "".join(("'" + s) if VOWEL_START.match(s) else s for s in syllables[1:])
        out.append(joined[:1].upper() + joined[1:])
    return " ".join(out) + marker


GENERIC_NAMES = {"市辖区", "县"}  # "city districts", "counties": placeholders, not places


def _current_name(history: str) -> str | None:
    """'[1983-1986]郊区,[1987-]白云区' → '白云区'.

    A code abolished since codes were first issued (October 2015) keeps its last name, marked;
    one abolished before then cannot appear in a code and is left out.
    """
    entries = history.split(",")
    for entry in reversed(entries):
        if not entry.startswith("[") or "-]" in entry:
            name = entry.rpartition("]")[2]
            return None if name in GENERIC_NAMES else name
    period, _, name = entries[-1][1:].partition("]")
    until = period.rpartition("-")[2]
    if name in GENERIC_NAMES or int(until) < 2015:
        return None
    return f"{name} (until {until})"


def random_valid(rng: random.Random, authority: str | None = None) -> str:
    authority = authority or rng.choice(list(AUTHORITIES))
    etype = rng.choice(list(AUTHORITIES[authority][2]))
    division = rng.choice(["110000", "110108", "310000", "320500", "440300", "500000",
                           "510100", "650100", "330100", "420100"])
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    prefix = authority + etype + division + body + org_check_character(body)
    return prefix + check_character(prefix)


def build_vectors(seed: int = 32100) -> list[dict]:
    """Deterministic test vectors: valid codes, corrupted codes and messy input."""
    rng = random.Random(seed)
    cases: list[tuple[str, str]] = []  # (input, how it was made)
    known = ["914403001922038216", "91110000600037341L"]
    valid = known + [random_valid(rng, a) for a in AUTHORITIES] + \
        [random_valid(rng) for _ in range(60)]
    cases += [(v, "valid") for v in valid]
    for v in valid[:60]:
        i = rng.randrange(18)
        c = rng.choice([a for a in ALPHABET if a != v[i]])
        cases.append((v[:i] + c + v[i + 1:], f"substitution at {i + 1}"))
    for v in valid[:40]:
        i = rng.randrange(17)
        if v[i] != v[i + 1]:
            cases.append((v[:i] + v[i + 1] + v[i] + v[i + 2:], f"transposition at {i + 1}"))
    for v in valid[:20]:
        cases.append((v[:17], "17 characters"))
        cases.append((v + rng.choice(ALPHABET), "19 characters"))
        i = rng.randrange(18)
        cases.append((v[:i] + rng.choice(NEVER_USED) + v[i + 1:], "letter never used"))
    for v in valid[:15]:
        body = v[8:16]
        wrong = rng.choice([a for a in "0123456789X" if a != org_check_character(body)])
        prefix = v[:16] + wrong
        cases.append((prefix + check_character(prefix), "organisation code check wrong"))
        cases.append((v.lower(), "lower case"))
        cases.append((f"{v[:2]} {v[2:8]} {v[8:]}", "spaces"))
        cases.append((f"{v[:8]}-{v[8:16]}-{v[16:]}", "hyphens"))
        cases.append(("".join(chr(ord(c) + FULLWIDTH_OFFSET) for c in v), "full-width"))
        cases.append((f"  {v}\t", "surrounding whitespace"))
    cases += [
        ("", "empty"), ("   ", "only spaces"), ("<script>alert(1)</script>", "markup"),
        ("9144030019220382ä6", "non-ASCII letter"), ("9144030019220382\u200d6", "zero-width joiner"),
        ("91440300192203821😀", "emoji"), ("B14403001922038216", "unknown authority"),
        ("941403001922038216", "type not allowed"), ("9144A3001922038216", "letter in division"),
        ("X" * 10000, "10,000 characters"), ("９１４４０３００１９２２０３８２１６", "full-width digits"),
    ]
    vectors = []
    for raw, made in cases:
        r = validate(raw, divisions={})
        vectors.append({"input": raw, "made": made, "code": r.code, "valid": r.valid,
                        "kind": r.kind, "reason": r.reason, "notes": r.notes})
    return vectors


def worked_example(code: str) -> str:
    """Markdown table: the check character computed position by position."""
    rows = [("Position", [str(i) for i in range(1, 18)]),
            ("Character", list(code[:17])),
            ("Value", [str(ALPHABET.index(c)) for c in code[:17]]),
            ("Weight", [str(w) for w in WEIGHTS]),
            ("Value × weight", [str(ALPHABET.index(c) * w) for c, w in zip(code, WEIGHTS)])]
    lines = ["| " + " | ".join([rows[0][0]] + rows[0][1]) + " |",
             "|---" * 18 + "|"]
    lines += ["| " + " | ".join([name] + cells) + " |" for name, cells in rows[1:]]
    total = sum(ALPHABET.index(c) * w for c, w in zip(code, WEIGHTS))
    value = (31 - total % 31) % 31
    summary = (f"Sum {total}; {total} mod 31 = {total % 31}; 31 − {total % 31} = {31 - total % 31}"
               + ("" if value == 31 - total % 31 else " (31 counts as 0)")
               + f"; the character with value {value} is **{ALPHABET[value]}**.")
    return "\n".join(lines) + "\n\n" + summary + "\n"


def json_text(data, js_global: str | None = None) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (f"window.{js_global} = {text};" if js_global else text) + "\n"


def division_assets() -> dict[str, str]:
    """The site files the decoder reads: path in the site -> content."""
    divisions = load_divisions()
    return {DIVISIONS_JSON: json_text(divisions),
            DIVISIONS_JS: json_text(divisions, js_global="USCC_DIVISIONS")}
