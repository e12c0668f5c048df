"""The plan as a print-ready Excel workbook (XlsxWriter; a large plan is streamed row by row).

Sheets: summary (key figures, KPIs against the national figures, the limits), money by city, sector,
track and year, the '一企一策' action plan and, when given, the import quality report. Every table
sheet prints on A4 landscape, one page wide, with its header repeated, frozen panes and a filter.
The look, sheet names and headers come from ``templates/report/workbook_style.json``.

Cells are safe to open: text is always written as a string (never a formula, whatever it starts
with); text that Excel would read as a formula when retyped also gets Excel's quote prefix; missing
numbers, NaN and infinities are written as blank cells.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell

from planning.reports import tables as plan_tables
from planning.budget.action_plan import BudgetPlan
from planning.base.errors import ConfigError
from planning.importing.quality_report import ImportReport
from planning.reports.firm_outcomes import COLUMNS as OUTCOME_COLUMNS, firm_outcomes, outcome_display
from planning.reports.formats import plan_quality_value
from planning.reports.templates import WORKBOOK_STYLE, Texts, load
from planning.reports.table_file import RISKY, is_risky, write_text_cell

CHUNK_ROWS = 5000
STREAM_ABOVE_CELLS = 8_000_000  # XlsxWriter holds about 130 bytes per cell when not streaming
TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 2
_WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
IMPORT_COLUMNS = ("category", "severity", "file", "sheet", "row", "column", "field", "kind", "message", "raw")
GROUP_SHEETS = (("by_city", "city"), ("by_sector", "key_sector"), ("by_track", "track"))
SUMMED_FIGURES = {"total_subsidy_wan": "subsidy_wan", "total_investment_wan": "investment_wan",
                  "own_funds_wan": "own_funds_wan"}  # key figure -> its column on the action plan sheet


def text_width(text: str) -> int:
    """Columns the text takes in Excel: East-Asian wide characters count double."""
    return len(text) + len(_WIDE.findall(text))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # text | money | integer | percent | score | year
    width: float | None


class _Formats:
    """XlsxWriter formats made from the style template, created once per (role, kind, variant)."""

    def __init__(self, workbook: xlsxwriter.Workbook, style: dict, lang: str):
        self.workbook = workbook
        self.style = style
        font = (style.get("font") or {}).get(lang) or {}
        self.base = {"font_name": font.get("name", "宋体"), "font_size": font.get("size", 10)}
        self.numbers = style.get("number_formats") or {}
        self.cache: dict[tuple, Format] = {}

    def get(self, role: str, kind: str = "text", *, wrap: bool = False, quoted: bool = False) -> Format:
        """``role`` 'data' is a table body cell: its number format only, the borders come from one
        conditional format over the whole table (see :meth:`WorkbookWriter.rows`)."""
        key = (role, kind, wrap, quoted)
        if key not in self.cache:
            props = dict(self.base)
            props.update(self.style.get(role) or {})
            if role in ("cell", "total", "label", "data") and kind in self.numbers and kind != "text":
                props["num_format"] = self.numbers[kind]
            if wrap:
                props["text_wrap"] = True
            if quoted:
                props["quote_prefix"] = True
            self.cache[key] = self.workbook.add_format(props)
        return self.cache[key]


class WorkbookWriter:
    def __init__(self, path: Path, texts: Texts, style: dict | None = None, cells: int = 0):
        self.path = Path(path)
        self.texts = texts
        self.lang = texts.lang
        self.style = style or load(WORKBOOK_STYLE)
        font = (self.style.get("font") or {}).get(self.lang) or {}
        self.workbook = xlsxwriter.Workbook(str(self.path), {
            # streaming (rows go to disk as written) keeps memory flat at any size but costs a quarter
            # more time: use it when holding the cells would take more than about a gigabyte
            "constant_memory": cells > STREAM_ABOVE_CELLS,
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            # plain text cells carry no format of their own: they take this font
            "default_format_properties": {"font_name": font.get("name", "宋体"), "font_size": font.get("size", 10)},
        })
        self.formats = _Formats(self.workbook, self.style, self.lang)
        self.columns = self.style.get("columns") or {}
        self.wrap = set(self.style.get("wrap_columns") or ())

    # -------------------------------------------------------------- layout pieces

    def column(self, key: str) -> Column:
        spec = self.columns.get(key)
        if not isinstance(spec, dict):
            raise ConfigError("report.columns", where=WORKBOOK_STYLE, columns=[key])
        return Column(key, self.texts.pick(spec), str(spec.get("format", "text")), spec.get("width"))

    def sheet_name(self, key: str) -> str:
        name = self.texts.pick((self.style.get("sheets") or {}).get(key) or {}) or key
        if len(name) > 31 or _SHEET_NAME_BAD.search(name) or name.startswith("'"):
            raise ConfigError("report.sheet_name", where=WORKBOOK_STYLE, key=key, name=name)
        return name

    def add_sheet(self, key: str):
        ws = self.workbook.add_worksheet(self.sheet_name(key))
        page = self.style.get("page") or {}
        ws.set_paper(int(page.get("paper", 9)))
        if page.get("landscape", True):
            ws.set_landscape()
        ws.fit_to_pages(int(page.get("fit_width", 1)), 0)
        margins = page.get("margins_inch") or {}
        ws.set_margins(**{k: float(v) for k, v in margins.items() if k in ("left", "right", "top", "bottom")})
        if page.get("center_horizontally", True):
            ws.center_horizontally()
        header = self.texts.pick(page.get("header") or {})
        footer = self.texts.pick(page.get("footer") or {})
        if header:
            ws.set_header(header)
        if footer:
            ws.set_footer(footer)
        return ws

    def title_rows(self, ws, title: str, note: str, last_col: int) -> None:
        for row, text, role in ((TITLE_ROW, title, "title"), (NOTE_ROW, note, "note")):
            fmt = self.formats.get(role)
            if last_col > 0:
                ws.merge_range(row, 0, row, last_col, "", fmt)
            self.put_text(ws, row, 0, text, fmt)
        ws.set_row(TITLE_ROW, float((self.style.get("title") or {}).get("size", 14)) * 1.8)

    def header_row(self, ws, row: int, columns: list[Column]) -> None:
        fmt = self.formats.get("header")
        ws.set_row(row, float(self.style.get("header_row_height", 30)))
        for c, column in enumerate(columns):
            self.put_text(ws, row, c, column.label, fmt)

    def put_text(self, ws, row: int, col: int, value: object, fmt: Format, quoted_fmt: Format | None = None) -> None:
        """Write text as a string, never as a formula or raw XML."""
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            ws.write_blank(row, col, None, fmt)
            return
        text = value if isinstance(value, str) else str(value)
        write_text_cell(ws, row, col, text, fmt, quoted_fmt or self.formats.get("cell", quoted=True))

    def put_number(self, ws, row: int, col: int, value: object, fmt: Format) -> None:
        number = _finite(value)
        if number is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, number, fmt)

    def widths(self, ws, columns: list[Column], frame: pd.DataFrame | None) -> list[float]:
        low = float(self.style.get("min_width", 6))
        high = float(self.style.get("max_width", 48))
        out = []
        for c, column in enumerate(columns):
            if column.width is not None:
                width = float(column.width)
            else:
                header = math.ceil(text_width(column.label) / 2)  # headers wrap onto two lines
                content = _content_width(frame[column.key]) if frame is not None and column.key in frame else 0
                width = min(high, max(low, header, content) + 2)
            ws.set_column(c, c, width)
            out.append(width)
        return out

    # -------------------------------------------------------------- table sheets

    def table_sheet(self, key: str, title: str, note: str, columns: list[Column], frame: pd.DataFrame,
                    total: dict | None = None, freeze_cols: int = 1) -> None:
        ws = self.add_sheet(key)
        last_col = len(columns) - 1
        self.title_rows(ws, title, note, last_col)
        self.header_row(ws, HEADER_ROW, columns)
        widths = self.widths(ws, columns, frame)
        first = HEADER_ROW + 1
        self.rows(ws, first, frame, columns, widths)
        last = first + len(frame) - 1
        ws.freeze_panes(first, freeze_cols)
        ws.autofilter(HEADER_ROW, 0, max(HEADER_ROW, last), last_col)
        ws.repeat_rows(HEADER_ROW)
        if total is not None:
            row = last + 1
            for c, column in enumerate(columns):
                fmt = self.formats.get("total", column.kind)
                if c == 0:
                    self.put_text(ws, row, c, self.texts("total"), fmt)
                elif column.kind == "text" or column.key not in total:
                    ws.write_blank(row, c, None, fmt)
                elif _adds_up(frame[column.key], total[column.key], column.kind):
                    self.put_sum(ws, row, c, first, last, total[column.key], fmt)
                else:  # not a sum of the lines (firms counted once, a share of the budget)
                    self.put_number(ws, row, c, total[column.key], fmt)

    @staticmethod
    def put_sum(ws, row: int, col: int, first: int, last: int, value: float, fmt: Format) -> None:
        """A SUM over the column's lines, so an edited line updates it, with the value cached for readers
        that do not calculate. The formula is built here from cell positions, never from the data."""
        if last < first:
            ws.write_number(row, col, 0, fmt)
            return
        ws.write_formula(row, col, f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})", fmt,
                         _finite(value) or 0)

    def rows(self, ws, first_row: int, frame: pd.DataFrame, columns: list[Column], widths: list[float]) -> None:
        """Stream the frame's rows, a chunk of columns converted to Python lists at a time.

        This is the hot loop of a large export, so per cell it only skips empty values and calls
        the writer chosen for the column and chunk: a number, a plain string (no format of its own:
        it takes the workbook's default font), or, only in a column-chunk that holds one, the
        careful path for text that looks like a formula or rich-text XML. The table's borders are
        one conditional format rather than a format on every cell. A row whose wrapped text needs
        more lines gets the height for them (Excel fits it on opening; LibreOffice and WPS do not)."""
        # write_number/write_string only add A1-notation parsing in front of these (XlsxWriter is
        # pinned); in a 100k-row sheet that parsing is a fifth of XlsxWriter's time per cell
        number = getattr(ws, "_write_number", ws.write_number)
        string = getattr(ws, "_write_string", ws.write_string)
        careful = self._careful_text(ws)
        formats = [self.formats.get("data", c.kind, wrap=True) if c.key in self.wrap
                   else None if c.kind == "text" else self.formats.get("data", c.kind) for c in columns]
        texts = [c.kind == "text" for c in columns]
        risks = [_risky_rows(frame[c.key]) if is_text else None for c, is_text in zip(columns, texts)]
        wrapped = [(frame[c.key], w) for c, w in zip(columns, widths) if c.key in self.wrap and c.kind == "text"]
        tall = _lines_needed(len(frame), wrapped)
        line_height = float(self.style.get("line_height", 14))
        for start in range(0, len(frame), CHUNK_ROWS):
            stop = start + CHUNK_ROWS
            for k in np.flatnonzero(tall[start:stop] > 1):
                ws.set_row(first_row + start + int(k), line_height * float(tall[start + k]))
            part = frame.iloc[start:stop]
            values = [_text_cells(part[c.key]) if is_text else _number_cells(part[c.key])
                      for c, is_text in zip(columns, texts)]
            writers = [number if risky is None else careful if risky[start:stop].any() else string for risky in risks]
            row = first_row + start
            for record in zip(*values):
                for col, value in enumerate(record):
                    if value is not None:
                        writers[col](row, col, value, formats[col])
                row += 1
        if len(frame):
            border = {k: v for k, v in (self.style.get("cell") or {}).items() if k in ("border", "border_color")}
            ws.conditional_format(first_row, 0, first_row + len(frame) - 1, len(columns) - 1,
                                  {"type": "no_errors", "format": self.workbook.add_format(border)})

    def _careful_text(self, ws):
        def write(row: int, col: int, value: str, fmt: Format | None) -> None:
            if is_risky(value):
                self.put_text(ws, row, col, value, self.quoted(fmt), self.quoted(fmt))
            else:
                ws.write_string(row, col, value, fmt)
        return write

    def quoted(self, fmt: Format | None) -> Format:
        """The format with Excel's quote prefix, so the cell stays text when it is edited."""
        key = ("quoted", id(fmt))
        if key not in self.formats.cache:
            wrap = bool(fmt is not None and fmt.text_wrap)
            self.formats.cache[key] = self.formats.get("data", "text", wrap=wrap, quoted=True)
        return self.formats.cache[key]

    # -------------------------------------------------------------- summary sheet

    def summary_sheet(self, plan: BudgetPlan, title: str, note: str, city: str | None = None) -> None:
        t = self.texts
        ws = self.add_sheet("summary")
        if (self.style.get("page") or {}).get("summary_one_page", True):
            ws.fit_to_pages(1, 1)
        kpi_columns, kpi_rows = plan_tables.kpi_table(plan, t)
        width = max(5, len(kpi_columns))
        self.title_rows(ws, title, note, width - 1)
        ws.set_column(0, 0, 34)
        ws.set_column(1, width - 1, 16)
        figures = plan_tables.key_figures(plan)
        row = HEADER_ROW
        self.header_row(ws, row, [self.column("item"), self.column("amount"), self.column("unit")])
        wan, firms, actions = t("figures.unit_wan"), t("figures.unit_firms"), t("figures.unit_actions")
        items = [("scenario", plan_tables.scenario_label(plan.scenario, self.lang), "text", ""),
                 ("horizon", f"{figures['start']}–{figures['end']}", "text", ""),
                 ("budget_wan", figures["budget_wan"], "money", wan),
                 ("total_subsidy_wan", figures["total_subsidy_wan"], "money", wan),
                 ("budget_use", figures["budget_use"], "percent", ""),
                 ("total_investment_wan", figures["total_investment_wan"], "money", wan),
                 ("own_funds_wan", figures["own_funds_wan"], "money", wan),
                 ("leverage", figures["leverage"], "score", t("figures.unit_times")),
                 ("funded_firms", figures["funded_firms"], "integer", firms),
                 ("funded_actions", figures["funded_actions"], "integer", actions),
                 ("roster_firms", figures["roster_firms"], "integer", firms)]
        quality = plan_quality_value(figures["optimality_gap"], self.lang)
        if quality and not city:
            items.append(("plan_quality", quality, "text", ""))
        if city:  # one city's share: the budget, its use and the limits are the province's
            items = [item for item in items if item[0] not in ("budget_wan", "budget_use")]
        for key, value, kind, unit in items:
            row += 1
            self.put_text(ws, row, 0, t(f"figures.{key}"), self.formats.get("label"))
            if kind == "text":
                self.put_text(ws, row, 1, value, self.formats.get("cell"))
            elif key in SUMMED_FIGURES and _adds_up(plan.lines[SUMMED_FIGURES[key]], value, kind):
                self.put_plan_sum(ws, row, 1, SUMMED_FIGURES[key], len(plan.lines), value, self.formats.get("cell", kind))
            else:
                self.put_number(ws, row, 1, value, self.formats.get("cell", kind))
            self.put_text(ws, row, 2, unit, self.formats.get("cell"))

        row += 2
        self.put_text(ws, row, 0, t("kpi.heading"), self.formats.get("note"))
        row += 1
        header = self.formats.get("header")
        for c, (_, label) in enumerate(kpi_columns):
            self.put_text(ws, row, c, label, header)
        for item in kpi_rows:
            row += 1
            kind = "percent" if item["kind"] == "rate" else "integer"
            for c, (key, _) in enumerate(kpi_columns):
                if key == "indicator":
                    self.put_text(ws, row, c, item[key], self.formats.get("label"))
                    continue
                value = item.get(key)
                if value is not None and kind == "percent":
                    value = float(value) / 100.0
                self.put_number(ws, row, c, value, self.formats.get("cell", kind))
        kpis = plan.kpis
        for key in ("firms_reaching_level_2", "firms_reaching_level_3"):
            row += 1
            self.put_text(ws, row, 0, t(f"kpi.{key}"), self.formats.get("label"))
            self.put_number(ws, row, 1, kpis.get(key), self.formats.get("cell", "integer"))
        row += 1
        self.put_text(ws, row, 0, t("kpi.definitions_heading"), self.formats.get("note"))
        for text in plan_tables.kpi_notes(plan, self.lang):
            row += 1
            self.put_text(ws, row, 0, text, self.formats.get("note"))

        if city:
            return
        row += 2
        self.put_text(ws, row, 0, t("constraints.heading"), self.formats.get("note"))
        row += 1
        for c, key in enumerate(("constraint", "limit", "used", "met", "binding")):
            self.put_text(ws, row, c, t(f"constraints.{key}"), header)
        yes, no = t("constraints.yes"), t("constraints.no")
        for item in plan_tables.constraint_rows(plan, t):
            row += 1
            self.put_text(ws, row, 0, item["label"], self.formats.get("label"))
            self.put_number(ws, row, 1, item["limit"], self.formats.get("cell", item["kind"]))
            self.put_number(ws, row, 2, item["used"], self.formats.get("cell", item["kind"]))
            self.put_text(ws, row, 3, yes if item["met"] else no, self.formats.get("cell"))
            self.put_text(ws, row, 4, yes if item["binding"] else no, self.formats.get("cell"))

    def put_plan_sum(self, ws, row: int, col: int, key: str, lines: int, value: float, fmt: Format) -> None:
        """A key figure as the SUM of its column on the action plan sheet (written after this one), so an
        edited line updates it too; the value cached. Built from the template's sheet name and cell
        positions only."""
        column = plan_tables.ACTION_PLAN_COLUMNS.index(key)
        first, last = HEADER_ROW + 1, HEADER_ROW + lines
        if lines == 0:
            ws.write_number(row, col, 0, fmt)
            return
        sheet = "'" + self.sheet_name("action_plan").replace("'", "''") + "'"
        ws.write_formula(row, col, f"=SUM({sheet}!{xl_rowcol_to_cell(first, column)}:{xl_rowcol_to_cell(last, column)})",
                         fmt, _finite(value) or 0)

    def close(self) -> None:
        self.workbook.close()


# ------------------------------------------------------------------ the whole workbook


def write_workbook(plan: BudgetPlan, path: Path, report: ImportReport | None = None, *, lang: str = "zh",
                   city: str | None = None, province: str | None = None, today: date | None = None,
                   style: dict | None = None) -> Path:
    """Write the plan (and the import report, if given) to ``path``; returns the path.

    ``city`` names the city of a per-city plan (see :func:`planning.reports.city_plans.city_plan`);
    ``province`` is the province's name (found from the roster's city codes when not given)."""
    texts = Texts.load(lang)
    cells = (len(plan.lines) * len(plan_tables.ACTION_PLAN_COLUMNS) + len(plan.strategy.frame) * len(OUTCOME_COLUMNS)
             + (len(report.issues) * 10 if report else 0))
    writer = WorkbookWriter(path, texts, style, cells)
    try:
        _write_sheets(writer, plan, report, city, province, today or date.today())
    finally:
        writer.close()
    return Path(path)


def _write_sheets(w: WorkbookWriter, plan: BudgetPlan, report: ImportReport | None, city: str | None,
                  province: str | None, today: date) -> None:
    t = w.texts
    province = plan_tables.province_name(plan, t, name=province)
    city = plan_tables.place_names(plan, "city", t.lang).get(city, city) if city else city
    title = t("city_title", province=province, city=city) if city else t("title", province=province)
    note = t("workbook_note", scenario=plan_tables.scenario_label(plan.scenario, t.lang), start=plan.policy.start,
             end=plan.policy.end, date=format_date(today, t))
    if city:
        note += " " + t("city_scope_note", city=city)
    w.summary_sheet(plan, title, note, city)
    unit_note = t("unit_note")
    total = plan_tables.totals(plan)
    group_columns = [w.column(k) for k in plan_tables.GROUP_COLUMNS]
    for key, column in GROUP_SHEETS:
        columns = [Column("group", w.column(column).label, "text", None)] + group_columns[1:]
        w.table_sheet(key, t(f"sheet_titles.{key}"), unit_note, columns, plan_tables.group_table(plan, column, t),
                      total)
    year_columns = [w.column(k) for k in (plan_tables.CITY_YEAR_COLUMNS if city else plan_tables.YEAR_COLUMNS)]
    w.table_sheet("by_year", t("sheet_titles.by_year"), unit_note, year_columns, plan_tables.year_table(plan),
                  plan_tables.year_totals(plan))
    plan_columns = [w.column(k) for k in plan_tables.ACTION_PLAN_COLUMNS]
    w.table_sheet("action_plan", t("sheet_titles.action_plan"), unit_note, plan_columns,
                  plan_tables.action_plan(plan, t), total, freeze_cols=2)
    if not city:
        outcomes = outcome_display(plan, firm_outcomes(plan, t.lang), t.lang)
        w.table_sheet("firm_outcomes", t("sheet_titles.firm_outcomes"), t("firm_outcomes_note"),
                      [w.column(k) for k in OUTCOME_COLUMNS], outcomes, freeze_cols=2)
    if report is not None:
        rows = import_report_frame(report, t)
        w.table_sheet("import_report", t("sheet_titles.import_report"),
                      t("import_report.none") if rows.empty else "", [w.column(k) for k in IMPORT_COLUMNS], rows)


def import_report_frame(report: ImportReport, texts: Texts) -> pd.DataFrame:
    rows = pd.DataFrame(report.rows(texts.lang), columns=list(IMPORT_COLUMNS))
    for key in ("category", "severity"):
        names = {k: texts(f"import_report.{key}.{k}") for k in rows[key].unique()
                 if texts.has(f"import_report.{key}.{k}")}
        rows[key] = rows[key].map(lambda v: names.get(v, v))
    rows["raw"] = rows["raw"].map(lambda v: "" if v is None else str(v))
    return rows


def format_date(day: date, texts: Texts) -> str:
    months = texts.raw("month_names_en")
    return texts("date", year=day.year, month=day.month, day=day.day, month_name=months[day.month - 1])


# ------------------------------------------------------------------ value conversion


def _finite(value: object) -> float | None:
    if value is None or value is pd.NA or isinstance(value, (str, bytes)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _adds_up(series: pd.Series | None, total: object, kind: str) -> bool:
    """Whether the total is the sum of the column (to the cent for money, exactly for counts)."""
    if series is None or kind not in ("money", "integer", "percent") or _finite(total) is None:
        return False
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(values).all():
        return False
    return bool(abs(float(values.sum()) - float(total)) <= (5e-7 if kind == "money" else 1e-9) * max(1.0, abs(float(total))))


def _number_cells(series: pd.Series) -> list:
    """A chunk of a column as Python floats, None where missing, NaN or infinite (written as nothing)."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()


def _text_cells(series: pd.Series) -> list:
    """A chunk of a column as str, None where empty."""
    out = series.to_numpy(dtype=object, na_value=None).copy()
    out[pd.isna(out) | (out == "")] = None
    if pd.api.types.infer_dtype(out, skipna=True) not in ("string", "empty"):
        for k, value in enumerate(out):
            if value is not None and type(value) is not str:
                out[k] = str(value)
    return out.tolist()


def _risky_rows(series: pd.Series) -> np.ndarray:
    """Which values of a text column need the careful path (looked at once, for the whole column)."""
    match = RISKY.match
    return np.fromiter((isinstance(v, str) and match(v) is not None for v in series.to_numpy(dtype=object)),
                       dtype=bool, count=len(series))


def _lines_needed(rows: int, wrapped: list[tuple[pd.Series, float]]) -> np.ndarray:
    """Per row, the lines its longest wrapped text takes in its column (measured once per distinct text)."""
    lines = np.ones(rows)
    for series, width in wrapped:
        codes, distinct = pd.factorize(series)
        need = np.array([text_width(str(v)) for v in distinct] + [0], dtype=float)[codes]  # code -1: missing
        lines = np.maximum(lines, np.ceil(need / max(1.0, width - 1.5)))
    return np.minimum(lines, 15)


def _content_width(series: pd.Series, sample: int = 5000) -> int:
    if series.empty:
        return 0
    if len(series) > sample:
        series = series.iloc[np.linspace(0, len(series) - 1, sample).astype(int)]
    text = series.dropna().astype(str)
    if text.empty:
        return 0
    return int((text.str.len() + text.str.count(_WIDE.pattern)).max())
