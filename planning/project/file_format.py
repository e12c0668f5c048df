"""The ``.dtplan`` project file: one SQLite file, written atomically, opened as untrusted data.

Format: ``PRAGMA application_id`` marks the file as DTPlan's and ``PRAGMA user_version`` is the schema
version; ordered migrations bring older files forward and a file from a newer DTPlan is refused.
Rollback journal (never WAL, whose side files get lost when a file is e-mailed or copied).

Save writes a complete new file beside the target with the journal off, flushes it to disk, keeps the
previous version as ``<name>.bak`` and atomically replaces the target: a crash at any moment leaves
the old file or the new one. Open never trusts the file: a private copy is checked in a sandboxed
process (file_checks.py: header, schema, integrity, types, sizes), the memory its rows will take must
fit this machine, and then the data is read with DTPlan's own queries; nothing from the file is ever
executed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planning.base.errors import ConfigError
from planning.base.gcpause import paused_gc
from planning.importing.quality_report import FileReport, ImportReport, RowNote, SheetReport, ValueIssue
from planning.strategy.overrides import AuditEntry, Override, OverrideStore
from planning.base.plainvalues import plain
from planning.project.facade import Project, ProjectMeta, ScenarioRun
from planning.project.lock import may_take, read_lock
from planning.base.schema import EXTRA_PREFIX, FIELD_BY_KEY, FIELDS
from planning.importing.config import ImportConfig, default_import_config
from planning.importing.readers.process_limits import machine_memory_bytes, reader_memory_bytes
from planning.importing.readers.sandbox import Sandbox, SandboxFailure
from planning.project.file_checks import (
    APPLICATION_ID, LINE_COLUMNS, PACKAGE_LINE_COLUMNS, RETIRED_LINE_COLUMNS, ROSTER_COLUMNS, SCHEMA, SCHEMA_VERSION,
    ProjectFileError, check_header, check_in_sandbox, connect, detail, estimated_bytes)

@dataclass
class OpenedProject:
    project: Project
    path: Path
    read_only: bool = False
    notice: str | None = None  # message kind: why it is read-only, or what was done to it (migrated)
    migrated_from: int | None = None
    lock_owner: dict | None = None


# ------------------------------------------------------------------ save


def save_project(project: Project, target: str | os.PathLike, *, keep_backup: bool = True) -> Path:
    """Write the whole project to ``target`` atomically (see the module docstring)."""
    with paused_gc():
        return _save(project, Path(target), keep_backup)


def _save(project: Project, target: Path, keep_backup: bool) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write_database(project, tmp)
        _fsync(tmp)
        if keep_backup and target.exists():
            backup = target.with_name(target.name + ".bak")
            backup_tmp = target.with_name(f".{target.name}.bak.tmp")
            shutil.copyfile(target, backup_tmp)
            _fsync(backup_tmp)
            os.replace(backup_tmp, backup)
        os.replace(tmp, target)
        _fsync_dir(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value):
    converted = plain(value)
    return str(value) if converted is value else converted


def write_database(project: Project, path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")  # a fresh temporary file: durability comes from fsync + rename
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute("BEGIN")
        for statement in SCHEMA.values():
            conn.execute(statement)
        meta = project.meta.to_dict()
        meta["format"] = SCHEMA_VERSION
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [(k, _json(v)) for k, v in meta.items()])
        conn.executemany("INSERT INTO templates VALUES (?, ?)",
                         [(name, _json(body)) for name, body in project.templates.items()])
        if project.roster is not None:
            _write_roster(conn, project.roster)
        if project.report is not None:
            _write_report(conn, project.report)
        conn.executemany("INSERT INTO overrides VALUES (?, ?, ?, ?, ?, ?)",
                         [(o.key, o.field, _json(o.value), o.reason, o.author, o.time)
                          for o in project.overrides.overrides.values()])
        conn.executemany("INSERT INTO audit (time, author, key, firm, field, old, new, reason) VALUES (?,?,?,?,?,?,?,?)",
                         [(a.time, a.author, a.key, a.firm, a.field, _json(a.old), _json(a.new), a.reason)
                          for a in project.overrides.audit])
        for run in project.runs.values():
            conn.execute("INSERT INTO scenario_results VALUES (?, ?, ?, ?)",
                         (run.name, _json(run.params()), _json(run.summary), run.computed))
            lines = run.lines
            columns = [_column_values(lines[c]) if c in lines else [None] * len(lines) for c in LINE_COLUMNS]
            conn.executemany(f"INSERT INTO plan_lines VALUES ({', '.join('?' * (len(LINE_COLUMNS) + 2))})",
                             zip([run.name] * len(lines), range(len(lines)), *columns))
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    finally:
        conn.close()


def _column_values(series: pd.Series) -> list:
    """Plain Python values for SQLite: None for every kind of missing value."""
    if series.dtype.kind == "f":
        values = series.to_numpy(dtype=float)
        return np.where(np.isnan(values), None, values).tolist()
    if series.dtype.kind in "iu":
        return series.to_numpy().tolist()
    if series.dtype.kind == "M":
        text = np.datetime_as_string(series.to_numpy(dtype="datetime64[D]"), unit="D")
        return np.where(series.isna().to_numpy(), None, text).tolist()
    if str(series.dtype) in ("boolean", "Int8", "Int64"):
        return series.astype(object).where(series.notna(), None).tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def _write_roster(conn: sqlite3.Connection, frame: pd.DataFrame) -> None:
    n = len(frame)
    columns = []
    for name in ROSTER_COLUMNS:
        if name in frame:
            values = _column_values(frame[name])
            if name in FIELD_BY_KEY and FIELD_BY_KEY[name].dtype == "boolean":
                values = [None if v is None else int(bool(v)) for v in values]
            columns.append(values)
        else:
            columns.append([None] * n)
    placeholders = ", ".join("?" * (len(ROSTER_COLUMNS) + 1))
    conn.executemany(f"INSERT INTO roster VALUES ({placeholders})", zip(range(n), *columns))
    extras = [c for c in frame.columns if c.startswith(EXTRA_PREFIX)]
    conn.executemany("INSERT INTO roster_extras VALUES (?, ?, ?)", [
        (k, c[len(EXTRA_PREFIX):], _json(_column_values(frame[c]))) for k, c in enumerate(extras)])


def _write_report(conn: sqlite3.Connection, report: ImportReport) -> None:
    conn.executemany("INSERT INTO import_files (path, format, failure, sheets) VALUES (?, ?, ?, ?)", [
        (f.path, f.format, _json(f.failure) if f.failure else None,
         _json([s.__dict__ for s in f.sheets])) for f in report.files])
    notes = []
    for category, items in (("skipped", report.skipped), ("rejected", report.rejected)):
        notes.extend((category, n.file, n.sheet, n.row, None, None, None, n.kind, None, _json(n.params), None)
                     for n in items)
    notes.extend(("value", i.file, i.sheet, i.row, i.column, i.header, i.field, i.kind, i.severity, _json(i.params),
                  _json(i.raw)) for i in report.issues)
    conn.executemany("INSERT INTO import_notes (category, file, sheet, row, col, header, field, kind, severity, params, raw)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
    summary = {
        "warnings": [[k, p] for k, p in report.warnings], "enterprise_rows": report.enterprise_rows,
        "enterprises": report.enterprises, "missing_credit_codes": report.missing_credit_codes,
        "revenue_total_wan": report.revenue_total_wan, "by_city": dict(report.by_city),
        "by_level": dict(report.by_level), "duplicate_credit_codes": report.duplicate_credit_codes,
    }
    conn.executemany("INSERT INTO import_summary VALUES (?, ?)", [(k, _json(v)) for k, v in summary.items()])


# ------------------------------------------------------------------ open


def _private_copy(path: Path) -> Path:
    """A private copy of the file: no lock is ever held on the original, and nothing is written to it."""
    folder = Path(tempfile.mkdtemp(prefix="dtplan-open-"))
    copy = folder / "working.dtplan"
    try:
        shutil.copyfile(path, copy)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return copy


def _checked_in_sandbox(copy: Path, label: str, version: int, cfg: ImportConfig) -> dict:
    """validate_structure's answer for ``copy``, computed in a sandbox with the reader's memory cap and
    deadline; a refusal as ProjectFileError."""
    sandbox = Sandbox(reader_memory_bytes(cfg.reader_memory_mb, cfg.reader_memory_share), cfg.reader_seconds)
    try:
        sandbox.start(check_in_sandbox, str(copy), label, version)
        message = sandbox.receive()
    except SandboxFailure as failure:  # project.check_memory, project.check_timeout, project.check_aborted
        raise ProjectFileError("check_" + failure.reason, file=label, **failure.params) from None
    finally:
        sandbox.close()
    if message[0] == "fail":
        raise ProjectFileError(message[1], **message[2])
    return message[1]


def _check_memory(sizes: dict, label: str, cfg: ImportConfig) -> None:
    """Refuse a file whose rows would take more than the project's share of this machine's memory."""
    needed = estimated_bytes(sizes, cfg.project_bytes_per_row, cfg.project_bytes_per_json_byte)
    allowed = int((machine_memory_bytes() or 0) * cfg.project_load_share)
    if allowed and needed > allowed:
        raise ProjectFileError("too_large_for_memory", file=label, needed_gb=f"{needed / 2**30:.1f}",
                               allowed_gb=f"{allowed / 2**30:.1f}")


_JSON_SHAPES = {dict: "shape_object", list: "shape_list", "scalar": "shape_scalar", "value": "shape_value"}
_SCALARS = (str, int, float, bool)


def _what(what: str) -> dict:
    """The part of the file a JSON document is ("template rules", "override"), as the reader reads it."""
    part, _, name = what.partition(" ") if what.split(" ", 1)[0] in ("meta", "template") else (what, "", "")
    return detail("part_" + part.replace(" ", "_"), name=name)


def _load_json(text: str | None, label: str, what: str, shape=None):
    """The JSON document ``text``; with ``shape`` (dict, list, "scalar" or "value"), refused unless it
    is one (or null)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError, TypeError):
        raise ProjectFileError("damaged", file=label, detail=detail("json", what=_what(what))) from None
    if value is None or shape is None:
        return value
    if shape == "scalar":
        fits = isinstance(value, _SCALARS)
    elif shape == "value":  # an override's value: a tag, a number, or a list of actions
        fits = isinstance(value, _SCALARS) or (isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value))
    else:
        fits = isinstance(value, shape)
    if not fits:
        raise ProjectFileError("damaged", file=label, detail=detail("json_shape", what=_what(what),
                                                                    shape=detail(_JSON_SHAPES[shape])))
    return value


