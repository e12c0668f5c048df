"""GB/T 4754-2017 manufacturing groups and classes, the 2011 and 2002 editions, and the checks of a
roster's industry code against them."""

import pytest

from planning.importing.importer import import_rosters
from planning.importing.quality_report import WARNING
from planning.reference.industry import (
    CODE_USED, FORMER_CODE, NAME_USED, NO_SUCH_CODE, industry_catalogue, load_classes, load_former_editions,
)
from tests.roster_files import HEADER, write_xlsx

CATALOGUE = industry_catalogue()


def test_every_manufacturing_group_and_class_of_2017():
    classes = load_classes()
    groups = [c for c in classes if len(c) == 3]
    fours = [c for c in classes if len(c) == 4]
    assert (len(groups), len(fours)) == (179, 609)
    assert all(13 <= int(c[:2]) <= 43 and c[:3] in classes for c in fours)
    assert classes["3670"] == "汽车零部件及配件制造" and classes["3612"] == "新能源车整车制造"
    assert classes["3032"] == "建筑用石加工" and classes["3071"] == "建筑陶瓷制品制造"


def test_former_editions_point_to_codes_in_force():
    entries = load_former_editions()
    assert {e.edition for e in entries} == {"2011", "2002"}
    for entry in entries:
        assert not entry.now or entry.now in CATALOGUE.names, entry
    assert {(e.code, e.now) for e in entries if e.edition == "2002"} >= {("40", "39"), ("41", "40"), ("30", "29")}


@pytest.mark.parametrize("code", ["3511", "351", "35", "3670", "367", "3612", "4390"])
def test_codes_that_exist(code):
    assert CATALOGUE.check(code, None) is None


@pytest.mark.parametrize("code, used", [("3699", "36"), ("3519", "351"), ("1390", "139"), ("4290", "42")])
def test_codes_that_do_not_exist(code, used):
    check = CATALOGUE.check(code, None)
    assert (check.kind, check.code) == (NO_SUCH_CODE, used)


def test_a_2011_code_is_named_with_its_edition_and_taken_as_todays():
    check = CATALOGUE.check("3610", None)
    assert (check.kind, check.code) == (FORMER_CODE, "361")
    assert check.params["edition"] == "2011" and check.params["former_name"] == "汽车整车制造"


@pytest.mark.parametrize("code, name", [
    ("35", "专用设备制造业"), ("3511", "专用设备制造业"), ("36", "汽车零部件及配件制造"), ("3670", "汽车制造业"),
    ("39", "通信设备、计算机及其他电子设备制造业"),  # the 2002 name of today's 39
    ("3425", "机床附件制造"),  # the 2011 name of the same class
    ("35", "某某特色制造"),  # a name not in the standard is not checked
])
def test_names_that_agree_with_their_code(code, name):
    assert CATALOGUE.check(code, name) is None


def test_a_2017_name_of_another_code_wins_over_the_code():
    check = CATALOGUE.check("40", "计算机、通信和其他电子设备制造业")
    assert (check.kind, check.code) == (NAME_USED, "39")
    assert check.params["code_name"] == "仪器仪表制造业"
    check = CATALOGUE.check("3032", "建筑陶瓷制品制造")  # the 2011 pair: the class moved to 3071
    assert (check.kind, check.code) == (NAME_USED, "3071")


def test_an_old_editions_name_of_another_division_keeps_the_code_and_says_so():
    check = CATALOGUE.check("40", "通信设备、计算机及其他电子设备制造业")
    assert (check.kind, check.code) == (CODE_USED, "40")
    expected = {"edition": "2002", "former_code": "40", "now": "39", "code_name": "仪器仪表制造业"}
    assert check.params.items() >= expected.items()


ROWS = [
    HEADER + ["行业名称"],
    [1, "甲公司", None, "合肥市", "肥西县", "C40 通信设备、计算机及其他电子设备制造业", 100, 10, "一级", None],
    [2, "乙公司", None, "合肥市", "肥西县", "C3610", 100, 10, "一级", None],
    [3, "丙公司", None, "合肥市", "肥西县", "3699", 100, 10, "一级", None],
    [4, "丁公司", None, "合肥市", "肥西县", "C40", 100, 10, "一级", "计算机、通信和其他电子设备制造业"],
    [5, "戊公司", None, "合肥市", "肥西县", "C3511", 100, 10, "一级", "专用设备制造业"],
]


def test_import_flags_codes_and_contradictions_and_says_what_was_used(tmp_path):
    roster = import_rosters([write_xlsx(tmp_path / "r.xlsx", ROWS)])
    assert list(roster.frame["industry_code"]) == ["40", "361", "36", "39", "3511"]
    issues = [i for i in roster.report.issues if i.field.startswith("industry")]
    assert [(i.row, i.field, i.kind, i.severity) for i in issues] == [
        (2, "industry_code", CODE_USED, WARNING),
        (3, "industry_code", FORMER_CODE, WARNING),
        (4, "industry_code", NO_SUCH_CODE, WARNING),
        (5, "industry_name", NAME_USED, WARNING),
    ]
    zh, en = issues[0].message("zh"), issues[0].message("en")
    assert "2002" in zh and "按代码采用 40" in zh and "39" in zh
    assert "the code 40 was used" in en
    assert "按名称采用 39" in issues[3].message("zh") and issues[3].raw == "计算机、通信和其他电子设备制造业"
    assert "3610" in issues[1].message("en") and "2011" in issues[1].message("en")
