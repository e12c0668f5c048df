"""GB/T 4754-2017 industry codes: parsing the ways rosters write them, division names, and the check of
a code against the standard's manufacturing groups and classes and of a name against its code.

Rosters write the code as C3511, 3511, C35, 35, 351, "C35专用设备制造业" or a name alone. The letter
is redundant (each division belongs to one section), so the canonical code is the 2-4 digits, and a
letter that disagrees with its digits is reported. Rosters kept since before 2017 still use the 2011
codes (3610) and the 2011 or 2002 names (通信设备、计算机及其他电子设备制造业 for today's 39).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planning.base.bilingual import in_language
from planning.base.paths import template_path
from planning.base.textnorm import fold

# Section letter -> first and last division (GB/T 4754-2017 structure).
SECTIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
    "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
    "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
    "S": (91, 96), "T": (97, 97),
}
MANUFACTURING = "C"

_CODE = re.compile(r"^([A-T])?[\s\-]*(\d{2,4})(?!\d)[\s\-—:：、.·]*(.*)$")
_NAME_VARIANTS = str.maketrans({"及": "和", "、": None, ",": None, "，": None})


def section_of(division: int) -> str | None:
    for letter, (first, last) in SECTIONS.items():
        if first <= division <= last:
            return letter
    return None


@dataclass(frozen=True)
class ParsedIndustry:
    code: str | None  # 2-4 digits
    name: str | None  # text that followed the code, or the whole text when there was no code
    problem: str | None  # letter_mismatch | unknown_code | not_manufacturing | bad_code


def parse_industry(raw: object) -> ParsedIndustry:
    if raw is None or raw == "":
        return ParsedIndustry(None, None, None)
    if isinstance(raw, bool):
        return ParsedIndustry(None, None, "bad_code")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not raw.is_integer():
            return ParsedIndustry(None, None, "bad_code")
        text = str(int(raw))
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip()
    match = _CODE.match(text.upper())
    if not match:
        if any(ch.isdigit() for ch in text) and not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return ParsedIndustry(None, None, "bad_code")
        return ParsedIndustry(None, text or None, None)
    letter, digits, rest = match.groups()
    name = text[len(text) - len(rest):].strip() if rest else None
    division = int(digits[:2])
    section = section_of(division)
    if section is None:
        return ParsedIndustry(digits, name, "unknown_code")
    if letter and letter != section:
        return ParsedIndustry(digits, name, "letter_mismatch")
    if section != MANUFACTURING:
        return ParsedIndustry(digits, name, "not_manufacturing")
    return ParsedIndustry(digits, name, None)


@dataclass(frozen=True)
class Division:
    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]

    def label(self, lang: str) -> str:
        return in_language(lang, self.name_zh, self.name_en)


def name_key(name: str) -> str:
    """Key for matching division names: 及 and 和 are the same, punctuation and spaces do not count."""
    return fold(name).translate(_NAME_VARIANTS)


@lru_cache(maxsize=4)
def load_divisions(path: Path | None = None) -> dict[str, Division]:
    path = path or template_path("industry", "gbt4754_manufacturing.csv")
    divisions: dict[str, Division] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a.strip())
            divisions[row["code"]] = Division(row["code"], row["name_zh"], row["name_en"], aliases)
    return divisions


@lru_cache(maxsize=4)
def division_name_index(path: Path | None = None) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, div in load_divisions(path).items():
        for name in (div.name_zh, div.name_en, *div.aliases):
            index[name_key(name)] = code
    return index


def division_from_name(name: str) -> str | None:
    """The division whose official, former or variant name this is (exact after folding), if any."""
    return division_name_index().get(name_key(name))


# ------------------------------------------------------------------ groups, classes and former editions

NO_SUCH_CODE = "industry.no_such_code"  # a 3/4-digit code GB/T 4754-2017 does not have
FORMER_CODE = "industry.former_code"  # ... that an earlier edition had
NAME_USED = "industry.name_contradicts_code"  # the name is another code's 2017 name: the name's code is kept
CODE_USED = "industry.former_name_contradicts_code"  # the name is another code's name in an earlier edition only
NAME_CHECKS = frozenset({NAME_USED, CODE_USED})


@dataclass(frozen=True)
class FormerEntry:
    edition: str  # 2011 | 2002
    code: str
    name: str
    now: str  # the 2017 code of the same activity, '' when it has none of its own


@dataclass(frozen=True)
class IndustryCheck:
    """What a roster's industry code (and the name beside it) came to: the code kept and, when the
    code does not exist or the name contradicts it, the problem's message kind and parameters."""

    code: str | None
    kind: str
    params: dict


