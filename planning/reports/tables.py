"""The figures and tables every export shows, derived once from a plan in the language asked for.

The workbook, the charts and the report all read these, so they always agree: the same groups, the
same totals, the same display names. Money is in 万元; rates are percentage points (0-100); shares
are fractions (0-1).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from planning.base import money
from planning.base.messages import tr
from planning.budget.action_plan import BudgetPlan
from planning.reports.templates import Texts

LEVEL_KEYS = ("1", "2", "3", "4", "unknown")
KPI_RATES = ("rd_tool_rate", "cnc_rate", "networking_rate")
KPI_COUNTS = ("firms_level_2_plus", "firms_level_3_plus")
LEVEL_ROWS = tuple(f"level_{k}" for k in LEVEL_KEYS)
GROUP_COLUMNS = ("group", "firms", "actions", "investment_wan", "subsidy_wan", "own_funds_wan", "share")
YEAR_COLUMNS = ("year", "started_actions", "started_firms", "investment_wan", "committed_wan", "paid_wan",
                "budget_wan", "budget_use")
CITY_YEAR_COLUMNS = YEAR_COLUMNS[:-2]  # a city's share has no budget of its own
FIRM_COLUMNS = ("row_no", "name", "credit_code", "city", "county", "track", "action_names", "years", "investment_wan",
                "subsidy_wan", "own_funds_wan")
ACTION_PLAN_COLUMNS = ("row_no", "name", "credit_code", "city", "county", "key_sector", "tier", "track", "action",
                       "year", "investment_wan", "subsidy_wan", "own_funds_wan", "value", "explanation")


def display(plan: BudgetPlan, key: str, values, texts: Texts) -> list[str]:
    """Display names of coded values (city, key_sector, track, tier), decoded once per distinct value."""
    series = pd.Series(values.to_numpy(dtype=object) if isinstance(values, pd.Series) else list(values), dtype=object)
    blank = series.isna().to_numpy()
    places = place_names(plan, key, texts.lang) if key in ("city", "county") else {}
    names = {value: places.get(value, str(value)) if key in ("city", "county")
             else plan.strategy.config.name_of(key, value, texts.lang) for value in series[~blank].unique()}
    out = series.map(names).to_numpy(dtype=object)
    out[blank] = {"city": texts("unknown_city"), "key_sector": texts("unclassified_sector")}.get(key, "")
    return out.tolist()


def place_names(plan: BudgetPlan, key: str, lang: str) -> dict[str, str]:
    """City or county names as the reader reads them: in Chinese as in the roster, in English the
    division's pinyin (from its GB/T 2260 code); places without a code keep their name."""
    frame = plan.strategy.frame
    if lang == "zh" or f"{key}_code" not in frame:
        return {}
    from planning.reference.regions import region_index

    known = frame[[key, f"{key}_code"]].dropna().drop_duplicates(key)
    by_code = region_index().by_code
    out = {}
    for name, code in zip(known[key], known[f"{key}_code"].astype(str)):
        region = by_code.get(code)
        if region is not None and region.pinyin:
            out[name] = region.pinyin
    return out


def province_name(plan: BudgetPlan, texts: Texts, code: str | None = None, name: str | None = None) -> str:
    """The roster's province ('安徽省', in English 'Anhui'), from the name or code given or the firms'
    city codes; a name the registry does not know is kept as given."""
    from planning.reference.regions import region_index

    if name:
        known = next((r for r in region_index().provinces if name in (r.name, r.short)), None)
        return name if known is None or texts.lang == "zh" or not known.pinyin else known.pinyin.title()
    if code is None and "city_code" in plan.strategy.frame:
        codes = Counter(str(c)[:2] for c in plan.strategy.frame["city_code"] if isinstance(c, str) and len(c) >= 2)
        code = codes.most_common(1)[0][0] + "0000" if codes else None
    region = region_index().by_code.get(str(code)) if code else None
    if region is None:
        return texts("province_unknown")
    return region.name if texts.lang == "zh" or not region.pinyin else region.pinyin.title()


def scenario_label(name: str, lang: str) -> str:
    """The scenario's display name from templates/policy/scenarios.json, else its name."""
    from planning.budget.policy import load_scenarios

    try:
        specs = {s.get("name"): s for s in load_scenarios()}
    except Exception:  # a broken scenarios file must not stop an export
        return name
    spec = specs.get(name) or {}
    return str(spec.get("en" if lang == "en" else "zh") or name)


