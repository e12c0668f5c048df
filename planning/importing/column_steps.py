"""Normalising the enterprise rows of one piece of a sheet, column by column: credit codes, industry,
numbers, levels, flags, dates, text and the columns no field claims. Every problem is noted with its row,
column and the value in the file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np

from planning.base.messages import message
from planning.base.schema import EXTRA_PREFIX, FIELD_BY_KEY, ROSTER_KEYS
from planning.importing.cells import filled
from planning.importing.config import ImportConfig
from planning.importing.header import HeaderLayout, column_letter
from planning.importing.normalize import (
    norm_count, norm_date, norm_flag, norm_level, norm_money, norm_rate, norm_systems, norm_text, per_distinct,
    placeholder_cells,
)
from planning.importing.quality_report import ERROR, WARNING, ValueIssue
from planning.reference import creditcode
from planning.reference.industry import NAME_CHECKS, industry_catalogue, parse_industry


_NO_PLACEHOLDERS = frozenset({"flag", "systems", "serial"})  # kinds where 无 and 没有 mean "no"
_FREE_TEXT = frozenset({"name", "remarks"})  # '无' is a remark, and a name is never a placeholder
_CODES = frozenset({"credit_code", "industry_code"})


def without_placeholders(raw: dict[str, Sequence], cfg: ImportConfig) -> tuple[dict[str, Sequence], dict]:
    """The columns with their placeholder cells ('待补充', '暂无', 'N/A', '/'; '0' in a code column) blank,
    and the words found: {field: {row in the piece: word}}."""
    values, found = dict(raw), {}
    for key, column in raw.items():
        kind = FIELD_BY_KEY[key].kind
        if kind in _NO_PLACEHOLDERS or key in _FREE_TEXT:
            continue
        words = cfg.placeholder_words | cfg.code_placeholder_words if kind in _CODES else cfg.placeholder_words
        cells = placeholder_cells(column, words)
        if cells:
            found[key] = cells
            values[key] = [None if i in cells else value for i, value in enumerate(column)]
    return values, found


class Piece:
    """The enterprise rows (``keep``) among a piece's ``n`` data rows, the first of them row ``base``
    (0-based) of the sheet; ``raw`` holds the piece's cells by field as the file has them, ``values``
    the cells to normalise (placeholders blank)."""

    def __init__(self, label: str, sheet: str, layout: HeaderLayout, raw: dict[str, Sequence], keep: np.ndarray,
                 n: int, base: int, values: dict[str, Sequence] | None = None):
        self.label, self.sheet, self.layout, self.raw, self.keep = label, sheet, layout, raw, keep
        self.values = raw if values is None else values
        self.everything = len(keep) == n
        self.rows = keep + base + 1  # 1-based row numbers
        self.issues: list[ValueIssue] = []

    def subset(self, values: list) -> list:
        return values if self.everything else [values[i] for i in self.keep]

    def cells(self, key: str) -> list | None:
        return self.subset(self.values[key]) if key in self.values else None

    def add_placeholders(self, found: dict[str, dict[int, str]]) -> None:
        """Each placeholder cell of an enterprise row reported as a missing value, with its word."""
        for key, cells in found.items():
            self.add(key, [(i, "value.placeholder", {"word": cells[row]})
                           for i, row in enumerate(self.keep.tolist()) if row in cells])

    def add(self, key: str, problems, severity: str = WARNING, prefix: str = "value.") -> None:
        """Problems (row in the piece, kind, params) with the values of field ``key``."""
        column = self.layout.mapping.get(key)
        letter = column_letter(column) if column is not None else ""
        header = self.layout.columns[column].header if column is not None else ""
        cells = self.raw.get(key)
        for i, kind, params in problems:
            raw_value = cells[int(self.keep[i])] if cells is not None else params.get("raw")
            self.issues.append(ValueIssue(self.label, self.sheet, int(self.rows[i]), letter, header, key,
                                          prefix + kind if "." not in kind else kind, severity,
                                          _format_params(params), raw_value))


def credit_codes(piece: Piece, codes: list, lost_digits: list | None) -> tuple[list, list]:
    """The rows' cleaned credit codes and their status (:mod:`planning.reference.creditcode`)."""
    if lost_digits is None:
        return [None] * len(piece.keep), [creditcode.MISSING] * len(piece.keep)
    part_codes = piece.subset(codes)
    status = creditcode.classify_many(part_codes, piece.subset(lost_digits))
    raw_codes = piece.cells("credit_code")
    _embedded_org_codes(piece, part_codes, status, raw_codes)
    for i, st in enumerate(status):
        if st in (creditcode.VALID, creditcode.MISSING):
            continue
        params: dict = {"raw": raw_codes[i]}
        code = part_codes[i] or ""
        if st == creditcode.NOT_ENTERPRISE:
            prefix = creditcode.category_of(code)
            category_kind = f"cc.category.{prefix}" if prefix in ("92", "93") else "cc.category.other"
            params["category"] = message(category_kind, prefix=prefix)
            piece.add("credit_code", [(i, "cc.not_enterprise", params)], WARNING, "")
            continue
        params["length"] = len(code)
        fix = creditcode.suggest_fix(code) if st in (creditcode.BAD_CHARSET, creditcode.BAD_CHECK) else None
        params["hint"] = message("cc.suggest", code=fix) if fix else ""
        if st == creditcode.LOST_DIGITS:
            params["raw"] = _as_excel_shows(raw_codes[i])
        piece.add("credit_code", [(i, f"cc.{st}", params)], ERROR, "")
    return part_codes, status


