"""The checks a ``.dtplan`` file passes before DTPlan reads a value from it, kept apart from the reading
(file_format.py) so that they run in a sandboxed process (planning.importing.readers.sandbox) that imports
nothing but SQLite: the file's header, its schema compared as tokens with DTPlan's own for its version
(nothing the file defines is ever evaluated), SQLite's own integrity check, every value's type and the
ranges the reader relies on, and bounded sizes. A hostile file that makes SQLite itself run away in memory
or time is stopped by the sandbox's cap and deadline; one that passes is read in the parent, where the
memory its rows will take, estimated from their number, must fit in a share of this machine's memory.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from planning.base.errors import DTPlanError
from planning.base.messages import tr
from planning.base.schema import FIELD_BY_KEY

APPLICATION_ID = 0x44545031  # "DTP1"
SCHEMA_VERSION = 3
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_FILE_BYTES = 4 * 1024 ** 3
MAX_ROWS = {"roster": 5_000_000, "import_notes": 20_000_000, "audit": 5_000_000, "overrides": 5_000_000,
            "plan_lines": 20_000_000, "meta": 1000, "templates": 100, "import_files": 100_000,
            "import_summary": 1000, "scenario_results": 1000}
MAX_TEXT_BYTES = 1_000_000  # in any one cell (a third of a million Chinese characters)
MAX_JSON_BYTES = 50_000_000  # of one JSON document (a template, a summary)

ROSTER_COLUMNS = ("credit_code", "credit_code_status", "name", "city", "city_code", "county", "county_code",
                  "industry_code", "industry_name", "revenue_wan", "employees", "miit_level", "cnc_rate",
                  "rd_tool_rate", "networking_rate", "has_erp", "has_mes", "specialized", "established",
                  "contact", "phone", "remarks", "source_file", "source_sheet", "source_row")
LINE_COLUMNS = ("firm", "credit_code", "name", "city", "county", "key_sector", "track", "tier", "action",
                "action_name", "programme", "year", "investment_wan", "subsidy_wan", "own_funds_wan", "ratio",
                "value", "reason", "variant", "level_before", "level_after", "cap_wan")
# Plan lines name their action by its code only; the table keeps this column (empty) so files stay alike.
RETIRED_LINE_COLUMNS = ("action_name",)

# table -> ((column, type), ...), primary key. The CREATE statements are made from this, and an opened
# file is checked against it.
TABLES: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "meta": ((("key", "TEXT"), ("value", "TEXT NOT NULL")), "key"),
    "roster": ((("id", "INTEGER"),) + tuple(
        (c, FIELD_BY_KEY[c].sql_type if c in FIELD_BY_KEY else "INTEGER" if c == "source_row" else "TEXT")
        for c in ROSTER_COLUMNS),
        "id"),
    # Columns the importer kept but could not map: one JSON array per column (fast to write and read).
    "roster_extras": ((("position", "INTEGER"), ("name", "TEXT NOT NULL"), ("cells", "TEXT NOT NULL")), "position"),
    "import_files": ((("id", "INTEGER"), ("path", "TEXT"), ("format", "TEXT"), ("failure", "TEXT"),
                      ("sheets", "TEXT")), "id"),
    "import_notes": ((("id", "INTEGER"), ("category", "TEXT"), ("file", "TEXT"), ("sheet", "TEXT"),
                      ("row", "INTEGER"), ("col", "TEXT"), ("header", "TEXT"), ("field", "TEXT"), ("kind", "TEXT"),
                      ("severity", "TEXT"), ("params", "TEXT"), ("raw", "TEXT")), "id"),
    "import_summary": ((("key", "TEXT"), ("value", "TEXT NOT NULL")), "key"),
    "templates": ((("name", "TEXT"), ("body", "TEXT NOT NULL")), "name"),
    "overrides": ((("key", "TEXT NOT NULL"), ("field", "TEXT NOT NULL"), ("value", "TEXT"), ("reason", "TEXT"),
                   ("author", "TEXT"), ("time", "TEXT")), "key, field"),
    "audit": ((("id", "INTEGER"), ("time", "TEXT"), ("author", "TEXT"), ("key", "TEXT"), ("firm", "TEXT"),
               ("field", "TEXT"), ("old", "TEXT"), ("new", "TEXT"), ("reason", "TEXT")), "id"),
    "scenario_results": ((("name", "TEXT"), ("params", "TEXT"), ("summary", "TEXT"), ("computed", "TEXT")), "name"),
    "plan_lines": ((("scenario", "TEXT NOT NULL"), ("line", "INTEGER NOT NULL")) + tuple(
        (c, "REAL" if c.endswith("_wan") or c in ("ratio", "value") else
         "INTEGER" if c in ("firm", "year", "level_before", "level_after") else "TEXT")
        for c in LINE_COLUMNS), "scenario, line"),
}
JSON_TABLES = ("templates", "scenario_results", "meta", "import_summary", "import_files", "roster_extras")


def create_statement(table: str, columns=None) -> str:
    columns, key = TABLES[table] if columns is None else (columns, TABLES[table][1])
    body = ", ".join(f'"{name}" {kind}' for name, kind in columns)
    return f'CREATE TABLE "{table}" ({body}, PRIMARY KEY ({key}))'


SCHEMA = {table: create_statement(table) for table in TABLES}


def detail(kind: str, **params) -> dict:
    """What is wrong with a file, as a message of the catalogue (``project.detail.*``), put into words in
    the reader's language when the refusal is shown."""
    return {"kind": "project.detail." + kind, "params": params}


