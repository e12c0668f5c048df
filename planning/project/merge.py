"""City submissions: a city's part of a project, and merging city projects into the provincial one.

Merging is keyed by firm (valid credit code, else name). When two submissions hold the same firm,
or set different overrides for it, that is a conflict: it is reported with the differing values, and
resolved per conflict (a choice of side) or by a rule — the first or last submission, the most
recently modified one, or the one whose city the firm belongs to.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planning.importing.quality_report import ImportReport
from planning.reference.identity import firm_keys
from planning.strategy.overrides import OverrideStore
from planning.base.plainvalues import plain
from planning.project.facade import Project, ProjectMeta, now

RULES = ("first", "last", "newer", "city")
COMPARED = ("name", "city", "county", "industry_code", "revenue_wan", "employees", "miit_level", "cnc_rate",
            "rd_tool_rate", "networking_rate", "has_erp", "has_mes", "specialized")


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

    def to_dict(self) -> dict:
        return {"firms": 0 if self.project.roster is None else len(self.project.roster),
                "conflicts": [c.to_dict() for c in self.conflicts], "notes": self.notes}


def _same(a, b) -> bool:
    a, b = plain(a), plain(b)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def city_part(project: Project, city: str) -> Project:
    """A new project with only the firms of one city (and their overrides and audit entries)."""
    part = Project(meta=copy.deepcopy(project.meta), templates=copy.deepcopy(project.templates))
    part.meta.title = f"{project.meta.title}（{city}）" if project.meta.title else city
    part.meta.modified = now()
    if project.roster is not None:
        frame = project.roster[project.roster["city"] == city].reset_index(drop=True)
        part.roster = frame
        keys = set(k for k in firm_keys(frame) if k is not None)
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
        """Every submission's firms; of a firm in several, the chosen submission's row."""
        tagged = []
        for i, p in enumerate(self.projects):
            if p.roster is None or not len(p.roster):
                continue
            frame = p.roster.copy()
            frame["_source"] = i
            frame["_key"] = firm_keys(frame)
            tagged.append(frame)
        everything = pd.concat(tagged, ignore_index=True)
        keep = np.ones(len(everything), dtype=bool)
        for key, group in everything[everything["_key"].notna()].groupby("_key", sort=False):
            if len(group) < 2:
                continue
            sources = group["_source"].tolist()
            rows = group.index.tolist()
            differences = {}
            for column in COMPARED:
                values = [everything.at[r, column] for r in rows]
                if any(not _same(values[0], v) for v in values[1:]):
                    differences[column] = values
            chosen = self.choose(sources, {s: everything.at[r, "city"] for s, r in zip(sources, rows)}, key)
            keep[rows] = False
            keep[rows[chosen]] = True
            self.conflict("firm", key, str(everything.at[rows[0], "name"]), sources, differences, chosen)
        return everything[keep].drop(columns=["_source", "_key"]).reset_index(drop=True)

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
