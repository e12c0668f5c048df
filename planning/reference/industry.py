"""GB/T 4754-2017 industry codes: parsing the ways rosters write them, and division names.

Rosters write the code as C3511, 3511, C35, 35, 351, "C35专用设备制造业" or a name alone. The letter
is redundant (each division belongs to one section), so the canonical code is the 2-4 digits, and a
letter that disagrees with its digits is reported.
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