def _embedded_org_codes(piece: Piece, codes: list, status: list, raw_codes: list) -> None:
    """A warning for each accepted code whose embedded GB 11714 organisation code (characters 9-17) fails
    its own check digit; the code stays valid (GB 32100 is what decides)."""
    rows = [i for i, st in enumerate(status) if st in creditcode.ACCEPTED]
    valid = creditcode.org_codes_valid([codes[i] for i in rows])
    piece.add("credit_code", [(rows[k], "cc.org_code_check", {"raw": raw_codes[rows[k]], "org": codes[rows[k]][8:17]})
                              for k in np.flatnonzero(~valid).tolist()], WARNING, "")


def industry(piece: Piece) -> tuple[list, list]:
    """Industry code and name per row (:mod:`planning.reference.industry`)."""
    codes, names, problems = _industry(len(piece.keep), piece.cells("industry_code"), piece.cells("industry_name"))
    for key, found in problems.items():
        piece.add(key, found, WARNING, "")
    return codes, names


def measures(piece: Piece, columns: dict[str, object], cfg: ImportConfig, date1904: bool, unit_warned: set,
             warn: Callable[..., None]) -> None:
    """Numbers, levels, flags, dates and text: every roster field not in ``columns`` yet, but the systems
    flags. A money column in another unit than the configured one is converted and reported once a sheet
    (``unit_warned`` holds those reported)."""
    layout = piece.layout
    money_unit = cfg.default_money_unit
    for key in ROSTER_KEYS:
        if key in columns or key in ("has_erp", "has_mes"):
            continue
        kind = FIELD_BY_KEY[key].kind
        values = piece.cells(key)
        if values is None:
            columns[key] = None
            continue
        if kind == "money":
            column = layout.column(key)
            unit = (column.unit if column else None) or layout.sheet_money_unit or money_unit
            if cfg.money_units[unit] != cfg.money_units[money_unit] and key not in unit_warned:
                unit_warned.add(key)
                warn("warn.column_unit", file=piece.label, sheet=piece.sheet, column=column.header, unit=unit)
            columns[key], problems = norm_money(values, cfg, cfg.money_units[unit])
            piece.add(key, problems)
        elif kind == "count":
            columns[key], problems = norm_count(values, cfg)
            piece.add(key, problems)
        elif kind == "rate":
            columns[key], problems = norm_rate(values, cfg)
            piece.add(key, _rate_params(problems))
        elif kind == "level":
            columns[key], problems = norm_level(values, cfg)
            piece.add(key, problems)
        elif kind == "flag":
            extra = cfg.specialized_true if key == "specialized" else frozenset()
            columns[key], problems = norm_flag(values, cfg, extra)
            piece.add(key, problems)
        elif kind == "date":
            columns[key], problems = norm_date(values, cfg, date1904)
            piece.add(key, problems)
        else:
            columns[key] = norm_text(values)


