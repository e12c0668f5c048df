"""Hostile ``.dtplan`` project files made from a sound one and a ``random.Random``: byte mutations (the
header kept or not), values of the wrong type, out of range or huge written into any table, JSON that is
not JSON or not the right shape, schema edits (CHECK constraints, generated columns, defaults, extra
tables, views, triggers, indexes), dropped rows and tables, another schema version. The contract for each:
the loader opens it or refuses it with one line (planning.project.file_format.ProjectFileError), never
another exception, a crash, a hang or memory beyond the cap."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

from tests.fuzz.inputs import mutate_bytes

TABLES = ("meta", "templates", "roster", "import_notes", "overrides", "audit", "scenario_results", "plan_lines")
ODD_VALUES = [None, "", "x", "null", "[]", "{}", "[1, [2, [3]]]", '{"a": ', "NaN", "1e999", -1, 0, 1, 5, 2**63 - 1,
              -2**63, 1e308, float("inf"), float("-inf"), 3.5, b"\x00\xff", "é" * 1000, "[" * 5000, "\x00", "=cmd|' /C calc'!A0"]
SCHEMA_EDITS = [
    ("NOT NULL", "NOT NULL CHECK (length(randomblob(100000000)) > 0)"),
    ("TEXT", "TEXT GENERATED ALWAYS AS (zeroblob(1000000000)) VIRTUAL"),
    ("TEXT", "TEXT DEFAULT (hex(randomblob(1000)))"),
    ("TEXT", "TEXT COLLATE NOCASE"),
    ("INTEGER", "INTEGER REFERENCES meta(key)"),
    (")", ") WITHOUT ROWID"),
]
EXTRA_OBJECTS = [
    "CREATE VIEW v AS SELECT * FROM meta",
    "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END",
    "CREATE INDEX i ON meta(value)",
    "CREATE TABLE extra (a TEXT)",
    "CREATE TABLE extra (a TEXT CHECK (a > 0))",
]


def current_project(folder: Path) -> Path:
    """A sound project of the current schema version: the sample roster imported, an override set and
    the baseline planned (greedy)."""
    from planning.base.paths import sample_roster_path
    from planning.project.facade import Project
    from planning.project.file_format import save_project

    project = Project.new("示例项目", author="fuzz")
    project.import_rosters([sample_roster_path()])
    project.set_override(0, "tier", "good", "核查", author="fuzz")
    project.plan("baseline", method="greedy")
    return save_project(project, folder / "current.dtplan")


def hostile_project(rng: random.Random, seeds: list[Path], folder: Path, stem: str) -> Path:
    """One hostile project file in ``folder``."""
    path = folder / f"{stem}.dtplan"
    shutil.copyfile(rng.choice(seeds), path)
    edit = rng.randrange(6)
    try:
        if edit == 0:
            data = path.read_bytes()
            kept = 100 if rng.random() < 0.7 else 0  # mostly keep the header, so that the checks below it run
            path.write_bytes(data[:kept] + mutate_bytes(data[kept:], rng))
        else:
            with sqlite3.connect(path, isolation_level=None) as conn:
                [_odd_values, _odd_json, _schema_edit, _extra_object, _drop_or_version][edit - 1](conn, rng)
            conn.close()
    except sqlite3.DatabaseError:
        pass  # the edit itself was refused: the file is still a test
    return path


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _odd_values(conn: sqlite3.Connection, rng: random.Random) -> None:
    for _ in range(rng.randrange(1, 4)):
        table = rng.choice(TABLES)
        columns = _columns(conn, table)
        if not columns:
            continue
        column = rng.choice(columns)
        value = rng.choice(ODD_VALUES)
        if rng.random() < 0.5:
            conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid IN '
                         f'(SELECT rowid FROM "{table}" ORDER BY random() LIMIT 3)', (value,))
        else:
            conn.execute(f'INSERT INTO "{table}" ("{column}") VALUES (?)', (value,))


def _odd_json(conn: sqlite3.Connection, rng: random.Random) -> None:
    table, column = rng.choice([("meta", "value"), ("templates", "body"), ("overrides", "value"), ("audit", "old"),
                                ("scenario_results", "params"), ("scenario_results", "summary")])
    value = rng.choice(['{"a": ', "[1, 2", "1", '"text"', "[[[]]]", "{}", "[" * 3000 + "]" * 3000, '{"total": "x"}',
                        '{"years": [2027, "x"]}', '{"years": 5}', "null", '{"rules": []}', '{"method": 1}'])
    conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid IN '
                 f'(SELECT rowid FROM "{table}" ORDER BY random() LIMIT 2)', (value,))


def _schema_edit(conn: sqlite3.Connection, rng: random.Random) -> None:
    table = rng.choice(TABLES)
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    if not row or not row[0]:
        return
    old, new = rng.choice(SCHEMA_EDITS)
    if old not in row[0]:
        return
    edited = row[0].replace(old, new, 1) if old != ")" else row[0][::-1].replace(")", new[::-1], 1)[::-1]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (edited, table))
    conn.execute("PRAGMA writable_schema = OFF")


def _extra_object(conn: sqlite3.Connection, rng: random.Random) -> None:
    conn.execute(rng.choice(EXTRA_OBJECTS))


def _drop_or_version(conn: sqlite3.Connection, rng: random.Random) -> None:
    choice = rng.randrange(4)
    if choice == 0:
        conn.execute(f'DROP TABLE "{rng.choice(TABLES)}"')
    elif choice == 1:
        conn.execute(f'DELETE FROM "{rng.choice(("meta", "templates"))}" WHERE rowid IN '
                     f'(SELECT rowid FROM "{rng.choice(("meta", "templates"))}" ORDER BY random() LIMIT 1)')
    elif choice == 2:
        conn.execute(f"PRAGMA user_version = {rng.choice([0, 1, 2, 3, 99, -1])}")
    else:
        conn.execute(f'DELETE FROM "{rng.choice(TABLES)}"')