def open_project(path: str | os.PathLike, cfg: ImportConfig | None = None) -> OpenedProject:
    """Open a project file for reading into memory. Raises :class:`ProjectFileError` with a clear
    reason for anything that is not a sound DTPlan project, naming the backup beside it if any.
    ``cfg``: the limits of the check's sandbox and of reading (the import settings by default)."""
    path = Path(path)
    try:
        with paused_gc():
            return _open(path, cfg or default_import_config())
    except ProjectFileError as exc:
        backup = path.with_name(path.name + ".bak")
        if exc.kind not in ("not_found", "newer") and backup.is_file():
            exc.params.setdefault("backup", backup.name)
        raise


def _open(path: Path, cfg: ImportConfig) -> OpenedProject:
    label = path.name
    _, version = check_header(path)
    try:
        copy = _private_copy(path)
    except OSError as exc:
        raise ProjectFileError("unreadable", file=label, detail=exc.strerror or str(exc)) from None
    conn = None
    try:
        try:
            _check_memory(_checked_in_sandbox(copy, label, version, cfg), label, cfg)
            conn = connect(copy)
            migrated_from = None
            if version < SCHEMA_VERSION:
                migrate(conn, version)
                migrated_from = version
            project = _read_project(conn, label)
        except OSError as exc:
            raise ProjectFileError("unreadable", file=label, detail=exc.strerror or str(exc)) from None
        except sqlite3.DatabaseError:  # SQLite's own words are English and technical
            raise ProjectFileError("damaged", file=label, detail=detail("sqlite")) from None
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, RecursionError):
            # what the checks above did not foresee is still a refusal, never a traceback
            raise ProjectFileError("damaged", file=label, detail=detail("unexpected_values")) from None
    finally:
        if conn is not None:
            conn.close()
        shutil.rmtree(copy.parent, ignore_errors=True)
    opened = OpenedProject(project, path, migrated_from=migrated_from)
    lock_owner = read_lock(path)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        opened.read_only, opened.notice = True, "project.read_only"
    elif lock_owner is not None and not may_take(lock_owner):
        opened.read_only, opened.notice = True, "project.locked"
        opened.lock_owner = lock_owner
    elif migrated_from is not None:
        opened.notice = "project.migrated"
    return opened