class ProjectFileError(DTPlanError):
    """A project file that cannot be opened or saved; the message says which and why, on one line,
    and where a backup of the file exists, says so."""

    prefix = "project."

    def message(self, lang: str | None = None) -> str:
        text = " ".join(super().message(lang).split())
        backup = self.params.get("backup")
        return text + tr("project.backup_exists", lang, backup=backup) if backup else text


def check_header(path: Path) -> tuple[int, int]:
    """(application id, schema version) from the file header, refusing what is not ours."""
    label = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProjectFileError("not_found", file=str(path)) from None
    except OSError as exc:
        raise ProjectFileError("unreadable", file=label, detail=exc.strerror or str(exc)) from None
    if not path.is_file():
        raise ProjectFileError("unreadable", file=label, detail=detail("not_a_file"))
    if size == 0:
        raise ProjectFileError("empty", file=label)
    if size > MAX_FILE_BYTES:
        raise ProjectFileError("too_large", file=label, size_mb=size // 2 ** 20)
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise ProjectFileError("not_project", file=label)
    application_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if application_id != APPLICATION_ID:
        raise ProjectFileError("not_project", file=label)
    if version > SCHEMA_VERSION:
        raise ProjectFileError("newer", file=label, version=version, supported=SCHEMA_VERSION)
    if version < 1:
        raise ProjectFileError("damaged", file=label, detail=detail("no_version"))
    return application_id, version


_TOKENS = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_]*)|([(),]))')
_COLUMN_TYPES = ("TEXT", "INTEGER", "REAL")


