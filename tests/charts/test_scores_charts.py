"""Score chart builders on a small scored framework: order, colours, 数据不足 kept visible, Chinese labels."""

from __future__ import annotations

import pandas as pd

from govdash.charts import scores
from govdash.charts.theme import FONT_FAMILY, MUTED
from govdash.scoring import rank_sensitivity, statistical_audit
from tests.score_fixtures import mini_framework, mini_result

Q4 = "2025Q4"


def _period(frame: pd.DataFrame, period: str = Q4) -> pd.DataFrame:
    return frame[frame["period"] == period]


def test_ranking_best_on_top_band_coloured_and_insufficient_greyed():
    fig = scores.make_ranking_figure(_period(mini_result().overall), mini_framework())
    bar = fig.data[0]
    assert list(bar.y)[-1] == "滨江区"  # plotly draws the last category on top
    assert list(bar.y)[0] == "鹤鸣县"
    assert bar.marker.color[0] == MUTED and bar.text[0] == "数据不足"
    assert bar.marker.color[-1] == "#1a7f37"
    assert fig.layout.title.text == "综合得分排名"
    assert FONT_FAMILY in fig.layout.font.family


def test_dimension_bars_average_and_region_with_weak_spot_in_red():
    fig = scores.make_dimension_bars_figure(_period(mini_result().dimensions), mini_framework(), region_code="r2")
    average, region = fig.data
    assert list(average.x) == ["政务服务", "运行管理"]
    assert round(average.y[0], 1) == round((95 + 80 + 70 + 40) / 4, 1)
    assert region.name == "新港区"
    assert list(region.marker.color) == ["#1f5fa8", "#c62828"]


def test_health_heatmap_marks_weak_spots_and_missing_cells():
    dims = _period(mini_result().dimensions)
    fig = scores.make_health_heatmap_figure(dims, mini_framework(), order=["r1", "r2", "r3", "r4"])
    heat = fig.data[0]
    assert list(heat.y) == ["滨江区", "新港区", "鹤鸣县", "雁山县"]
    assert heat.text[1][1] == "42.5 ▼"
    assert heat.text[2][1] == "数据不足"


def test_trend_has_a_line_per_region_and_the_city_average():
    fig = scores.make_trend_figure(mini_result().overall, mini_framework(), region_codes=["r1"])
    assert [t.name for t in fig.data] == ["滨江区", "全市平均"]
    assert list(fig.data[0].x) == ["2025年第3季度", "2025年第4季度"]


def test_band_distribution_counts_bands_and_insufficient():
    fig = scores.make_band_distribution_figure(_period(mini_result().overall), mini_framework())
    assert list(fig.data[0].x) == ["高", "中", "低", "数据不足"]
    assert list(fig.data[0].y) == [1, 1, 1, 1]


def test_radar_closes_the_polygon_for_region_and_average():
    fig = scores.make_radar_figure(_period(mini_result().dimensions), mini_framework(), "r1")
    assert [t.name for t in fig.data] == ["全市平均", "滨江区"]
    assert fig.data[1].r[0] == fig.data[1].r[-1]


def test_sunburst_shares_follow_what_if_weights():
    fw = mini_framework()
    fig = scores.make_framework_sunburst_figure(fw, {"service": 3, "ops": 1})
    values = dict(zip(fig.data[0].ids, fig.data[0].values, strict=True))
    assert values["service/online"] + values["service/speed"] == 75
    assert values["ops/security"] + values["ops/fix"] == 25
    assert values["service/online"] == 37.5


def test_sensitivity_and_correlation_figures_use_names():
    fw, result = mini_framework(), mini_result()
    table = rank_sensitivity(fw, result, period=Q4, draws=50)
    table = table.assign(region_name=table["region_code"].map({"r1": "滨江区", "r2": "新港区", "r4": "雁山县"}))
    fig = scores.make_sensitivity_figure(table)
    assert set(fig.data[0].y) == {"滨江区", "新港区", "雁山县"}
    audit = statistical_audit(fw, result, period=Q4)
    heat = scores.make_correlation_figure(audit.correlations, fw)
    assert list(heat.data[0].x) == ["网办率", "即办率", "等保测评通过率", "整改率"]


def test_trend_highlight_greys_the_other_regions_out_of_the_legend():
    fig = scores.make_trend_figure(mini_result().overall, mini_framework(), highlight=["r1"])
    shown = {t.name: t for t in fig.data}
    assert shown["滨江区"].showlegend is not False and shown["新港区"].showlegend is False
    assert shown["新港区"].line.color == "#d5dae3"
