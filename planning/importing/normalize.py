"""Column normalisers: raw spreadsheet cells in, canonical values and the problems found out.

Each function takes one column as a list of raw cells (None, str, int, float, bool, date, datetime...)
and returns the normalised values plus a list of ``(index, kind, params)`` problems. They are written
for 10^5-row columns: numbers take a fast path, and text that repeats (cities, levels, flags) is
normalised once per distinct value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from planning.importing.config import ImportConfig
from planning.base.textnorm import clean_text, fold

Problem = tuple[int, str, dict]

_NUMBER = re.compile(
    r"^(?P<approx>约|大约|近|超过|超|逾|>=|<=|>|<|≥|≤|~)?"
    r"(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)"
    r"(?P<unit>[^\d]*?)(?P<tail>左右|余|多|以上|以下|上下)?$"
)
_EXCEL_EPOCH_1900 = dt.date(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NAT_DAYS = np.iinfo(np.int64).min  # numpy's NaT
_DATE_YMD = re.compile(r"^(\d{4}|\d{2})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE_YEAR = re.compile(r"^(\d{4})\s*年?$")
_LEVEL_DIGIT = re.compile(r"^(?:l|lv|level|等级)?\.?\s*([0-9])\s*(?:级)?$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_LEVEL_CN = re.compile(r"([一二三四1-4])\s*级")
_FORCED_TEXT = re.compile(r'^\s*="(.*)"\s*$', re.DOTALL)


def per_distinct(values: Sequence, compute: Callable[[object], object]) -> tuple[list, dict]:
    """``compute`` once per distinct cell, its results in cell order, and the memo it used.

    True, 1 and 1.0 are one dictionary key; a column that mixes booleans with numbers is keyed by
    type as well (memo keys are then (type, value))."""
    types = set(map(type, values))
    if bool in types and (int in types or float in types):
        keys = list(zip(map(type, values), values))
        memo = {key: compute(key[1]) for key in set(keys)}
        return [memo[key] for key in keys], memo
    try:
        memo = {value: compute(value) for value in set(values)}
    except TypeError:  # an unhashable cell from some reader: no memo
        results = [compute(value) for value in values]
        return results, dict(enumerate(results))
    return [memo[value] for value in values], memo


def plain_numbers(values: Sequence) -> np.ndarray | None:
    """The column as floats (blank and infinite cells NaN) when it holds only numbers and blanks, at C
    speed; None when any cell needs reading (text, booleans, dates)."""
    if not set(map(type, values)) <= {float, int, type(None)}:
        return None
    try:
        out = np.array(values, dtype=float)
    except (OverflowError, ValueError, TypeError):
        return None
    out[np.isinf(out)] = np.nan
    return out


def _problem_rows(values: Sequence, results: list, memo: dict, is_problem: Callable[[object], bool],
                  problem: Callable[[object, object], tuple[str, dict]]) -> list[Problem]:
    """(row, kind, params) for each cell whose result is a problem; no pass over the cells when none is."""
    if not any(is_problem(r) for r in memo.values()):
        return []
    return [(i, *problem(values[i], r)) for i, r in enumerate(results) if is_problem(r)]


FORCED_TEXT_FORMATS = frozenset({"csv", "html", "xml"})  # text exports, where a cell can only force text so


def unwrap_forced_text(column: Sequence) -> Sequence:
    """Cells that CSV and HTML exports write as ="…" (so that Excel keeps 18-character codes, phone numbers
    and leading zeros as text) hold the text inside; a column with none is returned as it is. A workbook
    stores such a cell as text, so only text exports are unwrapped (FORCED_TEXT_FORMATS)."""
    texts = [value for value in column if value.__class__ is str]
    if not texts or '="' not in "".join(texts):
        return column
    return [_unforced(value) if value.__class__ is str else value for value in column]


def _unforced(text: str) -> str | None:
    match = _FORCED_TEXT.match(text)
    if not match:
        return text
    return match.group(1).replace('""', '"').strip() or None


def placeholder_cells(column: Sequence, words: frozenset[str]) -> dict[int, str]:
    """The cells holding a placeholder word ('待补充', 'N/A', '/'...) by index, each with its word as
    written. Words are found as they are usually written (any case, full width, '0' as a number), at
    C speed: a column without any, the usual case, costs one pass of hashing."""
    try:
        hits = _spellings(words).intersection(column)
    except TypeError:  # an unhashable cell from some reader
        return {}
    if not hits:
        return {}
    return {i: _text(value) for i, value in enumerate(column) if value in hits and value.__class__ is not bool}


@lru_cache(maxsize=8)
def _spellings(words: frozenset[str]) -> frozenset:
    """The ways a (folded) placeholder word is written in a cell: case, full-width forms, and '0' as a number."""
    forms: set = set()
    for word in words:
        for form in (word, word.upper(), word.title(), _full_width(word), _full_width(word.upper())):
            forms.add(form)
        if word.isdigit():
            forms.add(int(word))
    return frozenset(forms)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def norm_text(values: Sequence) -> list[str | None]:
    """Trimmed text; numbers that Excel stored for text (phone numbers) come back without '.0'."""
    # str.isprintable is False for tabs, newlines, no-break, full-width and zero-width spaces
    return [value if type(value) is str and value and " " not in value and value.isprintable() else _text(value)
            for value in values]


def _text(value: object) -> str | None:
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        return clean_text(value) or None
    if kind is float:
        if value != value or math.isinf(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if kind is bool:
        return "是" if value else "否"
    if kind is int:
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


class _NumberParser:
    """Parses text numbers with units and approximations; remembers each distinct text once."""

    def __init__(self, cfg: ImportConfig, units: dict[str, float], allow_units: Sequence[str] = ()):
        self.cfg = cfg
        self.units = units
        self.allow_units = set(allow_units)
        self.cache: dict[str, tuple[float | None, float | None, str | None, str | None]] = {}

    def parse(self, text: str) -> tuple[float | None, float | None, str | None, str | None]:
        """(number, unit factor or None, problem kind or None, unit text)."""
        hit = self.cache.get(text)
        if hit is None:
            hit = self._parse(text)
            self.cache[text] = hit
        return hit

    def _parse(self, text: str):
        folded = unicodedata.normalize("NFKC", text)
        folded = re.sub(r"\s+", "", folded).replace("，", ",")
        if folded.lower() in self.cfg.missing_tokens:
            return None, None, None, None
        match = _NUMBER.match(folded)
        if not match:
            return None, None, "unparseable_number", None
        number = float(match.group("num").replace(",", ""))
        unit = match.group("unit")
        approx = bool(match.group("approx") or match.group("tail"))
        factor = None
        if unit:
            if unit in self.units:
                factor = self.units[unit]
            elif unit not in self.allow_units:
                return None, None, "unknown_unit", unit
        return number, factor, ("approximate_value" if approx else None), unit or None


def _numeric_column(
    values: Sequence, parser: _NumberParser, default_factor: float, field_problem: Callable | None = None
) -> tuple[np.ndarray, list[Problem]]:
    out = plain_numbers(values)
    if out is not None:
        out *= default_factor
        return out, field_problem(out) if field_problem is not None else []
    out = np.full(len(values), np.nan)
    problems: list[Problem] = []
    for i, value in enumerate(values):
        if value is None:
            continue
        kind = type(value)
        if kind is float or kind is int:
            number = float(value)
            if number != number or math.isinf(number):
                continue
            out[i] = number * default_factor
            continue
        if kind is str:
            try:
                number = float(value)  # fast path: plain digits, also full-width ones
                if number != number or math.isinf(number):
                    raise ValueError
                out[i] = number * default_factor
                continue
            except ValueError:
                pass
            number, factor, problem, unit = parser.parse(value)
            if problem and problem != "approximate_value":
                problems.append((i, problem, {"raw": value, "unit": unit or ""}))
                continue
            if number is None:
                continue
            out[i] = number * (default_factor if factor is None else factor)
            if problem:
                problems.append((i, problem, {"raw": value}))
            continue
        problems.append((i, "unparseable_number", {"raw": str(value)}))
    if field_problem is not None:
        problems.extend(field_problem(out))
    return out, problems


def norm_money(values: Sequence, cfg: ImportConfig, column_factor: float) -> tuple[np.ndarray, list[Problem]]:
    """Amounts in 万元. A unit written in the cell (亿元, 元...) wins over the column's unit."""
    parser = _NumberParser(cfg, cfg.money_units)
    return _numeric_column(values, parser, column_factor, _negatives)


