"""Score chart builders on a small scored framework: order, colours, 数据不足 kept visible, Chinese labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from govdash.charts import scores
from govdash.charts.theme import ACCENT, FONT_FAMILY, MUTED
from govdash.frameworks import Framework, load_framework
from govdash.scoring import rank_sensitivity, statistical_audit
from tests.score_fixtures import mini_framework, mini_result

Q4 = "2025Q4"
FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"


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


def _digital_gov_dimensions() -> tuple[pd.DataFrame, Framework]:
    framework = load_framework(FRAMEWORKS / "digital_gov.toml")
    rows = [{"region_code": code, "period": Q4, "dimension": d.code, "score": score}
            for code, score in (("r1", 80.0), ("r2", 60.0)) for d in framework.dimensions]
    return pd.DataFrame(rows).assign(region_name=lambda f: f["region_code"].map({"r1": "滨江区", "r2": "新港区"})), \
        framework


def test_radar_shows_every_dimension_name_in_full_on_wrapped_lines():
    dims, framework = _digital_gov_dimensions()
    fig = scores.make_radar_figure(dims, framework, "r1")
    theta = list(fig.data[1].theta)[:-1]
    assert [t.replace("<br>", "") for t in theta] == [d.name for d in framework.dimensions]
    assert "政府治理<br>精细度" in theta and "基础准备度" in theta
    assert all(len(line) <= scores.RADAR_LABEL_CHARS for t in theta for line in t.split("<br>"))
    assert fig.layout.margin.l >= 80 and fig.layout.margin.r >= 80  # room for a five-character line


def test_health_heatmap_keeps_the_weak_spot_key_and_colour_scale_off_the_column_names():
    fig = scores.make_health_heatmap_figure(_period(mini_result().dimensions), mini_framework())
    (key,) = fig.layout.annotations
    assert key.text.startswith("▼") and key.y == 0 and key.yanchor == "top"  # under the grid; the names are on top
    assert fig.layout.xaxis.side == "top"
    assert fig.data[0].colorbar.title.side == "right" and fig.data[0].colorbar.len == 1


def test_trend_draws_the_selected_district_boldest_in_the_accent_and_names_every_line():
    fig = scores.make_trend_figure(mini_result().overall, mini_framework(), highlight=["r1"], selected="r2")
    by_name = {t.name: t for t in fig.data}
    chosen = by_name["新港区(所选)"]
    assert chosen.line.color == ACCENT and chosen.showlegend is not False
    assert chosen.line.width > max(t.line.width for t in fig.data if t is not chosen)
    assert fig.data[-1] is chosen  # drawn last, over the others
    assert by_name["滨江区"].line.color != ACCENT and by_name["滨江区"].showlegend is not False
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert set(legend) == {"新港区(所选)", "滨江区", "其他区县", "全市平均"}
    assert by_name["雁山县"].showlegend is False and by_name["雁山县"].legendgroup == "其他区县"


def test_sensitivity_marks_ranks_that_never_moved_and_says_so():
    table = pd.DataFrame({"region_code": ["r1", "r2", "r3"], "region_name": ["滨江区", "新港区", "雁山县"],
                          "rank": [1, 2, 3], "median_rank": [1, 2, 3], "rank_low": [1, 2, 3],
                          "rank_high": [1, 2, 3], "draws": 50})
    fig = scores.make_sensitivity_figure(table)
    stable = next(t for t in fig.data if t.name == "排名不变")
    assert list(stable.y) == ["雁山县", "新港区", "滨江区"] and list(stable.x) == [3, 2, 1]
    assert stable.marker.symbol == "line-ns" and stable.marker.size >= 20
    assert fig.layout.title.subtitle.text == "各区县排名在权重扰动下保持不变"
    moving = table.assign(rank_high=[2, 3, 3])
    assert scores.rank_stability_sentence(moving).startswith("1 个区县的排名在权重扰动下保持不变")
    fig = scores.make_sensitivity_figure(moving)
    assert [t.name for t in fig.data if t.name == "排名不变"] == ["排名不变"]
    assert scores.rank_stability_sentence(moving.assign(rank_low=[1, 1, 2])) is None
