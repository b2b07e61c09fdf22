from datetime import date, datetime

import pytest

from govdash.domain.metric_catalog import METRICS
from govdash.repository import batch_info, compute_metrics, list_periods, list_regions, parse_batch_ids
from govdash.repository._frames import METRIC_COLUMNS
from govdash.repository.metrics import SOURCE_OF
from tests.repository.factories import CITY, EAST, WEST

pytestmark = pytest.mark.pg


def seed_every_source(seed):
    seed.items({"online_depth": 4, "visits": 0, "legal_days": 10, "promised_days": 5, "volume": 10,
                "online_volume": 5})
    seed.evaluations({"rating": 5}, {"rating": 1, "rectified_at": datetime(2025, 8, 2), "rectified_on_time": True,
                                     "callback_at": datetime(2025, 8, 3), "real_name": True})
    seed.answers({"response_code": "R1", "score": 5}, {"response_code": "R2", "score": 3})
    seed.catalog({"update_cycle": "monthly", "last_updated": date(2025, 9, 1), "call_count": 3})
    seed.demands({"status": "matched", "closed_on": date(2025, 7, 3)})


def test_every_catalog_metric_has_a_query():
    assert set(METRICS) - set(SOURCE_OF) == set()


def test_compute_metrics_covers_every_metric_of_the_catalog(engine, seed):
    seed_every_source(seed)
    result = compute_metrics(engine, periods="2025Q3")
    assert list(result.columns) == METRIC_COLUMNS
    assert set(result["metric"]) == set(METRICS)
    assert (result["record_count"] > 0).all()
    assert result["batch_ids"].str.fullmatch(r"\d+(,\d+)*").all()
    rates = result[result["metric"].map(lambda m: METRICS[m].unit == "%")]
    assert rates["value"].between(0, 100).all()


def test_compute_metrics_all_periods_at_once(engine, seed):
    seed_every_source(seed)
    seed.items({"online_depth": 1}, period="2024Q4")
    result = compute_metrics(engine)
    assert set(result["period"]) == {"2024Q4", "2024", "2025Q3", "2025"}
    # Quarters sort before their year.
    east = result[(result["region_code"] == EAST) & (result["metric"] == "service.full_online_rate")]
    assert list(east["period"]) == ["2024Q4", "2024", "2025Q3", "2025"]
    assert list(east["value"]) == [0.0, 0.0, 100.0, 100.0]


def test_compute_metrics_filters(engine, seed):
    seed_every_source(seed)
    seed.items({"online_depth": 4, "visits": 0}, region=WEST)
    only = compute_metrics(engine, periods=["2025Q3"], regions=[WEST],
                           metrics=["service.full_online_rate", "evaluation.good_rate"])
    assert list(only["metric"]) == ["service.full_online_rate"]  # 西区 has no evaluations
    assert list(only["region_code"]) == [WEST]


def test_compute_metrics_unknown_metric(engine):
    with pytest.raises(ValueError, match="未知的指标"):
        compute_metrics(engine, metrics=["service.nope"])


def test_compute_metrics_empty_database(engine):
    result = compute_metrics(engine)
    assert result.empty and list(result.columns) == METRIC_COLUMNS


def test_list_regions_and_periods(engine, seed):
    seed.items({"online_depth": 1}, period="2024Q4")
    seed.reported({"period": "2025", "indicator_code": "cloud", "value": 1.0})
    regions = list_regions(engine)
    assert list(regions["code"]) == [CITY, EAST, WEST]
    assert list(regions.columns) == ["code", "name", "level", "level_label", "parent_code", "peer_group"]
    assert regions.set_index("code").loc[EAST, "level_label"] == "区县"
    assert list(list_regions(engine, level="district")["code"]) == [EAST, WEST]
    assert list_periods(engine) == ["2024Q4", "2024", "2025"]
    assert list_periods(engine, with_years=False) == ["2024Q4", "2025"]
    assert list_periods(engine, start="2024Q4", end="2024Q4") == ["2024Q4"]
    assert list_periods(engine, start="2025") == ["2025"]


def test_batch_info_and_parse_batch_ids(engine, seed):
    first = seed.items({"online_depth": 1})
    second = seed.evaluations({"rating": 5})
    assert parse_batch_ids(f"{second}, {first}") == sorted([first, second])
    info = batch_info(engine, f"{first},{second}").set_index("batch_id")
    assert info.loc[first, "kind_label"] == "政务服务事项"
    assert info.loc[second, "kind_label"] == "政务服务“好差评”"
    assert info.loc[first, "status_label"] == "有效"
    assert batch_info(engine, "").empty
