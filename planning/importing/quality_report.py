"""The import report: where every input row went and every problem found, as data.

The command line prints it, the GUI shows and filters it, and it exports to a table. Texts are
rendered on demand in the language asked for (see :mod:`planning.base.messages`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from planning.base.messages import language, tr
from planning.base.schema import FIELD_BY_KEY

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass
class RowNote:
    """A row that is not in the roster: skipped (not an enterprise) or rejected (an enterprise row
    that could not be imported). ``row`` is None for a whole sheet."""

    file: str
    sheet: str
    row: int | None
    kind: str
    params: dict = field(default_factory=dict)

    def reason(self, lang: str | None = None) -> str:
        diff = self.params.get("diff")
        if isinstance(diff, list):  # a duplicate's differences: [field, first value, this value] each
            return tr(self.kind, lang, **dict(self.params, diff=_differences_text(diff, lang or language())))
        return tr(self.kind, lang, **self.params)



@dataclass
class ValueIssue:
    """A problem with one value of an imported (or rejected) enterprise row."""

    file: str
    sheet: str
    row: int
    column: str  # spreadsheet column letter, '' when not tied to one column
    header: str
    field: str
    kind: str
    severity: str
    params: dict = field(default_factory=dict)
    raw: object = None

    def message(self, lang: str | None = None) -> str:
        return tr(self.kind, lang, **self.params)


@dataclass
class SheetReport:
    name: str
    imported: bool
    reason: str | None = None  # message kind when not imported
    header_row: int | None = None  # 1-based
    data_rows: tuple[int, int] | None = None  # 1-based first and last row read as data
    mapping: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (column letter, header)
    matched: dict[str, str] = field(default_factory=dict)  # field -> how its header was matched (header.EXACT...)
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    city: str | None = None  # city taken from the sheet name


@dataclass
class FileReport:
    path: str
    format: str | None = None
    failure: tuple[str, dict] | None = None  # message kind (fail.*) and params when refused
    sheets: list[SheetReport] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def failure_message(self, lang: str | None = None) -> str | None:
        return tr(self.failure[0], lang, **self.failure[1]) if self.failure else None


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    skipped: list[RowNote] = field(default_factory=list)
    rejected: list[RowNote] = field(default_factory=list)
    issues: list[ValueIssue] = field(default_factory=list)
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    enterprise_rows: int = 0
    enterprises: int = 0
    missing_credit_codes: int = 0
    revenue_total_wan: float = 0.0
    by_city: Counter = field(default_factory=Counter)
    by_level: Counter = field(default_factory=Counter)
    duplicate_credit_codes: dict[str, int] = field(default_factory=dict)

    def warn(self, kind: str, **params) -> None:
        self.warnings.append((kind, params))

    def warning_texts(self, lang: str | None = None) -> list[str]:
        return [tr(kind, lang, **params) for kind, params in self.warnings]

    def invalid_credit_codes(self) -> list[ValueIssue]:
        return [i for i in self.issues if i.field == "credit_code" and i.severity == ERROR]

    def to_summary(self, lang: str | None = None) -> dict:
        """The JSON summary printed by ``main.py import --json``."""
        return {
            "files": [
                {
                    "file": f.path,
                    "format": f.format,
                    "refused": f.failure_message(lang),
                    "sheets": [
                        {
                            "sheet": s.name,
                            "imported": s.imported,
                            "reason": tr(s.reason, lang) if s.reason else None,
                            "header_row": s.header_row,
                            "data_rows": list(s.data_rows) if s.data_rows else None,
                            "city": s.city,
                            "mapping": {k: {"column": c, "header": h, "matched": s.matched.get(k)}
                                        for k, (c, h) in s.mapping.items()},
                            "unmapped": [{"column": c, "header": h} for c, h in s.unmapped],
                        }
                        for s in f.sheets
                    ],
                }
                for f in self.files
            ],
            "enterprise_rows": self.enterprise_rows,
            "enterprises": self.enterprises,
            "skipped": [
                {"file": n.file, "sheet": n.sheet, "row": n.row, "kind": n.kind, "reason": n.reason(lang)}
                for n in self.skipped
            ],
            "rejected": [
                {"file": n.file, "sheet": n.sheet, "row": n.row, "kind": n.kind, "reason": n.reason(lang)}
                for n in self.rejected
            ],
            "invalid_credit_codes": [
                {"file": i.file, "sheet": i.sheet, "row": i.row, "raw": _jsonable(i.raw),
                 "problem": i.message(lang), "kind": i.kind}
                for i in self.invalid_credit_codes()
            ],
            "missing_credit_codes": self.missing_credit_codes,
            "duplicate_credit_codes": dict(sorted(self.duplicate_credit_codes.items())),
            "revenue_total_wan": round(self.revenue_total_wan, 4),
            "by_city": dict(sorted(self.by_city.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_level": {k: self.by_level.get(k, 0) for k in ("1", "2", "3", "4", "unknown")},
            "issues": [
                {"file": i.file, "sheet": i.sheet, "row": i.row, "column": i.column, "field": i.field,
                 "kind": i.kind, "severity": i.severity, "message": i.message(lang), "raw": _jsonable(i.raw)}
                for i in self.issues
            ],
            "warnings": self.warning_texts(lang),
        }

    def rows(self, lang: str | None = None) -> list[dict]:
        """Every note as one flat record (for the GUI's report table and for export)."""
        out = []
        for note in self.skipped:
            out.append({"category": "skipped", "severity": INFO, "file": note.file, "sheet": note.sheet,
                        "row": note.row, "column": "", "field": "", "kind": note.kind,
                        "message": note.reason(lang), "raw": ""})
        for note in self.rejected:
            out.append({"category": "rejected", "severity": ERROR, "file": note.file, "sheet": note.sheet,
                        "row": note.row, "column": "", "field": "", "kind": note.kind,
                        "message": note.reason(lang), "raw": ""})
        for issue in self.issues:
            out.append({"category": "value", "severity": issue.severity, "file": issue.file,
                        "sheet": issue.sheet, "row": issue.row, "column": issue.column, "field": issue.field,
                        "kind": issue.kind, "message": issue.message(lang), "raw": _jsonable(issue.raw)})
        return out


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _differences_text(changes: list, lang: str) -> str:
    if not changes:
        return ""
    fields = (FIELD_BY_KEY[key].label(lang) if key in FIELD_BY_KEY else key for key, _, _ in changes)
    joined = ("；" if lang == "zh" else "; ").join(
        f"{name} {first} ≠ {other}" for name, (_, first, other) in zip(fields, changes))
    return tr("reject.diff", lang, diff=joined)
