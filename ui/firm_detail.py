"""One firm in detail: its tags, why it got them (the core's explanation), its actions and its
funding in the current plan, the planners' overrides, and the buttons to change them."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from planning.budget.action_plan import BudgetPlan
from planning.reports.formats import money
from planning.strategy.explanations import explanation, paragraph
from planning.strategy.strategies import StrategyResult

from .help_measures import MeasureTooltips, measure_link, measure_tip
from .people_text import measures, place_names, when

OVERRIDE_FIELDS = ("tier", "key_sector", "track", "actions")


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def for_people(info: dict) -> dict:
    """The explanation with the audit trail's times in the locale's format."""
    return {**info, "overrides": [{**o, "time": when(o["time"])} for o in info.get("overrides", [])]}


class FirmDetail(QWidget):
    overrideRequested = Signal(int, str)  # source row, field
    clearRequested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.row = -1
        self.result: StrategyResult | None = None
        self.plan: BudgetPlan | None = None
        self.lang = "zh"
        self.editable = True
        self.stale = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.measure_tips = MeasureTooltips(self.browser, self.measure_tip)
        layout.addWidget(self.browser, 1)
        buttons = QHBoxLayout()
        self.adjust_button = QToolButton()
        self.adjust_button.setText(self.tr("Adjust…"))
        self.adjust_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.adjust_menu = QMenu(self)
        self.adjust_actions: dict[str, QAction] = {}
        for field in OVERRIDE_FIELDS:
            action = self.adjust_menu.addAction(self.field_label(field) + "…")
            action.triggered.connect(lambda _=False, f=field: self.overrideRequested.emit(self.row, f))
            self.adjust_actions[field] = action
        self.adjust_button.setMenu(self.adjust_menu)
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Restore computed value"))
        self.clear_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.clear_menu = QMenu(self)
        self.clear_button.setMenu(self.clear_menu)
        buttons.addWidget(self.adjust_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.show_firm(None, -1, None, "zh")

    def field_label(self, field: str) -> str:
        return {"tier": self.tr("Digital foundation"), "key_sector": self.tr("Key sector"),
                "track": self.tr("Track"), "actions": self.tr("Actions")}[field]

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._update_buttons()

    def show_firm(self, result: StrategyResult | None, row: int, plan: BudgetPlan | None, lang: str,
                  stale: bool = False) -> None:
        self.result, self.row, self.plan, self.lang, self.stale = result, row, plan, lang, stale
        if result is None or not 0 <= row < len(result.frame):
            self.row = -1
            self.browser.setHtml(self._muted(self.tr("Select a firm to see its strategy.")))
        else:
            self.browser.setHtml(self.render(for_people(explanation(result, row, lang)), row))
        self._update_buttons()

    def _update_buttons(self) -> None:
        valid = self.row >= 0 and self.result is not None
        self.adjust_button.setEnabled(valid and self.editable)
        self.clear_menu.clear()
        overridden = []
        if valid:
            marks = str(self.result.frame["overridden"].iat[self.row] or "")
            overridden = [f for f in OVERRIDE_FIELDS if f in marks.split(";")]
        for field in overridden:
            action = self.clear_menu.addAction(self.field_label(field))
            action.triggered.connect(lambda _=False, f=field: self.clearRequested.emit(self.row, f))
        self.clear_button.setEnabled(valid and self.editable and bool(overridden))

    # -------------------------------------------------------------- the page

    def render(self, info: dict, row: int) -> str:
        frame = self.result.frame
        firm, sector, f = info["firm"], info["sector"], info["foundation"]
        none = self.tr("none")
        flag = " <span style='color:#1F4E9E'>(%s)</span>" % _e(self.tr("overridden"))
        one = frame.iloc[[row]]
        places = [place_names(one, key, self.lang)[0] for key in ("city", "county")]  # pinyin in English
        where = " · ".join(_e(v) for v in (firm["credit_code"], *places) if isinstance(v, str) and v)
        industry = " ".join(_e(v) for v in (frame["industry_code"].iat[row], frame["industry_name"].iat[row]) if v)
        parts = [f"<h3 style='margin-bottom:2px'>{_e(firm['name'])}</h3><p style='color:#595959; margin-top:0'>{where}"
                 f"{'<br>' + industry if industry else ''}</p>"]
        score = "—" if f["score"] is None else f["score"]
        rows = [
            (self.tr("Key sector"), f"{_e(sector['key_sector_name'] or none)} — {_e(sector['source_text'])}"
             + (flag if sector["source"] == "override" else "")),
            (self.tr("Industry division"), f"{_e(sector['division'])} {_e(sector['division_name'])}"),
            (self.tr("Digital foundation"), _e(self.tr("{tier} (score {score})").format(tier=f["tier_name"], score=score))
             + (flag if f["overridden"] else "")),
            (self.tr("Size"), _e(info["size_class"]["name"])),
            (self.tr("Rule"), _e(f"{info['rule']['id']} {info['rule']['name']}") if info["rule"] else "—"),
            (self.tr("Track"), _e(info["track"]["name"]) + (flag if info["track"]["overridden"] else "")),
        ]
        parts.append(self._table(rows))
        parts.append(self._heading(self.tr("Why")) + f"<p>{_e(paragraph(info, self.lang))}</p>")
        if f["contributions"]:
            parts.append(self._grid([self.tr("Indicator"), self.tr("Value"), self.tr("Weight"), self.tr("Points")],
                                    [[c["indicator"], c["value"], c["weight"], "—" if c["points"] is None else c["points"]]
                                     for c in f["contributions"]]))
        actions = "".join(f"<li>{measure_link(a['id'], _e(a['id']) + ' ' + _e(a['name']))}</li>"
                          for a in info["actions"]) or f"<li>{_e(none)}</li>"
        parts.append(self._heading(self.tr("Actions"), flag if info["actions_overridden"] else "") + f"<ul>{actions}</ul>")
        if info["left_out"]:
            left_out = self.tr("Left out")
            parts.append("<ul>" + "".join(f"<li style='color:#7f7f7f'>{_e(left_out)}: {_e(a['name'])} — {_e(a['why'])}</li>"
                                          for a in info["left_out"]) + "</ul>")
        parts.append(self._heading(self.tr("Funding")))
        if self.plan is None or len(self.plan.strategy.frame) != len(frame):
            parts.append(self._muted(self.tr("No plan yet: plan a scenario to see the funding.")))
        else:
            if self.stale:
                parts.append(self._muted(self.tr("The plan predates the latest changes: plan again to update it.")))
            candidates = self.plan.explain_value(row)
            actions = self.result.config.catalogue.by_id()
            if not candidates:
                parts.append(self._muted(self.tr("No fundable action (track or policy).")))
            else:
                not_funded = self.tr("not funded")
                parts.append(self._grid(
                    [self.tr("Action"), self.tr("Priority value"), self.tr("Investment"), self.tr("Ratio"),
                     self.tr("Subsidy"), self.tr("Year")],
                    [[actions[c["action"]].label(self.lang) if c["action"] in actions else c["action"], f"{c['value']:.1f}", money(c["investment_wan"]), f"{c['ratio']:.0%}",
                      money(c["subsidy_wan"]), c["year"] if c["funded"] else not_funded] for c in candidates]))
                parts.append(self._muted(self.tr("Amounts in 10k CNY.")))
        if info["overrides"]:
            parts.append(self._heading(self.tr("Overrides")))
            parts.append(self._grid([self.tr("Field"), self.tr("Value"), self.tr("Reason"), self.tr("By"), self.tr("When")],
                                    [[self.field_label(o["field"]) if o["field"] in OVERRIDE_FIELDS else o["field"],
                                      self._value_name(o["field"], o["value"]), o["reason"], o["author"], o["time"]]
                                     for o in info["overrides"]]))
        return "".join(parts)

    def measure_tip(self, action_id: str) -> str | None:
        if self.result is None:
            return None
        return measure_tip(self.result.config.catalogue.by_id(), action_id, self.lang)

    @staticmethod
    def _heading(text: str, extra: str = "") -> str:
        return f"<h4>{_e(text)}{extra}</h4>"

    @staticmethod
    def _muted(text: str) -> str:
        return f"<p style='color:#7f7f7f'>{_e(text)}</p>"

    def _value_name(self, field: str, value) -> str:
        if field == "actions":
            return measures(value, self.result.config.catalogue.by_id(), self.lang)
        return self.result.config.name_of(field, value, self.lang) or str(value)

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> str:
        body = "".join(f"<tr><td style='color:#595959; padding-right:10px'>{_e(k)}</td><td>{v}</td></tr>" for k, v in rows)
        return f"<table cellspacing='0' cellpadding='2'>{body}</table>"

    @staticmethod
    def _grid(header: list[str], rows: list[list]) -> str:
        head = "".join(f"<th align='left' style='background:#DDEBF7'>{_e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
        return f"<table border='0' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{body}</table>"