def key_figures(plan: BudgetPlan) -> dict:
    lines = plan.lines
    subsidy = money.total(lines["subsidy_wan"])
    investment = money.total(lines["investment_wan"])
    budget = float(plan.policy.total_budget)
    return {
        "scenario": plan.scenario, "start": plan.policy.start, "end": plan.policy.end,
        "budget_wan": budget, "total_subsidy_wan": subsidy,
        "budget_use": subsidy / budget if budget else None,
        "total_investment_wan": investment, "own_funds_wan": money.total(lines["own_funds_wan"]),
        "leverage": investment / subsidy if subsidy else None,
        "funded_firms": int(lines["firm"].nunique()), "funded_actions": len(lines),
        "roster_firms": len(plan.strategy.frame), "total_value": float(lines["value"].sum()),
        "optimality_gap": plan.allocation.gap, "method": plan.allocation.method, "status": plan.allocation.status,
    }


def administrative_order(plan: BudgetPlan, cities) -> list:
    """``cities`` in the order of their GB/T 2260 codes, as government tables list them (合肥, 芜湖, 蚌埠 …);
    places without a code after, by name, and the unknown last."""
    frame = plan.strategy.frame
    codes = {}
    if "city_code" in frame:
        known = frame[["city", "city_code"]].dropna().drop_duplicates("city")
        codes = dict(zip(known["city"], known["city_code"].astype(str)))
    return sorted(cities, key=lambda c: (not isinstance(c, str), codes.get(c, "~"), str(c)))


def group_table(plan: BudgetPlan, column: str, texts: Texts) -> pd.DataFrame:
    """Money by city (in administrative order), key sector or track (most subsidy first): one row per group."""
    lines = plan.lines
    grouped = lines.groupby(column, sort=False, dropna=False)
    out = pd.DataFrame({
        "firms": grouped["firm"].nunique(), "actions": grouped.size(),
        "investment_wan": grouped["investment_wan"].sum().round(money.DECIMALS), "subsidy_wan": grouped["subsidy_wan"].sum().round(money.DECIMALS),
        "own_funds_wan": grouped["own_funds_wan"].sum().round(money.DECIMALS),
    }).sort_values(["subsidy_wan", "firms"], ascending=False, kind="stable")
    if column == "city":
        out = out.loc[administrative_order(plan, out.index)]
    total = money.total(lines["subsidy_wan"])
    out["share"] = out["subsidy_wan"] / total if total else 0.0
    out.insert(0, "group", display(plan, column, out.index, texts))
    return out.reset_index(drop=True)


def totals(plan: BudgetPlan) -> dict:
    """The total row of the group tables: exactly the plan's figures."""
    lines = plan.lines
    subsidy = money.total(lines["subsidy_wan"])
    return {"firms": int(lines["firm"].nunique()), "actions": len(lines),
            "investment_wan": money.total(lines["investment_wan"]), "subsidy_wan": subsidy,
            "own_funds_wan": money.total(lines["own_funds_wan"]), "share": 1.0 if subsidy else 0.0}


def year_table(plan: BudgetPlan) -> pd.DataFrame:
    lines = plan.lines
    paid = plan.payments_by_year()
    rows = []
    for year in plan.policy.years:
        started = lines[lines["year"] == year]
        budget = float(plan.policy.yearly_budget[year])
        rows.append({"year": year, "started_actions": len(started), "started_firms": int(started["firm"].nunique()),
                     "investment_wan": money.total(started["investment_wan"]),
                     "committed_wan": money.total(started["subsidy_wan"]), "paid_wan": money.to_the_cent(paid[year]),
                     "budget_wan": budget, "budget_use": paid[year] / budget if budget else None})
    return pd.DataFrame(rows, columns=list(YEAR_COLUMNS))


def year_totals(plan: BudgetPlan) -> dict:
    lines = plan.lines
    budget = float(plan.policy.total_budget)
    subsidy = money.total(lines["subsidy_wan"])
    return {"started_actions": len(lines), "started_firms": int(lines["firm"].nunique()),
            "investment_wan": money.total(lines["investment_wan"]), "committed_wan": subsidy,
            "paid_wan": money.total(list(plan.payments_by_year().values())), "budget_wan": budget,
            "budget_use": subsidy / budget if budget else None}


