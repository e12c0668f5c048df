"""Merging submissions keeps everything: every differing field is in the conflict, the losing side's values
fill the kept record's gaps or are kept in the audit trail, and firms without a code match on name and county."""

import pandas as pd
import pytest

from planning.project.facade import Project, ProjectMeta
from planning.project.file_format import open_project, save_project
from planning.project.merge import FILLED, SET_ASIDE, merge_projects
from planning.reference.identity import firm_keys, merge_keys



@pytest.fixture(scope="module")
def sample_project(sample_project_file):
    return open_project(sample_project_file).project


def _submission(title: str, rows: list[dict], sample_project) -> Project:
    project = Project(meta=ProjectMeta(**sample_project.meta.to_dict()), templates=sample_project.templates)
    project.meta.title = title
    template = sample_project.roster.iloc[[0]].reset_index(drop=True)
    frames = []
    for row in rows:
        frame = template.copy()
        for column, value in row.items():
            frame[column] = pd.Series([value], dtype=object if isinstance(value, str) or value is None else None)
        frames.append(frame)
    project.roster = pd.concat(frames, ignore_index=True)
    return project


def _firm(sample_project, **values) -> dict:
    first = sample_project.roster.iloc[0]
    return {"credit_code": first["credit_code"], "credit_code_status": first["credit_code_status"],
            "name": first["name"], "county": first["county"], **values}


def test_every_differing_field_is_in_the_conflict_and_nothing_is_lost(sample_project, tmp_path):
    a = _submission("a", [_firm(sample_project, phone="0551-1", contact=None, remarks="甲备注",
                                **{"extra:负责人": "张三"})], sample_project)
    b = _submission("b", [_firm(sample_project, phone="0551-2", contact="李四", remarks="乙备注",
                                **{"extra:负责人": "王五", "extra:邮箱": "w@x.cn"})], sample_project)
    result = merge_projects([a, b], ["a", "b"], rule="first")
    [conflict] = result.conflicts
    assert set(conflict.differences) == {"phone", "contact", "remarks", "extra:负责人", "extra:邮箱"}
    assert conflict.differences["phone"] == ["0551-1", "0551-2"]
    [row] = result.project.roster.to_dict("records")
    assert (row["phone"], row["remarks"], row["extra:负责人"]) == ("0551-1", "甲备注", "张三")  # the chosen side
    assert (row["contact"], row["extra:邮箱"]) == ("李四", "w@x.cn")  # its gaps filled from the other side
    trail = {(e.field, e.old, e.new, e.reason) for e in result.project.overrides.audit}
    assert {("phone", "0551-2", "0551-1", f"{SET_ASIDE}:b"), ("remarks", "乙备注", "甲备注", f"{SET_ASIDE}:b"),
            ("extra:负责人", "王五", "张三", f"{SET_ASIDE}:b"), ("contact", None, "李四", f"{FILLED}:b"),
            ("extra:邮箱", None, "w@x.cn", f"{FILLED}:b")} <= trail
    again = open_project(save_project(result.project, tmp_path / "m.dtplan")).project
    assert len(again.overrides.audit) == len(result.project.overrides.audit)


def test_a_reported_conflict_never_has_an_empty_list_of_differences(sample_project):
    a = _submission("a", [_firm(sample_project, phone="1")], sample_project)
    same = merge_projects([a, a], ["a", "a2"])
    assert same.conflicts == [] and same.identical == 1 and len(same.project.roster) == 1
    b = _submission("b", [_firm(sample_project, phone="2")], sample_project)
    differing = merge_projects([a, b, a], ["a", "b", "a2"])
    assert [c.differences for c in differing.conflicts] == [{"phone": ["1", "2", "1"]}]


def test_firms_without_a_code_match_on_name_and_county(sample_project):
    without_code = {"credit_code": None, "credit_code_status": "missing", "name": "宏达机械厂"}
    a = _submission("a", [dict(without_code, county="肥东县")], sample_project)
    b = _submission("b", [dict(without_code, county="繁昌区"), dict(without_code, county="肥东县", phone="9")],
                    sample_project)
    result = merge_projects([a, b], ["a", "b"], rule="last")
    roster = result.project.roster
    assert sorted(roster["county"]) == ["繁昌区", "肥东县"]
    [conflict] = result.conflicts
    assert conflict.name == "宏达机械厂" and "phone" in conflict.differences
    assert roster.loc[roster["county"] == "肥东县", "phone"].item() == "9"


def test_merge_keys_add_the_county_only_to_firms_keyed_by_name():
    frame = pd.DataFrame({"credit_code": ["91110000600037341L", None, None], "name": ["甲", "宏达 机械厂", "宏达机械厂"],
                          "credit_code_status": ["valid", "missing", "missing"], "county": ["东区", "肥东县", None]})
    assert list(merge_keys(frame)) == ["91110000600037341L", "name:宏达机械厂@肥东县", "name:宏达机械厂@"]
    assert list(firm_keys(frame)) == ["91110000600037341L", "name:宏达机械厂", "name:宏达机械厂"]  # the importer's
