"""What the plan report says, as a structured document without any Qt: a cover, numbered sections
of headings, paragraphs, tables and charts, and an annex of the funded firms.

``ui.report.render`` turns it into a QTextDocument for the print preview, the printer and PDF;
anything else (a test, a future HTML or Word export) can read the same structure. Texts come from
``templates/report/report_template.json``; numbers are formatted here, once, for every renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import pandas as pd
from matplotlib.figure import Figure

from planning.reports import charts
from planning.reports.formats import (count, money, percent, plan_quality, plan_quality_value, points, signed_count,
                                      signed_money, signed_points)
from planning.reports import tables as plan_tables
from planning.budget.action_plan import BudgetPlan
from planning.strategy.catalogue import track_label
from planning.reports.workbook import format_date
from planning.budget.policy import PriorityWeights
from planning.reports.templates import WORKBOOK_STYLE, Texts, load

LEFT, RIGHT = "left", "right"


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note


@dataclass
class Subheading:
    text: str


@dataclass
class Table:
    caption: str
    columns: list[str]
    align: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    widths: list[float] | None = None  # relative column widths
    note: str = ""
    compact: bool = False  # a long list: smaller print (style 'annex_size_pt'), less padding


@dataclass
class Chart:
    key: str
    caption: str
    draw: Callable[[Figure], None]
    _png: dict = field(default_factory=dict, repr=False)

    def figure(self, titled: bool = True) -> Figure:
        fig = charts.new_figure(self.key)
        self.draw(fig)
        if not titled:
            fig.suptitle("")  # the report's caption names the chart
        return fig

    @property
    def size_in(self) -> tuple[float, float]:
        width, height = charts.new_figure(self.key).get_size_inches()
        return float(width), float(height)

    def png(self, dpi: int = 300) -> bytes:
        """The chart as PNG, without its title (the caption carries it); drawn once per dpi."""
        if dpi not in self._png:
            self._png[dpi] = charts.png_bytes(self.figure(titled=False), dpi)
        return self._png[dpi]




@dataclass
class Section:
    key: str
    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class Cover:
    title: str
    subtitle: str
    department: str
    date: str
    notes: list[str] = field(default_factory=list)
    prepared_with: str = ""


@dataclass
class ReportContent:
    lang: str
    cover: Cover
    sections: list[Section]
    running_title: str
    footer: str  # with {page} and {pages}
    style: dict

    def footer_text(self, page: int, pages: int) -> str:
        return self.footer.format(page=page, pages=pages)

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


# ------------------------------------------------------------------ number formats (one per kind, see formats)


def ordinal(value) -> str:
    """A row number: no thousands separator, so it never wraps in a narrow column."""
    return "—" if value is None or pd.isna(value) else str(int(value))


# ------------------------------------------------------------------ building the report


class _Builder:
    def __init__(self, plan: BudgetPlan, lang: str, city: str | None):
        self.plan = plan
        self.t = Texts.load(lang)
        self.lang = self.t.lang
        self.city = city
        self.columns = load(WORKBOOK_STYLE).get("columns") or {}
        self.tables = 0
        self.figures = 0

    def header(self, key: str) -> str:
        return self.t.pick(self.columns.get(key) or {}) or key

    def table(self, title: str, columns: list[str], align: list[str], rows: list[list[str]], **kwargs) -> Table:
        self.tables += 1
        return Table(self.t("report.table_caption", n=self.tables, title=title), columns, align, rows, **kwargs)

    def chart(self, key: str, draw: Callable[[Figure], None], title: str | None = None) -> Chart:
        self.figures += 1
        caption = self.t("report.chart_caption", n=self.figures, title=title or self.t(f"charts.{key}"))
        return Chart(key, caption, draw)

    # -------------------------------------------------------------- sections

    def summary(self, figures: dict) -> list:
        t = self.t
        scope = self.city or t("report.scope_province")
        key = "report.city_summary_text" if self.city else "report.summary_text"
        text = t(key, scope=scope, start=figures["start"], end=figures["end"],
                 subsidy=money(figures["total_subsidy_wan"]), budget=money(figures["budget_wan"]),
                 use=percent(figures["budget_use"]), firms=count(figures["funded_firms"]),
                 actions=count(figures["funded_actions"]), investment=money(figures["total_investment_wan"]),
                 own=money(figures["own_funds_wan"]),
                 leverage="—" if figures["leverage"] is None else f"{figures['leverage']:.2f}")
        wan, firms, actions = t("figures.unit_wan"), t("figures.unit_firms"), t("figures.unit_actions")
        items = [
            ("scenario", plan_tables.scenario_label(figures["scenario"], self.lang)),
            ("horizon", f"{figures['start']}–{figures['end']}"),
            ("budget_wan", f"{money(figures['budget_wan'])} {wan}"),
            ("total_subsidy_wan", f"{money(figures['total_subsidy_wan'])} {wan}"),
            ("budget_use", percent(figures["budget_use"])),
            ("total_investment_wan", f"{money(figures['total_investment_wan'])} {wan}"),
            ("own_funds_wan", f"{money(figures['own_funds_wan'])} {wan}"),
            ("leverage", "—" if figures["leverage"] is None
             else f"{figures['leverage']:.2f} {t('figures.unit_times')}"),
            ("funded_firms", f"{count(figures['funded_firms'])} {firms}"),
            ("funded_actions", f"{count(figures['funded_actions'])} {actions}"),
            ("roster_firms", f"{count(figures['roster_firms'])} {firms}"),
        ]
        quality = plan_quality_value(figures["optimality_gap"], self.lang)
        if self.city is None and quality:
            items.append(("plan_quality", quality))
        if self.city is not None:  # the budget is the province's, not the city's
            items = [item for item in items if item[0] not in ("budget_wan", "budget_use")]
        blocks: list = [Paragraph(text)]
        if self.city:
            blocks.append(Paragraph(t("city_scope_note", city=self.city), "note"))
        blocks.append(self.table(t("figures.heading"), [self.header("item"), self.header("amount")], [LEFT, RIGHT],
                                 [[t(f"figures.{k}"), v] for k, v in items], widths=[55, 45]))
        return blocks

    def kpis(self) -> list:
        t, plan = self.t, self.plan
        kpis = plan.kpis
        columns, rows = plan_tables.kpi_table(plan, t)
        end = str(plan.policy.end)
        last = kpis["by_year"].get(end, {})
        national = [ref for ref in kpis.get("national") or [] if "rd_tool_rate" in ref.get("comparable", ())]
        ref = national[-1] if national else None
        national_text = "" if ref is None else t(
            "report.national_text", label=t.pick({"zh": ref.get("label_zh"), "en": ref.get("label_en")}),
            rd=points(ref.get("rd_tool_rate")))
        base = kpis["baseline"]
        text = t("report.kpi_text", end=end, rd0=points(base.get("rd_tool_rate")), rd1=points(last.get("rd_tool_rate")),
                 cnc0=points(base.get("cnc_rate")), cnc1=points(last.get("cnc_rate")), national=national_text,
                 l2=count(kpis.get("firms_reaching_level_2")), l3=count(kpis.get("firms_reaching_level_3")))
        body = []
        for row in rows:
            cells = [row["indicator"]]
            for key, _ in columns[1:]:
                value = row.get(key)
                cells.append(points(value) if row["kind"] == "rate" else count(value))
            body.append(cells)
        blocks: list = [Paragraph(text)]
        blocks.append(self.table(t("kpi.heading"), [label for _, label in columns],
                                 [LEFT] + [RIGHT] * (len(columns) - 1), body,
                                 widths=[30] + [70 / (len(columns) - 1)] * (len(columns) - 1),
                                 note=t("report.kpi_note")))
        blocks.append(Subheading(t("kpi.definitions_heading")))
        blocks += [Paragraph(text, "note") for text in plan_tables.kpi_notes(plan, self.lang)]
        blocks.append(self.chart("kpi_projection", lambda fig: charts.draw_kpi_projection(fig, plan, self.lang, t)))
        if self.city is None:
            blocks.append(self.chart("levels_by_city", lambda fig: charts.draw_levels_by_city(fig, plan, self.lang, t)))
        return blocks

    def group(self, column: str, title: str, heading_key: str) -> list:
        t = self.t
        table = plan_tables.group_table(self.plan, column, t)
        total = plan_tables.totals(self.plan)
        labels = [self.header(column)] + [self.header(k) for k in plan_tables.GROUP_COLUMNS[1:]]
        rows = [[r.group, count(r.firms), count(r.actions), money(r.investment_wan), money(r.subsidy_wan),
                 money(r.own_funds_wan), percent(r.share)] for r in table.itertuples()]
        total_row = [t("total"), count(total["firms"]), count(total["actions"]), money(total["investment_wan"]),
                     money(total["subsidy_wan"]), money(total["own_funds_wan"]), percent(total["share"])]
        return [Subheading(t(f"report.subsections.{heading_key}")),
                self.table(title, labels, [LEFT] + [RIGHT] * 6, rows, total=total_row,
                           widths=[22, 11, 10, 15, 15, 15, 12], note=t("unit_note"))]

    def money(self) -> list:
        t, plan, lang = self.t, self.plan, self.lang
        blocks: list = []
        if self.city is None:
            blocks += self.group("city", t("sheet_titles.by_city"), "by_city")
            blocks.append(self.chart("money_by_city", lambda fig: charts.draw_money_by_city(fig, plan, lang, t)))
        else:
            blocks += self.group("county", t("sheet_titles.by_county"), "by_county")
        blocks += self.group("key_sector", t("sheet_titles.by_sector"), "by_sector")
        blocks.append(self.chart("money_by_sector", lambda fig: charts.draw_money_by_sector(fig, plan, lang, t)))
        blocks += self.group("track", t("sheet_titles.by_track"), "by_track")
        blocks.append(self.chart("track_split", lambda fig: charts.draw_track_split(fig, plan, lang, t)))
        blocks.append(Subheading(t("report.subsections.by_year")))
        year = plan_tables.year_table(plan)
        totals = plan_tables.year_totals(plan)
        keys = plan_tables.CITY_YEAR_COLUMNS if self.city else plan_tables.YEAR_COLUMNS
        kinds = ["year", "count", "count", "money", "money", "money", "money", "percent"][:len(keys)]
        fmt = {"year": str, "count": count, "money": money, "percent": percent}
        rows = [[fmt[k](r[key]) for key, k in zip(keys, kinds)] for r in year.to_dict("records")]
        total_row = [t("total")] + [fmt[k](totals[key]) for key, k in zip(keys[1:], kinds[1:])]
        blocks.append(self.table(t("sheet_titles.by_year"), [self.header(k) for k in keys],
                                 [LEFT] + [RIGHT] * (len(keys) - 1), rows, total=total_row,
                                 widths=[9, 11, 11, 13, 15, 14, 14, 13][:len(keys)], note=t("unit_note")))
        budget = self.city is None
        blocks.append(self.chart("yearly", lambda fig: charts.draw_yearly(fig, plan, lang, t, budget)))
        return blocks

    def scenarios(self, comparison: pd.DataFrame | None, labels: dict[str, str], frontier: list[dict] | None) -> list:
        t, lang = self.t, self.lang
        blocks: list = []
        if comparison is not None and not comparison.empty:
            names = [labels.get(c, str(c)) for c in comparison.columns]
            base = "baseline" if "baseline" in comparison.columns else comparison.columns[0]
            wan, firms, actions = t("figures.unit_wan"), t("figures.unit_firms"), t("figures.unit_actions")
            pp = t("report.rate_unit")
            metrics = [("budget_wan", "figures.budget_wan", money, signed_money, wan),
                       ("total_subsidy_wan", "figures.total_subsidy_wan", money, signed_money, wan),
                       ("total_investment_wan", "figures.total_investment_wan", money, signed_money, wan),
                       ("funded_firms", "figures.funded_firms", count, signed_count, firms),
                       ("funded_actions", "figures.funded_actions", count, signed_count, actions),
                       ("kpi:rd_tool_rate", "kpi.rd_tool_rate", points, signed_points, pp),
                       ("kpi:cnc_rate", "kpi.cnc_rate", points, signed_points, pp),
                       ("kpi:firms_reaching_level_2", "kpi.firms_reaching_level_2", count, signed_count, firms)]

            def cell(key, column, fmt, delta):
                value = comparison.at[key, column]
                if column == base:
                    return fmt(value)
                return f"{fmt(value)}（{delta(value - comparison.at[key, base])}）" if self.lang == "zh" \
                    else f"{fmt(value)} ({delta(value - comparison.at[key, base])})"

            rows = [[t(label), unit] + [cell(key, c, fmt, delta) for c in comparison.columns]
                    for key, label, fmt, delta, unit in metrics if key in comparison.index]
            blocks.append(Paragraph(t("report.scenario_note") + " " + t("report.delta", baseline=labels.get(base, base))
                                    + ("。" if self.lang == "zh" else ".")))
            blocks.append(self.table(t("report.sections.scenarios"), [self.header("item"), self.header("unit")] + names,
                                     [LEFT, LEFT] + [RIGHT] * len(names), rows, note=t("unit_note")))
            blocks.append(self.chart("scenarios", lambda fig: charts.draw_scenarios(fig, comparison, lang, t, labels)))
        if frontier:
            current = float(self.plan.policy.total_budget)
            blocks.append(self.chart("frontier", lambda fig: charts.draw_frontier(fig, frontier, lang, t, current)))
            blocks.append(Paragraph(t("report.frontier_note"), "note"))
        return blocks

    def method(self) -> list:
        t, plan = self.t, self.plan
        config = plan.strategy.config
        counts = plan.strategy.frame["rule"].value_counts()
        rules = [[r.id, r.label(self.lang), track_label(r.track, self.lang), r.reason(self.lang),
                  count(counts.get(r.id, 0))] for r in config.rules.rules]
        rule_columns = [t(f"report.rule_columns.{k}") for k in ("id", "name", "track", "reason", "firms")]
        weights = [[t(f"criteria.{k}"), percent(plan.weights.weights[k], 0)] for k in PriorityWeights.CRITERIA]
        quality = plan_quality(plan.allocation.gap, self.lang)
        return [
            Subheading(t("report.subsections.rules")), Paragraph(t("report.rules_text")),
            self.table(t("report.subsections.rules"), rule_columns, [LEFT, LEFT, LEFT, LEFT, RIGHT], rules,
                       widths=[8, 22, 16, 46, 8]),
            Subheading(t("report.subsections.weights")), Paragraph(t("report.weights_text")),
            self.table(t("report.subsections.weights"), [t("report.weight_columns.criterion"),
                                                          t("report.weight_columns.weight")], [LEFT, RIGHT], weights,
                       widths=[60, 40]),
            Subheading(t("report.subsections.policy")),
            self.table(t("report.subsections.policy"),
                       [t("report.policy_columns.item"), t("report.policy_columns.value")],
                       [LEFT, LEFT], self.policy_rows(), widths=[40, 60]),
            Subheading(t("report.subsections.solver")),
            Paragraph(t("report.solver_text", quality=f"{quality}。" if quality and self.lang == "zh"
                        else f"{quality}." if quality else "")),
        ] + [Paragraph(t(f"report.plan_warnings.{status}")) for status in [str(plan.allocation.status)]
             if t.has(f"report.plan_warnings.{status}")]

    def policy_rows(self) -> list[list[str]]:
        t, plan, lang = self.t, self.plan, self.lang
        policy, config = plan.policy, plan.strategy.config
        actions = config.catalogue.by_id()
        wan = t("figures.unit_wan")
        sep = t("list_separator")
        rows = [[t("report.policy_items.funded_tracks"), sep.join(track_label(k, lang) for k in policy.funded_tracks)],
                [t("report.policy_items.yearly_budget"),
                 sep.join(f"{y}: {money(policy.yearly_budget[y])} {wan}" for y in policy.years)],
                [t("report.policy_items.ratio_default"), percent(policy.ratio_default, 0)]]
        for key, value in policy.ratio_by_track.items():
            rows.append([t("report.policy_items.ratio_track", name=track_label(key, lang)), percent(value, 0)])
        for key, value in policy.ratio_by_sector.items():
            rows.append([t("report.policy_items.ratio_sector", name=config.name_of("key_sector", key, lang)),
                         percent(value, 0)])
        for key, value in policy.ratio_by_action.items():
            name = actions[key].label(lang) if key in actions else key
            rows.append([t("report.policy_items.ratio_action", name=name), percent(value, 0)])
        for key, value in policy.action_cap.items():
            name = actions[key].label(lang) if key in actions else key
            rows.append([t("report.policy_items.action_cap", name=name), f"{money(value)} {wan}"])
        if policy.firm_cap is not None:
            rows.append([t("report.policy_items.firm_cap"), f"{money(policy.firm_cap)} {wan}"])
        if policy.level_caps:
            programmes = sep.join(plan_tables.programme_name(p, t) for p in policy.level_cap_programmes)
            rows.append([t("report.policy_items.level_cap", programmes=programmes),
                         sep.join(f"{t(f'levels.{k}')} {money(v)} {wan}"
                                  for k, v in sorted(policy.level_caps.items()))])
        for programme, quota in policy.quotas.items():
            rows.append([t("report.policy_items.quota", programme=plan_tables.programme_name(programme, t)),
                         f"{quota} {t('figures.unit_firms')}"])
        for earmark in policy.earmarks:
            rows.append([t("report.policy_items.earmark"), earmark.label(lang)])
        if policy.city_min_firms:
            rows.append([t("report.policy_items.city_floor"), f"{policy.city_min_firms} {t('figures.unit_firms')}"])
        return rows

    def annex(self) -> list:
        t = self.t
        limit = int(t.raw("report.annex_max_rows"))
        keys = list(t.raw("report.annex_columns"))
        frame = plan_tables.funded_firms(self.plan, t)
        shown = frame.head(limit)
        kinds = {"row_no": ordinal, "investment_wan": money, "subsidy_wan": money, "own_funds_wan": money}
        rows = [[kinds[k](v) if k in kinds else ("" if v is None or pd.isna(v) else str(v))
                 for k, v in zip(keys, record)] for record in shown[keys].itertuples(index=False, name=None)]
        align = [RIGHT if k in kinds else LEFT for k in keys]
        totals = plan_tables.totals(self.plan)
        total_row = [t("total")] + [money(totals[k]) if k in ("investment_wan", "subsidy_wan", "own_funds_wan") else ""
                                    for k in keys[1:]]
        widths = t.raw("report.annex_widths")
        note = t("report.annex_note", total=len(frame), shown=len(shown)) if len(shown) < len(frame) else t("unit_note")
        return [self.table(t("report.sections.annex"), [self.header(k) for k in keys], align, rows,
                           total=total_row, widths=[float(widths.get(k, 10)) for k in keys], note=note,
                           compact=True)]


def build_report(plan: BudgetPlan, *, lang: str = "zh", city: str | None = None, province: str | None = None,
                 today: date | None = None, comparison: pd.DataFrame | None = None,
                 scenario_labels: dict[str, str] | None = None, frontier: list[dict] | None = None) -> ReportContent:
    """The report of a plan (of one city's plan when ``city`` is given, see planning.reports.city_plans);
    ``comparison`` (from scenarios.compare) and ``frontier`` (from scenarios.frontier) add a section."""
    b = _Builder(plan, lang, city)
    t = b.t
    province = plan_tables.province_name(plan, t, name=province)
    city = plan_tables.place_names(plan, "city", t.lang).get(city, city) if city else city
    figures = plan_tables.key_figures(plan)
    title = t("city_title", province=province, city=city) if city else t("title", province=province)
    cover = Cover(
        title=t("cover_city_title", province=province, city=city) if city else t("cover_title", province=province),
        subtitle=t("subtitle", scenario=plan_tables.scenario_label(plan.scenario, b.lang), start=plan.policy.start,
                   end=plan.policy.end),
        department=t("department", province=province),
        date=format_date(today or date.today(), t),
        notes=[t("city_scope_note", city=city)] if city else [],
        prepared_with=t("report.prepared_with"),
    )
    parts = [("summary", b.summary(figures)), ("kpis", b.kpis()), ("money", b.money())]
    labels = scenario_labels or ({c: plan_tables.scenario_label(c, b.lang) for c in comparison.columns}
                                 if comparison is not None else {})
    extra = b.scenarios(comparison, labels, frontier)
    if extra:
        parts.append(("scenarios", extra))
    parts.append(("method", b.method()))
    sections = []
    numerals = t.raw("report.numerals_zh")
    for n, (key, blocks) in enumerate(parts, start=1):
        number = numerals[n - 1] if b.lang == "zh" and n <= len(numerals) else str(n)
        sections.append(Section(key, t("report.section_number", n=number) + t(f"report.sections.{key}"), blocks))
    sections.append(Section("annex", t("report.sections.annex"), b.annex()))
    return ReportContent(b.lang, cover, sections, title, t("report.footer", page="{page}", pages="{pages}"),
                         dict(t.raw("style")))
