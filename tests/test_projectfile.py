import json
import os
import random
import signal
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planning.base.money import same_money
from planning.project.autosave import Autosaver, pending
from planning.project.merge import city_part, merge_projects
from planning.project.facade import Project
from planning.project.file_format import (APPLICATION_ID, SCHEMA_VERSION, ProjectFileError, open_project,
                                          save_project)
from planning.project.lock import lock_path, take_lock
from tests.conftest import FIXTURES, ROOT

SAMPLE = ROOT / "resources" / "samples" / "sample_roster.xlsx"


@pytest.fixture(scope="module")
def sample_project():
    project = Project.new("安徽省2025年一企一策", author="张三")
    project.import_rosters([SAMPLE])
    project.set_override(0, "tier", "good", "现场核查后上调", author="李四")
    project.set_override(5, "track", "intelligence", "省级示范", author="李四")
    project.plan("baseline", total=4000.0, years=(2025, 2027))
    project.plan("austerity", total=4000.0, years=(2025, 2027))
    return project


def plan_view(summary: dict) -> dict:
    summary = json.loads(json.dumps(summary, default=str))
    summary.get("solver", {}).pop("seconds", None)
    return summary


def test_round_trip_gives_an_identical_project_and_plan(sample_project, tmp_path):
    path = save_project(sample_project, tmp_path / "p.dtplan")
    opened = open_project(path)
    again = opened.project
    assert not opened.read_only and opened.notice is None
    assert again.meta == sample_project.meta
    assert again.templates == sample_project.templates
    assert again.roster.equals(sample_project.roster)
    assert list(again.roster.dtypes) == list(sample_project.roster.dtypes)
    assert again.report.to_summary("en") == sample_project.report.to_summary("en")
    assert again.overrides.overrides == sample_project.overrides.overrides
    assert again.overrides.audit == sample_project.overrides.audit
    assert set(again.runs) == {"baseline", "austerity"}
    for name, run in sample_project.runs.items():
        assert again.runs[name].lines.reset_index(drop=True).equals(run.lines.reset_index(drop=True))
        assert again.runs[name].params() == run.params()
    first = plan_view(sample_project.summary("baseline"))
    assert plan_view(again.summary("baseline")) == first
    # the file carries its own templates: a colleague with other local templates gets the same plan
    assert again.strategy().frame["track"].equals(sample_project.strategy().frame["track"])


def test_file_is_marked_and_versioned(sample_project, tmp_path):
    path = save_project(sample_project, tmp_path / "p.dtplan")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    conn.close()
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*.tmp"))


def test_save_keeps_the_previous_version_as_backup(sample_project, tmp_path):
    path = tmp_path / "p.dtplan"
    save_project(sample_project, path)
    old_title = sample_project.meta.title
    sample_project.meta.title = "第二版"
    try:
        save_project(sample_project, path)
    finally:
        sample_project.meta.title = old_title
    assert open_project(path).project.meta.title == "第二版"
    assert open_project(tmp_path / "p.dtplan.bak").project.meta.title == old_title


WRITER = """
import sys
sys.path.insert(0, {root!r})
from planning.project.file_format import open_project, save_project
project = open_project({source!r}).project
print("ready", flush=True)
n = 0
while True:
    n += 1
    project.meta.title = f"new-{{n}}"
    save_project(project, {target!r})
    print("saved", flush=True)
"""


@pytest.mark.slow
def test_killed_saves_always_leave_the_old_or_the_new_file(sample_project, tmp_path):
    source = save_project(sample_project, tmp_path / "source.dtplan")
    target = tmp_path / "target.dtplan"
    save_project(sample_project, target)
    rng = random.Random(11)
    script = WRITER.format(root=str(ROOT), source=str(source), target=str(target))
    titles = set()
    for attempt in range(15):
        writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline() == "ready\n"  # imported and opened, however slow the machine
        for _ in range(rng.randrange(4)):  # let a few saves complete, whatever the machine's speed,
            writer.stdout.readline()
        time.sleep(rng.random() * 0.3)  # then die at a random point of the next one
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        title = open_project(target).project.meta.title  # never raises: old or new, complete
        assert title == sample_project.meta.title or title.startswith("new-")
        titles.add(title)
        leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        for leftover in leftovers:  # a killed save leaves its temporary file; the target is intact
            leftover.unlink()
    assert len(titles) > 3  # the kills really landed at different moments


