"""Importing into a project that has firms: add, replace one city's part, or replace all, each previewed
(added, updated with the fields that differ, removed, overrides whose firm leaves) before the project takes
it, and a snapshot of the project restores roster, overrides and runs in one step."""

import pandas as pd
import pytest

from planning.importing.quality_report import ImportReport
from planning.project.file_format import open_project
from planning.project.roster_update import ADD, REPLACE_ALL, REPLACE_CITY, detect_city, plan_update
from planning.reference.identity import firm_keys, merge_keys

CITY = "芜湖市"


@pytest.fixture
def project(sample_project_file):
    return open_project(sample_project_file).project


def city_resubmission(project):
    """The city's firms again, one missing, one with a new phone number, and one new firm."""
    part = project.roster[project.roster["city"] == CITY].reset_index(drop=True)
    gone = part.iloc[0]
    part = part.iloc[1:].reset_index(drop=True)
    part["phone"] = part["phone"].astype(object)
    part.at[0, "phone"] = "0553-0000000"
    new = part.iloc[[1]].copy()
    new["name"], new["credit_code"], new["credit_code_status"] = "芜湖新加入机械有限公司", None, "missing"
    incoming = pd.concat([part, new], ignore_index=True)
    report = ImportReport()
    report.enterprises = len(incoming)
    return incoming, report, gone


def test_a_city_file_is_detected_and_a_mixed_one_is_not(project):
    incoming, _, _ = city_resubmission(project)
    assert detect_city(incoming) == CITY
    assert detect_city(project.roster) is None


def test_replacing_a_city_keeps_the_other_cities_and_reports_every_change(project):
    before = len(project.roster)
    incoming, report, gone = city_resubmission(project)
    key = firm_keys(project.roster[project.roster["name"] == gone["name"]])[0]
    project.overrides.set(key, "track", "T1", "checked on site")
    update = project.roster_update(incoming, report, REPLACE_CITY, CITY)
    assert update.counts() == {"added": 1, "updated": 1, "removed": 1, "unchanged": len(incoming) - 2,
                               "unmatched_overrides": 1, "firms": before}
    assert [c.name for c in update.added] == ["芜湖新加入机械有限公司"]
    assert update.updated[0].fields == ("phone",)
    assert [c.name for c in update.removed] == [gone["name"]]
    assert update.unmatched_overrides == [(key, "track")]
    others = project.roster[project.roster["city"] != CITY]
    after = update.frame[update.frame["city"] != CITY]
    assert list(after["name"]) == list(others["name"])  # other cities untouched, in their order
    assert len(set(merge_keys(update.frame))) == len(update.frame)
    assert len(project.roster) == before  # a preview changes nothing
    assert update.report.enterprises == before and update.report.by_city[CITY] == len(incoming)


def test_adding_never_removes_and_a_known_firm_takes_the_files_record(project):
    incoming, report, _ = city_resubmission(project)
    update = plan_update(project.roster, project.report, incoming, report, ADD)
    assert (len(update.added), len(update.updated), len(update.removed)) == (1, 1, 0)
    assert len(update.frame) == len(project.roster) + 1
    assert "0553-0000000" in set(update.frame["phone"])


def test_replacing_all_keeps_only_the_files_firms(project):
    incoming, report, _ = city_resubmission(project)
    update = plan_update(project.roster, project.report, incoming, report, REPLACE_ALL)
    assert len(update.frame) == len(incoming) and update.report is report
    assert len(update.removed) == len(project.roster) - (len(incoming) - 1)


def test_replacing_a_city_needs_the_city_and_modes_are_known(project):
    incoming, report, _ = city_resubmission(project)
    with pytest.raises(ValueError):
        plan_update(project.roster, project.report, incoming, report, REPLACE_CITY)
    with pytest.raises(ValueError):
        plan_update(project.roster, project.report, incoming, report, "merge")


def test_applying_then_restoring_the_snapshot_brings_back_roster_overrides_and_runs(project):
    assert project.runs
    earlier = project.snapshot()
    roster, runs = project.roster, dict(project.runs)
    incoming, report, _ = city_resubmission(project)
    project.apply_roster_update(project.roster_update(incoming, report, REPLACE_ALL))
    project.overrides.set(firm_keys(project.roster.iloc[[0]])[0], "track", "T1", "after")
    assert len(project.roster) == len(incoming) and not project.runs
    project.restore(earlier)
    assert project.roster is roster and project.runs == runs and not project.overrides.overrides


def test_a_replaced_citys_own_file_leaves_the_import_report(project):
    from planning.importing.quality_report import FileReport, ValueIssue

    incoming, report, _ = city_resubmission(project)
    old_report = ImportReport(files=[FileReport("/in/wuhu.xlsx"), FileReport("/in/rest.xlsx")],
                              issues=[ValueIssue("/in/wuhu.xlsx", "s", 3, "B", "h", "name", "k", "warning"),
                                      ValueIssue("/in/rest.xlsx", "s", 3, "B", "h", "name", "k", "warning")])
    roster = project.roster.copy()
    roster["source_file"] = ["/in/wuhu.xlsx" if c == CITY else "/in/rest.xlsx" for c in roster["city"]]
    report.files = [FileReport("/in/wuhu-2.xlsx")]
    update = plan_update(roster, old_report, incoming, report, REPLACE_CITY, CITY)
    assert [f.path for f in update.report.files] == ["/in/rest.xlsx", "/in/wuhu-2.xlsx"]
    assert [i.file for i in update.report.issues] == ["/in/rest.xlsx"]
    added = plan_update(roster, old_report, incoming, report, ADD)
    assert len(added.report.files) == 3


def test_one_firm_against_the_roster_compares_every_kind_of_column(project):
    one = project.roster.iloc[[5]].reset_index(drop=True)
    update = plan_update(project.roster, project.report, one, ImportReport(), ADD)
    assert update.unchanged == 1 and not update.updated
    empty = plan_update(project.roster, project.report, one.iloc[0:0], ImportReport(), ADD)
    assert empty.counts()["firms"] == len(project.roster)
