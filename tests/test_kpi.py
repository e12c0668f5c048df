"""KPIs in MIIT's definitions: shares of firms, firm-weighted estimates, effects counted when an action
completes, national figures compared only where they are defined the same way."""

import numpy as np
import pandas as pd
import pytest

from planning.base.messages import MESSAGES, tr
from planning.budget.kpi import DEFINITIONS, completion_years, firm_levels_after, project_kpis
from planning.strategy.strategies import StrategyConfig

CATALOGUE = StrategyConfig.load().catalogue.actions
YEARS = [2025, 2026, 2027]


def roster(rd=(0.0, 60.0, np.nan, 100.0), cnc=(10.0, 30.0, np.nan, 50.0), level=(1, 2, np.nan, 3)):
    return pd.DataFrame({"rd_tool_rate": list(rd), "cnc_rate": list(cnc), "networking_rate": [20.0, 40.0, np.nan, 60.0],
                         "miit_level": pd.array([None if np.isnan(v) else int(v) for v in level], dtype="Int64")})


def lines(*rows):
    return pd.DataFrame(rows, columns=["firm", "action", "year"])


def test_rd_tool_rate_is_a_share_of_firms_not_a_mean_of_percentages():
    kpis = project_kpis(roster(), CATALOGUE, YEARS, lines())
    # users: 60 and 100 (above the threshold of national_kpis.json, 50); firm 0 reports 0, firm 2 nothing: 2 of 3 known
    assert kpis["baseline"]["rd_tool_rate"] == pytest.approx(200 / 3, abs=1e-3)
    assert kpis["baseline"]["rd_tool_users"] == 2 and kpis["baseline"]["rd_tool_known"] == 3
    assert kpis["baseline"]["cnc_rate"] == pytest.approx(30.0)  # each reporting firm weighs the same


def test_a_cad_action_makes_a_firm_a_user_once_it_is_accepted():
    kpis = project_kpis(roster(), CATALOGUE, YEARS, lines((0, "D05", 2026), (2, "D05", 2026)))
    assert kpis["by_year"]["2025"]["rd_tool_rate"] == pytest.approx(200 / 3, abs=1e-3)
    # firm 0 starts using CAD; firm 2 (unknown before) is now known to use it: 4 of 4
    assert kpis["by_year"]["2026"]["rd_tool_rate"] == pytest.approx(100.0)
    assert kpis["by_year"]["2026"]["rd_tool_known"] == 4


def test_a_cad_flag_counts_as_use():
    frame = roster(rd=(np.nan, np.nan, np.nan, np.nan))
    frame["has_cad"] = pd.array([True, False, None, None], dtype="boolean")
    kpis = project_kpis(frame, CATALOGUE, YEARS, lines())
    assert kpis["baseline"]["rd_tool_rate"] == pytest.approx(50.0)


def test_effects_count_from_the_year_the_action_completes():
    by_id = {a.id: a for a in CATALOGUE}
    assert by_id["D03"].duration_months == 12 and len(by_id["D03"].phasing) == 2
    assert by_id["I01"].duration_months == 18
    done = completion_years(CATALOGUE, lines((0, "D05", 2025), (0, "D03", 2025), (1, "I01", 2025)))
    assert done.tolist() == [2025, 2026, 2027]  # I01 pays its last tranche in its third year
    kpis = project_kpis(roster(), CATALOGUE, YEARS, lines((0, "D03", 2025)))
    assert kpis["by_year"]["2025"]["cnc_rate"] == kpis["baseline"]["cnc_rate"]
    assert kpis["by_year"]["2026"]["cnc_rate"] == pytest.approx((30 + 30 + 50) / 3, abs=1e-3)


def test_level_distribution_per_year_and_unknown():
    plan_lines = lines((0, "D01", 2025), (0, "D02", 2025), (0, "D05", 2025))  # 0.4 + 0.45 + 0.2 >= 1
    kpis = project_kpis(roster(), CATALOGUE, YEARS, plan_lines)
    assert kpis["baseline"]["levels"] == {"1": 1, "2": 1, "3": 1, "4": 0, "unknown": 1}
    assert kpis["by_year"]["2025"]["levels"] == kpis["baseline"]["levels"]  # D02 is accepted in its second year
    assert kpis["by_year"]["2026"]["levels"] == {"1": 0, "2": 2, "3": 1, "4": 0, "unknown": 1}
    assert kpis["firms_reaching_level_2"] == 1
    assert firm_levels_after(roster(), CATALOGUE, plan_lines)[0] == 2


def test_every_figure_carries_a_definition_with_text_in_both_languages():
    kpis = project_kpis(roster(), CATALOGUE, YEARS, lines())
    assert set(kpis["indicators"]) == {"rd_tool_rate", "cnc_rate", "networking_rate", "levels"}
    for key, item in kpis["indicators"].items():
        assert item["definition"] == DEFINITIONS[key]
        zh, en = MESSAGES[f"indicator.definition.{item['definition']}"]
        assert "仅供参考" in zh and "indicative" in en
    assert "估算" in tr("indicator.definition.cnc_firm_weighted", "zh")


def test_national_figures_are_compared_only_where_defined_the_same_way():
    kpis = project_kpis(roster(), CATALOGUE, YEARS, lines())
    assert kpis["national"], "the bundled national figures are read"
    for ref in kpis["national"]:
        assert ref["comparable"] == ["rd_tool_rate"]  # the CNC figure is a share of processes, ours an estimate


def test_the_threshold_of_use_is_policy_data():
    from planning.budget.kpi import rd_tool_users

    users, known = rd_tool_users(roster(), above=60.0)
    assert users.tolist() == [False, False, False, True] and known.tolist() == [True, True, False, True]


def test_a_line_whose_action_is_not_in_the_catalogue_moves_nothing():
    kpis = project_kpis(roster(), CATALOGUE, YEARS, lines((0, "X99", 2025), (1, "D05", 2025)))
    assert kpis["by_year"]["2027"]["cnc_rate"] == kpis["baseline"]["cnc_rate"]
    assert completion_years(CATALOGUE, lines((0, "X99", 2026))).tolist() == [2026]
    assert firm_levels_after(roster(), CATALOGUE, lines((0, "X99", 2026)))[0] == 1
