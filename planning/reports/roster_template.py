"""The province's collection template (报送模板): the workbook a city fills in and sends back.

One sheet for the firms with the roster's canonical column names (every one a header synonym, so a
filled-in template imports with no guessing), drop-downs and checks on every coded column with their
input messages and error alerts, a frozen header and print settings; a sheet of instructions; and a
hidden sheet holding the drop-down lists. It may carry a city's firms from last year's roster so the
city only updates them. Texts and limits come from ``templates/report/roster_template.json``; every
cell is a value, never a formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from planning.base.errors import DTPlanError
from planning.base.schema import FIELDS, Field
from planning.reference.regions import Region, RegionIndex, region_index
from planning.reports.table_file import MAX_CELL_CHARS, is_risky
from planning.reports.templates import Texts, load

TEMPLATE = "roster_template.json"
LIST_FIELDS = ("city", "county", "level", "flag")  # validated against a list of the hidden sheet
TEXT_FIELDS = ("credit_code", "industry_code", "phone")  # kept as text so Excel keeps every character
_HEADER_FILL = "DDEBF7"


class TemplateError(DTPlanError):
    """The template cannot be made for what was asked (a place that is not in the registry)."""

    prefix = "template."


@dataclass(frozen=True)
class Places:
    """The province and, when the template is for one city, that city; with the lists they offer."""

    province: Region
    city: Region | None
    cities: list[str]
    counties: list[str]

    @property
    def name(self) -> str:
        return self.province.name + (self.city.name if self.city else "")


def template_places(province: str | None = None, city: str | None = None,
                    regions: RegionIndex | None = None) -> Places:
    """The places of a template: ``province`` a GB/T 2260 code or name (default: the city's province,
    else the template file's), ``city`` a name as people write it."""
    regions = regions or region_index()
    code = _province_code(province, regions) if province else None
    chosen = None
    if city:
        chosen = regions.resolve_city(city, code).region
        if chosen is None or (code and chosen.province_code != code):
            raise TemplateError("unknown_city", city=city)
        code = chosen.province_code
    code = code or str(load(TEMPLATE)["province"])
    if code not in regions.by_code:
        raise TemplateError("unknown_province", province=province or code)
    cities = [r for r in regions.children(code) if r.level == "city"]
    if chosen:
        cities = [chosen]
    counties = [county.name for parent in cities for county in regions.children(parent.code)]
    if not chosen:
        counties += [r.name for r in regions.children(code) if r.level == "county"]
    return Places(regions.by_code[code], chosen, [r.name for r in cities], counties)


def _province_code(text: str, regions: RegionIndex) -> str:
    text = text.strip()
    for region in regions.provinces:
        if text in (region.code, region.name, region.short):
            return region.code
    raise TemplateError("unknown_province", province=text)


@dataclass(frozen=True)
class WrittenTemplate:
    place: str  # the province, and the city when the template is one city's
    firms: int  # pre-filled


def write_roster_template(path: Path, places: Places, firms: pd.DataFrame | None = None,
                          lang: str = "zh") -> WrittenTemplate:
    """Write the template to ``path`` (.xlsx), pre-filled with ``firms`` (roster rows) when given."""
    from openpyxl import Workbook

    spec = load(TEMPLATE)
    texts = Texts(spec, "en" if lang == "en" else "zh", TEMPLATE)
    workbook = Workbook()
    data = workbook.active
    data.title = texts("sheets.data")
    rows = _firm_rows(firms, spec) if firms is not None else []
    _write_firms(data, rows)
    lists = workbook.create_sheet(texts("sheets.lists"))
    ranges = _write_lists(lists, places, spec)
    lists.sheet_state = "hidden"
    last_row = 1 + len(rows) + int(spec["checked_rows"])
    requirements = _add_checks(data, ranges, texts, spec, last_row)
    _lay_out(data, places, texts)
    notes = workbook.create_sheet(texts("sheets.instructions"), 1)
    _write_instructions(notes, places, texts, requirements)
    workbook.active = 0
    workbook.save(path)
    return WrittenTemplate(places.name, len(rows))


# ------------------------------------------------------------------ the firms' sheet

def _write_firms(ws, rows: list[list]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for col, field in enumerate(FIELDS, start=1):
        cell = ws.cell(row=1, column=col, value=field.zh)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
    for r, values in enumerate(rows, start=2):
        for col, (field, value) in enumerate(zip(FIELDS, values), start=1):
            if value is not None:
                _put(ws.cell(row=r, column=col), value, field)


def _put(cell, value: object, field: Field) -> None:
    """A value as a plain cell: text stays text (never a formula), codes keep the text format."""
    if isinstance(value, str):
        value = _printable(value)[:MAX_CELL_CHARS]
        cell.value = value
        cell.data_type = "s"
        if is_risky(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    if field.key in TEXT_FIELDS:
        cell.number_format = "@"
    elif field.kind == "date":
        cell.number_format = "yyyy-mm-dd"


def _printable(text: str) -> str:
    """Text without the control characters an xlsx file cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _firm_rows(firms: pd.DataFrame, spec: dict) -> list[list]:
    columns = [firms[f.key].tolist() if f.key in firms.columns else [None] * len(firms) for f in FIELDS]
    return [[_cell_value(value, field, spec) for field, value in zip(FIELDS, row)] for row in zip(*columns)]


def _cell_value(value: object, field: Field, spec: dict) -> object:
    """A roster value as the template asks for it: levels and flags in the drop-down's words."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if field.kind == "level":
        return spec["level_values"][int(value) - 1]
    if field.kind == "flag":
        return spec["flag_values"][0 if bool(value) else 1]
    if field.kind == "date":
        return pd.Timestamp(value).date()
    if field.kind == "count" and float(value).is_integer():
        return int(value)
    if field.kind in ("money", "rate", "count"):
        return float(value)
    return str(value)


def _lay_out(ws, places: Places, texts: Texts) -> None:
    from openpyxl.utils import get_column_letter

    for col, field in enumerate(FIELDS, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = 24 if field.key in ("credit_code", "name") else max(10, len(field.zh) * 2)
        if field.key in TEXT_FIELDS:
            ws.column_dimensions[letter].number_format = "@"
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_landscape_fit_to_width(ws)
    ws.oddHeader.center.text = _printable(texts("title", place=places.name)).replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"


# ------------------------------------------------------------------ drop-down lists and checks

def _write_lists(ws, places: Places, spec: dict) -> dict[str, str]:
    """The lists as columns of the hidden sheet; the range each list field's check refers to."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    columns = {"city": places.cities, "county": places.counties, "level": spec["level_values"],
               "flag": spec["flag_values"]}
    ranges = {}
    for col, key in enumerate(LIST_FIELDS, start=1):
        values = columns[key] or [""]
        for row, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value).data_type = "s"
        letter = get_column_letter(col)
        ranges[key] = f"{quote_sheetname(ws.title)}!${letter}$1:${letter}${len(values)}"
    return ranges


def _add_checks(ws, ranges: dict[str, str], texts: Texts, spec: dict, last_row: int) -> dict[str, str]:
    """A data validation with its input message and error alert on every coded column; each field's
    input message (what the instructions list for it)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    requirements = {}
    for col, field in enumerate(FIELDS, start=1):
        rule = _rule(field, ranges, spec)
        if rule is None:
            continue
        key = field.key if field.key in ("credit_code", "city", "county", "industry_code") else field.kind
        params = _text_params(key, spec)
        prompt, error = texts(f"validation.{key}.prompt", **params), texts(f"validation.{key}.error", **params)
        check = DataValidation(**rule, allow_blank=True, showInputMessage=True, showErrorMessage=True,
                               errorStyle="stop", promptTitle=field.zh[:32], prompt=prompt[:255],
                               errorTitle=texts("error_title")[:32], error=error[:255])
        letter = get_column_letter(col)
        check.add(f"{letter}2:{letter}{last_row}")
        ws.add_data_validation(check)
        requirements[field.key] = prompt
    return requirements


def _rule(field: Field, ranges: dict[str, str], spec: dict) -> dict | None:
    limits = spec["limits"]
    if field.key in ("city", "county"):
        return {"type": "list", "formula1": ranges[field.key]}
    if field.kind in ("level", "flag"):
        return {"type": "list", "formula1": ranges[field.kind]}
    if field.key == "credit_code":
        return {"type": "textLength", "operator": "equal", "formula1": "18"}
    if field.key == "industry_code":
        low, high = limits["industry_code_length"]
        return {"type": "textLength", "operator": "between", "formula1": str(low), "formula2": str(high)}
    if field.kind in ("money", "count"):
        return {"type": "decimal" if field.kind == "money" else "whole", "operator": "greaterThanOrEqual",
                "formula1": "0"}
    if field.kind == "rate":
        low, high = limits["rate"]
        return {"type": "decimal", "operator": "between", "formula1": str(low), "formula2": str(high)}
    if field.kind == "date":
        low, high = (_excel_serial(date.fromisoformat(d)) for d in limits["date"])
        return {"type": "date", "operator": "between", "formula1": str(low), "formula2": str(high)}
    return None


def _text_params(key: str, spec: dict) -> dict:
    limits = spec["limits"]
    if key == "rate":
        return dict(zip(("min", "max"), limits["rate"]))
    if key == "industry_code":
        return dict(zip(("min", "max"), limits["industry_code_length"]))
    if key == "level":
        return {"values": "、".join(spec["level_values"])}
    return {}


def _excel_serial(day: date) -> int:
    return (datetime(day.year, day.month, day.day) - datetime(1899, 12, 30)).days


# ------------------------------------------------------------------ the instructions

def _write_instructions(ws, places: Places, texts: Texts, requirements: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=1, column=1, value=texts("title", place=places.name)).font = Font(bold=True, size=14)
    row = 3
    for line in texts.raw("instructions"):
        cell = ws.cell(row=row, column=1, value=texts.pick(line).format(sheet=texts("sheets.data")))
        cell.alignment = Alignment(wrap_text=False, vertical="top")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value=texts("columns_heading")).font = Font(bold=True, size=12)
    row += 1
    for col, key in enumerate(("column_header", "requirement_header"), start=1):
        ws.cell(row=row, column=col, value=texts(key)).font = Font(bold=True)
    for field in FIELDS:
        row += 1
        ws.cell(row=row, column=1, value=field.zh).alignment = wrap
        ws.cell(row=row, column=2, value=requirements.get(field.key, texts("free_text"))).alignment = wrap
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    _print_landscape_fit_to_width(ws)


def _print_landscape_fit_to_width(ws) -> None:
    """A4 landscape, every column on the page's width, as many pages down as it takes."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