def kpi_table(plan: BudgetPlan, texts: Texts) -> tuple[list[tuple[str, str]], list[dict]]:
    """Columns (key, label) and rows of the KPI table: baseline, each plan year, the national figures.
    Each row has 'kind': 'rate' (percentage points) or 'count', and the code of its 'definition'; a
    national figure is shown only where it is defined as the province's (see :func:`kpi_notes`)."""
    kpis = plan.kpis
    years = list(kpis.get("by_year", {}))
    national = kpis.get("national", [])
    definitions = kpis.get("definitions", {})
    columns = [("indicator", texts("kpi.indicator")), ("baseline", texts("kpi.baseline"))]
    columns += [(f"y{y}", texts("kpi.year", year=y)) for y in years]
    columns += [(f"n{k}", texts.pick({"zh": ref.get("label_zh"), "en": ref.get("label_en")}))
                for k, ref in enumerate(national)]
    rows = []
    for key in KPI_RATES + KPI_COUNTS + LEVEL_ROWS:
        rate = key in KPI_RATES
        row = {"key": key, "kind": "rate" if rate else "count", "indicator": texts(f"kpi.{key}"),
               "definition": definitions.get(key if rate else "levels"), "baseline": _kpi(kpis["baseline"], key)}
        for y in years:
            row[f"y{y}"] = _kpi(kpis["by_year"][y], key)
        for k, ref in enumerate(national):
            row[f"n{k}"] = ref.get(key) if key in ref.get("comparable", ()) else None
        rows.append(row)
    return columns, rows


def _kpi(figures: dict, key: str):
    if key.startswith("level_"):
        return (figures.get("levels") or {}).get(key[len("level_"):])
    return figures.get(key)


def kpi_notes(plan: BudgetPlan, lang: str) -> list[str]:
    """How each KPI figure is computed, and which national figures are left out because they are
    defined differently."""
    kpis = plan.kpis
    notes = [tr(f"indicator.definition.{code}", lang) for code in dict.fromkeys(kpis.get("definitions", {}).values())]
    texts = Texts.load(lang)
    for key in KPI_RATES:
        labels = [texts.pick({"zh": ref.get("label_zh"), "en": ref.get("label_en")}) for ref in kpis.get("national", [])
                  if ref.get(key) is not None and key not in ref.get("comparable", ())]
        if labels:
            notes.append(tr("indicator.national_not_comparable", lang, label=texts("list_separator").join(labels),
                            indicator=texts.pick(texts.raw(f"charts.kpi_names.{key}"))))
    return notes


