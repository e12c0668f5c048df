"""Sector tagging: GB/T 4754 division, group and class, and the province's key-sector group.

The code decides when there is one; otherwise the industry name is matched against the division
names (with their 2011 and 及/和 variants); otherwise keywords are looked for in the industry name and
then the firm name. Each firm records how its tag was found, and firms that nothing identifies are
left unclassified for review.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planning.base.bilingual import Named
from planning.base.errors import ConfigError
from planning.reference.industry import division_from_name, load_divisions
from planning.base.template_files import items_with_ids, require

BY_CODE, BY_NAME, BY_KEYWORD, BY_OVERRIDE, UNCLASSIFIED = "code", "name", "keyword", "override", "unclassified"


@dataclass(frozen=True)
class KeySector(Named):
    id: str
    zh: str
    en: str
    prefixes: tuple[str, ...]
    keywords: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class SectorConfig:
    sectors: tuple[KeySector, ...]
    raw: dict

    @classmethod
    def from_dict(cls, data: dict, where: str = "key_sectors.json") -> "SectorConfig":
        sectors = []
        prefixes_seen: dict[str, str] = {}
        for item, sid, at in items_with_ids(data, "sectors", "sector", where):
            prefixes = tuple(str(p) for p in item.get("prefixes", []))
            for prefix in prefixes:
                if not prefix.isdigit() or not 2 <= len(prefix) <= 4:
                    raise ConfigError("sector.prefix_digits", where=at, prefix=prefix)
                if prefix in prefixes_seen:
                    raise ConfigError("sector.prefix_taken", where=at, prefix=prefix, sector=prefixes_seen[prefix])
                prefixes_seen[prefix] = sid
            keywords = []
            for entry in item.get("keywords", []):
                if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], str) or not entry[0]:
                    raise ConfigError("sector.keyword_pair", where=at)
                division = entry[1]
                if division is not None and (not str(division).isdigit() or len(str(division)) != 2):
                    raise ConfigError("sector.keyword_division", where=at, keyword=entry[0], division=division)
                keywords.append((entry[0], None if division is None else str(division)))
            sectors.append(KeySector(sid, require(item, "zh", str, at), require(item, "en", str, at),
                                     prefixes, tuple(keywords)))
        return cls(tuple(sectors), data)

    def by_id(self) -> dict[str, KeySector]:
        return {s.id: s for s in self.sectors}

    def aliases(self) -> dict[str, str]:
        """What a rule may write for a sector: its id, Chinese or English name."""
        out = {}
        for s in self.sectors:
            out[s.id] = out[s.zh] = out[s.en] = s.id
        return out

    def sector_for_code(self, code: str) -> str | None:
        best, best_len = None, 0
        for sector in self.sectors:
            for prefix in sector.prefixes:
                if code.startswith(prefix) and len(prefix) > best_len:
                    best, best_len = sector.id, len(prefix)
        return best


def tag_sectors(frame: pd.DataFrame, config: SectorConfig) -> pd.DataFrame:
    """division, group, class, key_sector and sector_source for every firm."""
    n = len(frame)
    codes = frame["industry_code"].to_numpy(dtype=object) if "industry_code" in frame else np.full(n, None)
    ind_names = frame["industry_name"].to_numpy(dtype=object) if "industry_name" in frame else np.full(n, None)
    firm_names = frame["name"].to_numpy(dtype=object) if "name" in frame else np.full(n, None)
    division = np.full(n, None, dtype=object)
    group = np.full(n, None, dtype=object)
    klass = np.full(n, None, dtype=object)
    key_sector = np.full(n, None, dtype=object)
    source = np.full(n, UNCLASSIFIED, dtype=object)

    has_code = pd.notna(codes)
    if has_code.any():
        present = pd.Series(codes[has_code], dtype=object)
        lengths = present.str.len().to_numpy()
        division[has_code] = present.str[:2].to_numpy(dtype=object)
        group[has_code] = np.where(lengths >= 3, present.str[:3].to_numpy(dtype=object), None)
        klass[has_code] = np.where(lengths == 4, present.to_numpy(dtype=object), None)
        sector_of = {code: config.sector_for_code(code) for code in present.unique()}
        key_sector[has_code] = present.map(sector_of).to_numpy(dtype=object)
        source[has_code] = BY_CODE

    name_cache: dict[str, tuple[str | None, str | None, str]] = {}
    for i in np.flatnonzero(~has_code):
        found = None
        for text, is_industry in ((ind_names[i], True), (firm_names[i], False)):
            if not isinstance(text, str) or not text:
                continue
            key = (text, is_industry)
            if key not in name_cache:
                name_cache[key] = _from_text(text, is_industry, config)
            found = name_cache[key]
            if found[2] != UNCLASSIFIED:
                break
        if found and found[2] != UNCLASSIFIED:
            division[i], key_sector[i], source[i] = found
    columns = {"division": division, "group": group, "class": klass, "key_sector": key_sector, "sector_source": source}
    return pd.DataFrame({k: pd.Series(v, index=frame.index, dtype=object) for k, v in columns.items()})


def _from_text(text: str, is_industry_name: bool, config: SectorConfig) -> tuple[str | None, str | None, str]:
    if is_industry_name:
        division = division_from_name(text)
        if division:
            return division, config.sector_for_code(division), BY_NAME
    for sector in config.sectors:
        for word, division in sector.keywords:
            if word in text:
                return division, sector.id, BY_KEYWORD
    return None, None, UNCLASSIFIED


def division_label(code: str | None, lang: str) -> str:
    """The division's name, or the code itself when it is not a manufacturing division."""
    if not isinstance(code, str) or not code:
        return ""
    division = load_divisions().get(code[:2])
    if division:
        return division.label(lang)
    return code
