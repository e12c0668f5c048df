"""Measures show as their code and name in the UI language, not as bare codes (S01, D01…): in the roster
table and in the firm detail's overrides."""

from PySide6.QtCore import Qt

from planning.project.facade import Project
from tests.conftest import wait_idle
from ui.people_text import measures


def test_measures_are_shown_with_their_names(loaded_window, qtbot):
    window, roster = loaded_window, loaded_window.roster
    catalogue = window.doc.strategy.config.catalogue.by_id()
    model = roster.model
    column = [c.key for c in model.columns].index("actions")
    codes = window.doc.strategy.frame["actions"].fillna("")
    row = int(next(k for k, ids in enumerate(codes) if ids.count(";") >= 1))
    view_row = model.view_row(row)
    text = model.data(model.index(view_row, column), Qt.ItemDataRole.DisplayRole)
    first, second = codes.iat[row].split(";")[:2]
    assert text.startswith(f"{first} {catalogue[first].label('en')}; {second} {catalogue[second].label('en')}")
    with qtbot.waitSignal(window.doc.strategyChanged, timeout=30000):
        roster.request_override(row, "actions", ["S01", "D01"], "only diagnosis and ERP this year")
    wait_idle(qtbot, window)
    roster.select_firm(row)
    shown = roster.detail.browser.toPlainText()
    assert f"S01 {catalogue['S01'].label('en')}; D01 {catalogue['D01'].label('en')}" in shown


def test_the_names_follow_the_language_and_unknown_codes_stay():
    catalogue = Project.new().strategy_config().catalogue.by_id()
    assert measures("S01;X99", catalogue, "zh") == f"S01 {catalogue['S01'].label('zh')}、X99"
    assert measures(["D01"], catalogue, "en") == f"D01 {catalogue['D01'].label('en')}"
    assert measures("", catalogue, "en") == ""


def test_the_english_roster_names_places_in_pinyin(loaded_window):
    roster = loaded_window.roster
    frame = loaded_window.doc.strategy.frame
    model = roster.model
    keys = [c.key for c in model.columns]
    row = int(frame.index[frame["county"].fillna("").str.endswith("区")][0])
    city = model.data(model.index(model.view_row(row), keys.index("city")), Qt.ItemDataRole.DisplayRole)
    county = model.data(model.index(model.view_row(row), keys.index("county")), Qt.ItemDataRole.DisplayRole)
    assert city.isascii() and county.isascii() and city and county
    texts = [roster.city.itemText(k) for k in range(1, roster.city.count())]
    assert city in texts and all(t.isascii() for t in texts)
    roster.city.setCurrentIndex(texts.index(city) + 1)  # the filter still matches the roster's names
    assert 0 < roster.model.rowCount() < len(frame)


def test_the_english_firm_detail_names_its_places_in_pinyin(loaded_window):
    roster = loaded_window.roster
    frame = loaded_window.doc.strategy.frame
    row = int(frame.index[frame["county"].fillna("").str.endswith("区")][0])
    roster.select_firm(row)
    where = roster.detail.browser.toPlainText().splitlines()[1]
    assert frame["credit_code"].iat[row] in where and where.replace("·", "").isascii() and where.count(" · ") == 2
