"""Charts: every one draws with Chinese (and English) text and no missing glyph, and is not blank."""

import io
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pytest
from PIL import Image

from planning.reports import charts
from planning.reports.templates import Texts
from planning.budget.scenarios import compare, cut
from tests.conftest import ROOT
from tests.export_plans import synthetic_plan

GLYPH_MISSING = r".*[Gg]lyph.*missing.*"


def all_charts(plan, lang):
    """Every chart as (name, draw(fig)), including the frontier and the scenario comparison."""
    texts = Texts.load(lang)
    out = [(name, (lambda fig, f=draw: f(fig, plan, lang, texts))) for name, draw in charts.PLAN_CHARTS.items()]
    points = [{"budget_wan": b, "total_value": v, "total_subsidy_wan": b * 0.98, "funded_firms": f, "optimality_gap": 0.0}
              for b, v, f in ((1000, 5000.0, 80), (2000, 8500.0, 150), (3000, 10500.0, 210), (4000, 11200.0, 230))]
    out.append(("frontier", lambda fig: charts.draw_frontier(fig, points, lang, texts, 3000.0)))
    smaller = cut(plan, 0.3).kept
    table = compare([plan, smaller])
    labels = {plan.scenario: "基准方案" if lang == "zh" else "Baseline",
              smaller.scenario: "压减30%" if lang == "zh" else "Cut by 30%"}
    out.append(("scenarios", lambda fig: charts.draw_scenarios(fig, table, lang, texts, labels)))
    return out


def ink(png: bytes) -> float:
    """Share of pixels that are not white."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return float((pixels < 245).mean())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_without_missing_glyphs(lang):
    plan = synthetic_plan()
    for name, draw in all_charts(plan, lang):
        fig = charts.new_figure(name)
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=GLYPH_MISSING)
            draw(fig)
            png = charts.png_bytes(fig, dpi=100)
            fig.savefig(io.BytesIO(), format="svg")
            fig.savefig(io.BytesIO(), format="pdf")
        assert ink(png) > 0.02, f"{name} looks blank"
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        if lang == "zh":
            assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts), name


def test_the_glyph_check_would_catch_a_missing_font():
    """Chinese in a Latin-only font does warn, so the check above is real."""
    charts.setup_fonts()
    fig = charts.new_figure()
    fig.text(0.5, 0.5, "合肥市补助资金", fontfamily="DejaVu Sans")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=GLYPH_MISSING)
        with pytest.raises(UserWarning, match="missing from font"):
            charts.png_bytes(fig, dpi=50)


def test_fonts_registered_and_fallback_order():
    families = charts.setup_fonts()
    assert families[:2] == ["DejaVu Sans", "Droid Sans Fallback"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    names = {f.name for f in matplotlib.font_manager.fontManager.ttflist}
    assert "Droid Sans Fallback" in names


def test_save_png_at_300_dpi_and_svg(tmp_path):
    plan = synthetic_plan()
    fig = charts.render_plan_chart("yearly", plan, "zh")
    png = charts.save(fig, tmp_path / "yearly.png")
    svg = charts.save(fig, tmp_path / "yearly.svg")
    pdf = charts.save(fig, tmp_path / "yearly.pdf")
    width, height = fig.get_size_inches()
    image = Image.open(png)
    assert image.size == (round(width * 300), round(height * 300))
    assert ink(png.read_bytes()) > 0.02
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<svg" in svg.read_text(encoding="utf-8")
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_empty_plan_draws_a_no_data_chart():
    plan = synthetic_plan(60, budget=0.001)
    assert plan.lines.empty
    for name in charts.PLAN_CHARTS:
        fig = charts.render_plan_chart(name, plan, "zh")
        charts.png_bytes(fig, dpi=50)
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        if name in ("money_by_city", "money_by_sector", "track_split"):
            assert "无数据" in texts, name


def test_charts_never_load_pyplot():
    code = ("import sys; from tests.export_plans import synthetic_plan; from planning.reports import charts;"
            "charts.render_plan_chart('levels_by_city', synthetic_plan(60), 'zh');"
            "print('matplotlib.pyplot' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_yearly_chart_labels_commitments_and_payments_and_holds_the_budget_against_payments(lang):
    from matplotlib.collections import LineCollection

    plan = synthetic_plan(120, budget=300.0)
    fig = charts.render_plan_chart("yearly", plan, lang)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    committed, paid = Texts.load(lang)("charts.committed"), Texts.load(lang)("charts.paid")
    assert committed in labels and paid in labels
    assert ("按立项" in committed and "按验收拨付" in paid) if lang == "zh" else "acceptance" in paid
    assert fig._supxlabel is not None and fig._supxlabel.get_text() == Texts.load(lang)("charts.yearly_note")
    committed_bars, paid_bars = ax.containers[0], ax.containers[1]
    [budget] = [c for c in ax.collections if isinstance(c, LineCollection)]
    for segment, c_bar, p_bar, limit in zip(budget.get_segments(), committed_bars, paid_bars,
                                            plan.policy.yearly_budget.values()):
        (x0, y), (x1, _) = segment
        assert y == pytest.approx(limit)
        assert x0 > c_bar.get_x() + c_bar.get_width() / 2  # the line stands over the payments, not the commitments
        assert x0 <= p_bar.get_x() and x1 >= p_bar.get_x() + p_bar.get_width()
        assert p_bar.get_height() <= limit + 1e-6  # what is paid stays within the year's budget
