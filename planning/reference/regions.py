"""City and county names normalised against the national administrative divisions (GB/T 2260).

Rosters write 合肥, 合肥市, 安徽省合肥市, 安徽合肥, Hefei or "合肥市肥西县"; all resolve to the canonical
合肥市 and its code. Short names that several places share are settled by the roster's province
(the one most unambiguous names point to) and, for counties, by the city. Former names (米林县, now
米林市) and other names of a unit (大柴旦行政区) resolve to the unit in force; the resolution says
which alias was used.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planning.base.paths import template_path

_NOISE = re.compile(r"[\s\u3000·•()（）\[\]【】\"'“”‘’]+")
ALIASES_FILE = "gb2260_aliases.csv"
_PINYIN_SUFFIX = re.compile(r"(shi|city|prefecture|county|xian|qu|district)$")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    parent: str | None
    short: str
    pinyin: str

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


@dataclass(frozen=True)
class Alias:
    """Another name of a unit in force: a former name (``changed`` is the year it stopped being used)
    or a name in use beside the official one (``changed`` empty)."""

    name: str
    short: str
    code: str
    level: str  # city | county
    changed: str = ""
    former_code: str = ""


@dataclass(frozen=True)
class Resolution:
    region: Region | None
    how: str  # exact | short | prefixed | pinyin | prefix | via_county | ambiguous | unknown | blank
    rest: str = ""  # what followed a city name in the same text ("合肥市肥西县" -> "肥西县")
    alias: Alias | None = None  # the alias the text matched, when it matched no name in force

    @property
    def renamed(self) -> bool:
        """The text is a former name of the region (米林县 for 米林市)."""
        return self.alias is not None and bool(self.alias.changed)


def _key(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


class RegionIndex:
    def __init__(self, regions: list[Region], aliases: list[Alias] = ()):
        self.by_code = {r.code: r for r in regions}
        self.provinces = [r for r in regions if r.level == "province"]
        self._names: dict[str, dict[str, list[Region]]] = {"city": {}, "county": {}}
        self._pinyin: dict[str, dict[str, list[Region]]] = {"city": {}, "county": {}}
        for region in regions:
            if region.level not in self._names:
                continue
            for name in {region.name, region.short}:
                self._names[region.level].setdefault(_key(name), []).append(region)
            if region.pinyin:
                self._pinyin[region.level].setdefault(region.pinyin.lower(), []).append(region)
        # (key, code) -> alias, for the names that reach a region only through an alias
        self._aliases: dict[tuple[str, str], Alias] = {}
        for alias in aliases:
            region = self.by_code.get(alias.code)
            if region is None or region.level != alias.level:
                continue
            for name in {alias.name, alias.short} - {""}:
                key = _key(name)
                found = self._names[alias.level].setdefault(key, [])
                if region not in found:
                    found.append(region)
                    self._aliases[(key, region.code)] = alias
        self._with_counties = {r.parent for r in regions if r.level == "county"}
        self._province_prefixes = sorted(
            {_key(n) for p in self.provinces for n in (p.name, p.short)}, key=len, reverse=True
        )
        self._city_prefixes = sorted(self._names["city"], key=len, reverse=True)

    def has_counties(self, code: str) -> bool:
        """Whether the city has county-level units (东莞市, 中山市, 儋州市 and 嘉峪关市 have none)."""
        return code in self._with_counties

    def children(self, code: str) -> list[Region]:
        return [r for r in self.by_code.values() if r.parent == code]

    def _strip_province(self, key: str) -> str:
        for prefix in self._province_prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                return key[len(prefix):]
        return key

    @staticmethod
    def _pick(candidates: list[Region], province: str | None, city: str | None = None) -> Region | None:
        if len(candidates) == 1:
            return candidates[0]
        if city:
            within = [r for r in candidates if r.parent == city]
            if len(within) == 1:
                return within[0]
        if province:
            within = [r for r in candidates if r.province_code == province]
            if len(within) == 1:
                return within[0]
        return None

    def _lookup(self, level: str, key: str, province: str | None, city: str | None = None):
        found = self._names[level].get(key)
        if found:
            return self._pick(found, province, city), found
        ascii_key = key.lower()
        if ascii_key.isascii() and ascii_key:
            letters = re.sub(r"[^a-z]", "", ascii_key)
            for candidate in (letters, _PINYIN_SUFFIX.sub("", letters)):
                found = self._pinyin[level].get(candidate)
                if found:
                    return self._pick(found, province, city), found
        return None, None

    def resolve_city(self, text: object, province: str | None = None) -> Resolution:
        if text is None or str(text).strip() == "":
            return Resolution(None, "blank")
        key = _key(str(text))
        for candidate_key, how in ((key, "exact"), (self._strip_province(key), "prefixed")):
            region, found = self._lookup("city", candidate_key, province)
            if region:
                return Resolution(region, "pinyin" if candidate_key.isascii() else how,
                                  alias=self._aliases.get((candidate_key, region.code)))
            if found:
                return Resolution(None, "ambiguous")
        stripped = self._strip_province(key)
        for prefix in self._city_prefixes:
            if len(prefix) >= 2 and stripped.startswith(prefix) and len(stripped) > len(prefix):
                region = self._pick(self._names["city"][prefix], province)
                if region:
                    return Resolution(region, "prefix", stripped[len(prefix):], self._aliases.get((prefix, region.code)))
        county = self.resolve_county(stripped, None, province)
        if county.region and county.region.parent in self.by_code:
            parent = self.by_code[county.region.parent]
            if parent.level == "city":
                return Resolution(parent, "via_county", stripped)
        return Resolution(None, "unknown")

    def resolve_county(self, text: object, city: str | None = None, province: str | None = None) -> Resolution:
        if text is None or str(text).strip() == "":
            return Resolution(None, "blank")
        key = self._strip_province(_key(str(text)))
        region, found = self._lookup("county", key, province, city)
        if region:
            return Resolution(region, "exact", alias=self._aliases.get((key, region.code)))
        if not found:
            for prefix in self._city_prefixes:
                if key.startswith(prefix) and len(key) > len(prefix):
                    city_region = self._pick(self._names["city"][prefix], province)
                    if city_region:
                        rest = key[len(prefix):]
                        region, found = self._lookup("county", rest, province, city_region.code)
                        if region:
                            return Resolution(region, "prefixed", alias=self._aliases.get((rest, region.code)))
                    break
        return Resolution(None, "ambiguous" if found else "unknown")

    def dominant_province(self, texts: list[object]) -> str | None:
        """The province most unambiguous city names in ``texts`` belong to."""
        votes: Counter[str] = Counter()
        for text in texts:
            resolution = self.resolve_city(text)
            if resolution.region:
                votes[resolution.region.province_code] += 1
        return votes.most_common(1)[0][0] if votes else None


def load_regions(path: Path) -> list[Region]:
    regions = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            regions.append(
                Region(
                    code=row["code"].strip(),
                    name=row["name"].strip(),
                    level=row["level"].strip(),
                    parent=(row.get("parent") or "").strip() or None,
                    short=(row.get("short") or "").strip() or row["name"].strip(),
                    pinyin=(row.get("pinyin") or "").strip(),
                )
            )
    return regions


def load_aliases(path: Path) -> list[Alias]:
    """The aliases file beside the divisions (``gb2260_aliases.csv``); none when there is no such file."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [Alias(name=row["name"].strip(), short=(row.get("short") or "").strip(), code=row["code"].strip(),
                      level=row["level"].strip(), changed=(row.get("changed") or "").strip(),
                      former_code=(row.get("former_code") or "").strip())
                for row in csv.DictReader(fh) if (row.get("name") or "").strip()]


@lru_cache(maxsize=2)
def region_index(path: Path | None = None) -> RegionIndex:
    path = path or template_path("regions", "gb2260.csv")
    return RegionIndex(load_regions(path), load_aliases(path.with_name(ALIASES_FILE)))
