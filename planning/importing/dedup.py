"""Firms listed twice: every row after the first with the same identity (:mod:`planning.reference.identity`)
is rejected with what differs from the first, and a name under two valid credit codes is flagged."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planning.importing.quality_report import WARNING, ImportReport, RowNote, ValueIssue
from planning.reference import creditcode
from planning.reference.identity import firm_keys, shown_key

_DIFF_FIELDS = ("name", "city", "county", "revenue_wan", "employees", "miit_level", "industry_code")


def reject_duplicates(frame: pd.DataFrame, rejected: np.ndarray, report: ImportReport) -> np.ndarray:
    """Which rows repeat a firm listed before (rows already ``rejected`` take part in none); each is noted
    in the report, and so are the credit codes listed twice and the names listed under two codes."""
    files, sheets, rows = (frame[c].to_numpy() for c in ("source_file", "source_sheet", "source_row"))
    valid = frame["credit_code_status"].isin(list(creditcode.ACCEPTED)).to_numpy()
    code_series = frame["credit_code"]
    keys = firm_keys(frame)
    keys[rejected] = None
    key = pd.Series(keys, index=frame.index, dtype=object)
    valid_codes = code_series[valid]
    counts = valid_codes[valid_codes.duplicated(keep=False)].value_counts()
    report.duplicate_credit_codes = {str(k): int(v) for k, v in counts.items()}
    dup = key.duplicated(keep="first").to_numpy() & key.notna().to_numpy()
    if dup.any():
        involved = key[key.isin(set(key[dup]))]
        first_index = {k: i for i, k in zip(involved.index[::-1], involved.to_numpy()[::-1])}
        for i in np.flatnonzero(dup):
            j = first_index[key.iat[i]]
            report.rejected.append(RowNote(
                files[i], sheets[i], int(rows[i]), "reject.duplicate",
                {"first": f"{files[j]}·{sheets[j]}·{rows[j]}", "key": shown_key(key.iat[i]),
                 "diff": _differences(frame, j, i)}))
    _flag_same_name_other_code(frame, valid, report)
    return dup


def _flag_same_name_other_code(frame: pd.DataFrame, valid: np.ndarray, report: ImportReport) -> None:
    files, sheets, rows = (frame[c].to_numpy() for c in ("source_file", "source_sheet", "source_row"))
    valid_names = frame["name"][valid]
    repeated = valid_names.duplicated(keep=False).to_numpy() & valid_names.notna().to_numpy()
    if not repeated.any():
        return
    candidates = pd.DataFrame({"name": valid_names[repeated], "code": frame["credit_code"][valid][repeated]}).dropna()
    distinct = candidates.drop_duplicates()
    multi = distinct["name"][distinct["name"].duplicated(keep=False)]
    if multi.empty:
        return
    seen: dict[str, tuple[str, int]] = {}
    for i in candidates.index[candidates["name"].isin(set(multi))]:
        nm, code = candidates.at[i, "name"], candidates.at[i, "code"]
        if nm in seen and seen[nm][0] != code:
            j = seen[nm][1]
            report.issues.append(ValueIssue(
                files[i], sheets[i], int(rows[i]), "", "", "credit_code", "dup.same_name_other_code",
                WARNING, {"other": f"{files[j]}·{sheets[j]}·{rows[j]}"}, code))
        seen.setdefault(nm, (code, i))


def _differences(frame: pd.DataFrame, first: int, other: int) -> list[list[str]]:
    """[field, first value, other value] for each field in which a duplicate row differs from the first one."""
    changed = []
    for key in _DIFF_FIELDS:
        a, b = frame.at[first, key], frame.at[other, key]
        if pd.isna(a) and pd.isna(b):
            continue
        if pd.isna(a) or pd.isna(b) or a != b:
            changed.append([key, _show(a), _show(b)])
    return changed


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