def _read_project(conn: sqlite3.Connection, label: str) -> Project:
    meta_rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    meta = ProjectMeta.from_dict({k: _load_json(v, label, f"meta {k}", "scalar") for k, v in meta_rows.items()})
    templates = {name: _load_json(body, label, f"template {name}", dict) for name, body in conn.execute("SELECT name, body FROM templates")}
    project = Project(meta=meta, templates=templates)
    try:
        project.strategy_config()
        from planning.budget.policy import Policy

        Policy.from_dict(templates["policy"])
    except ConfigError as exc:  # in both languages: the reader's is chosen when the refusal is shown
        raise ProjectFileError("bad_templates", file=label,
                               detail={lang: exc.message(lang)[:200] for lang in ("zh", "en")}) from None
    except KeyError as exc:
        raise ProjectFileError("bad_templates", file=label, detail=str(exc)[:200]) from None
    project.roster = _read_roster(conn, label)
    project.report = _read_report(conn, label)
    store = OverrideStore()
    for key, field_name, value, reason, author, time in conn.execute("SELECT key, field, value, reason, author, time FROM overrides"):
        # an override's value is a list of action ids for "actions", else one tag or number
        shape = "value" if field_name == "actions" else "scalar"
        store.overrides[(key, field_name)] = Override(key, field_name, _load_json(value, label, "override", shape),
                                                      reason, author, time)
    for time, author, key, firm, field_name, old, new, reason in conn.execute(
            "SELECT time, author, key, firm, field, old, new, reason FROM audit ORDER BY id"):
        store.audit.append(AuditEntry(time, author, key, firm, field_name, _load_json(old, label, "audit", "value"),
                                      _load_json(new, label, "audit", "value"), reason))
    project.overrides = store
    known = project.scenario_specs()
    for name, params, summary, computed in conn.execute("SELECT name, params, summary, computed FROM scenario_results"):
        if name not in known:
            continue  # its scenario is no longer in the project's templates: it could never be planned again
        params = _load_json(params, label, "scenario", dict) or {}
        rows = conn.execute(f"SELECT {', '.join(LINE_COLUMNS)} FROM plan_lines WHERE scenario = ? ORDER BY line",
                            (name,)).fetchall()
        lines = pd.DataFrame(rows, columns=list(LINE_COLUMNS)).drop(columns=list(RETIRED_LINE_COLUMNS))
        years = params.get("years")
        project.runs[name] = ScenarioRun(name, params.get("total"), tuple(years) if years else None,
                                         params.get("method", "auto"), _load_json(summary, label, "summary", dict) or {},
                                         lines, computed or "", str(params.get("fingerprint") or ""))
    return project