def levels_by_city(plan: BudgetPlan, texts: Texts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Firms of the roster per city and MIIT level, before and after the plan (cities in administrative order)."""
    frame = plan.strategy.frame

    def table(levels: np.ndarray) -> pd.DataFrame:
        keys = np.where(np.isnan(levels), "unknown", np.nan_to_num(levels).astype(int).astype(str))
        pairs = pd.DataFrame({"city": frame["city"].to_numpy(dtype=object), "level": keys})
        counts = pairs.groupby(["city", "level"], dropna=False, sort=False).size().unstack(fill_value=0)
        return counts.reindex(columns=list(LEVEL_KEYS), fill_value=0)

    before = table(frame["miit_level"].to_numpy(dtype=float, na_value=np.nan))
    after = table(plan.levels_after()).reindex(index=before.index, fill_value=0)
    order = administrative_order(plan, before.index)
    labels = display(plan, "city", order, texts)
    before, after = before.loc[order], after.loc[order]
    before.index = after.index = labels
    return before, after


def action_plan(plan: BudgetPlan, texts: Texts) -> pd.DataFrame:
    """The '一企一策' table: one row per funded action, the firm's columns repeated so it filters; each
    line's reason (its rule's code) put into words by the template."""
    lines = plan.lines
    config = plan.strategy.config
    action_names = {a.id: a.label(texts.lang) for a in config.catalogue.actions}
    rule_names = {r.id: r.label(texts.lang) for r in config.rules.rules}
    rules = lines["reason"].to_numpy(dtype=object)
    explain = texts.raw("action_plan.explanation")
    pattern = explain.get(texts.lang, explain.get("zh")) if isinstance(explain, dict) else str(explain)
    texts("action_plan.explanation", rule="R", rule_name="", value=0.0, ratio=0.0)  # a broken template fails here
    values = lines["value"].to_numpy(dtype=float)
    ratios = lines["ratio"].to_numpy(dtype=float)
    if "{value" in pattern or "{ratio" in pattern:
        explanation = [pattern.format(rule=r or "", rule_name=rule_names.get(r, ""), value=v, ratio=q)
                       for r, v, q in zip(rules, values, ratios)]
    else:  # the same text for every line of a rule
        per_rule = {r: pattern.format(rule=r or "", rule_name=rule_names.get(r, ""), value=0.0, ratio=0.0)
                    for r in set(rules.tolist())}
        explanation = [per_rule[r] for r in rules.tolist()]
    return pd.DataFrame({
        "row_no": np.arange(1, len(lines) + 1),
        "name": lines["name"].to_numpy(dtype=object),
        "credit_code": lines["credit_code"].to_numpy(dtype=object),
        "city": display(plan, "city", lines["city"], texts),
        "county": display(plan, "county", lines["county"], texts),
        "key_sector": display(plan, "key_sector", lines["key_sector"], texts),
        "tier": display(plan, "tier", lines["tier"], texts),
        "track": display(plan, "track", lines["track"], texts),
        "action": lines["action"].map(action_names).fillna(lines["action"]).to_numpy(dtype=object),
        "year": lines["year"].to_numpy(dtype=np.int64),
        "investment_wan": lines["investment_wan"].to_numpy(dtype=float),
        "subsidy_wan": lines["subsidy_wan"].to_numpy(dtype=float),
        "own_funds_wan": lines["own_funds_wan"].to_numpy(dtype=float),
        "value": values, "explanation": explanation,
    }, columns=list(ACTION_PLAN_COLUMNS))


def funded_firms(plan: BudgetPlan, texts: Texts) -> pd.DataFrame:
    """One row per funded firm (the report's annex): its actions and years joined, its money summed."""
    table = action_plan(plan, texts)
    sep = texts("list_separator")
    grouped = table.groupby(plan.lines["firm"].to_numpy(), sort=False)
    out = pd.DataFrame({
        "name": grouped["name"].first(), "credit_code": grouped["credit_code"].first(),
        "city": grouped["city"].first(), "county": grouped["county"].first(), "track": grouped["track"].first(),
        "action_names": grouped["action"].agg(sep.join),
        "years": grouped["year"].agg(lambda ys: sep.join(str(y) for y in sorted(set(ys)))),
        "investment_wan": grouped["investment_wan"].sum().round(money.DECIMALS), "subsidy_wan": grouped["subsidy_wan"].sum().round(money.DECIMALS),
        "own_funds_wan": grouped["own_funds_wan"].sum().round(money.DECIMALS),
    }).reset_index(drop=True)
    out.insert(0, "row_no", np.arange(1, len(out) + 1))
    return out[list(FIRM_COLUMNS)]


def constraint_rows(plan: BudgetPlan, texts: Texts) -> list[dict]:
    """Each limit of the policy with its display name and the kind of number it is."""
    earmarks = {e.id: e.label(texts.lang) for e in plan.policy.earmarks}
    out = []
    for row in plan.constraints():
        name = row["constraint"]
        if name == "total_budget":
            label, kind = texts("constraints.total_budget"), "money"
        elif name.startswith("budget_"):
            label, kind = texts("constraints.budget_year", year=name[7:]), "money"
        elif name.startswith(("earmark_min:", "earmark_max:")):
            which, ident = name.split(":", 1)
            label, kind = texts(f"constraints.{which}", label=earmarks.get(ident, ident)), "percent"
        elif name.startswith("quota:"):
            _, programme, year = name.split(":")
            label, kind = texts("constraints.quota", programme=programme_name(programme, texts), year=year), "integer"
        else:
            label, kind = name, "money"
        out.append({**row, "label": label, "kind": kind})
    return out


def programme_name(programme: str, texts: Texts) -> str:
    return texts(f"programmes.{programme}") if texts.has(f"programmes.{programme}") else programme
