"""汇报模式 in AppTest: the deck of the selection, one slide at a time, moved by the buttons and the URL."""

from __future__ import annotations

import pytest

from govdash.core.db import get_engine
from govdash.frameworks import resolve_framework
from govdash.services.indexes import compute_scores

PAGE = "pages/presentation.py"
QUERY = {"framework": "district_health", "period": "2025Q4"}


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _counter(at) -> str:
    return next(m.value for m in at.markdown if "/" in m.value and "text-align:center" in m.value)


def test_presentation_opens_on_the_title_slide(app_at):
    at = app_at(PAGE, **QUERY)
    assert not at.exception
    text = _markdown(at)
    assert "区级“三网一基一指数”运行管理健康指数" in text
    assert "2025年第4季度 · 全部区县" in text
    assert ">1 / 14<" in _counter(at)
    assert at.query_params["slide"] == "1"


def test_presentation_next_and_previous_move_one_slide(app_at):
    at = app_at(PAGE, **QUERY)
    at.button(key="presentation_next").click().run()
    assert ">2 / 14<" in _counter(at)
    assert "综合排名" in _markdown(at)
    assert at.query_params["slide"] == "2"
    at.button(key="presentation_previous").click().run()
    assert ">1 / 14<" in _counter(at)


def test_presentation_slide_in_the_url_opens_it_with_the_engine_numbers(app_at, demo_database_url):
    at = app_at(PAGE, slide="2", **QUERY)
    assert not at.exception
    assert ">2 / 14<" in _counter(at)
    result = compute_scores(get_engine(demo_database_url), resolve_framework("district_health"), periods="2025Q4")
    best = result.overall.sort_values("rank").iloc[0]
    assert f"{best['region_name']}运行管理健康指数最高,为 {best['score']:.1f} 分" in _markdown(at)
    assert len(at.get("plotly_chart")) == 1


@pytest.mark.parametrize("slide", ["0", "99", "abc"])
def test_presentation_slide_out_of_range_is_clamped(app_at, slide):
    at = app_at(PAGE, slide=slide, **QUERY)
    assert not at.exception
    assert at.query_params["slide"] in ("1", "14")


def test_presentation_one_district_speaks_of_it(app_at):
    at = app_at(PAGE, region="990106", slide="2", **QUERY)
    assert not at.exception
    assert "新港区运行管理健康指数" in _markdown(at)



def test_presentation_third_slide_maps_the_districts_on_their_boundaries(app_at):
    import json

    at = app_at(PAGE, slide="3", **QUERY)
    assert not at.exception
    assert "区县分布图" in _markdown(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    maps = [trace for trace in spec["data"] if trace["type"] == "choropleth"]
    assert {trace["name"] for trace in maps} <= {"健康", "亚健康", "预警", "不健康", "数据不足"}
    assert sum(len(trace["locations"]) for trace in maps if trace.get("showlegend", True)) == 14
    assert spec["layout"]["annotations"][0]["text"].startswith("示意图")


def test_presentation_fifth_slide_is_the_regional_difference_with_its_trend(app_at, demo_database_url):
    from govdash.scoring.disparity import d_gini

    at = app_at(PAGE, slide="5", **QUERY)
    assert not at.exception
    text = _markdown(at)
    assert "区域差异" in text
    framework = resolve_framework("district_health")
    overall = compute_scores(get_engine(demo_database_url), framework, periods="2025Q4").overall
    assert f"基尼系数 {d_gini(overall['score'].dropna()):.3f}" in text
    assert "与2025年第3季度相比" in text
    assert len(at.get("plotly_chart")) == 1


def test_presenter_view_names_the_next_slide_and_the_points_of_this_one(app_at):
    at = app_at(PAGE, slide="2", presenter="1", **QUERY)
    assert not at.exception
    text = _markdown(at)
    assert "**演讲者视图** · 第 2 / 14 页" in text
    assert '<div class="gd-next">3. 区县分布图</div>' in text
    assert "<li>14 个区县中 13 个完成评分" in text  # this slide's first sentence, among the points to make
    at.button(key="presentation_next").click().run()
    assert "**演讲者视图** · 第 3 / 14 页" in _markdown(at)
    assert at.query_params["presenter"] == "1"
    last = app_at(PAGE, slide="14", presenter="1", **QUERY)
    assert '<div class="gd-next">已是最后一页</div>' in _markdown(last)


def test_presentation_without_presenter_shows_no_panel_but_links_to_it(app_at):
    at = app_at(PAGE, slide="2", **QUERY)
    assert "演讲者视图** ·" not in _markdown(at)
    (link,) = [b for b in at.get("link_button") if b.proto.label == "演讲者视图"]
    assert "presenter=1" in link.proto.url and "slide=2" in link.proto.url