def system_flags(piece: Piece, columns: dict[str, object], cfg: ImportConfig) -> None:
    """The ERP and MES flags: from their own columns, filled in from a column listing systems in use."""
    systems = norm_systems(piece.cells("systems"), cfg) if "systems" in piece.raw else {}
    for key in ("has_erp", "has_mes"):
        if key in piece.raw:
            columns[key], problems = norm_flag(piece.cells(key), cfg)
            piece.add(key, problems)
            if key in systems:
                columns[key] = [v if v is not None else s for v, s in zip(columns[key], systems[key])]
        else:
            columns[key] = systems.get(key)


def extra_columns(piece: Piece, sheet_columns: list, width: int, n: int) -> dict[str, list]:
    """The columns no field claims, as text under their header."""
    extras = {}
    for column in piece.layout.columns:
        if column.field is None and column.header:
            values = list(sheet_columns[column.index]) if column.index < width else [None] * n
            extras[EXTRA_PREFIX + column.header] = norm_text(piece.subset(values))
    return extras


def _industry(n: int, code_values, name_values):
    """Industry code and name per row: from the code cell (which may carry the name too), else
    from the name cell; each distinct cell is parsed once."""
    names: list[str | None] = norm_text(name_values) if name_values is not None else [None] * n
    problems: dict[str, list] = {"industry_code": [], "industry_name": []}

    def parsed(value):
        return parse_industry(value) if filled(value) else None

    codes: list[str | None] = [None] * n
    if code_values is not None:
        from_code, _ = per_distinct(code_values, parsed)
        codes = [r.code if r is not None else None for r in from_code]
        names = [r.name if name is None and r is not None and r.name else name
                 for name, r in zip(names, from_code)]
        problems["industry_code"] = [(i, f"industry.{r.problem}", {"raw": str(code_values[i])})
                                     for i, r in enumerate(from_code) if r is not None and r.problem]
    if name_values is not None and None in codes:
        from_name, _ = per_distinct(name_values, parsed)
        for i in [i for i, code in enumerate(codes) if code is None]:
            result = from_name[i]
            if result is not None and result.code:
                codes[i] = result.code
                names[i] = result.name or names[i]
                if result.problem:
                    problems["industry_name"].append(
                        (i, f"industry.{result.problem}", {"raw": str(name_values[i])}))
    _against_catalogue(codes, names, code_values, name_values, problems)
    return codes, names, problems


def _against_catalogue(codes: list, names: list, code_values, name_values, problems: dict[str, list]) -> None:
    """Codes GB/T 4754-2017 does not have and names that contradict their code, each distinct pair
    checked once; the code kept replaces the row's code. A contradiction is noted in the name's column."""
    catalogue = industry_catalogue()
    checks = {pair: catalogue.check(*pair) for pair in set(zip(codes, names)) if pair[0] is not None}
    if not any(checks.values()):
        return
    for i, pair in enumerate(zip(codes, names)):
        check = checks.get(pair)
        if check is None:
            continue
        codes[i] = check.code
        named_apart = check.kind in NAME_CHECKS and name_values is not None and filled(name_values[i])
        if named_apart or code_values is None or not filled(code_values[i]):
            problems["industry_name"].append((i, check.kind, dict(check.params, raw=str(name_values[i]))))
        else:
            problems["industry_code"].append((i, check.kind, dict(check.params, raw=str(code_values[i]))))


def _plain_number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_excel_shows(value: object) -> str:
    """A long number the way Excel displays it: 15 significant digits, then zeros."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(Decimal(f"{float(value):.15g}")))
    return str(value)


def _format_params(params: dict) -> dict:
    return {k: (_plain_number(v) if isinstance(v, float) else v) for k, v in params.items()}


def _rate_params(problems):
    out = []
    for i, kind, params in problems:
        if "value" in params:
            params = dict(params, percent=round(params["value"] * 100, 4))
            params["value"] = round(params["value"], 6)
        out.append((i, kind, params))
    return out
