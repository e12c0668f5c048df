"""Charts and report from the window: the charts on a Qt canvas and exported, the report paginated
in the preview, saved as PDF through the menu (with the page set up and remembered), per city."""

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, QTimer
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWidgets import QFileDialog

from tests.conftest import wait_idle


def test_report_is_laid_out_in_pages(report_window):
    report = report_window.report
    assert report.pages.count > 5 and report.pages.content is report.content
    assert "".join(report.content.cover.title.split()) in "".join(report.pages.text(0).split())


def test_preview_shows_the_pages_and_draws_only_those_in_view(report_window, qtbot):
    report = report_window.report
    view = report.preview
    assert view.page_count() == report.pages.count > 5
    assert report.page_label.text() == f"Page 1 of {view.page_count()}"
    view.resize(700, 900)
    image = view.viewport().grab().toImage()
    assert 0 < view.pages_drawn <= 3  # the sheets in view, not the whole report
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 3
    view.set_current_page(view.page_count() - 1)
    view.viewport().grab()
    assert view.current_page() == view.page_count() - 1
    assert report.page_label.text() == f"Page {view.page_count()} of {view.page_count()}"
    drawn = view.pages_drawn
    view.set_current_page(0)
    view.viewport().grab()
    assert view.pages_drawn == drawn  # the first pages come from the cache
    report.zoom.setCurrentIndex(0)
    assert view.fit_width and abs(view.zoom() - 1.0) > 0.01
    view.set_zoom(1.3)  # as Ctrl + wheel does
    assert report.zoom.currentText() == "130%" and abs(view.zoom() - 1.3) < 1e-9
    report.zoom.setCurrentIndex(report.zoom.findData(1.0))
    assert abs(view.zoom() - 1.0) < 1e-9 and not view.fit_width and report.zoom.count() == 6
    assert report.buttons["pdf"].isEnabled() and report_window.actions_["print"].isEnabled()
    dialog = report.preview_dialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == report.content.running_title


def test_the_report_is_laid_out_while_the_window_keeps_answering(report_window, qtbot):
    window = report_window
    report = window.report
    ticks, phases = [], {}
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)

    def started(task):
        phases[task.label] = [len(ticks), None]
        task.finished.connect(lambda: phases[task.label].__setitem__(1, len(ticks)))

    window.runner.taskStarted.connect(started)
    report.scope.setCurrentIndex(1)
    assert report.content is None and report.building is not None  # the window does not wait for it
    assert report.placeholder.text() == "Preparing the report…"
    qtbot.waitUntil(lambda: report.pages is not None, timeout=120000)
    timer.stop()
    window.runner.taskStarted.disconnect(started)
    begun, ended = phases["Laying out the report"]
    assert ended - begun >= 3  # the pages were laid out a slice at a time, events handled between slices
    assert english_place(window, report.scope.currentData()) in report.content.running_title
    wait_idle(qtbot, window)


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
    assert english_place(report_window, city) in report.content.cover.title
    wait_idle(qtbot, window)
    task = report.save_city_reports(tmp_path)
    qtbot.waitUntil(lambda: task.done, timeout=300000)
    wait_idle(qtbot, window)
    written = sorted(p.name for p in Path(tmp_path).glob("*.pdf"))
    from planning.reports.city_plans import funded_cities

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


def test_a_new_page_setup_lays_the_same_report_out_again(report_window, qtbot):
    window = report_window
    report = window.report
    content, pages = report.content, report.pages
    started = []
    window.runner.taskStarted.connect(lambda task: started.append(task.label))
    window.settings.set_page_layout(QPageLayout(QPageSize(QPageSize.PageSizeId.A3), QPageLayout.Orientation.Landscape,
                                                QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    report.rebuild()  # what accepting the page setup dialog does
    qtbot.waitUntil(lambda: report.pages is not None, timeout=120000)
    assert started == ["Laying out the report"]  # the content and its charts were not built again
    assert report.content is content and report.pages is not pages
    assert report.pages.count < pages.count  # A3 landscape holds more than A4 portrait
    assert report.pages.paper_size().width() > report.pages.paper_size().height()
    wait_idle(qtbot, window)


def english_place(window, city: str) -> str:
    """How an English report names a city of the roster: its division's pinyin."""
    from planning.reports.tables import place_names

    return place_names(window.doc.current_plan(), "city", "en").get(city, city)
