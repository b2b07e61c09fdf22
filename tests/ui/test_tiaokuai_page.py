"""The 条块分析 page: a department × district heatmap whose cells are worked out by hand, and a cell's records."""

from __future__ import annotations

import json

import pytest

from govdash.core import db
from govdash.repository.department_matrix import evaluation_matrix, service_item_matrix
from govdash.services.imports import import_file
from tests.ui.conftest import exceptions, open_app

REGIONS = "区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990101,滨江区,区,990100\n990102,望湖区,区,990100\n"
# Files name departments after their district (滨江区市场监管局, 望湖区市场监管局): both are the 条 市场监管局.
# 市场监管局 in 滨江区: 4 evaluations, 2 差评 (ratings 1 and 2), one rectified two days later (on time), one not.
#   差评率 = 2 / 4 = 50.0%; 按时整改率 = 1 / 2 = 50.0%; 评价量 4.
# 市场监管局 in 望湖区: 1 evaluation, 好评: 差评率 0.0%. 人社局 in 滨江区: 2 evaluations, 0 差评.
EVALUATIONS = """评价编号,区县代码,实施部门,评价渠道,评价等级,评价时间,整改完成时间
T1,990101,滨江区市场监管局,窗口,非常不满意,2025-11-03 10:00,2025-11-05 10:00
T2,990101,滨江区市场监管局,窗口,不满意,2025-11-04 10:00,
T3,990101,滨江区市场监管局,移动端,满意,2025-11-05 10:00,
T4,990101,滨江区市场监管局,移动端,非常满意,2025-11-06 10:00,
T5,990102,望湖区市场监管局,窗口,满意,2025-11-06 10:00,
T6,990101,人社局,窗口,满意,2025-11-07 10:00,
T7,990101,人社局,PC端,满意,2025-11-07 11:00,
"""
# 市场监管局 in 滨江区: 3 items, 2 of depth 4 → 全程网办率 2 / 3 = 66.7%; 办件量 100 + 50 + 50 = 200, 网上 150
#   → 网上办件占比 150 / 200 = 75.0%.
ITEMS = """期间,事项编码,事项名称,实施部门,区县代码,网办深度,跑动次数,办件量,网上办件量
2025Q4,S1,营业执照,滨江区市场监管局,990101,4,0,100,100
2025Q4,S2,食品许可,滨江区市场监管局,990101,4,0,50,30
2025Q4,S3,特种设备,滨江区市场监管局,990101,2,1,50,20
2025Q4,S4,社保登记,人社局,990101,4,0,10,10
"""


@pytest.fixture
def city(engine, monkeypatch):
    for kind, text in (("regions", REGIONS), ("evaluations", EVALUATIONS), ("service-items", ITEMS)):
        result = import_file(engine, kind, text.encode(), file_name=f"{kind}.csv")
        assert result.status == "imported", result.report.to_frame()
    monkeypatch.setenv("GOVDASH_PUBLIC_READ", "1")
    from govdash.core import config

    config.get_settings.cache_clear()
    db.dispose_engines()
    return engine


def _cell(frame, department, region):
    return frame[(frame["department"] == department) & (frame["region_code"] == region)].iloc[0]


def test_department_matrix_cells_worked_by_hand(city):
    evaluations = evaluation_matrix(city, period="2025Q4")
    cell = _cell(evaluations, "市场监管局", "990101")
    assert (cell["evaluations"], cell["bad"], cell["bad_on_time"]) == (4, 2, 1)
    assert cell["bad_rate"] == pytest.approx(50.0) and cell["bad_ontime_rate"] == pytest.approx(50.0)
    assert _cell(evaluations, "市场监管局", "990102")["bad_rate"] == pytest.approx(0.0)
    assert len(evaluations) == 3  # 人社局 has no cell in 望湖区
    items = service_item_matrix(city, period="2025Q4")
    cell = _cell(items, "市场监管局", "990101")
    assert cell["items"] == 3
    assert cell["full_online_rate"] == pytest.approx(200 / 3)
    assert cell["online_volume_ratio"] == pytest.approx(75.0)
    assert len(evaluation_matrix(city, period="2025Q4", regions=["990102"])) == 1
    year = _cell(service_item_matrix(city, period="2025"), "市场监管局", "990101")  # the year's latest snapshot
    assert year["items"] == 3 and year["online_volume_ratio"] == pytest.approx(75.0)


def test_tiaokuai_page_heatmap_and_drill_to_a_cells_records(city):
    at = open_app("pages/tiaokuai.py", period="2025Q4")
    assert exceptions(at) == []
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = figure["data"][0]
    assert heat["y"] == ["市场监管局", "人社局"] and heat["x"] == ["滨江区", "望湖区"]
    assert heat["z"][0] == [50.0, 0.0]
    assert heat["text"][0] == ["50.0%", "0.0%"] and heat["text"][1][1] == ""  # 人社局 has no 望湖区 records

    at.selectbox(key="tiaokuai_department").select("市场监管局").run()
    at.selectbox(key="tiaokuai_district").select("990101").run()
    assert exceptions(at) == []
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"差评率": "50.0%", "按时整改率": "50.0%", "评价量": "4"}
    records = at.dataframe[-1].value
    assert sorted(records["评价编号"]) == ["T1", "T2", "T3", "T4"]
    assert at.query_params["department"] == "市场监管局" and at.query_params["block"] == "990101"

    at.segmented_control(key="tiaokuai_source").set_value("service-items").run()
    at.segmented_control(key="tiaokuai_measure_service-items").set_value("full_online_rate").run()
    assert exceptions(at) == []
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heat["text"][0][0] == "66.7%"
    assert sorted(at.dataframe[-1].value["事项编码"]) == ["S1", "S2", "S3"]


def test_tiaokuai_page_lists_the_regions_of_the_sidebar_level_only(app_at, demo_database_url):
    """The demo's 街道 have their own 好差评; at 区县 level they are not columns beside the districts."""
    from govdash.repository.regions import list_regions

    regions = list_regions(db.get_engine(demo_database_url))
    districts = set(regions.loc[regions["level"] == "district", "name"])
    streets = set(regions.loc[regions["level"] == "street", "name"])
    at = app_at("pages/tiaokuai.py", period="2025Q4")
    assert exceptions(at) == []
    columns = set(json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["x"])
    assert streets and not columns & streets
    assert columns <= districts and len(columns) > 10