def _read_roster(conn: sqlite3.Connection, label: str) -> pd.DataFrame | None:
    rows = conn.execute(f"SELECT {', '.join(ROSTER_COLUMNS)} FROM roster").fetchall()  # rowid order
    if not rows:
        return None
    columns = dict(zip(ROSTER_COLUMNS, zip(*rows)))
    data = {}
    for f in FIELDS:
        values = columns.get(f.key)
        if f.dtype == "float64":
            data[f.key] = np.array(values, dtype=float)  # NULL becomes NaN
        elif f.dtype == "Int8":
            data[f.key] = pd.array(list(values), dtype="Int8")
        elif f.dtype == "boolean":
            data[f.key] = pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
        elif f.dtype == "datetime64[s]":
            data[f.key] = pd.array(np.array([v or "NaT" for v in values], dtype="datetime64[D]").astype("datetime64[s]"))
        else:
            data[f.key] = pd.Series(values, dtype=object)
    for key in ("credit_code_status", "city_code", "county_code"):
        data[key] = pd.Series(columns[key], dtype=object)
    frame = pd.DataFrame(data)
    for name, cells in conn.execute("SELECT name, cells FROM roster_extras ORDER BY position"):
        values = _load_json(cells, label, "roster extras", list)
        if not isinstance(values, list) or len(values) != len(frame):
            raise ProjectFileError("damaged", file=label, detail=detail("extra_column", name=str(name)))
        frame[EXTRA_PREFIX + str(name)] = pd.Series(values, dtype=object)
    frame["source_file"] = pd.Series(columns["source_file"], dtype=object)
    frame["source_sheet"] = pd.Series(columns["source_sheet"], dtype=object)
    frame["source_row"] = np.array([0 if v is None else v for v in columns["source_row"]], dtype=np.int64)
    return frame


