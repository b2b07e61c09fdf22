"""The district maps on 总览 and 三网一基一指数: drawn on the demo's boundaries, or as hex tiles without them."""

from __future__ import annotations

import json
import shutil

from govdash.boundaries.store import undo_boundaries
from govdash.core import db
from govdash.ui.maps_view import NO_BOUNDARIES

QUERY = {"period": "2025Q4"}


def _maps(at) -> list[dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [s for s in specs if any(t["type"] == "choropleth" or t.get("fill") == "toself" for t in s["data"])]


def _located(spec: dict) -> list[str]:
    return sorted(code for t in spec["data"] if t["type"] == "choropleth" and t.get("showlegend", True)
                  for code in t["locations"])


def test_overview_maps_the_index_and_the_health_levels_on_the_boundaries(app_at):
    at = app_at("pages/overview.py", framework="digital_gov", **QUERY)
    assert not at.exception
    index_map, health_map = _maps(at)
    assert index_map["layout"]["title"]["text"] == "综合得分分布"
    assert health_map["layout"]["title"]["text"] == "健康等级分布图"
    assert len(_located(index_map)) == 14
    legend = [t["name"] for t in health_map["data"] if t["type"] == "choropleth" and t.get("showlegend", True)]
    assert set(legend) <= {"健康", "亚健康", "预警", "不健康", "数据不足"}
    assert health_map["layout"]["annotations"][0]["text"] == "示意图"
    assert health_map["layout"]["geo"]["visible"] is False


def test_health_page_maps_the_levels_and_outlines_the_picked_district(app_at):
    at = app_at("pages/health.py", region="990106", **QUERY)
    assert not at.exception
    (levels_map,) = _maps(at)
    outlined = [t["locations"] for t in levels_map["data"] if t["type"] == "choropleth" and not t.get("showlegend", True)]
    assert outlined == [["990106"]]


def test_overview_without_boundaries_draws_hex_tiles_and_says_so(demo_database_file, tmp_path, use_database, app_at):
    copy = tmp_path / "no-boundaries.db"
    shutil.copy(demo_database_file, copy)
    url = use_database(copy)
    assert undo_boundaries(db.get_engine(url), 1)[0]
    at = app_at("pages/overview.py", framework="district_health", **QUERY)
    assert not at.exception
    (hex_map,) = _maps(at)
    assert not [t for t in hex_map["data"] if t["type"] == "choropleth"]
    assert hex_map["layout"]["annotations"][0]["text"].startswith("示意图:尚未导入区县边界")
    assert NO_BOUNDARIES in [c.value for c in at.caption]


def test_undoing_the_boundaries_on_their_page_turns_the_maps_into_hex_tiles(demo_database_file, tmp_path, use_database,
                                                                             app_at):
    from tests.auth.conftest import make_user
    from tests.ui.conftest import open_app

    copy = tmp_path / "undo.db"
    shutil.copy(demo_database_file, copy)
    admin = make_user(db.get_engine(use_database(copy)), "root", "admin")
    at = open_app("pages/overview.py", user=admin, framework="district_health", **QUERY)
    assert not [t for t in _maps(at)[0]["data"] if t.get("fill") == "toself"]  # boundaries drawn, read once
    at.switch_page("pages/boundaries.py").run()
    next(b for b in at.button if b.label == "撤销这套边界").click()
    at.run()
    assert any("地图显示六边形示意图" in s.value for s in at.success)
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    (hex_map,) = _maps(at)
    assert not [t for t in hex_map["data"] if t["type"] == "choropleth"]
