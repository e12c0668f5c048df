"""City submissions: a city's part of a project, and merging city projects into the provincial one.

Merging is keyed by firm (:func:`planning.reference.identity.merge_keys`: the valid credit code, else the
name *and* the county, so that two 宏达机械厂 in different counties stay two firms). A firm sent
identically by several submissions is kept once, silently. When the submissions hold different values
for it (any roster field, contact, phone and remarks included, and the unmapped ``extra:`` columns), or
set different overrides for it, that is a conflict: it is reported with every differing field and its
value per submission, and resolved per conflict (a choice of side) or by a rule — the first or last
submission, the most recently modified one, or the one whose city the firm belongs to.

Nothing the losing side sent is lost:

- a field the chosen record leaves empty is filled from the other submissions (the first that has it,
  in input order) — a phone number only one bureau knew stays;
- every value of the other submissions that differs from the merged record is written to the audit
  trail as an entry of the merge: ``field`` the column, ``old`` the value set aside, ``new`` the value
  kept, ``reason`` ``merge.set_aside:<submission>``; a filled field is recorded with ``old`` None and
  ``reason`` ``merge.filled:<submission>``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planning.importing.quality_report import ImportReport
from planning.base.schema import EXTRA_PREFIX, ROSTER_KEYS
from planning.reference.identity import firm_keys, merge_keys
from planning.strategy.overrides import AuditEntry, OverrideStore, current_user, name_only_key, override_keys
from planning.base.plainvalues import plain
from planning.project.facade import Project, ProjectMeta, now

RULES = ("first", "last", "newer", "city")
SET_ASIDE, FILLED = "merge.set_aside", "merge.filled"


@dataclass
class Conflict:
    kind: str  # "firm" (the same firm in two submissions) | "override" (different overrides of one firm)
    key: str
    name: str
    sources: list[str]  # submission labels, in input order
    differences: dict[str, list]  # field -> value per source
    chosen: int  # index into sources
    rule: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "name": self.name, "sources": self.sources,
                "differences": {k: [plain(v) for v in vals] for k, vals in self.differences.items()},
                "chosen": self.sources[self.chosen], "rule": self.rule}


@dataclass
class MergeResult:
    project: Project
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    identical: int = 0  # firms sent identically by several submissions, kept once

    def to_dict(self) -> dict:
        return {"firms": 0 if self.project.roster is None else len(self.project.roster),
                "conflicts": [c.to_dict() for c in self.conflicts], "identical": self.identical,
                "notes": self.notes}


def _value(value) -> object:
    """A cell as a plain value, None for every kind of empty (missing, blank text)."""
    value = plain(value)
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _same(a, b) -> bool:
    a, b = _value(a), _value(b)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def compared_columns(frame: pd.DataFrame) -> list[str]:
    """The columns whose values make a firm's record: every roster field and every unmapped column."""
    return [c for c in ROSTER_KEYS if c in frame.columns] + [c for c in frame.columns
                                                              if str(c).startswith(EXTRA_PREFIX)]


def city_part(project: Project, city: str) -> Project:
    """A new project with only the firms of one city (and their overrides and audit entries)."""
    part = Project(meta=copy.deepcopy(project.meta), templates=copy.deepcopy(project.templates))
    part.meta.title = f"{project.meta.title}（{city}）" if project.meta.title else city
    part.meta.modified = now()
    if project.roster is not None:
        frame = project.roster[project.roster["city"] == city].reset_index(drop=True)
        part.roster = frame
        own = set(override_keys(frame)) - {None}
        keys = own | {name_only_key(k) for k in own}  # and the keys saved before the county was in them
        part.overrides = OverrideStore(
            {k: copy.deepcopy(o) for k, o in project.overrides.overrides.items() if k[0] in keys},
            [copy.deepcopy(a) for a in project.overrides.audit if a.key in keys])
        report = ImportReport()
        report.enterprise_rows = report.enterprises = len(frame)
        report.by_city[city] = len(frame)
        part.report = report
    return part


def home_city(project: Project) -> str | None:
    """The city most of a submission's firms are in (a city bureau's own city)."""
    if project.roster is None or not len(project.roster):
        return None
    counts = project.roster["city"].dropna().value_counts()
    return str(counts.index[0]) if len(counts) else None


def _choose(rule: str, candidates: list[int], projects: list[Project], firm_city: dict, choices: dict, key: str,
            homes: list[str | None]) -> int:
    if key in choices:
        return choices[key]
    if rule == "last":
        return candidates[-1]
    if rule == "newer":
        return max(candidates, key=lambda i: (projects[i].meta.modified or "", -i))
    if rule == "city":
        own = [i for i in candidates if firm_city.get(i) and firm_city.get(i) == homes[i]]
        return own[0] if own else candidates[0]
    return candidates[0]


