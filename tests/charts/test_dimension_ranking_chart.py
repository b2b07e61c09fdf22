"""The briefing's per-dimension chart: every district's score in one dimension."""

from __future__ import annotations

from govdash.charts import scores
from govdash.charts.theme import ACCENT, MUTED
from tests.score_fixtures import mini_framework, mini_result


def _ops():
    dims = mini_result().dimensions
    return dims[dims["period"] == "2025Q4"]


def test_dimension_ranking_best_on_top_weak_spots_red_missing_grey():
    fig = scores.make_dimension_ranking_figure(_ops(), mini_framework(), "ops")
    bar = fig.data[0]
    assert list(bar.y) == ["鹤鸣县", "雁山县", "新港区", "滨江区"]  # the last is drawn on top
    assert list(bar.text) == ["数据不足", "40.0", "42.5", "95.0"]
    assert list(bar.marker.color) == [MUTED, "#c62828", "#c62828", ACCENT]
    assert fig.layout.title.text == "运行管理得分"
    assert any(shape.x0 == 60 for shape in fig.layout.shapes)  # the weak-spot line


def test_dimension_ranking_picks_out_one_district():
    fig = scores.make_dimension_ranking_figure(_ops(), mini_framework(), "ops", region_code="r2")
    colors = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colors["新港区"] == "#c62828"
    assert colors["滨江区"] == colors["雁山县"] == "#c9d3e0"
