"""Values the core stores as codes or machine formats, shown to people in the UI language:
times of the audit trail in the locale's format, the solver's method and status in words, measures
as their code and name, places in pinyin in English."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt


def when(stamp: str) -> str:
    """An ISO time ("2026-12-07T03:56:17") in the locale's short date and time; other text as it is."""
    moment = QDateTime.fromString(str(stamp), Qt.DateFormat.ISODate)
    if not moment.isValid():
        return str(stamp)
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def method_name(method: str) -> str:
    names = {"milp": QCoreApplication.translate("PeopleText", "exact optimisation"), "greedy": QCoreApplication.translate("PeopleText", "greedy selection"), "auto": QCoreApplication.translate("PeopleText", "automatic")}
    return " + ".join(names.get(part, part) for part in str(method).split("+"))


def status_name(status: str) -> str:
    names = {"Optimal": QCoreApplication.translate("PeopleText", "optimal"), "feasible": QCoreApplication.translate("PeopleText", "feasible"), "Time limit reached": QCoreApplication.translate("PeopleText", "stopped at the time limit"),
             "Infeasible": QCoreApplication.translate("PeopleText", "no plan meets every constraint"), "forced_firm_not_funded": QCoreApplication.translate("PeopleText", "a required firm is not funded"),
             "city_floor_not_met": QCoreApplication.translate("PeopleText", "a city's minimum is not met"), "earmark_not_met": QCoreApplication.translate("PeopleText", "an earmark is not met")}
    return names.get(str(status), str(status))


def solver(method: str, status: str, gap: float | None = None) -> str:
    text = f"{method_name(method)} · {status_name(status)}"
    if gap is not None:
        text += " · " + QCoreApplication.translate("PeopleText", "gap {gap}").format(gap=QLocale().toString(gap * 100, "f", 3) + " %")
    return text


def progress_status(status: str) -> str:
    """A stage code the core reports while it works ("milp", "5000"), in words."""
    stages = {"candidates": QCoreApplication.translate("PeopleText", "Building the candidate actions"), "greedy": QCoreApplication.translate("PeopleText", "Drawing up a first plan"),
              "milp": QCoreApplication.translate("PeopleText", "Improving the plan and proving its quality"), "xlsx": QCoreApplication.translate("PeopleText", "Writing the workbook"),
              "charts": QCoreApplication.translate("PeopleText", "Drawing the charts")}
    text = str(status).strip()
    if text in stages:
        return stages[text]
    try:
        budget = float(text)
    except ValueError:
        return text
    return QCoreApplication.translate("PeopleText", "Budget {amount} (10k CNY)").format(amount=QLocale().toString(budget, "f", 0))


def measures(ids, catalogue: dict, lang: str) -> str:
    """Measure codes ("S01;D01" or a list) as "S01 name、D01 name" in the UI language (a code the
    catalogue does not know stays a code)."""
    codes = [a for a in (ids.split(";") if isinstance(ids, str) else ids or []) if a]
    separator = "、" if lang == "zh" else "; "
    return separator.join(f"{a} {catalogue[a].label(lang)}" if a in catalogue else a for a in codes)


def place_names(frame: pd.DataFrame, key: str, lang: str) -> np.ndarray:
    """City or county names as the reader reads them: as in the roster in Chinese, in English the
    division's pinyin (from its GB/T 2260 code); places without a known code keep their name."""
    names = frame[key].to_numpy(dtype=object)
    if lang == "zh" or f"{key}_code" not in frame:
        return names
    from planning.reference.regions import region_index

    by_code = region_index().by_code
    codes, uniques = pd.factorize(frame[f"{key}_code"].astype("string"), use_na_sentinel=True)
    pinyin = np.array([getattr(by_code.get(str(u)), "pinyin", None) for u in uniques] + [None], dtype=object)[codes]
    return np.where(pd.isna(pinyin) | (pinyin == ""), names, pinyin)