def _related(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


class IndustryCatalogue:
    """The manufacturing divisions, groups and classes of GB/T 4754-2017 and the codes and names of
    the 2011 and 2002 editions, looked up by code and by name."""

    def __init__(self, divisions: dict[str, Division], classes: dict[str, str], former: list[FormerEntry]):
        self.names = {code: div.name_zh for code, div in divisions.items()} | classes
        self.former = {(e.edition, e.code): e for e in former}
        self._former_2011 = {e.code: e for e in former if e.edition == "2011"}
        self._current: dict[str, list[str]] = {}
        for code, name in self.names.items():
            self._current.setdefault(name_key(name), []).append(code)
        for code, div in divisions.items():
            self._current.setdefault(name_key(div.name_en), []).append(code)
        self._former_by_name: dict[str, list[FormerEntry]] = {}
        for entry in former:
            self._former_by_name.setdefault(name_key(entry.name), []).append(entry)
        self._variants = {name_key(alias): code for code, div in divisions.items() for alias in div.aliases}

    def check(self, code: str | None, name: str | None) -> IndustryCheck | None:
        """None when the code exists in GB/T 4754-2017 and the name (if any) agrees with it."""
        if not code or not code.isdigit():
            return None
        if code not in self.names:
            if code[:2] not in self.names:
                return None  # not manufacturing: parse_industry has said so
            return self._missing(code)
        return self._against_name(code, name) if name else None

    def _missing(self, code: str) -> IndustryCheck:
        entry = self._former_2011.get(code)
        if entry is not None:
            used = entry.now or code[:2]
            return IndustryCheck(used, FORMER_CODE, {"code": code, "edition": entry.edition, "former_name": entry.name,
                                                     "used": used, "used_name": self.names[used]})
        used = code[:3] if code[:3] in self.names else code[:2]
        return IndustryCheck(used, NO_SUCH_CODE, {"code": code, "used": used, "used_name": self.names[used]})

    def _against_name(self, code: str, name: str) -> IndustryCheck | None:
        key = name_key(name)
        current = self._current.get(key)
        if current:
            if any(_related(code, c) for c in current):
                return None
            used = max(current, key=len)
            return IndustryCheck(used, NAME_USED, {"code": code, "code_name": self.names[code], "name": name,
                                                   "used": used, "used_name": self.names[used]})
        former = self._former_by_name.get(key)
        if former:
            if any(_related(code, e.now) for e in former if e.now):
                return None
            entry = next((e for e in former if e.code == code), former[0])
            return IndustryCheck(code, CODE_USED, {
                "code": code, "code_name": self.names[code], "name": name, "edition": entry.edition,
                "former_code": entry.code, "now": entry.now or "-", "now_name": self.names.get(entry.now, "-")})
        variant = self._variants.get(key)
        if variant and not _related(code, variant):
            return IndustryCheck(variant, NAME_USED, {"code": code, "code_name": self.names[code], "name": name,
                                                      "used": variant, "used_name": self.names[variant]})
        return None


def load_classes(path: Path | None = None) -> dict[str, str]:
    path = path or template_path("industry", "gbt4754_2017_classes.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row["code"].strip(): row["name_zh"].strip() for row in csv.DictReader(fh)}


def load_former_editions(path: Path | None = None) -> list[FormerEntry]:
    path = path or template_path("industry", "gbt4754_former_editions.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [FormerEntry(row["edition"].strip(), row["code"].strip(), row["name_zh"].strip(),
                            (row.get("now") or "").strip()) for row in csv.DictReader(fh)]


@lru_cache(maxsize=1)
def industry_catalogue() -> IndustryCatalogue:
    return IndustryCatalogue(load_divisions(), load_classes(), load_former_editions())
