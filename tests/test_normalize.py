import datetime as dt

import numpy as np
import pytest

from planning.importing.config import default_import_config
from planning.reference.industry import division_from_name, parse_industry
from planning.importing.normalize import (
    norm_count, norm_date, norm_flag, norm_level, norm_money, norm_rate, norm_systems, norm_text,
)

CFG = default_import_config()


def kinds(problems):
    return {(i, kind) for i, kind, _ in problems}


def test_text_whitespace_and_numbers():
    values = ["  安徽 某某 有限公司 ", "合肥\u3000市", "A  B", 13912345678.0, 42, None, "", True]
    assert norm_text(values) == ["安徽某某有限公司", "合肥市", "A B", "13912345678", "42", None, None, "是"]


def test_money_units_separators_full_width():
    values = [1200, "1,234.5", "１２３４", "1.2亿元", "3500万元", "850万", "12,000,000元", "约100万元", "-", None,
              "abc", "5 公斤"]
    out, problems = norm_money(values, CFG, 1.0)
    assert out[:8].tolist() == [1200, 1234.5, 1234, 12000, 3500, 850, 1200, 100]
    assert np.isnan(out[8:]).all()
    assert kinds(problems) == {(7, "approximate_value"), (10, "unparseable_number"), (11, "unknown_unit")}


def test_money_column_unit_applies_to_bare_numbers_only():
    out, _ = norm_money([10_000_000, "2亿元"], CFG, CFG.money_units["元"])
    assert out.tolist() == [1000, 20000]


def test_negative_revenue_is_reported_but_kept():
    out, problems = norm_money([-5], CFG, 1.0)
    assert out[0] == -5 and kinds(problems) == {(0, "negative_value")}


def test_counts():
    out, problems = norm_count(["320人", "约50", 12.5, "３０"], CFG)
    assert out.tolist() == [320, 50, 12.5, 30]
    assert kinds(problems) == {(1, "approximate_value"), (2, "fractional_count")}


@pytest.mark.parametrize(
    "values, expected",
    [
        (["45%", "60%", "5%"], [45, 60, 5]),
        ([0.45, 0.6, 1.0, 0], [45, 60, 100, 0]),  # a column of fractions (cells formatted as %)
        ([45, 60, 80], [45, 60, 80]),
        (["45.5％", "30"], [45.5, 30]),
    ],
)
def test_rates(values, expected):
    out, problems = norm_rate(values, CFG)
    assert out.tolist() == expected
    assert problems == []


def test_rate_lone_fraction_and_out_of_range():
    out, problems = norm_rate([45, 60, 0.5, 150, -3], CFG)
    assert out[:3].tolist() == [45, 60, 50]
    assert np.isnan(out[3]) and np.isnan(out[4])
    assert kinds(problems) == {(2, "rate_read_as_fraction"), (3, "rate_out_of_range"), (4, "rate_out_of_range")}


def test_flags():
    values = ["是", "否", "有", "无", "√", "×", "Y", "n", 1, 0, True, None, "", "maybe", "已应用"]
    out, problems = norm_flag(values, CFG)
    assert out == [True, False, True, False, True, False, True, False, True, False, True, None, None, None, True]
    assert kinds(problems) == {(13, "unrecognised_flag")}


def test_specialized_flag_words():
    out, _ = norm_flag(["国家级专精特新“小巨人”", "省级", "否"], CFG, CFG.specialized_true)
    assert out == [True, True, False]


@pytest.mark.parametrize(
    "raw, level",
    [("一级", 1), ("二级", 2), ("三级（集成级）", 3), ("四级", 4), (2, 2), (3.0, 3), ("L1", 1), ("l4", 4),
     ("Level 2", 2), ("2级", 2), ("规范级", 2), ("未评测", None), ("", None), (None, None)],
)
def test_levels(raw, level):
    out, problems = norm_level([raw], CFG)
    assert out == [level] and problems == []


def test_level_problems():
    _, problems = norm_level([5, "五级", "高"], CFG)
    assert kinds(problems) == {(0, "level_out_of_range"), (1, "unrecognised_level"), (2, "unrecognised_level")}


def test_dates():
    values = [dt.datetime(2020, 3, 4, 0, 0), dt.date(2019, 1, 2), 44197, "2023年5月", "2023-05-12", "2023/5/12",
              "2023.5", "20230512", 2015, "2018年", "23年5月", None, "2023-02-30", "很久以前"]
    out, problems = norm_date(values, CFG)
    expected = ["2020-03-04", "2019-01-02", "2021-01-01", "2023-05-01", "2023-05-12", "2023-05-12", "2023-05-01",
                "2023-05-12", "2015-01-01", "2018-01-01", "2023-05-01", "NaT", "NaT", "NaT"]
    assert [str(v) for v in out] == expected
    assert kinds(problems) == {(12, "invalid_date"), (13, "unparseable_date")}


def test_dates_1904_system():
    out, _ = norm_date([42735.0], CFG, date1904=True)
    assert str(out[0]) == "2021-01-01"


def test_systems_column_sets_flags():
    flags = norm_systems(["ERP、MES", "用友U8", "无", None, "PLM"], CFG)
    assert flags["has_erp"] == [True, True, False, None, False]
    assert flags["has_mes"] == [True, False, False, None, False]


@pytest.mark.parametrize(
    "raw, code, name, problem",
    [
        ("C3511", "3511", None, None),
        ("3511", "3511", None, None),
        (3511.0, "3511", None, None),
        ("C35", "35", None, None),
        ("35", "35", None, None),
        (351, "351", None, None),
        ("c36", "36", None, None),
        ("C35专用设备制造业", "35", "专用设备制造业", None),
        ("3670 汽车零部件及配件制造", "3670", "汽车零部件及配件制造", None),
        ("专用设备制造业", None, "专用设备制造业", None),
        ("A3511", "3511", None, "letter_mismatch"),
        ("5191", "5191", None, "not_manufacturing"),
        ("9911", None, None, "unknown_code"),
        ("C2", None, None, "bad_code"),
    ],
)
def test_industry_codes(raw, code, name, problem):
    parsed = parse_industry(raw)
    if problem == "unknown_code":
        assert parsed.problem == "unknown_code"
        return
    assert (parsed.code, parsed.name, parsed.problem) == (code, name, problem)


def test_division_names_with_variants():
    assert division_from_name("专用设备制造业") == "35"
    assert division_from_name("化学原料及化学制品制造业") == "26"
    assert division_from_name("石油加工、炼焦和核燃料加工业") == "25"
    assert division_from_name("电气机械及器材制造业") == "38"
    assert division_from_name("Manufacture of Automobiles") == "36"
    assert division_from_name("软件业") is None
