"""Chart builders of the record pages, on small frames shaped like the repository's."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from govdash.charts import records
from govdash.charts.theme import FONT_FAMILY, MUTED


def trend() -> pd.DataFrame:
    return pd.DataFrame({
        "month": ["2025-10", "2025-11", "2025-12"], "evaluations": [100, 120, 90], "bad": [2, 3, 0],
        "good_rate": [95.0, 96.5, 97.0], "bad_rate": [2.0, 2.5, 0.0],
        "bad_rectify_rate": [100.0, 66.7, math.nan], "bad_ontime_rate": [50.0, 33.3, math.nan],
        "callback_rate": [100.0, 100.0, math.nan],
    })


def breakdown(n: int = 3) -> pd.DataFrame:
    rates = {c: [90.0 + i for i in range(n)] for c in records.RATE_LABELS}
    return pd.DataFrame({"key": [f"SX{i}" for i in range(n)], "label": [f"事项{i}" for i in range(n)],
                         "evaluations": [300 - i for i in range(n)], "bad": [5] * n, **rates})


def survey_regions() -> pd.DataFrame:
    return pd.DataFrame({
        "region_name": ["滨江区", "苇塘县"], "responses": [66, 16], "answers": [330, 80],
        "score": [84.1, 71.3], "margin_of_error": [2.6, 5.1], "insufficient": [False, True],
    })


def all_text(fig: go.Figure) -> str:
    return fig.to_json()


def test_evaluation_trend_figure_puts_bad_rate_on_its_own_axis():
    fig = records.make_evaluation_trend_figure(trend())
    good, bad = fig.data
    assert (good.name, bad.name) == ("好评率", "差评率")
    assert good.yaxis == "y" and bad.yaxis == "y2"
    assert list(good.x) == ["2025年10月", "2025年11月", "2025年12月"]
    assert list(bad.y) == [2.0, 2.5, 0.0]
    assert fig.layout.yaxis2.title.text == "差评率(%)"


def test_a_good_rate_that_barely_moves_gets_an_axis_two_points_wide_so_its_ticks_differ():
    steady = trend().assign(good_rate=[95.61, 95.64, 95.58])
    low, high = records.make_evaluation_trend_figure(steady).layout.yaxis.range
    assert high - low == pytest.approx(2.0) and low < 95.58 and high > 95.64
    near_full = trend().assign(good_rate=[99.9, 100.0, 99.95])
    assert list(records.make_evaluation_trend_figure(near_full).layout.yaxis.range) == [98.0, 100.0]
    assert records.make_evaluation_trend_figure(trend()).layout.yaxis.range is None  # 95–97 moves enough


def test_handling_trend_figure_draws_three_rates_and_keeps_gaps():
    fig = records.make_handling_trend_figure(trend())
    assert [t.name for t in fig.data] == ["差评整改率", "差评按时整改率", "回访率"]
    assert math.isnan(fig.data[0].y[2])  # a month without 差评 has no rate, not 0


def test_breakdown_figure_shows_chosen_rate_largest_volume_on_top():
    fig = records.make_breakdown_figure(breakdown(20), title="各渠道差评率", rate="bad_rate", limit=15)
    bar = fig.data[0]
    assert len(bar.y) == 15
    assert bar.y[-1] == "事项0"  # the first row (largest volume) is drawn at the top
    assert "差评率" in bar.hovertemplate and fig.layout.xaxis.title.text == "差评率(%)"


def test_worst_services_figure_names_items_with_codes_worst_on_top():
    worst = breakdown(2).assign(bad_rate=[10.0, 6.0])
    fig = records.make_worst_services_figure(worst)
    assert list(fig.data[0].y) == ["事项1(SX1)", "事项0(SX0)"]
    assert list(fig.data[0].x) == [6.0, 10.0]


def test_survey_region_figure_has_margins_as_error_bars_and_greys_small_samples():
    fig = records.make_survey_region_figure(survey_regions())
    bar = fig.data[0]
    assert list(bar.error_y.array) == [2.6, 5.1]
    assert list(bar.marker.color)[1] == MUTED and list(bar.marker.color)[0] != MUTED
    assert "样本不足" in bar.text[1] and "样本不足" not in bar.text[0]


def test_survey_question_figure_labels_questions_without_text_by_code():
    questions = pd.DataFrame({
        "survey_code": ["WJ-A", "WJ-A"], "question_code": ["Q1", "Q2"], "question_text": ["办事便利程度", None],
        "answers": [40, 12], "score": [80.0, 60.0], "margin_of_error": [3.0, math.nan],
        "insufficient": [False, True],
    })
    fig = records.make_survey_question_figure(questions)
    assert list(fig.data[0].y) == ["WJ-A Q2", "WJ-A Q1 办事便利程度"]  # the first question drawn on top
    assert list(fig.data[0].error_x.array) == [0.0, 3.0]


def test_sharing_ratio_figure_groups_three_ratios_per_department():
    ratios = pd.DataFrame({"department": ["民政局", "公安分局"], "entries": [10, 8], "shareable_rate": [90.0, 100.0],
                           "unconditional_share_ratio": [60.0, 75.0], "open_rate": [30.0, 87.5]})
    fig = records.make_sharing_ratio_figure(ratios, label_column="department")
    assert [t.name for t in fig.data] == ["可共享率", "无条件共享占比", "开放率"]
    assert list(fig.data[2].x) == ["民政局", "公安分局"] and list(fig.data[2].y) == [30.0, 87.5]
    assert fig.layout.barmode == "group"


def test_pipeline_figure_says_share_and_average_days_per_stage():
    pipeline = pd.DataFrame({"stage": ["提出", "审核", "对接"], "demands": [560, 510, 442],
                             "share": [100.0, 91.07, 78.93], "avg_days": [math.nan, 13.25, 13.14]})
    fig = records.make_pipeline_figure(pipeline)
    funnel = fig.data[0]
    assert isinstance(funnel, go.Funnel) and list(funnel.y) == ["提出", "审核", "对接"]
    assert funnel.text[0] == "560 项(100.0%)"
    assert "平均办理 13.1 天" in funnel.text[2]


def test_timeliness_figure_leaves_out_irregular_updates():
    timeliness = pd.DataFrame({"cycle_label": ["每日", "不定期"], "max_days": [2.0, math.nan], "entries": [10, 5],
                               "timely": [8, 0], "timeliness_rate": [80.0, math.nan]})
    fig = records.make_timeliness_figure(timeliness)
    assert list(fig.data[0].x) == ["每日"]


def test_calls_figure_uses_a_log_scale_and_skips_districts_without_calls():
    calls = pd.DataFrame({"region_name": ["滨江区", "雁山县", "苇塘县"], "entries": [288, 155, 3],
                          "calls": [2_478_002, 15_537, 0]})
    fig = records.make_calls_figure(calls)
    assert fig.layout.yaxis.type == "log"
    assert list(fig.data[0].x) == ["滨江区", "雁山县"]


@pytest.mark.parametrize("build", [
    lambda: records.make_evaluation_trend_figure(trend()),
    lambda: records.make_breakdown_figure(breakdown(), title="各渠道好评率"),
    lambda: records.make_survey_region_figure(survey_regions()),
])
def test_record_figures_use_the_house_font_and_chinese_titles(build):
    fig = build()
    assert fig.layout.font.family == FONT_FAMILY
    assert not fig.layout.legend.title.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in fig.layout.title.text)
    assert "trace" not in all_text(fig)


@pytest.mark.parametrize("bad", [[0.4, 1.1, 1.55, 0.9], [0.05, 0.12], [3.0, 7.4, 12.0], [0.0, 0.0]])
def test_evaluation_trend_right_axis_ticks_are_even_steps_from_zero(bad):
    """差评率 ticks read 0.0% 0.5% 1.0% 1.5%, never 0.5% 1.0% 1.6%."""
    from govdash.charts.records import NICE_STEPS, make_evaluation_trend_figure

    n = len(bad)
    trend = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=n, freq="MS"), "evaluations": [100] * n,
                          "good_rate": [90.0] * n, "bad_rate": bad, "bad_rectified_rate": [100.0] * n,
                          "bad_on_time_rate": [100.0] * n, "callback_rate": [100.0] * n})
    axis = make_evaluation_trend_figure(trend).layout.yaxis2
    assert axis.tickmode == "linear" and axis.tick0 == 0 and axis.dtick in NICE_STEPS
    low, top = axis.range
    assert low == 0 and top >= max(bad) and round(top / axis.dtick, 9).is_integer() and top / axis.dtick <= 6
    ticks = [f"{i * axis.dtick:{axis.tickformat}}" for i in range(int(round(top / axis.dtick)) + 1)]
    assert len(set(ticks)) == len(ticks)  # no two ticks print alike