def test_migration_from_the_committed_version_1_file():
    opened = open_project(FIXTURES / "project_v1.dtplan")
    assert opened.migrated_from == 1 and opened.notice == "project.migrated"
    project = opened.project
    assert project.meta.title == "2024年试点（第一版文件）"
    assert list(project.roster["county_code"]) == ["340123", "340202", "340321"]
    assert project.overrides.overrides[("91350100M000100Y43", "tier")].value == "basic"
    plan = project.plan("baseline", total=100.0)
    assert plan.total_subsidy <= 100.0
    assert project.strategy().frame.at[2, "tier"] == "basic"


def test_migrated_file_saves_in_the_current_format(tmp_path):
    project = open_project(FIXTURES / "project_v1.dtplan").project
    path = save_project(project, tmp_path / "new.dtplan")
    opened = open_project(path)
    assert opened.migrated_from is None
    assert opened.project.roster["county_code"].tolist() == ["340123", "340202", "340321"]


def test_a_version_2_file_keeps_its_plan_lines_without_packages(sample_project, tmp_path):
    from planning.project.file_format import LINE_COLUMNS, PACKAGE_LINE_COLUMNS

    old = [c for c in LINE_COLUMNS if c not in PACKAGE_LINE_COLUMNS]
    columns = ", ".join(f'"{c}"' for c in ["scenario", "line"] + old)
    path = tamper(sample_project, tmp_path, "v2.dtplan",
                  "CREATE TABLE old_lines AS SELECT * FROM plan_lines", "DROP TABLE plan_lines",
                  'CREATE TABLE "plan_lines" (' + ", ".join(
                      f'"{name}" {kind}' for name, kind in
                      [("scenario", "TEXT NOT NULL"), ("line", "INTEGER NOT NULL")] + [
                          (c, "REAL" if c.endswith("_wan") or c in ("ratio", "value") else
                           "INTEGER" if c in ("firm", "year") else "TEXT") for c in old]) +
                  ", PRIMARY KEY (scenario, line))",
                  f"INSERT INTO plan_lines SELECT {columns} FROM old_lines", "DROP TABLE old_lines",
                  "PRAGMA user_version=2")
    opened = open_project(path)
    assert opened.migrated_from == 2
    before = sample_project.runs["baseline"].lines
    lines = opened.project.runs["baseline"].lines
    assert len(lines) == len(before) and lines["variant"].isna().all()
    assert same_money(lines["subsidy_wan"].sum(), before["subsidy_wan"].sum())
    again = open_project(save_project(opened.project, tmp_path / "v3.dtplan"))
    assert again.migrated_from is None and len(again.project.runs["baseline"].lines) == len(before)


# ---------------------------------------------------------------- hostile and broken files


def refusal(path) -> ProjectFileError:
    with pytest.raises(ProjectFileError) as error:
        open_project(path)
    assert error.value.message("en")  # a sentence for the user, never a traceback
    assert Path(path).name in error.value.message("zh")
    return error.value


def kind_of(path) -> str:
    return refusal(path).kind


def test_wrong_application_id(tmp_path):
    path = tmp_path / "other.dtplan"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert kind_of(path) == "not_project"


def test_garbage_truncated_empty_and_foreign_files(sample_project, tmp_path):
    garbage = tmp_path / "garbage.dtplan"
    garbage.write_bytes(os.urandom(5000))
    assert kind_of(garbage) == "not_project"
    empty = tmp_path / "empty.dtplan"
    empty.write_bytes(b"")
    assert kind_of(empty) == "empty"
    good = save_project(sample_project, tmp_path / "good.dtplan")
    truncated = tmp_path / "truncated.dtplan"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert kind_of(truncated) == "damaged"
    assert kind_of(SAMPLE) == "not_project"
    assert kind_of(tmp_path / "missing.dtplan") == "not_found"


def test_newer_version_is_refused(sample_project, tmp_path):
    path = save_project(sample_project, tmp_path / "future.dtplan")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    assert kind_of(path) == "newer"


def tamper(sample_project, tmp_path, name, *statements) -> Path:
    path = save_project(sample_project, tmp_path / name)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def test_views_and_triggers_are_refused(sample_project, tmp_path):
    trigger = tamper(sample_project, tmp_path, "trigger.dtplan",
                     "CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM roster; END")
    assert kind_of(trigger) == "unexpected"
    view = tamper(sample_project, tmp_path, "view.dtplan", "CREATE VIEW v AS SELECT 1")
    assert kind_of(view) == "unexpected"


