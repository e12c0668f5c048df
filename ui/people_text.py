"""Values the core stores as codes or machine formats, shown to people in the UI language:
times of the audit trail in the locale's format, the solver's method and status in words."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt


def _t(text: str) -> str:
    return QCoreApplication.translate("PeopleText", text)


def when(stamp: str) -> str:
    """An ISO time ("2026-12-07T03:56:17") in the locale's short date and time; other text as it is."""
    moment = QDateTime.fromString(str(stamp), Qt.DateFormat.ISODate)
    if not moment.isValid():
        return str(stamp)
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def method_name(method: str) -> str:
    names = {"milp": _t("exact optimisation"), "greedy": _t("greedy selection"), "auto": _t("automatic")}
    return " + ".join(names.get(part, part) for part in str(method).split("+"))


def status_name(status: str) -> str:
    names = {"Optimal": _t("optimal"), "feasible": _t("feasible"), "Time limit reached": _t("stopped at the time limit"),
             "Infeasible": _t("no plan meets every constraint"), "forced_firm_not_funded": _t("a required firm is not funded"),
             "city_floor_not_met": _t("a city's minimum is not met"), "earmark_not_met": _t("an earmark is not met")}
    return names.get(str(status), str(status))


def solver(method: str, status: str, gap: float | None = None) -> str:
    text = f"{method_name(method)} · {status_name(status)}"
    if gap is not None:
        text += " · " + _t("gap {gap}").format(gap=QLocale().toString(gap * 100, "f", 3) + " %")
    return text


def progress_status(status: str) -> str:
    """A stage code the core reports while it works ("milp", "5000"), in words."""
    stages = {"candidates": _t("Building the candidate actions"), "greedy": _t("Greedy selection"),
              "milp": _t("Exact optimisation (MILP)"), "xlsx": _t("Writing the workbook"),
              "charts": _t("Drawing the charts")}
    text = str(status).strip()
    if text in stages:
        return stages[text]
    try:
        budget = float(text)
    except ValueError:
        return text
    return _t("Budget {amount} (10k CNY)").format(amount=QLocale().toString(budget, "f", 0))