def merge_projects(projects: list[Project], labels: list[str] | None = None, rule: str = "first",
                   choices: dict[str, int] | None = None, title: str = "") -> MergeResult:
    """Merge submissions into one project. The templates of the first submission are kept."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}")
    if not projects:
        raise ValueError("nothing to merge")
    first = projects[0]
    merged = Project(meta=ProjectMeta(**first.meta.to_dict()), templates=copy.deepcopy(first.templates))
    merged.meta.title = title or first.meta.title
    merged.meta.created = merged.meta.modified = now()
    result = MergeResult(merged)
    merging = _Merging(projects, labels or [p.meta.title or f"#{i + 1}" for i, p in enumerate(projects)], rule,
                       choices or {}, result)
    for i, p in enumerate(projects[1:], start=1):
        if p.templates != first.templates:
            result.notes.append(f"templates of {merging.labels[i]} differ from {merging.labels[0]}; "
                                f"{merging.labels[0]}'s are kept")
    if any(p.roster is not None and len(p.roster) for p in projects):
        merged.roster = merging.rosters()
        merged.report = _combined_report(projects, len(merged.roster))
    merged.overrides = merging.overrides()
    return result


@dataclass
class _Merging:
    projects: list[Project]
    labels: list[str]
    rule: str
    choices: dict[str, int]
    result: MergeResult
    set_aside: list[AuditEntry] = field(default_factory=list)  # the losing sides' values, for the audit trail

    def __post_init__(self):
        self.homes = [home_city(p) for p in self.projects]

    def choose(self, sources: list[int], firm_city: dict, key: str) -> int:
        """The position in ``sources`` of the submission whose version is kept."""
        chosen = _choose(self.rule, sources, self.projects, firm_city, self.choices, key, self.homes)
        return sources.index(chosen) if chosen in sources else 0

    def conflict(self, kind: str, key: str, name: str, sources: list[int], differences: dict, chosen: int) -> None:
        self.result.conflicts.append(Conflict(kind, key, name, [self.labels[s] for s in sources], differences,
                                              chosen, "choice" if key in self.choices else self.rule))

    def rosters(self) -> pd.DataFrame:
        """Every submission's firms; of a firm in several, the chosen submission's row with its empty fields
        filled from the others, and every value set aside recorded in ``self.set_aside``."""
        tagged = []
        for i, p in enumerate(self.projects):
            if p.roster is None or not len(p.roster):
                continue
            frame = p.roster.copy()
            frame["_source"] = i
            frame["_key"] = merge_keys(frame)
            tagged.append(frame)
        everything = pd.concat(tagged, ignore_index=True)
        columns = compared_columns(everything)
        keep = np.ones(len(everything), dtype=bool)
        identities = firm_keys(everything)
        for key, group in everything[everything["_key"].notna()].groupby("_key", sort=False):
            if len(group) < 2:
                continue
            sources = group["_source"].tolist()
            rows = group.index.tolist()
            differences = {}
            for column in columns:
                values = [everything.at[r, column] for r in rows]
                if any(not _same(values[0], v) for v in values[1:]):
                    differences[column] = [_value(v) for v in values]
            if not differences:
                keep[rows[1:]] = False
                self.result.identical += 1
                continue
            chosen = self.choose(sources, {s: everything.at[r, "city"] for s, r in zip(sources, rows)}, key)
            keep[rows] = False
            keep[rows[chosen]] = True
            name = str(everything.at[rows[chosen], "name"])
            self.conflict("firm", key, name, sources, differences, chosen)
            self._keep_losing_values(everything, identities[rows[chosen]] or key, name, rows, sources, chosen,
                                     differences)
        return everything[keep].drop(columns=["_source", "_key"]).reset_index(drop=True)

    def _keep_losing_values(self, everything: pd.DataFrame, firm_key: str, name: str, rows: list[int],
                            sources: list[int], chosen: int, differences: dict) -> None:
        """Fill the kept row's empty fields from the other rows; note every value set aside."""
        kept_row, stamp, author = rows[chosen], now(), current_user()
        for column, values in differences.items():
            if values[chosen] is None:
                donor = next((k for k, v in enumerate(values) if v is not None), None)
                if donor is not None:
                    everything.at[kept_row, column] = everything.at[rows[donor], column]
                    self.set_aside.append(AuditEntry(stamp, author, firm_key, name, column, None, values[donor],
                                                     f"{FILLED}:{self.labels[sources[donor]]}"))
            kept = _value(everything.at[kept_row, column])
            for k, value in enumerate(values):
                if k != chosen and value is not None and not _same(value, kept):
                    self.set_aside.append(AuditEntry(stamp, author, firm_key, name, column, value, kept,
                                                     f"{SET_ASIDE}:{self.labels[sources[k]]}"))

    def overrides(self) -> OverrideStore:
        """Every submission's overrides; of different overrides of one firm's field, the chosen one."""
        by_key: dict[tuple[str, str], list[tuple[int, object]]] = {}
        for i, p in enumerate(self.projects):
            for k, o in p.overrides.overrides.items():
                by_key.setdefault(k, []).append((i, o))
        store = OverrideStore()
        for (key, field_name), entries in by_key.items():
            values = [o.value for _, o in entries]
            chosen = 0
            if len(entries) > 1 and any(v != values[0] for v in values[1:]):
                sources = [i for i, _ in entries]
                chosen = self.choose(sources, {}, key)
                self.conflict("override", key, entries[0][1].key, sources, {field_name: values}, chosen)
            store.overrides[(key, field_name)] = copy.deepcopy(entries[chosen][1])
        store.audit = sorted((copy.deepcopy(a) for p in self.projects for a in p.overrides.audit), key=lambda a: a.time)
        store.audit.extend(self.set_aside)
        return store


def _combined_report(projects: list[Project], enterprises: int) -> ImportReport:
    report = ImportReport()
    for p in projects:
        if p.report is not None:
            report.files.extend(p.report.files)
            report.skipped.extend(p.report.skipped)
            report.rejected.extend(p.report.rejected)
            report.issues.extend(p.report.issues)
            report.warnings.extend(p.report.warnings)
            report.enterprise_rows += p.report.enterprise_rows
            report.missing_credit_codes += p.report.missing_credit_codes
            report.revenue_total_wan += p.report.revenue_total_wan
            report.by_city.update(p.report.by_city)
            report.by_level.update(p.report.by_level)
    report.enterprises = enterprises
    return report
