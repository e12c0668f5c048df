"""Charts and report from the window: the charts on a Qt canvas and exported, the report paginated
in the preview, saved as PDF through the menu (with the page set up and remembered), per city."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWidgets import QFileDialog

from tests.conftest import wait_idle


@pytest.fixture
def report_window(loaded_window, qtbot):
    window = loaded_window
    window.tabs.setCurrentWidget(window.report)
    qtbot.waitUntil(lambda: window.report.content is not None, timeout=120000)
    wait_idle(qtbot, window)
    return window


def test_report_document_paginates(report_window):
    from ui.report_render import make_document

    content = report_window.report.content
    doc = make_document(content)
    assert doc.pageCount() > 5
    assert content.cover.title and content.sections


def test_preview_renders_the_pages(report_window, qtbot):
    report = report_window.report
    qtbot.waitUntil(lambda: report.preview.pageCount() > 5, timeout=60000)
    assert report.pages_painted == report.preview.pageCount()
    assert report.buttons["pdf"].isEnabled() and report_window.actions_["print"].isEnabled()
    dialog = report.preview_dialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == report.content.running_title


def test_save_pdf_through_the_menu_on_the_page_set_up(report_window, qtbot, tmp_path, monkeypatch):
    window = report_window
    letter = QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    window.settings.set_page_layout(letter)
    target = tmp_path / "报告.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    window.actions_["pdf"].trigger()
    wait_idle(qtbot, window)
    assert target.exists()
    pdf = PdfReader(str(target))
    assert len(pdf.pages) > 5
    box = pdf.pages[1].mediabox
    assert round(float(box.width)) == 792 and round(float(box.height)) == 612  # US Letter, landscape
    words = "".join(window.report.content.sections[0].heading.split())
    assert any(words in "".join((page.extract_text() or "").split()) for page in pdf.pages[:3])
    remembered = window.settings.page_layout()
    assert remembered.pageSize().id() == QPageSize.PageSizeId.Letter
    assert remembered.orientation() == QPageLayout.Orientation.Landscape


def test_report_per_city(report_window, qtbot, tmp_path):
    window = report_window
    report = window.report
    city = report.scope.itemData(1)
    report.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: report.content is not None and report.content_key[1] == city, timeout=120000)
    assert city in report.content.cover.title
    wait_idle(qtbot, window)
    task = report.save_city_reports(tmp_path)
    qtbot.waitUntil(lambda: task.done, timeout=300000)
    wait_idle(qtbot, window)
    written = sorted(p.name for p in Path(tmp_path).glob("*.pdf"))
    from planning.plan_views import funded_cities

    assert len(written) == len([c for c in funded_cities(window.doc.current_plan()) if c])
    assert any(city in name for name in written)


def test_charts_view_draws_and_exports(report_window, qtbot, tmp_path):
    window = report_window
    charts = window.charts
    window.tabs.setCurrentWidget(charts)
    qtbot.waitUntil(lambda: charts.canvas is not None and charts.list.count() >= 6, timeout=30000)
    assert charts.figure.axes  # something was drawn
    assert charts.list.currentItem().text() == charts.charts[0][1]
    assert charts.select("yearly")
    for suffix in ("png", "svg", "pdf"):
        path = charts.export(tmp_path / f"chart.{suffix}")
        assert path.exists() and path.stat().st_size > 1000
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "chart.pdf").read_bytes()[:4] == b"%PDF"


def test_export_plan_workbook(loaded_window, qtbot, tmp_path, monkeypatch):
    window = loaded_window
    target = tmp_path / "plan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_["export"].trigger()
    wait_idle(qtbot, window)
    import openpyxl

    book = openpyxl.load_workbook(target, read_only=True)
    assert len(book.sheetnames) >= 3
    book.close()