def test_unexpected_tables_and_missing_ones_are_refused(sample_project, tmp_path):
    extra = tamper(sample_project, tmp_path, "extra.dtplan", "CREATE TABLE evil (code TEXT)",
                   "INSERT INTO evil VALUES ('import os; os.system(\"rm -rf /\")')")
    assert kind_of(extra) == "unexpected"
    missing = tamper(sample_project, tmp_path, "missing.dtplan", "DROP TABLE templates")
    assert kind_of(missing) == "damaged"


def test_schema_of_the_files_own_is_refused_before_anything_runs(sample_project, tmp_path):
    """A CHECK that every row fails would make the integrity check report it ('damaged'): refused as
    'unexpected', the file's schema was compared before any query evaluated it."""
    check = tamper(sample_project, tmp_path, "check.dtplan", "PRAGMA writable_schema=ON",
                   "UPDATE sqlite_master SET sql = 'CREATE TABLE \"meta\" (\"key\" TEXT, \"value\" TEXT NOT NULL "
                   "CHECK (length(value) < 0), PRIMARY KEY (key))' WHERE name = 'meta'")
    generated = tamper(sample_project, tmp_path, "generated.dtplan",
                       "ALTER TABLE roster ADD COLUMN g BLOB GENERATED ALWAYS AS (zeroblob(1000000)) VIRTUAL")
    index = tamper(sample_project, tmp_path, "index.dtplan", "CREATE INDEX i ON roster (upper(name))")
    rowid = tamper(sample_project, tmp_path, "without_rowid.dtplan", "DROP TABLE meta",
                   "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    for path in (check, generated, index, rowid):
        failure = refusal(path)
        assert failure.kind == "unexpected", (path.name, failure.message("en"))
        assert len(failure.message("zh").splitlines()) == 1


def test_a_refusal_names_the_backup_beside_the_file(sample_project, tmp_path):
    path = tmp_path / "p.dtplan"
    save_project(sample_project, path)
    save_project(sample_project, path)  # the first save becomes p.dtplan.bak
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW v AS SELECT 1")
    conn.commit()
    conn.close()
    message = refusal(path).message("en")
    assert "p.dtplan.bak" in message and len(message.splitlines()) == 1
    assert open_project(path.with_name("p.dtplan.bak")).project.roster.equals(sample_project.roster)


def test_huge_values_and_bad_json_are_refused(sample_project, tmp_path):
    huge = tamper(sample_project, tmp_path, "huge.dtplan", "UPDATE roster SET name = printf('%.*c', 2000000, 'x') WHERE id = 0")
    assert kind_of(huge) == "too_large"
    bad_json = tamper(sample_project, tmp_path, "json.dtplan", "UPDATE templates SET body = '{not json' WHERE name = 'rules'")
    assert kind_of(bad_json) == "damaged"
    bad_rules = tamper(sample_project, tmp_path, "rules.dtplan",
                       "UPDATE templates SET body = json_set(body, '$.rules[0].when', json('{\"field\": \"nope\", \"op\": \"==\", \"value\": 1}')) WHERE name = 'rules'")
    error = refusal(bad_rules)
    assert error.kind == "bad_templates"
    assert "nope" in error.message("zh") and "nope" in error.message("en")
    assert re.search(r"[\u4e00-\u9fff]", error.message("zh").split("：", 1)[1])  # the rule's problem in Chinese too


def stored_as_is(path: Path, table: str, column: str, value) -> None:
    """``value`` stored in ``column`` with its own storage class, as a file written by other means can hold
    it (through SQL, the column's declared type would convert it): the column's type is taken away, the
    value written, and the declaration put back."""
    conn = sqlite3.connect(path, isolation_level=None)
    declared = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    untyped = re.sub(r'("[a-z_]+") (TEXT|INTEGER|REAL)', r"\1", declared)
    for sql in (untyped, declared):
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, table))
        conn.execute("PRAGMA writable_schema=OFF")
        conn.close()
        conn = sqlite3.connect(path, isolation_level=None)
        if sql == untyped:
            conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = (SELECT min(rowid) FROM "{table}")',
                         (value,))
            assert conn.execute(f'SELECT typeof("{column}") FROM "{table}" WHERE "{column}" IS ?',
                                (value,)).fetchone()[0] in ("integer", "real", "blob", "text")
    conn.close()