def norm_count(values: Sequence, cfg: ImportConfig) -> tuple[np.ndarray, list[Problem]]:
    parser = _NumberParser(cfg, {}, allow_units=cfg.count_units)

    def check(out: np.ndarray) -> list[Problem]:
        found = _negatives(out)
        fractional = np.flatnonzero(np.isfinite(out) & (out != np.floor(out)))
        found.extend((int(i), "fractional_count", {"value": float(out[i])}) for i in fractional)
        return found

    return _numeric_column(values, parser, 1.0, check)


def _negatives(out: np.ndarray) -> list[Problem]:
    return [(int(i), "negative_value", {"value": float(out[i])}) for i in np.flatnonzero(out < 0)]


def norm_rate(values: Sequence, cfg: ImportConfig) -> tuple[np.ndarray, list[Problem]]:
    """Percentages 0-100 from "45%", 45 or 0.45.

    A number written with % is taken as it is. Bare numbers are read as fractions when nearly all the
    column's non-zero numbers are at most 1 (cells formatted as percentages arrive that way);
    otherwise as percentage points, and a lone value below 1 among them is taken as a fraction and
    reported. Values over 100 or below 0 are impossible: reported and left empty.
    """
    parser = _NumberParser(cfg, {"%": 1.0, "％": 1.0, "‰": 0.1})
    explicit = np.zeros(len(values), dtype=bool)
    problems: list[Problem] = []
    out = plain_numbers(values)
    if out is None:
        out = np.full(len(values), np.nan)
        for i, value in enumerate(values):
            if value is None:
                continue
            kind = type(value)
            if kind is float or kind is int:
                if value == value and not math.isinf(value):
                    out[i] = value
                continue
            if kind is str:
                number, factor, problem, unit = parser.parse(value)
                if problem and problem != "approximate_value":
                    problems.append((i, problem, {"raw": value, "unit": unit or ""}))
                    continue
                if number is None:
                    continue
                out[i] = number * (factor or 1.0)
                explicit[i] = factor is not None
                continue
            problems.append((i, "unparseable_number", {"raw": str(value)}))
    bare = ~explicit & np.isfinite(out) & (out != 0)
    if bare.any():
        share_small = float((np.abs(out[bare]) <= 1.0).mean())
        if share_small >= cfg.rate_fraction_share:
            out[~explicit] *= 100.0
        else:
            lone = np.flatnonzero(bare & (np.abs(out) < 1.0))
            for i in lone:
                problems.append((int(i), "rate_read_as_fraction", {"value": float(out[i])}))
            out[lone] *= 100.0
    for i in np.flatnonzero((out > 100.0) | (out < 0)):
        problems.append((int(i), "rate_out_of_range", {"value": float(out[i])}))
        out[i] = np.nan
    return out, problems


