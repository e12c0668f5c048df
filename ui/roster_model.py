"""The roster table: every firm with its tags, shown through the sorted model (see sorted_model).

Coded tags are shown by their display names from the strategy config (the core's names in the
chosen language); cells a planner overrode are drawn in blue bold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planning.budget.action_plan import BudgetPlan
from planning.base.schema import FIELD_BY_KEY
from planning.strategy.strategies import StrategyResult

from .help_measures import measure_tips
from .people_text import measures, place_names
from .sorted_model import CENTER, RIGHT, Column, SortedTableModel, number_format, text_of

OVERRIDE_COLOUR = QColor("#1F4E9E")


def named(frame: pd.DataFrame, key: str, result: StrategyResult, lang: str) -> np.ndarray:
    """Display names of a coded column, looked up once per distinct value."""
    codes, uniques = pd.factorize(frame[key], use_na_sentinel=True)
    names = np.array([result.config.name_of(key, u, lang) for u in uniques] + [""], dtype=object)
    return names[codes]


def firm_subsidy(plan: BudgetPlan | None, n: int) -> np.ndarray:
    """Subsidy per firm (万元) in ``plan``, NaN for firms it does not fund."""
    out = np.full(n, np.nan)
    if plan is None or len(plan.strategy.frame) != n or plan.lines.empty:
        return out
    money = plan.lines.groupby("firm")["subsidy_wan"].sum()
    out[money.index.to_numpy(dtype=np.int64)] = money.to_numpy(dtype=float)
    return out


class RosterModel(SortedTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: StrategyResult | None = None
        self.subsidy = np.zeros(0)
        self.overridden: dict[str, np.ndarray] = {}
        self._override_cells: dict[int, np.ndarray] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._brush = QBrush(OVERRIDE_COLOUR)

    def set_result(self, result: StrategyResult | None, plan: BudgetPlan | None, lang: str) -> None:
        self.result = result
        if result is None:
            self.subsidy = np.zeros(0)
            self.overridden = {}
            self._override_cells = {}
            self.set_columns([], 0)
            return
        frame = result.frame
        n = len(frame)
        self.subsidy = firm_subsidy(plan, n)
        marks = frame["overridden"].fillna("").to_numpy(dtype=str)
        self.overridden = {f: np.char.find(marks, f) >= 0 for f in ("tier", "key_sector", "track", "actions", "division")}
        columns = self._columns(result, lang)
        self._override_cells = {k: self.overridden[c.key] for k, c in enumerate(columns) if c.key in self.overridden}
        self.set_columns(columns, n)

    def _columns(self, result: StrategyResult, lang: str) -> list[Column]:
        frame, fields = result.frame, result.config.fields
        label = lambda key: (FIELD_BY_KEY[key].label(lang) if key in FIELD_BY_KEY else fields[key].label(lang))  # noqa: E731
        catalogue = result.config.catalogue.by_id()
        actions = frame["actions"].fillna("").to_numpy(dtype=object)

        def action_names(row: int) -> str | None:
            ids = [a for a in str(actions[row]).split(";") if a]
            return measure_tips(catalogue, ids, lang)

        named_actions = {ids: measures(ids, catalogue, lang) for ids in set(actions)}

        incomplete = frame["data_incomplete"].to_numpy(dtype=bool)
        unclassified = (frame["sector_source"] == "unclassified").to_numpy(dtype=bool)
        overridden = frame["overridden"].fillna("").to_numpy(dtype=str) != ""
        words = (self.tr("overridden"), self.tr("data incomplete"), self.tr("sector unknown"))
        sep = "、" if lang == "zh" else ", "
        texts = np.array([sep.join(w for k, w in enumerate(words) if combo >> k & 1) for combo in range(8)], dtype=object)
        flags = texts[overridden.astype(int) + 2 * incomplete.astype(int) + 4 * unclassified.astype(int)]
        return [
            Column("name", label("name"), frame["name"].to_numpy(dtype=object)),
            Column("credit_code", label("credit_code"), frame["credit_code"].to_numpy(dtype=object)),
            Column("city", label("city"), place_names(frame, "city", lang)),
            Column("county", label("county"), place_names(frame, "county", lang)),
            Column("key_sector", label("key_sector"), named(frame, "key_sector", result, lang)),
            Column("tier", label("tier"), named(frame, "tier", result, lang)),
            Column("score", label("score"), frame["score"].to_numpy(dtype=float, na_value=np.nan), number_format(1), RIGHT),
            Column("size_class", label("size_class"), named(frame, "size_class", result, lang)),
            Column("miit_level", label("miit_level"), frame["miit_level"].to_numpy(dtype=float, na_value=np.nan),
                   number_format(0), CENTER),
            Column("revenue_wan", label("revenue_wan"), frame["revenue_wan"].to_numpy(dtype=float, na_value=np.nan),
                   number_format(1), RIGHT),
            Column("employees", label("employees"), frame["employees"].to_numpy(dtype=float, na_value=np.nan),
                   number_format(0), RIGHT),
            Column("rule", self.tr("Rule"), frame["rule"].to_numpy(dtype=object), text_of, CENTER),
            Column("track", self.tr("Track"), named(frame, "track", result, lang)),
            Column("actions", self.tr("Actions"), np.array([named_actions[a] for a in actions], dtype=object),
                   tooltip=action_names),
            Column("subsidy", self.tr("Subsidy (10k CNY)"), self.subsidy, number_format(2), RIGHT),
            Column("flags", self.tr("Notes"), flags),
        ]

    def extra_data(self, index: QModelIndex | QPersistentModelIndex, role: int):
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            cells = self._override_cells.get(index.column())
            if cells is not None and cells[self.rows[index.row()]]:
                return self._brush if role == Qt.ItemDataRole.ForegroundRole else self._bold
        return None