@pytest.mark.parametrize("table, column, value", [
    ("roster", "name", 5), ("roster", "name", 2.5), ("roster", "name", b"\x00name"),
    ("roster", "revenue_wan", "12 million"), ("roster", "revenue_wan", b"\x01"),
    ("roster", "source_row", 2.5), ("roster", "source_row", "row"), ("roster", "miit_level", 2.5),
    ("plan_lines", "year", 2025.5), ("overrides", "value", 7), ("audit", "reason", b"x"),
])
def test_a_value_of_the_wrong_storage_class_is_refused(sample_project, tmp_path, table, column, value):
    path = save_project(sample_project, tmp_path / "typed.dtplan")
    stored_as_is(path, table, column, value)
    error = refusal(path)  # by SQLite's own check (a number in a text column), or by DTPlan's
    assert error.kind == "damaged"
    assert "integrity check" in error.message("en") or f"table {table}" in error.message("en") and "wrong type" in error.message("en")


def test_cli_open_refuses_in_one_line(tmp_path):
    garbage = tmp_path / "x.dtplan"
    garbage.write_bytes(b"\x00" * 300)
    out = subprocess.run([sys.executable, "main.py", "open", str(garbage), "--json"], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "x.dtplan" in out.stderr


# ---------------------------------------------------------------- read-only and locked files


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_file_opens_read_only(sample_project, tmp_path):
    path = save_project(sample_project, tmp_path / "ro.dtplan")
    path.chmod(0o444)
    opened = open_project(path)
    assert opened.read_only and opened.notice == "project.read_only"


def test_file_locked_by_someone_else_opens_read_only(sample_project, tmp_path):
    path = save_project(sample_project, tmp_path / "shared.dtplan")
    lock_path(path).write_text(json.dumps({"user": "王五", "host": "CITY-PC-07", "pid": 1, "since": "2026-01-01T08:00:00"}),
                               encoding="utf-8")
    opened = open_project(path)
    assert opened.read_only and opened.notice == "project.locked" and opened.lock_owner["user"] == "王五"
    lock_path(path).unlink()
    assert take_lock(path)
    assert not open_project(path).read_only  # our own lock does not lock us out


# ---------------------------------------------------------------- autosave


def test_autosave_is_offered_only_when_newer_than_the_saved_file(sample_project, tmp_path):
    folder = tmp_path / "recovery"
    saved = save_project(sample_project, tmp_path / "work.dtplan")
    autosave = Autosaver(saved, folder)
    autosave.write(sample_project)
    assert [r.source for r in pending(folder)] == [saved]
    time.sleep(0.02)
    save_project(sample_project, saved)  # a later save makes the autosave stale
    assert pending(folder) == []
    autosave.discard()
    assert not list(folder.iterdir())


def test_a_snapshot_saves_the_project_as_it_was_while_the_original_changes(tmp_path):
    project = Project.new("快照", author="张三")
    project.import_rosters([SAMPLE])
    project.set_override(0, "tier", "good", "核查", author="李四")
    project.plan("baseline", method="greedy")
    snapshot = project.snapshot()
    before = (dict(project.overrides.overrides), len(project.overrides.audit), json.dumps(project.templates),
              set(project.runs), project.meta.title)

    project.set_override(1, "track", "review", "待定", author="李四")
    policy = json.loads(json.dumps(project.templates["policy"]))
    policy["total_budget_wan"] = policy.get("total_budget_wan", 1000) + 1
    project.set_template("policy", policy)
    project.meta.title = "改过"

    again = open_project(save_project(snapshot, tmp_path / "snap.dtplan")).project
    assert (dict(again.overrides.overrides), len(again.overrides.audit), json.dumps(again.templates),
            set(again.runs), again.meta.title) == before
    assert again.roster.equals(project.roster)


# ---------------------------------------------------------------- city submissions and merging


def test_city_part_and_merge_with_conflicts(sample_project):
    hefei = city_part(sample_project, "合肥市")
    wuhu = city_part(sample_project, "芜湖市")
    assert set(hefei.roster["city"]) == {"合肥市"}
    # the same firm sent by two bureaus, with another revenue in the second submission
    firm = hefei.roster.iloc[[0]].copy()
    firm.loc[:, "revenue_wan"] = firm["revenue_wan"] + 100
    import pandas as pd

    wuhu.roster = pd.concat([wuhu.roster, firm], ignore_index=True)
    result = merge_projects([hefei, wuhu], ["hefei", "wuhu"], rule="first")
    assert len(result.project.roster) == len(hefei.roster) + len(wuhu.roster) - 1
    [conflict] = [c for c in result.conflicts if c.kind == "firm"]
    assert conflict.sources == ["hefei", "wuhu"] and "revenue_wan" in conflict.differences
    assert conflict.sources[conflict.chosen] == "hefei"
    key = conflict.key
    kept = result.project.roster[result.project.roster["credit_code"] == key]["revenue_wan"].iloc[0]
    assert kept == hefei.roster.iloc[0]["revenue_wan"]
    again = merge_projects([hefei, wuhu], ["hefei", "wuhu"], rule="first", choices={key: 1})
    kept = again.project.roster[again.project.roster["credit_code"] == key]["revenue_wan"].iloc[0]
    assert kept == hefei.roster.iloc[0]["revenue_wan"] + 100
    by_city = merge_projects([wuhu, hefei], ["wuhu", "hefei"], rule="city")
    [conflict] = [c for c in by_city.conflicts if c.kind == "firm"]
    assert conflict.sources[conflict.chosen] == "hefei"  # the firm is in Hefei: Hefei's record wins


def test_merge_reports_differing_overrides(sample_project):
    a = city_part(sample_project, "合肥市")
    b = city_part(sample_project, "合肥市")
    key = next(iter(a.roster["credit_code"]))
    a.overrides.set(key, "tier", "good", "甲认为", author="甲")
    b.overrides.set(key, "tier", "weak", "乙认为", author="乙")
    result = merge_projects([a, b], ["a", "b"], rule="last")
    [conflict] = [c for c in result.conflicts if c.kind == "override"]
    assert conflict.differences == {"tier": ["good", "weak"]}
    assert result.project.overrides.overrides[(key, "tier")].value == "weak"
    assert len(result.project.overrides.audit) >= 2


def test_cli_plan_save_open_and_merge(tmp_path):
    saved = tmp_path / "p.dtplan"
    run = subprocess.run([sys.executable, "main.py", "plan", str(SAMPLE), "--budget", "3000", "--years", "2025-2027",
                          "--save", str(saved), "--json"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    planned = json.loads(run.stdout)
    opened = subprocess.run([sys.executable, "main.py", "open", str(saved), "--json"], cwd=ROOT, capture_output=True,
                            text=True)
    assert opened.returncode == 0, opened.stderr
    reopened = json.loads(opened.stdout)
    for key in ("funded_firms", "total_subsidy_wan", "total_investment_wan", "by_city", "by_track", "by_year",
                "firms", "by_tier", "by_sector", "kpis", "optimality_gap"):
        assert reopened[key] == planned[key], key
    parts = []
    for city in ("合肥市", "芜湖市"):
        out = tmp_path / f"{city}.dtplan"
        result = subprocess.run([sys.executable, "main.py", "export-city", str(saved), "--city", city, "-o", str(out)],
                                cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        parts.append(str(out))
    merged = subprocess.run([sys.executable, "main.py", "merge", *parts, parts[0], "-o", str(tmp_path / "m.dtplan"),
                             "--json"], cwd=ROOT, capture_output=True, text=True)
    assert merged.returncode == 0, merged.stderr
    report = json.loads(merged.stdout)
    # the Hefei part sent twice, unchanged: its firms are kept once, and that is no conflict
    assert report["conflicts"] == [] and report["identical"] > 0
    sizes = [len(open_project(part).project.roster) for part in parts]
    assert report["identical"] == sizes[0] and report["firms"] == sum(sizes)


def test_cli_exports_from_a_project_file(sample_project, tmp_path):
    saved = save_project(sample_project, tmp_path / "p.dtplan")
    out = subprocess.run([sys.executable, "main.py", "export", str(saved), "--out", str(tmp_path / "out"),
                          "--format", "xlsx", "--scenario", "baseline", "--json"], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert same_money(data["total_subsidy_wan"], sample_project.runs["baseline"].summary["total_subsidy_wan"])
    assert [Path(f).suffix for f in data["files"]] == [".xlsx"]


@pytest.mark.parametrize("statement", [
    "UPDATE roster SET revenue_wan = 'x' WHERE id = 0",
    "UPDATE roster SET miit_level = 9 WHERE id = 0",
    "UPDATE roster SET miit_level = 2.5 WHERE id = 0",
    "UPDATE roster SET city = X'00ff' WHERE id = 0",
    "UPDATE roster SET established = 'not a date' WHERE id = 0",
    "UPDATE roster SET source_row = 1e308 WHERE id = 0",
    "UPDATE import_notes SET params = '7' WHERE id = (SELECT min(id) FROM import_notes)",
    "UPDATE import_files SET failure = '[1, 2]'",
    "UPDATE import_files SET sheets = '\"s\"'",
    "UPDATE import_summary SET value = '7' WHERE key = 'warnings'",
    "UPDATE overrides SET value = '[]'",
    "UPDATE templates SET body = '7' WHERE name = 'policy'",
    "UPDATE scenario_results SET params = '7'",
    "UPDATE plan_lines SET year = 'soon' WHERE line = 0",
])
def test_values_of_the_wrong_type_or_range_are_refused(sample_project, tmp_path, statement):
    path = tamper(sample_project, tmp_path, "typed.dtplan", statement)
    failure = refusal(path)
    assert failure.kind in ("damaged", "bad_templates"), failure.message("en")
    assert len(failure.message("zh").splitlines()) == 1


def test_a_run_of_a_scenario_no_longer_in_the_templates_is_left_out(sample_project, tmp_path):
    path = tamper(sample_project, tmp_path, "renamed.dtplan", "UPDATE scenario_results SET name = 'gone' "
                  "WHERE name = 'austerity'", "UPDATE plan_lines SET scenario = 'gone' WHERE scenario = 'austerity'")
    project = open_project(path).project
    assert set(project.runs) == {"baseline"}


def test_stale_temporaries_of_killed_saves_are_removed_and_nothing_else(tmp_path):
    import os
    import time

    from planning.project.autosave import remove_stale_temporaries

    old = time.time() - 2 * 3600
    names = [".p.dtplan.ab12_x9z.tmp", ".p.dtplan.bak.tmp", ".规划\n.dtplan.k3j9s0aa.tmp",
             "3f" * 16 + ".json.tmp", "p.dtplan", ".p.dtplan.ab12_x9z.tmp.keep", "notes.tmp", ".x.xlsx.ab12_x9z.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (old, old))
    fresh = tmp_path / ".q.dtplan.abcdefgh.tmp"
    fresh.write_bytes(b"a save under way")
    removed = remove_stale_temporaries([tmp_path, tmp_path / "missing"])
    assert sorted(p.name for p in removed) == sorted(names[:4])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[4:] + [fresh.name])


def test_autosaves_written_in_the_background_keep_the_newest(sample_project, tmp_path):
    folder = tmp_path / "recovery"
    autosave = Autosaver(None, folder)
    first, second = sample_project.snapshot(), sample_project.snapshot()
    second.meta.title = "newest"
    writer = autosave.write_in_background(first)
    autosave.write_in_background(second).join(60)
    writer.join(60)
    assert [r.title for r in pending(folder)] == ["newest"]
    autosave.discard()
    assert pending(folder) == [] and not any(folder.iterdir())


def test_stored_plans_reopen_without_choosing_again(sample_project, tmp_path, monkeypatch):
    from planning.budget import allocation

    path = save_project(sample_project, tmp_path / "stored.dtplan")
    opened = open_project(path).project
    calls = []
    original = allocation.allocate
    monkeypatch.setattr("planning.budget.action_plan.allocate", lambda *a, **k: calls.append(1) or original(*a, **k))
    plans = opened.stored_plans()
    assert calls == [] and set(plans) == set(sample_project.runs)
    for name, plan in plans.items():
        before = sample_project.runs[name]
        assert plan.lines.reset_index(drop=True)[list(before.lines.columns)].equals(before.lines.reset_index(drop=True))
        assert same_money(plan.total_subsidy, before.summary["total_subsidy_wan"])
        assert plan.summary()["kpis"]["levels_after"] == before.summary["kpis"]["levels_after"]
    # a changed input plans that scenario again
    opened.set_override(3, "tier", "leading", "复核", author="王五")
    assert opened.stored_plan("baseline") is None
    opened.stored_plans()
    assert len(calls) == len(sample_project.runs)