def norm_flag(values: Sequence, cfg: ImportConfig, extra_true: frozenset[str] = frozenset()) -> tuple[list, list[Problem]]:
    """Yes/no cells (是/否/有/无/√/×/Y/N/1/0...) to True/False; blank stays None (unknown)."""
    def flag(value):
        if value is None or type(value) is bool:
            return value
        if isinstance(value, (int, float)):
            value = "1" if value == 1 else "0" if value == 0 else str(value)
        folded = fold(str(value))
        if folded in cfg.flag_true or folded in extra_true:
            return True
        if folded in cfg.flag_false:
            return False
        if folded in cfg.missing_tokens:
            return None
        if any(word in folded for word in extra_true):
            return True
        return ...

    results, memo = per_distinct(values, flag)
    problems = _problem_rows(values, results, memo, lambda r: r is ...,
                             lambda value, _: ("unrecognised_flag", {"raw": str(value)}))
    if problems:
        results = [None if r is ... else r for r in results]
    return results, problems


def parse_level(value: object, cfg: ImportConfig) -> int | None | str:
    """1-4, None for 'not assessed' or blank, or a problem kind."""
    if isinstance(value, bool):
        return "unrecognised_level"
    if isinstance(value, (int, float)):
        if value != value:
            return None
        if float(value).is_integer() and 1 <= value <= 4:
            return int(value)
        return "level_out_of_range"
    folded = fold(str(value))
    if not folded or folded in cfg.missing_tokens or folded in cfg.level_missing:
        return None
    match = _LEVEL_DIGIT.match(folded)
    if match:
        level = int(match.group(1))
        return level if 1 <= level <= 4 else "level_out_of_range"
    match = _LEVEL_CN.search(folded)
    if match:
        return _CN_DIGITS[match.group(1)]
    for word, level in cfg.level_words.items():
        if word in folded:
            return level
    return "unrecognised_level"


