"""How a roster read from files combines with the roster a project already has.

Three modes: ``add`` (the file's firms join the roster; a firm already there takes the file's record),
``replace_city`` (the usual case, a city re-submits: the firms of that city are replaced by the file's, the
other cities stay) and ``replace_all`` (the file's firms become the roster). Firms are matched across the
two rosters by :func:`planning.reference.identity.merge_keys` (the valid credit code, else the name and the
county), as merging city submissions does.

:func:`plan_update` changes nothing: it returns the roster after the update and what changes (firms added,
updated with the fields that differ, removed, and the overrides whose firm would leave the roster), for the
planner to look at before the project takes it. Overrides themselves are never dropped: one whose firm
comes back with a corrected roster applies again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from planning.importing.importer import _count_rows
from planning.importing.quality_report import ImportReport
from planning.project.facade import Project
from planning.project.merge import _combined_report, _same, compared_columns
from planning.reference.identity import firm_keys, merge_keys, shown_key
from planning.strategy.overrides import OverrideStore

ADD, REPLACE_CITY, REPLACE_ALL = "add", "replace_city", "replace_all"
MODES = (ADD, REPLACE_CITY, REPLACE_ALL)
ONE_CITY_SHARE = 0.8  # a file is one city's submission when at least this share of its firms are in one city


@dataclass
class FirmChange:
    key: str
    name: str
    city: str | None
    fields: tuple[str, ...] = ()  # for an updated firm: the fields whose value changes

    def to_dict(self) -> dict:
        return {"key": shown_key(self.key), "name": self.name, "city": self.city, "fields": list(self.fields)}


@dataclass
class RosterUpdate:
    mode: str
    city: str | None
    frame: pd.DataFrame  # the roster after the update
    report: ImportReport
    province: str | None = None
    added: list[FirmChange] = field(default_factory=list)
    updated: list[FirmChange] = field(default_factory=list)
    removed: list[FirmChange] = field(default_factory=list)
    unchanged: int = 0
    unmatched_overrides: list[tuple[str, str]] = field(default_factory=list)  # (firm key, field)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "updated": len(self.updated), "removed": len(self.removed),
                "unchanged": self.unchanged, "unmatched_overrides": len(self.unmatched_overrides),
                "firms": len(self.frame)}

    def to_dict(self) -> dict:
        return {"mode": self.mode, "city": self.city, **self.counts(),
                "added_firms": [c.to_dict() for c in self.added],
                "updated_firms": [c.to_dict() for c in self.updated],
                "removed_firms": [c.to_dict() for c in self.removed],
                "overrides_no_longer_matching": [{"key": shown_key(k), "field": f} for k, f in self.unmatched_overrides]}


def detect_city(frame: pd.DataFrame) -> str | None:
    """The city a file's firms belong to, when it is one city's submission (most of its firms in it)."""
    if frame is None or not len(frame) or "city" not in frame.columns:
        return None
    counts = frame["city"].dropna().value_counts()
    if not len(counts) or counts.iloc[0] < ONE_CITY_SHARE * len(frame):
        return None
    return str(counts.index[0])


def _change(frame: pd.DataFrame, row: int, key: str, fields: tuple[str, ...] = ()) -> FirmChange:
    city = frame["city"].iat[row] if "city" in frame.columns else None
    return FirmChange(key, str(frame["name"].iat[row]), city if isinstance(city, str) else None, fields)


def _empty(values: pd.Series) -> np.ndarray:
    cells = values.to_numpy(dtype=object)
    blank = np.fromiter((isinstance(v, str) and not v.strip() for v in cells), dtype=bool, count=len(cells))
    return pd.isna(cells).astype(bool) | blank


def _differ(old: pd.Series, new: pd.Series) -> np.ndarray:
    """Row by row (the two aligned), whether the values differ: empty cells of every kind are alike,
    numbers within rounding are alike."""
    old, new = old.reset_index(drop=True), new.reset_index(drop=True)
    old_empty, new_empty = _empty(old), _empty(new)
    differ = old_empty != new_empty
    both = np.flatnonzero(~old_empty & ~new_empty)
    if not both.size:
        return differ
    numeric = all(pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) for s in (old, new))
    if numeric:
        a, b = old.to_numpy(dtype=float, na_value=np.nan)[both], new.to_numpy(dtype=float, na_value=np.nan)[both]
        differ[both] = ~np.isclose(a, b, rtol=1e-9, atol=1e-9)
    else:
        a, b = old.to_numpy(dtype=object)[both], new.to_numpy(dtype=object)[both]
        differ[both] = [not _same(x, y) for x, y in zip(a, b)]
    return differ


def _changed_fields(old: pd.DataFrame, rows_old: list[int], new: pd.DataFrame, rows_new: list[int],
                    columns: list[str]) -> list[tuple[str, ...]]:
    """For each matched pair (old row, new row), the columns whose values differ."""
    missing = pd.Series([None] * len(rows_old), dtype=object)
    differs = {c: _differ(old[c].iloc[rows_old] if c in old.columns else missing,
                          new[c].iloc[rows_new] if c in new.columns else missing) for c in columns}
    return [tuple(c for c in columns if differs[c][k]) for k in range(len(rows_old))]


def plan_update(current: pd.DataFrame | None, current_report: ImportReport | None, incoming: pd.DataFrame,
                incoming_report: ImportReport, mode: str, city: str | None = None,
                overrides: OverrideStore | None = None, province: str | None = None) -> RosterUpdate:
    """The roster ``current`` would become with ``incoming`` imported in ``mode`` (``city``: the city
    replaced, for ``replace_city``), and what changes. Changes nothing."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if mode == REPLACE_CITY and not city:
        raise ValueError("replace_city needs the city")
    old = current if current is not None else incoming.iloc[0:0]
    old_keys, new_keys = merge_keys(old), merge_keys(incoming)
    incoming_at = {k: j for j, k in enumerate(new_keys) if k is not None}
    old_at = {k: i for i, k in enumerate(old_keys) if k is not None}
    if mode == REPLACE_ALL:
        stays = [False] * len(old)
    elif mode == REPLACE_CITY:
        stays = (old["city"] != city).to_list() if "city" in old.columns else [True] * len(old)
    else:
        stays = [True] * len(old)

    update = RosterUpdate(mode, city if mode == REPLACE_CITY else None, old, incoming_report, province)
    columns = compared_columns(pd.concat([old.iloc[0:0], incoming.iloc[0:0]]))
    pairs = [(old_at.get(key) if key is not None else None, j) for j, key in enumerate(new_keys)]
    matched = [(i, j) for i, j in pairs if i is not None]
    changed = _changed_fields(old, [i for i, _ in matched], incoming, [j for _, j in matched], columns)
    for j in (j for i, j in pairs if i is None):
        update.added.append(_change(incoming, j, new_keys[j] or ""))
    for (_, j), fields in zip(matched, changed):
        if fields:
            update.updated.append(_change(incoming, j, new_keys[j], fields))
        else:
            update.unchanged += 1
    for i, key in enumerate(old_keys):
        if not stays[i] and (key is None or key not in incoming_at):
            update.removed.append(_change(old, i, key or ""))

    picked, used = [], set()  # rows of old then incoming, in the order of the roster after the update
    for i, key in enumerate(old_keys):
        if not stays[i]:
            continue
        j = incoming_at.get(key) if key is not None else None
        if j is None:
            picked.append(i)
        else:
            picked.append(len(old) + j)
            used.add(j)
    picked += [len(old) + j for j in range(len(incoming)) if j not in used]
    update.frame = pd.concat([old, incoming], ignore_index=True).iloc[picked].reset_index(drop=True)
    if mode == REPLACE_ALL:
        update.report = incoming_report
    else:
        kept_report = _without_files(current_report, _files_only_of(old, stays)) if current_report else None
        update.report = _report_of(update.frame, kept_report, incoming_report)
    if overrides is not None:
        before, after = set(firm_keys(old)), set(firm_keys(update.frame))
        update.unmatched_overrides = [(k, f) for k, f in overrides.overrides if k in before and k not in after]
    return update


def _report_of(frame: pd.DataFrame, current: ImportReport | None, incoming: ImportReport) -> ImportReport:
    """Both import reports together, its figures counted over the roster after the update."""
    report = _combined_report([Project(report=current), Project(report=incoming)], len(frame))
    warnings = report.warnings
    _count_rows(frame, report)
    report.warnings = warnings
    return report


def _files_only_of(old: pd.DataFrame, stays: list[bool]) -> set[str]:
    """The files every firm of which leaves the roster (a city's earlier submission)."""
    if "source_file" not in old.columns:
        return set()
    files = old["source_file"].to_numpy(dtype=object)
    staying = {f for f, s in zip(files, stays) if s}
    return {f for f, s in zip(files, stays) if not s} - staying


def _without_files(report: ImportReport, files: set[str]) -> ImportReport:
    """``report`` without what it says about ``files``."""
    if not files:
        return report
    return replace(report, files=[f for f in report.files if f.path not in files],
                   skipped=[n for n in report.skipped if n.file not in files],
                   rejected=[n for n in report.rejected if n.file not in files],
                   issues=[i for i in report.issues if i.file not in files])
