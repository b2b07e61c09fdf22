import pytest

from govdash.repository import compute_metrics, records_behind, service_item_summary
from tests.repository.factories import EAST, WEST, has_metric, metric_row

pytestmark = pytest.mark.pg

# 东区 2025Q3, one batch of four items:
#   #1 全程网办 (4), 0 visits, 20 → 5 days, mobile, volume 100 / online 90
#   #2 在线预审 (3), 1 visit, 10 → 10 days, mobile, volume 50 / online 20
#   #3 在线预约 (2), 2 visits, no time limits, 即办件, volume 30 / online 0
#   #4 信息公开 (1), 0 visits, 30 → 15 days, volume 20 / online 0
FOUR_ITEMS = (
    {"online_depth": 4, "visits": 0, "legal_days": 20, "promised_days": 5, "mobile": True,
     "volume": 100, "online_volume": 90},
    {"online_depth": 3, "visits": 1, "legal_days": 10, "promised_days": 10, "mobile": True,
     "volume": 50, "online_volume": 20},
    {"online_depth": 2, "visits": 2, "instant": True, "volume": 30, "online_volume": 0},
    {"online_depth": 1, "visits": 0, "legal_days": 30, "promised_days": 15, "volume": 20, "online_volume": 0},
)


@pytest.mark.parametrize(("metric", "expected", "numerator", "denominator"), [
    ("service.full_online_rate", 25.0, 1, 4),           # only #1 has depth 4
    ("service.zero_visit_rate", 50.0, 2, 4),            # #1 (depth 4) and #4 (0 visits)
    ("service.online_capable_rate", 75.0, 3, 4),        # depth ≥ 2: #1, #2, #3
    ("service.max_one_visit_rate", 75.0, 3, 4),         # visits ≤ 1: #1, #2, #4
    ("service.promise_compression_rate", 50.0, 30, 60),  # 1 − (5 + 10 + 15) / (20 + 10 + 30)
    ("service.instant_ratio", 25.0, 1, 4),              # #3
    ("service.mobile_rate", 50.0, 2, 4),                # #1, #2
    ("service.online_volume_ratio", 55.0, 110, 200),    # (90 + 20) / (100 + 50 + 30 + 20)
])
def test_service_metrics_hand_computed(engine, seed, metric, expected, numerator, denominator):
    batch = seed.items(*FOUR_ITEMS)
    row = metric_row(compute_metrics(engine, periods="2025Q3"), metric)
    assert row["value"] == pytest.approx(expected)
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["batch_ids"] == str(batch)


def test_service_item_count_is_a_total_without_denominator(engine, seed):
    seed.items(*FOUR_ITEMS)
    row = metric_row(compute_metrics(engine, periods="2025Q3"), "service.item_count")
    assert row["value"] == 4
    assert row["record_count"] == 4
    assert row["denominator"] != row["denominator"]  # NaN


def test_service_metrics_zero_denominators_give_absent_rows(engine, seed):
    # No item has both time limits, and no volume was handled: those two rates have nothing to divide by.
    seed.items({"online_depth": 4, "visits": 0}, {"online_depth": 1, "visits": 2, "legal_days": 5})
    result = compute_metrics(engine, periods="2025Q3")
    assert not has_metric(result, "service.promise_compression_rate")
    assert not has_metric(result, "service.online_volume_ratio")
    assert metric_row(result, "service.full_online_rate")["value"] == 50.0
    # 西区 uploaded nothing: no row at all rather than zeros.
    assert not (result["region_code"] == WEST).any()


def test_service_year_without_own_snapshot_uses_latest_quarter_and_sums_volumes(engine, seed):
    online = {"online_depth": 4, "visits": 0, "volume": 10, "online_volume": 10}
    q2 = seed.items(online, online, period="2025Q2", region=WEST)
    q3 = seed.items({"online_depth": 1, "visits": 2, "volume": 30, "online_volume": 0}, region=WEST)
    result = compute_metrics(engine, periods=["2025", "2025Q2"], regions=[WEST])
    # Item states come from the latest quarter, 2025Q3: its single item is not 全程网办.
    full = metric_row(result, "service.full_online_rate", region=WEST, period="2025")
    assert (full["value"], full["record_count"], full["batch_ids"]) == (0.0, 1, str(q3))
    # Volumes add up the year's snapshots: (10 + 10 + 0) / (10 + 10 + 30) = 40 %.
    volume = metric_row(result, "service.online_volume_ratio", region=WEST, period="2025")
    assert volume["value"] == pytest.approx(40.0)
    assert (volume["record_count"], volume["batch_ids"]) == (3, f"{q2},{q3}")
    # The quarter itself still reads its own snapshot.
    assert metric_row(result, "service.full_online_rate", region=WEST, period="2025Q2")["value"] == 100.0


def test_service_year_with_own_snapshot_prefers_it(engine, seed):
    seed.items({"online_depth": 1, "visits": 2}, period="2025Q4")
    yearly = seed.items({"online_depth": 4, "visits": 0, "volume": 8, "online_volume": 6}, period="2025")
    result = compute_metrics(engine, periods="2025")
    row = metric_row(result, "service.full_online_rate", period="2025")
    assert (row["value"], row["batch_ids"]) == (100.0, str(yearly))
    assert metric_row(result, "service.online_volume_ratio", period="2025")["value"] == pytest.approx(75.0)


def test_service_records_behind_show_the_flag_that_counts(engine, seed):
    batch = seed.items(*FOUR_ITEMS)
    records = records_behind(engine, "service.full_online_rate", region_code=EAST, period="2025Q3")
    assert len(records) == 4 and records.attrs["total"] == 4
    assert list(records["计入分子"]) == ["否", "否", "否", "是"]  # the items that do not count come first
    assert records.iloc[-1]["网办深度"] == "全程网办"
    assert set(records["批次"]) == {batch}
    assert {"事项编码", "事项名称", "实施部门", "即办件", "掌上可办"} <= set(records.columns)


def test_service_records_behind_limit_keeps_total(engine, seed):
    seed.items(*FOUR_ITEMS)
    records = records_behind(engine, "service.mobile_rate", region_code=EAST, period="2025Q3", limit=2)
    assert len(records) == 2
    assert records.attrs["total"] == 4


def test_service_item_summary_by_department(engine, seed):
    civil = {"department": "民政局", "online_depth": 4, "visits": 0, "volume": 10, "online_volume": 5}
    seed.items(*FOUR_ITEMS[:2], civil)
    summary = service_item_summary(engine, period="2025Q3", by="department")
    by_dept = summary.set_index("department")
    assert by_dept.loc["市场监管局", "items"] == 2
    assert by_dept.loc["市场监管局", "full_online_rate"] == 50.0
    assert by_dept.loc["民政局", "online_volume_ratio"] == 50.0
    assert set(summary["region_name"]) == {"东区"}
