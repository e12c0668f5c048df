"""What a measure (an action of the catalogue) is, for the tooltips wherever a measure's code or name is
shown: its code and name from the catalogue, and one line on what it does, from
resources/guide/measures.json (or made from its catalogue entry for a measure not described there)."""

from __future__ import annotations

import json
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QTextBrowser, QToolTip

from planning.base.paths import resource_path
from planning.strategy.catalogue import Action, track_label

LINK = "measure:"


@lru_cache(maxsize=1)
def _described() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(resource_path("guide", "measures.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, dict)}


def measure_line(action_id: str, action: Action | None, lang: str) -> str:
    """One line on what the measure does, in the UI language."""
    described = _described().get(action_id, {})
    line = described.get("en" if lang == "en" else "zh")
    if line:
        return line
    if action is None:
        return ""
    if action.track in ("intelligence", "digitalization"):
        return QCoreApplication.translate("MeasureTips", "{track} track; about {months} months").format(
            track=track_label(action.track, lang), months=action.duration_months)
    return QCoreApplication.translate("MeasureTips", "Any track; about {months} months").format(
        months=action.duration_months)


def measure_tip(actions: dict[str, Action], action_id: str, lang: str) -> str:
    """'D01 ERP企业资源计划系统' and, on the next line, what it does."""
    action = actions.get(action_id)
    head = f"{action_id} {action.label(lang)}" if action is not None else action_id
    line = measure_line(action_id, action, lang)
    return f"{head}\n{line}" if line else head


def measure_tips(actions: dict[str, Action], action_ids, lang: str) -> str | None:
    """The tips of several measures, one paragraph each."""
    return "\n\n".join(measure_tip(actions, a, lang) for a in action_ids if a) or None


def measure_link(action_id: str, text: str) -> str:
    """HTML for a measure in a text browser that shows its tip on hover (see MeasureTooltips)."""
    return f"<a href='{LINK}{action_id}' style='color:inherit; text-decoration:none'>{text}</a>"


class MeasureTooltips(QObject):
    """Shows a measure's tip over its link in a QTextBrowser (``tip(action_id)`` gives the text)."""

    def __init__(self, browser: QTextBrowser, tip):
        super().__init__(browser)
        self.browser = browser
        self.tip = tip
        browser.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        href = self.browser.anchorAt(event.pos())
        text = self.tip(href[len(LINK):]) if href.startswith(LINK) else None
        if text:
            QToolTip.showText(event.globalPos(), text, self.browser.viewport())
        else:
            QToolTip.hideText()
        return True


def with_measure_tips(columns: list, action_ids, actions: dict[str, Action], lang: str) -> list:
    """A table's columns with the measure's tip on its 'action' column (``action_ids``: one per source row)."""
    ids = [str(a) for a in action_ids]
    for column in columns:
        if column.key == "action":
            column.tooltip = lambda row: measure_tip(actions, ids[row], lang) if 0 <= row < len(ids) else None
    return columns