def _read_report(conn: sqlite3.Connection, label: str) -> ImportReport | None:
    summary = dict(conn.execute("SELECT key, value FROM import_summary").fetchall())
    files = conn.execute("SELECT path, format, failure, sheets FROM import_files ORDER BY id").fetchall()
    if not summary and not files:
        return None
    report = ImportReport()
    for path, fmt, failure, sheets in files:
        sheet_reports = []
        for item in _load_json(sheets, label, "import sheets", list) or []:
            item = dict(item)
            item["mapping"] = {k: tuple(v) for k, v in (item.get("mapping") or {}).items()}
            item["unmapped"] = [tuple(v) for v in item.get("unmapped") or []]
            item["data_rows"] = tuple(item["data_rows"]) if item.get("data_rows") else None
            sheet_reports.append(SheetReport(**{k: item.get(k) for k in SheetReport.__dataclass_fields__ if k in item}))
        failure_value = _load_json(failure, label, "import failure", list)
        if failure_value and not (len(failure_value) == 2 and isinstance(failure_value[0], str)
                                  and isinstance(failure_value[1], dict)):
            raise ProjectFileError("damaged", file=label, detail=detail("import_failure"))
        report.files.append(FileReport(path, fmt, tuple(failure_value) if failure_value else None, sheet_reports))
    for category, file, sheet, row, col, header, field_name, kind, severity, params, raw in conn.execute(
            "SELECT category, file, sheet, row, col, header, field, kind, severity, params, raw FROM import_notes ORDER BY id"):
        params = _load_json(params, label, "import note", dict) or {}
        if category == "skipped":
            report.skipped.append(RowNote(file, sheet, row, kind, params))
        elif category == "rejected":
            report.rejected.append(RowNote(file, sheet, row, kind, params))
        else:
            report.issues.append(ValueIssue(file, sheet, row, col or "", header or "", field_name or "", kind,
                                            severity or "warning", params, _load_json(raw, label, "raw value", "scalar")))
    values = {k: _load_json(v, label, "import summary") for k, v in summary.items()}
    from collections import Counter

    report.warnings = [(k, p) for k, p in values.get("warnings", [])]
    report.enterprise_rows = int(values.get("enterprise_rows", 0))
    report.enterprises = int(values.get("enterprises", 0))
    report.missing_credit_codes = int(values.get("missing_credit_codes", 0))
    report.revenue_total_wan = float(values.get("revenue_total_wan", 0.0))
    report.by_city = Counter(values.get("by_city", {}))
    report.by_level = Counter(values.get("by_level", {}))
    report.duplicate_credit_codes = dict(values.get("duplicate_credit_codes", {}))
    return report


# ------------------------------------------------------------------ migrations


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2 adds county codes to the roster, keeps unmapped columns column by column instead of
    as JSON per row, and stores scenario results with the project."""
    from planning.reference.regions import region_index

    conn.execute("ALTER TABLE roster ADD COLUMN county_code TEXT")
    regions = region_index()
    rows = conn.execute("SELECT id, county, city_code FROM roster WHERE county IS NOT NULL").fetchall()
    updates = []
    for row_id, county, city_code in rows:
        resolution = regions.resolve_county(county, city_code)
        if resolution.region is not None:
            updates.append((resolution.region.code, row_id))
    conn.executemany("UPDATE roster SET county_code = ? WHERE id = ?", updates)
    conn.execute(SCHEMA["roster_extras"])
    cells = [json.loads(text) if text else {} for (text,) in conn.execute("SELECT extras FROM roster ORDER BY id")]
    names: list[str] = []
    for item in cells:
        names.extend(k for k in item if k not in names)
    conn.executemany("INSERT INTO roster_extras VALUES (?, ?, ?)",
                     [(k, name, _json([item.get(name) for item in cells])) for k, name in enumerate(names)])
    conn.execute(SCHEMA["scenario_results"])
    conn.execute(SCHEMA["plan_lines"])


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Plan lines say which package of its firm each belongs to (empty in lines planned before)."""
    kept = ", ".join(f'"{c}"' for c in ("scenario", "line") + LINE_COLUMNS if c not in PACKAGE_LINE_COLUMNS)
    conn.execute('ALTER TABLE plan_lines RENAME TO plan_lines_2')
    conn.execute(SCHEMA["plan_lines"])
    conn.execute(f"INSERT INTO plan_lines ({kept}) SELECT {kept} FROM plan_lines_2")
    conn.execute("DROP TABLE plan_lines_2")


MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}
def migrate(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN")
    try:
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute(f"PRAGMA user_version={version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise

