import pytest

from govdash.frameworks import Framework
from govdash.repository import INDICATOR_COLUMNS, indicator_values, records_behind
from tests.repository.factories import CITY, EAST, WEST

pytestmark = pytest.mark.pg


@pytest.fixture
def tiny_framework() -> Framework:
    """One dimension: 全程网办率 from records and a reported 上云率."""
    return Framework.model_validate({
        "framework": {"code": "tiny", "name": "小框架"},
        "bands": [{"label": "高", "min": 60}, {"label": "低", "min": 0}],
        "dimensions": [{
            "code": "only", "name": "唯一维度", "weight": 1,
            "indicators": [
                {"code": "online", "name": "全程网办率", "unit": "%", "lo": 0, "hi": 100,
                 "metric": "service.full_online_rate"},
                {"code": "cloud", "name": "上云率", "unit": "%", "lo": 0, "hi": 100, "source": "reported"},
            ],
        }],
    })


def seed_both(seed):
    items = seed.items({"online_depth": 4, "visits": 0}, {"online_depth": 1})  # 50 %
    seed.items({"online_depth": 4, "visits": 0}, region=CITY)  # the city is not scored
    reported = seed.reported({"period": "2025Q3", "indicator_code": "cloud", "value": 82.5, "unit": "%",
                              "note": "区数据局年报"},
                             {"period": "2025Q3", "indicator_code": "not_in_framework", "value": 1.0})
    return items, reported


def test_indicator_values_metric_and_reported_rows(engine, seed, tiny_framework):
    items, reported = seed_both(seed)
    frame = indicator_values(engine, tiny_framework, periods=["2025Q3"])
    assert list(frame.columns) == INDICATOR_COLUMNS
    assert list(frame["indicator_code"]) == ["online", "cloud"]  # framework order, nothing else
    online, cloud = frame.iloc[0], frame.iloc[1]
    assert (online["region_code"], online["period"], online["value"]) == (EAST, "2025Q3", 50.0)
    assert (online["source"], online["metric"], online["record_count"]) == ("metric", "service.full_online_rate", 2)
    assert online["batch_ids"] == str(items) and online["note"] is None
    assert (cloud["value"], cloud["source"], cloud["metric"]) == (82.5, "reported", None)
    assert (cloud["record_count"], cloud["batch_ids"], cloud["note"]) == (1, str(reported), "区数据局年报")


def test_indicator_values_only_districts_and_asked_regions(engine, seed, tiny_framework):
    seed_both(seed)
    assert CITY not in set(indicator_values(engine, tiny_framework)["region_code"])
    assert indicator_values(engine, tiny_framework, regions=[WEST]).empty
    assert indicator_values(engine, tiny_framework, regions=[CITY]).empty


def test_indicator_values_all_periods_include_years(engine, seed, tiny_framework):
    seed_both(seed)
    seed.reported({"period": "2025Q1", "indicator_code": "cloud", "value": 70.0})
    frame = indicator_values(engine, tiny_framework)
    year = frame[frame["period"] == "2025"].set_index("indicator_code")
    # The year without a yearly sheet takes the latest quarter reported (Q3), like a snapshot.
    assert year.loc["cloud", "value"] == 82.5
    assert year.loc["online", "value"] == 50.0
    assert set(frame["period"]) == {"2025Q1", "2025Q3", "2025"}


def test_indicator_values_empty_database(engine, tiny_framework):
    frame = indicator_values(engine, tiny_framework)
    assert frame.empty and list(frame.columns) == INDICATOR_COLUMNS


def test_records_behind_reported_indicator(engine, seed, tiny_framework):
    _items, reported = seed_both(seed)
    rows = records_behind(engine, "cloud", region_code=EAST, period="2025Q3", framework=tiny_framework)
    assert len(rows) == 1
    assert (rows.iloc[0]["数值"], rows.iloc[0]["来源说明"], rows.iloc[0]["批次"]) == (82.5, "区数据局年报", reported)


def test_records_behind_metric_indicator_by_code(engine, seed, tiny_framework):
    seed_both(seed)
    rows = records_behind(engine, "online", region_code=EAST, period="2025q3", framework=tiny_framework)
    assert list(rows["计入分子"]) == ["否", "是"]


def test_records_behind_shipped_framework_indicator(engine, seed):
    seed.catalog({"share_type": "conditional"})
    rows = records_behind(engine, "shareable_rate", region_code=EAST, period="2025Q3")
    assert list(rows["共享类型"]) == ["有条件共享"]


def test_records_behind_unknown_name(engine, seed, tiny_framework):
    with pytest.raises(ValueError, match="未知的指标"):
        records_behind(engine, "no_such_thing", region_code=EAST, period="2025Q3", framework=tiny_framework)