def norm_level(values: Sequence, cfg: ImportConfig) -> tuple[list[int | None], list[Problem]]:
    """MIIT digital level 1-4 from 一级..四级, 1-4, L1-L4, '二级（规范级）'..."""
    results, memo = per_distinct(values, lambda v: None if v is None else parse_level(v, cfg))
    problems = _problem_rows(values, results, memo, lambda r: isinstance(r, str),
                             lambda value, kind: (kind, {"raw": str(value)}))
    if problems:
        results = [None if isinstance(r, str) else r for r in results]
    return results, problems


def _from_serial(serial: float, date1904: bool) -> dt.date | None:
    if not 1 <= serial <= _MAX_SERIAL:
        return None
    epoch = _EXCEL_EPOCH_1904 if date1904 else _EXCEL_EPOCH_1900
    return epoch + dt.timedelta(days=int(serial))


def _year(text: str, pivot: int) -> int:
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= pivot else 2000
    return year


def _parse_date_text(text: str, cfg: ImportConfig) -> dt.date | str | None:
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded or folded.lower() in cfg.missing_tokens:
        return None
    folded = folded.split(" ")[0].split("T")[0]
    try:
        match = _DATE_YMD.match(folded)
        if match:
            year = _year(match.group(1), cfg.two_digit_year_pivot)
            return dt.date(year, int(match.group(2)), int(match.group(3) or 1))
        match = _DATE_COMPACT.match(folded)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _DATE_YEAR.match(folded)
        if match:
            return dt.date(int(match.group(1)), 1, 1)
    except ValueError:
        return "invalid_date"
    return "unparseable_date"


def _parse_date(value: object, cfg: ImportConfig, date1904: bool) -> dt.date | str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "unparseable_date"
    if isinstance(value, (int, float)):
        if value != value:
            return None
        if float(value).is_integer() and 1800 <= value <= 2100:
            return dt.date(int(value), 1, 1)  # a bare year
        if float(value).is_integer() and 18000101 <= value <= 21001231:
            return _parse_date_text(str(int(value)), cfg)
        return _from_serial(float(value), date1904) or "unparseable_date"
    if isinstance(value, str):
        return _parse_date_text(value, cfg)
    return "unparseable_date"


def norm_date(values: Sequence, cfg: ImportConfig, date1904: bool = False) -> tuple[np.ndarray, list[Problem]]:
    """Dates from date cells, serial numbers (1900 or 1904 system), years and text ('2023年5月')."""
    def days(value):
        result = _parse_date(value, cfg, date1904)
        return result if isinstance(result, str) else _NAT_DAYS if result is None else result.toordinal() - _EPOCH_ORDINAL

    results, memo = per_distinct(values, days)
    problems = _problem_rows(values, results, memo, lambda r: isinstance(r, str),
                             lambda value, kind: (kind, {"raw": str(value)}))
    if problems:
        results = [_NAT_DAYS if isinstance(r, str) else r for r in results]
    return np.array(results, dtype=np.int64).view("datetime64[D]"), problems


def norm_systems(values: Sequence, cfg: ImportConfig) -> dict[str, list[bool | None]]:
    """A 'systems in use' column ("ERP、MES、PLM") sets each flag it names; a filled cell that does not
    name a system means that system is not in use."""
    flags: dict[str, list[bool | None]] = {key: [] for key in cfg.systems_tokens}
    cache: dict = {}
    for value in values:
        if value is None:
            hit = None
        elif value in cache:
            hit = cache[value]
        else:
            folded = fold(str(value))
            if folded in cfg.flag_false:
                hit = {key: False for key in flags}
            elif folded in cfg.missing_tokens:
                hit = None
            else:
                hit = {key: any(token in folded for token in tokens) for key, tokens in cfg.systems_tokens.items()}
            cache[value] = hit
        for key in flags:
            flags[key].append(None if hit is None else hit[key])
    return flags
