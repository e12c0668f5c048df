"""The report's blocks as Qt rich text: the style sheet, the fonts, and the HTML of each block.

Each block (the cover, a heading, a paragraph, a chart, a table's head or a run of its rows) becomes a
small document of its own, which ui.report.layout measures and places on pages. Nothing is bold: the
CJK font has no bold face, and Qt's synthetic bold draws the text twice, which doubles it when the PDF
is searched or copied.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

import matplotlib
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from planning.base.paths import resource_path
from planning.reports.content import LEFT, Chart, ReportContent, Table

CSS_DPI = 96.0  # QTextDocument reads HTML lengths as pixels at 96 dpi and scales them to the device
_app = None
_families: list[str] | None = None


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a headless one for command-line exports (a QApplication, so
    that widgets created later in the same process still work)."""
    global _app
    app = QGuiApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication

        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = app = QApplication([sys.argv[0] if sys.argv else "dtplan"])
    return app


def register_fonts() -> list[str]:
    """Register the bundled CJK font and matplotlib's DejaVu Sans with Qt (once); their families."""
    global _families
    if _families is None:
        ensure_app()
        ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        families: list[str] = []
        for path in (ttf / "DejaVuSans.ttf", ttf / "DejaVuSans-Bold.ttf",
                     resource_path("fonts", "DroidSansFallbackFull.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []:
                if family not in families:
                    families.append(family)
        _families = families
    return list(_families)


def report_font(content: ReportContent, size_pt: float) -> QFont:
    register_fonts()
    font = QFont()
    font.setFamilies(list(content.style.get("font_families") or ["DejaVu Sans", "Droid Sans Fallback"]))
    font.setPointSizeF(size_pt)
    font.setFeature(QFont.Tag("liga"), 0)  # 'fi' stays two letters when the PDF is searched or copied
    return font


def style_sheet(style: dict) -> str:
    body = style.get("body_size_pt", 10.5)
    table = style.get("table_size_pt", 9)
    heading = style.get("heading_color", "#1F3864")
    border = style.get("table_border", "#8EA9C1")
    return f"""
      body {{ font-size: {body}pt; }}
      h1 {{ font-size: {style.get('heading_size_pt', 16)}pt; color: {heading}; margin-top: 0px; margin-bottom: 10px;
            font-weight: normal; }}
      h2 {{ font-size: {style.get('subheading_size_pt', 12.5)}pt; color: {heading}; margin-top: 0px;
            margin-bottom: 6px; font-weight: normal; }}
      p {{ margin-top: 0px; margin-bottom: 6px; line-height: 150%; }}
      p.note {{ font-size: {table}pt; color: {style.get('muted_color', '#595959')}; }}
      table.data {{ border-collapse: collapse; font-size: {table}pt; }}
      table.data td, table.data th {{ border: 0.5px solid {border}; }}
      table.compact td, table.compact th {{ font-size: {style.get('annex_size_pt', 7.5)}pt; }}
      th {{ background-color: {style.get('table_header_bg', '#1F4E79')};
            color: {style.get('table_header_fg', '#FFFFFF')}; font-weight: normal; text-align: center; }}
      th.caption {{ background-color: #FFFFFF; color: {heading}; border-width: 0px; font-size: {body}pt;
                    padding-bottom: 5px; }}
      tr.stripe td {{ background-color: {style.get('table_stripe_bg', '#F2F6FA')}; }}
      tr.total td {{ background-color: {style.get('total_bg', '#DDEBF7')}; }}
      td.right {{ text-align: right; }}
      td.figure {{ text-align: center; font-size: {table + 0.5}pt; color: {heading}; }}
    """


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def heading_html(text: str, level: int) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def paragraph_html(text: str, style: str = "body") -> str:
    return f'<p class="{style}">{esc(text)}</p>'


def _table_open(table: Table) -> str:
    kind, padding = ("data compact", 2) if table.compact else ("data", 3)
    return f'<table class="{kind}" width="100%" cellspacing="0" cellpadding="{padding}">'


def _column_widths(table: Table) -> list[float]:
    n = len(table.columns)
    widths = table.widths or [100.0] * n
    scale = 100.0 / sum(widths)
    return [w * scale for w in widths]


def table_head_html(table: Table) -> str:
    """The table's caption and column headings: drawn above its rows on every page they reach."""
    n = len(table.columns)
    cells = "".join(f'<th width="{w:.1f}%">{esc(label)}</th>' for label, w in zip(table.columns, _column_widths(table)))
    return (f'{_table_open(table)}<tr><th class="caption" colspan="{n}">{esc(table.caption)}</th></tr>'
            f"<tr>{cells}</tr></table>")


def table_rows_html(table: Table, start: int, stop: int) -> str:
    """Rows ``start:stop`` of the table (with its total row when ``stop`` is the end), as a table of
    the same column widths as its head."""
    widths = _column_widths(table)

    def cells(values: list[str], sized: bool) -> str:
        return "".join(f'<td class="{"left" if a == LEFT else "right"}"'
                       + (f' width="{w:.1f}%"' if sized else "") + f">{esc(v)}</td>"
                       for v, a, w in zip(values, table.align, widths))

    out = [_table_open(table)]
    for k in range(start, stop):
        out.append(('<tr class="stripe">' if k % 2 else "<tr>") + cells(table.rows[k], k == start) + "</tr>")
    if table.total and stop == len(table.rows):
        out.append(f'<tr class="total">{cells(table.total, start == stop)}</tr>')
    out.append("</table>")
    return "".join(out)


def chart_html(chart: Chart, name: str, width_mm: float) -> str:
    w_in, h_in = chart.size_in
    width = width_mm / 25.4 * CSS_DPI
    height = width * h_in / w_in
    return (f'<table width="100%" cellspacing="0" cellpadding="2"><tr><td class="figure">'
            f'<img src="{name}" width="{width:.0f}" height="{height:.0f}"><br>{esc(chart.caption)}</td></tr></table>')


def cover_html(content: ReportContent) -> str:
    style, cover = content.style, content.cover
    heading = style.get("heading_color", "#1F3864")
    notes = "".join(f'<p align="center" style="font-size: 11pt;">{esc(n)}</p>' for n in cover.notes)
    title = "<br>".join(esc(line) for line in cover.title.split("\n"))
    title_pt = style.get("cover_title_size_pt", 22)
    subtitle_pt = style.get("cover_subtitle_size_pt", 14)
    return (f'<p style="margin-top: 210px;" align="center"><span style="font-size: {title_pt}pt; '
            f'color: {heading};">{title}</span></p>'
            f'<p align="center" style="margin-top: 24px;"><span style="font-size: {subtitle_pt}pt;">'
            f'{esc(cover.subtitle)}</span></p>{notes}'
            f'<p align="center" style="margin-top: 300px; font-size: 14pt;">{esc(cover.department)}</p>'
            f'<p align="center" style="font-size: 12pt;">{esc(cover.date)}</p>'
            f'<p align="center" class="note" style="margin-top: 40px;">{esc(cover.prepared_with)}</p>')
