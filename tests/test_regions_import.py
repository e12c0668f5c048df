"""Rosters that use former division names, or a city with no county level, import without false problems."""

from planning.importing.importer import import_rosters
from planning.importing.quality_report import INFO
from tests.roster_files import HEADER, write_xlsx

ROWS = [
    HEADER,
    [1, "林芝甲食品有限公司", None, "林芝市", "米林县", "C1351", 100, 10, "一级"],
    [2, "海西乙化工有限公司", None, "海西州", "大柴旦行政区", "C2614", 100, 10, "一级"],
    [3, "嘉峪关丙钢铁有限公司", None, "嘉峪关市", "嘉峪关市", "C3110", 100, 10, "一级"],
    [4, "重庆丁汽车部件有限公司", None, "重庆市", "渝北区", "C3670", 100, 10, "一级"],
]


def test_former_names_and_cities_without_counties(tmp_path):
    roster = import_rosters([write_xlsx(tmp_path / "r.xlsx", ROWS)])
    frame = roster.frame
    assert list(frame["county"]) == ["米林市", "大柴旦行政委员会", None, "两江新区"]
    assert list(frame["county_code"]) == ["540481", "632857", None, "500157"]
    assert list(frame["city"]) == ["林芝市", "海西蒙古族藏族自治州", "嘉峪关市", "重庆市"]
    place = [i for i in roster.report.issues if i.field in ("city", "county")]
    assert [(i.row, i.kind, i.severity) for i in place] == [
        (2, "region.county_renamed", INFO), (5, "region.county_renamed", INFO)]
    assert place[0].params == {"raw": "米林县", "county": "米林市", "year": "2023"}
    assert "2023" in place[0].message("zh") and "米林市" in place[0].message("en")


def test_a_former_city_and_its_former_district(tmp_path):
    rows = [HEADER, [1, "莱芜甲钢铁有限公司", None, "莱芜市", "莱城区", "C3120", 100, 10, "一级"]]
    roster = import_rosters([write_xlsx(tmp_path / "r.xlsx", rows)])
    assert (roster.frame["city"][0], roster.frame["county"][0]) == ("济南市", "莱芜区")
    notes = [(i.field, i.kind, i.severity, i.params["year"]) for i in roster.report.issues if i.field in ("city", "county")]
    assert notes == [("city", "region.city_renamed", INFO, "2018"), ("county", "region.county_renamed", INFO, "2018")]
