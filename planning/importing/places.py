"""Where each firm is: its city and county from its cells, the section heading above it, the sheet's or
the file's name, resolved against GB/T 2260 (:mod:`planning.reference.regions`) within the roster's
province."""

from __future__ import annotations

import re

from planning.importing.cells import filled
from planning.importing.config import ImportConfig
from planning.importing.normalize import norm_text
from planning.reference.regions import RegionIndex

# Notes, not problems: the cell holds a former name of the unit (米林县 for 米林市), taken as the unit in force.
CITY_RENAMED = "region.city_renamed"
COUNTY_RENAMED = "region.county_renamed"
NOTES = frozenset({CITY_RENAMED, COUNTY_RENAMED})
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


class FirmPlaces:
    """Resolves the places of a roster's firms; ``province`` (a GB/T 2260 code) settles ambiguous short
    names and is taken from the first city column seen when not given."""

    def __init__(self, regions: RegionIndex, cfg: ImportConfig, province: str | None = None):
        self.regions = regions
        self.cfg = cfg
        self.province = province

    def city_from_name(self, name: str) -> str | None:
        """The city a file or sheet name stands for ("合肥市名单", "芜湖2024")."""
        text = re.sub(r"[\d\s_\-（）()【】\[\]年月日版]+", "", name)
        for suffix in self.cfg.sheet_name_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
        if not text:
            return None
        resolution = self.regions.resolve_city(text, self.province)
        if resolution.region and resolution.how in ("exact", "prefixed", "pinyin") and resolution.region.level == "city":
            return resolution.region.name
        return None

    def section_city(self, text: str) -> str | None:
        """The city a section heading ("一、合肥市") names."""
        text = _ENUMERATOR.sub("", str(text).strip())
        resolution = self.regions.resolve_city(text, self.province)
        if resolution.region and resolution.how in ("exact", "prefixed", "pinyin"):
            return resolution.region.name
        return None

    def settle_province(self, city_values: list | None) -> None:
        if self.province is None and city_values:
            distinct = [v for v in set(city_values) if isinstance(v, str) and v.strip()][:500]
            self.province = self.regions.dominant_province(distinct)

    def resolve(self, city_raw, county_raw, section, fallback_city, sheet_city):
        """City and county names and codes per row, and the rows' city and county problems (row, kind,
        params); each distinct combination of the row's city cell, county cell and section heading is
        resolved once."""
        province = self.province
        n = len(city_raw)
        fallback = self.regions.resolve_city(fallback_city, province).region if fallback_city else None
        counties_in = county_raw if county_raw is not None else [None] * n
        memo: dict[tuple, tuple] = {}
        results = []
        append = results.append
        for key in zip(city_raw, counties_in, section):
            hit = memo.get(key)
            if hit is None:
                hit = memo[key] = self._resolve_one(*key, fallback, province, sheet_city)
            append(hit)
        cities, city_codes, counties, county_codes = ([r[k] for r in results] for k in range(4))
        city_problems, county_problems = [], []
        if any(r[4] or r[5] for r in memo.values()):
            for i, r in enumerate(results):
                if r[4]:
                    city_problems.append((i, r[4][0], r[4][1]))
                if r[5]:
                    county_problems.append((i, r[5][0], r[5][1]))
        return cities, city_codes, counties, county_codes, city_problems, county_problems

    def _resolve_one(self, city_value, county_value, section, fallback, province, sheet_city):
        """(city, city code, county, county code, city problem, county problem) for one row's cells."""
        city = city_code = county = county_code = None
        city_problem = county_problem = None
        region, rest = None, ""
        if filled(city_value):
            resolution = self.regions.resolve_city(city_value, province)
            region, rest = resolution.region, resolution.rest
            if region is None:
                kind = "region.ambiguous_city" if resolution.how == "ambiguous" else "region.unknown_city"
                city_problem = (kind, {"raw": str(city_value)})
                city = norm_text([city_value])[0]
            elif sheet_city and region.name != sheet_city:
                city_problem = ("region.city_differs_from_sheet",
                                {"city": region.name, "sheet_city": sheet_city, "raw": str(city_value)})
            elif resolution.renamed:
                city_problem = (CITY_RENAMED, {"raw": str(city_value), "city": region.name,
                                               "year": resolution.alias.changed})
        elif section:
            region = self.regions.resolve_city(section, province).region
        else:
            region = fallback
        if region is not None:
            city, city_code = region.name, region.code
        if not filled(county_value) and rest:
            county_value = rest
        if filled(county_value):
            resolution = self.regions.resolve_county(county_value, city_code, province)
            if resolution.region is None:
                # 东莞市 or 嘉峪关市 written again as the county is no problem: there is no county level to name
                if not self._is_city_without_counties(county_value, city_code, province):
                    kind = "region.ambiguous_county" if resolution.how == "ambiguous" else "region.unknown_county"
                    county_problem = (kind, {"raw": str(county_value)})
                    county = norm_text([county_value])[0]
            else:
                county, county_code = resolution.region.name, resolution.region.code
                parent = self.regions.by_code.get(resolution.region.parent or "")
                if city_code is None and parent is not None and parent.level == "city":
                    city, city_code = parent.name, parent.code
                elif city_code and parent is not None and parent.level == "city" and parent.code != city_code:
                    county_problem = ("region.county_not_in_city",
                                      {"county": resolution.region.name, "city": city, "raw": str(county_value)})
                if county_problem is None and resolution.renamed:
                    county_problem = (COUNTY_RENAMED, {"raw": str(county_value), "county": county,
                                                       "year": resolution.alias.changed})
        return city, city_code, county, county_code, city_problem, county_problem

    def _is_city_without_counties(self, text, city_code: str | None, province: str | None) -> bool:
        if city_code is None or self.regions.has_counties(city_code):
            return False
        region = self.regions.resolve_city(text, province).region
        return region is not None and region.code == city_code
