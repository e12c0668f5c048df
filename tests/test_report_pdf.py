"""The plan report: one QTextDocument for preview, printer and PDF; pages, fonts, text and charts."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from planning.reports.city_plans import city_plan, funded_cities
from planning.reports.content import Table, build_report
from tests.export_plans import sample_plan, synthetic_plan

pytest.importorskip("PySide6.QtPrintSupport")

from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from ui.report import render as report_render  # noqa: E402

TODAY = date(2025, 3, 31)


def page_texts(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def first_page_with(texts: list[str], needle: str, start: int = 0) -> int:
    squeeze = re.sub(r"\s+", "", needle)
    for k in range(start, len(texts)):
        if squeeze in re.sub(r"\s+", "", texts[k]):
            return k
    raise AssertionError(f"{needle!r} is on no page from {start + 1}")


def embedded_fonts(path) -> dict[str, bool]:
    """Base font name -> whether its font file is embedded, over every page."""
    out = {}
    for page in PdfReader(str(path)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            out[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def image_widths(path) -> list[int]:
    widths = []
    for page in PdfReader(str(path)).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                widths.append(int(obj["/Width"]))
    return widths


@pytest.fixture(scope="module")
def zh_report(qapp, tmp_path_factory):
    plan = synthetic_plan()
    content = build_report(plan, lang="zh", today=TODAY)
    path = report_render.render_pdf(content, tmp_path_factory.mktemp("pdf") / "报告.pdf")
    return plan, content, path, page_texts(path)


def test_cover_and_every_section_start_a_page(zh_report):
    _, content, _, texts = zh_report
    assert len(texts) >= 1 + len(content.sections)
    cover = re.sub(r"\s+", "", texts[0])
    assert "安徽省制造业数字化转型" in cover and "“一企一策”资金安排方案" in cover
    assert "2025年3月31日" in cover and "安徽省工业和信息化厅" in cover
    assert "第1页" not in cover  # the cover carries no page number
    previous = 0
    for section in content.sections:
        page = first_page_with(texts, section.heading, 1)
        assert page > previous, f"{section.heading} does not start a new page"
        assert re.sub(r"\s+", "", texts[page]).find(re.sub(r"\s+", "", section.heading)) < 80, section.heading
        previous = page
    assert [s.heading for s in content.sections[:3]] == ["一、总体情况", "二、数字化水平与指标预期", "三、资金安排"]


def test_page_numbers_and_running_title(zh_report):
    _, content, _, texts = zh_report
    pages = len(texts)
    for number in (2, pages):
        text = re.sub(r"\s+", "", texts[number - 1])
        assert f"第{number}页，共{pages}页" in text
        assert re.sub(r"\s+", "", content.running_title) in text


def test_chinese_headings_tables_and_captions_are_text(zh_report):
    _, content, _, texts = zh_report
    everything = re.sub(r"\s+", "", "".join(texts))
    for needle in ("一、总体情况", "（一）按地市", "表1主要数据", "图1", "补助资金按地市", "合肥市", "全国（2024年）",
                   "附件：拟支持企业名单", "统一社会信用代码"):
        assert needle in everything, needle
    assert len(content.tables()) >= 8 and len(content.charts()) == 6


def test_table_header_repeats_on_every_annex_page(zh_report):
    plan, _, _, texts = zh_report
    start = first_page_with(texts, "附件：拟支持企业名单", 1)
    annex_pages = texts[start:]
    assert len(annex_pages) >= 2, "the annex should span pages for this test to mean anything"
    for k, text in enumerate(annex_pages):
        squeezed = re.sub(r"\s+", "", text)
        assert "统一社会信用代码" in squeezed and "附件：拟支持企业名单" in squeezed, f"annex page {k + 1}"
    codes = set(plan.lines["credit_code"])
    shown = {c for c in codes if c in "".join(annex_pages)}
    assert shown == codes  # every funded firm is listed


def test_cjk_font_is_embedded(zh_report):
    _, _, path, _ = zh_report
    fonts = embedded_fonts(path)
    cjk = [name for name in fonts if "DroidSansFallback" in name]
    assert cjk and all(fonts[name] for name in cjk), fonts
    assert all(fonts.values()), fonts  # Latin (DejaVu) too: the PDF needs no font of the reader's
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        line = next(row for row in listing.splitlines() if "DroidSansFallback" in row)
        assert " yes " in line.split("Identity-H", 1)[1]


def test_charts_are_300_dpi_images(zh_report):
    _, content, path, _ = zh_report
    widths = image_widths(path)
    assert len(widths) == len(content.charts())
    width_mm = content.style["chart_width_mm"]
    assert min(widths) / (width_mm / 25.4) >= 280  # pixels per inch as printed


def test_english_report(qapp, tmp_path):
    content = build_report(synthetic_plan(), lang="en", today=TODAY)
    path = report_render.render_pdf(content, tmp_path / "report.pdf")
    texts = page_texts(path)
    everything = re.sub(r"\s+", " ", " ".join(texts))
    for needle in ("1. Overview", "2. Digital maturity and expected KPIs", "Table 1. Key figures", "Figure 1.",
                   "Annex: firms to be funded", "Page 2 of", "31 March 2025", "Anhui"):
        assert needle in everything, needle
    assert "总体情况" not in everything


def test_city_report(qapp, tmp_path):
    plan = synthetic_plan()
    city = funded_cities(plan)[0]
    content = build_report(city_plan(plan, city), lang="zh", city=city, today=TODAY)
    assert city in content.running_title
    keys = [b.caption for s in content.sections for b in s.blocks if isinstance(b, Table)]
    assert any("按区县" in caption for caption in keys)
    assert not any(c.key in ("levels_by_city", "money_by_city") for c in content.charts())
    texts = page_texts(report_render.render_pdf(content, tmp_path / "city.pdf"))
    assert city in texts[0] and "预算和约束为全省口径" in re.sub(r"\s+", "", texts[0])


def test_preview_printer_and_pdf_draw_the_same_pages(qapp, qtbot, tmp_path):
    content = build_report(synthetic_plan(), lang="zh", today=TODAY)
    pages = report_render.lay_out(content)
    assert isinstance(pages, report_render.Pages) and pages.count > len(content.sections)
    for section in content.sections:  # every section starts a page of its own
        assert any(pages.text(k).startswith(section.heading) for k in range(pages.count)), section.heading
    charts = [strip.flow for page in pages.pages for strip in page
              if strip.flow.document.resource(QTextDocument.ResourceType.ImageResource, QUrl("chart.png")) is not None]
    assert len({id(flow) for flow in charts}) == len(content.charts())

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    report_render.setup_device(printer, content)
    printed = report_render.print_document(content, printer)
    written = len(PdfReader(str(report_render.render_pdf(content, tmp_path / "written.pdf", pages=pages))).pages)
    assert printed == written == pages.count == len(PdfReader(str(tmp_path / "printed.pdf")).pages)

    dialog = report_render.preview_dialog(content, pages=pages)
    painted = []
    dialog.paintRequested.connect(lambda device: painted.append(device))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=20000)
    dialog.close()


def test_long_tables_break_between_rows_with_their_head_on_every_page(qapp):
    plan = synthetic_plan()
    content = build_report(plan, lang="zh", today=TODAY)
    annex = next(b for s in content.sections for b in s.blocks if isinstance(b, Table) and b.compact)
    pages = report_render.lay_out(content)
    caption = "".join(annex.caption.split())
    lines = [set(pages.text(k).split("\n")) for k in range(pages.count)]
    first = next(k for k in range(pages.count) if caption in "".join(pages.text(k).split()))
    last = max(k for k in range(pages.count) if annex.rows[-1][1] in lines[k])
    assert last > first + 1  # the annex runs over several pages
    height = pages.body.height()
    listed = set()
    for k in range(first, last + 1):
        strips = pages.pages[k]
        heads = [i for i, s in enumerate(strips) if caption in "".join(s.flow.document.toPlainText().split())]
        assert heads and heads[0] <= (1 if k == first else 0)  # its head tops every page (under the heading)
        assert all(0 <= s.y and s.y + s.bottom - s.top <= height + 1e-6 for s in strips)
        for strip in strips:
            breaks = [0.0, strip.flow.height, *strip.flow.breaks]
            assert any(abs(strip.bottom - b) < 1e-6 for b in breaks)  # never through a row
        listed |= {row[0] for row in annex.rows if row[0] in lines[k] and row[1] in lines[k]}
    assert len(listed) == len(annex.rows)  # every firm listed


def test_escaping(qapp):
    plan = synthetic_plan(hostile=True)
    content = build_report(plan, lang="zh", today=TODAY)
    pages = report_render.lay_out(content)
    everything = "\n".join(pages.text(k) for k in range(pages.count))
    assert "<r><t>rich</t></r>" in everything  # shown as the text it is, not read as markup
    assert '=HYPERLINK("http://x","y")' in everything


@pytest.mark.slow
def test_sample_roster_report(qapp, tmp_path):
    roster, plan = sample_plan()
    content = build_report(plan, lang="zh", today=TODAY)
    path = report_render.render_pdf(content, tmp_path / "sample.pdf")
    texts = page_texts(path)
    assert len(texts) > 10  # the text, the tables and the annex of every funded line
    everything = re.sub(r"\s+", "", "".join(texts))
    for city in plan.lines["city"].dropna().unique():
        assert city in everything
    assert f"{plan.total_subsidy:,.1f}" in everything