def table_shape(sql: str | None) -> tuple[str, tuple[tuple[str, str, bool], ...], tuple[str, ...]] | None:
    """(table, ((column, type, not null), ...), primary key) of a CREATE TABLE statement in the only
    forms DTPlan writes or has written: columns with a plain type, NOT NULL, PRIMARY KEY on a column or
    over columns. None for anything else (CHECK, DEFAULT, generated columns, COLLATE, REFERENCES,
    virtual tables, WITHOUT ROWID ...), read as tokens, never evaluated. Names are compared as SQLite
    does, without regard to case."""
    if not sql:
        return None
    tokens: list[str] = []  # names lower-cased, keywords upper-cased, marks as they are
    position = 0
    while sql[position:].strip():
        match = _TOKENS.match(sql, position)
        if not match:
            return None
        quoted, word, mark = match.groups()
        tokens.append(quoted.replace('""', '"').lower() if quoted is not None else
                      word.upper() if word is not None else mark)
        position = match.end()
    if tokens[:2] != ["CREATE", "TABLE"] or len(tokens) < 6 or tokens[3] != "(" or tokens[-1] != ")":
        return None
    items: list[list[str]] = [[]]
    depth = 0
    for token in tokens[4:-1]:
        depth += token == "("
        depth -= token == ")"
        if token == "," and depth == 0:
            items.append([])
        else:
            items[-1].append(token)
    columns, key = [], ()
    for words in items:
        if words[:3] == ["PRIMARY", "KEY", "("] and words[-1] == ")" and not key:
            names = words[3:-1]
            if not names or names[1::2] != [","] * (len(names) // 2):
                return None
            key = tuple(n.lower() for n in names[0::2])
            continue
        if len(words) < 2 or words[1] not in _COLUMN_TYPES:
            return None
        rest = words[2:]
        not_null = rest[:2] == ["NOT", "NULL"]
        rest = rest[2:] if not_null else rest
        if rest == ["PRIMARY", "KEY"] and not key:
            key = (words[0].lower(),)
        elif rest:
            return None
        columns.append((words[0].lower(), words[1], not_null))
    return tokens[2].lower(), tuple(columns), key


def _expected_shape(table: str, columns, key: str) -> tuple:
    return table, tuple((name, kind.split()[0], kind.endswith("NOT NULL")) for name, kind in columns), \
        tuple(k.strip() for k in key.split(","))


def _check_schema(conn: sqlite3.Connection, label: str, version: int) -> None:
    """The file's schema is exactly DTPlan's for its version, read from sqlite_master before any other
    query runs: no CHECK or generated column, index, trigger, view or table of the file's own is ever
    evaluated. Primary keys' own indexes (no SQL of their own) are the only indexes allowed."""
    expected = TABLES_BY_VERSION.get(version, TABLES)
    tables = set()
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if kind == "index" and sql is None and table in expected and name.startswith(f"sqlite_autoindex_{table}_"):
            continue
        if kind != "table" or name not in expected:
            raise ProjectFileError("unexpected", file=label, detail=detail("object", what=detail(f"object_{kind}"), name=name))
        columns, key = expected[name]
        if table_shape(sql) != _expected_shape(name, columns, key):
            raise ProjectFileError("unexpected", file=label, detail=detail("table_definition", table=name))
        tables.add(name)
    missing = sorted(set(expected) - tables)
    if missing:
        raise ProjectFileError("damaged", file=label, detail=detail("missing_tables", tables=missing))


def validate_structure(conn: sqlite3.Connection, label: str, version: int) -> dict:
    """The file's rows per table and the bytes of its JSON documents, once its schema, integrity,
    sizes and values are sound; ProjectFileError otherwise."""
    _check_schema(conn, label, version)
    result = conn.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise ProjectFileError("damaged", file=label, detail=detail("integrity"))
    expected = TABLES_BY_VERSION.get(version, TABLES)
    rows, json_bytes = {}, 0
    for table, (columns, _) in expected.items():
        count = rows[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if count > MAX_ROWS.get(table, 1_000_000):
            raise ProjectFileError("too_large", file=label, size_mb=detail("rows", table=table, rows=count))
        if count:
            _check_values(conn, label, table, columns)
        texts = [name for name, kind in columns if kind.startswith("TEXT")]
        if count and texts:
            # in bytes (the values are text by now): length() in characters would decode every value
            lengths = conn.execute("SELECT " + ", ".join(f'max(length(CAST("{c}" AS BLOB))), '
                                                         f'total(length(CAST("{c}" AS BLOB)))' for c in texts)
                                   + f' FROM "{table}"').fetchone()
            longest = max((n or 0) for n in lengths[0::2])
            limit = MAX_JSON_BYTES if table in JSON_TABLES else MAX_TEXT_BYTES
            if longest > limit:
                raise ProjectFileError("too_large", file=label, size_mb=detail("long_value", table=table, size=longest))
            if table in JSON_TABLES:
                json_bytes += int(sum(lengths[1::2]))
    return {"rows": rows, "json_bytes": json_bytes}



# SQLite keeps any value in any column. What each declared type may not hold, written as comparisons, which
# SQLite makes without calling a function per value (ten times faster than typeof() on a large roster): in
# SQLite's order NULL < numbers < text < blobs, a TEXT column's value is wrong below '' (a number) or from
# x'' on (a blob); an INTEGER or REAL column's from '' on (text or a blob), and an INTEGER column's when
# not a whole number. The declared types, and so these comparisons' affinities, are DTPlan's own
# (_check_schema). And the ranges the reader relies on (the level becomes an Int8, flags booleans, years and
# rows integers).
_WRONG_TYPE = {"TEXT": ("{c} < ''", "{c} >= x''"), "INTEGER": ("{c} >= ''", "{c} <> CAST({c} AS INTEGER)"),
               "REAL": ("{c} >= ''",)}
_RANGES = {"roster": ("miit_level BETWEEN 1 AND 4", "has_erp IN (0, 1)", "has_mes IN (0, 1)", "specialized IN (0, 1)",
                      "source_row BETWEEN 0 AND 100000000"),
           "plan_lines": ("year BETWEEN 1900 AND 2200", "firm BETWEEN 0 AND 100000000", "level_before BETWEEN 1 AND 4",
                          "level_after BETWEEN 1 AND 4")}


def _check_values(conn: sqlite3.Connection, label: str, table: str, columns) -> None:
    wrong = [test.format(c=f'"{name}"') for name, kind in columns for test in _WRONG_TYPE[kind.split()[0]]
             if not (name == "id" and kind == "INTEGER")]  # an INTEGER PRIMARY KEY is the rowid: an integer
    names = {name for name, _ in columns}
    wrong += [f"NOT ({check})" for check in _RANGES.get(table, ()) if check.split()[0] in names]
    row = conn.execute(f'SELECT rowid FROM "{table}" WHERE {" OR ".join(wrong)} LIMIT 1').fetchone()
    if row is not None:
        raise ProjectFileError("damaged", file=label, detail=detail("wrong_type", table=table, row=row[0]))




PACKAGE_LINE_COLUMNS = ("variant", "level_before", "level_after", "cap_wan")


_V2_TABLES = {name: ((tuple(c for c in columns if c[0] not in PACKAGE_LINE_COLUMNS), key) if name == "plan_lines"
                     else (columns, key)) for name, (columns, key) in TABLES.items()}
# What each older version's tables look like, to validate a file before migrating it.
TABLES_BY_VERSION = {
    1: {name: ((tuple(c for c in columns if c[0] != "county_code") + (("extras", "TEXT"),), key)
               if name == "roster" else (columns, key))
        for name, (columns, key) in TABLES.items() if name not in ("scenario_results", "plan_lines", "roster_extras")},
    2: _V2_TABLES,
}




def connect(path: Path | str) -> sqlite3.Connection:
    """A connection to a private copy of a project file, with nothing in the file trusted."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    return conn


def check_in_sandbox(pipe, copy: str, label: str, version: int) -> None:
    """The sandbox's work: validate_structure on ``copy``, its sizes or its refusal sent to the parent."""
    try:
        conn = connect(copy)
        try:
            pipe.send(("checked", validate_structure(conn, label, version)))
        finally:
            conn.close()
    except ProjectFileError as exc:
        pipe.send(("fail", exc.kind, exc.params))
    except sqlite3.DatabaseError:  # SQLite's own words are English and technical
        pipe.send(("fail", "damaged", {"file": label, "detail": detail("sqlite")}))


def estimated_bytes(sizes: dict, bytes_per_row: dict[str, int], per_json_byte: float) -> int:
    """What reading a checked file of ``sizes`` (validate_structure's answer) will take in memory."""
    rows = sum(count * bytes_per_row.get(table, bytes_per_row.get("other", 0)) for table, count in sizes["rows"].items())
    return int(rows + sizes["json_bytes"] * per_json_byte)
