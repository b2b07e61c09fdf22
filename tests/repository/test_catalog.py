from datetime import date

import pytest

from govdash.repository import (
    call_volume_by_region,
    compute_metrics,
    demand_pipeline,
    negative_list,
    records_behind,
    sharing_ratios,
    update_timeliness,
)
from tests.repository.factories import EAST, WEST, has_metric, metric_row

pytestmark = pytest.mark.pg

# 东区 2025Q3 (ends 2025-09-30), one batch of four entries.
FOUR_ENTRIES = (
    # daily, updated a day before the end: timely
    {"department": "数据局", "share_type": "unconditional", "open_type": "unconditional", "update_cycle": "daily",
     "last_updated": date(2025, 9, 29), "call_count": 100},
    # monthly, 46 days before the end: stale
    {"department": "数据局", "share_type": "conditional", "update_cycle": "monthly",
     "last_updated": date(2025, 8, 15), "call_count": 10},
    # yearly, 272 days before the end: timely; on the negative list
    {"department": "民政局", "open_type": "conditional", "update_cycle": "yearly", "last_updated": date(2025, 1, 1),
     "on_negative_list": True, "negative_reason": "《中华人民共和国个人信息保护法》第十三条"},
    # irregular: outside the timeliness denominator
    {"department": "民政局", "update_cycle": "irregular"},
)


@pytest.mark.parametrize(("metric", "expected", "numerator", "denominator"), [
    ("catalog.shareable_rate", 50.0, 2, 4),                   # 无条件 + 有条件共享: #1, #2
    ("catalog.unconditional_share_ratio", 25.0, 1, 4),        # #1
    ("catalog.open_rate", 50.0, 2, 4),                        # 无条件 + 有条件开放: #1, #3
    ("catalog.update_timeliness_rate", 100 * 2 / 3, 2, 3),  # #1 and #3 of the three with a fixed cycle
])
def test_catalog_rates_hand_computed(engine, seed, metric, expected, numerator, denominator):
    batch = seed.catalog(*FOUR_ENTRIES)
    row = metric_row(compute_metrics(engine, periods="2025Q3"), metric)
    assert row["value"] == pytest.approx(expected)
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["batch_ids"] == str(batch)


def test_catalog_totals(engine, seed):
    seed.catalog(*FOUR_ENTRIES)
    result = compute_metrics(engine, periods="2025Q3")
    assert metric_row(result, "catalog.call_volume")["value"] == 110  # 100 + 10 + 0 + 0
    assert metric_row(result, "catalog.negative_list_count")["value"] == 1
    assert metric_row(result, "catalog.entry_count")["value"] == 4


def test_catalog_timeliness_is_judged_at_the_end_of_the_period_asked(engine, seed):
    seed.catalog(*FOUR_ENTRIES)
    result = compute_metrics(engine, periods="2025", metrics=["catalog.update_timeliness_rate"])
    # The year reads the Q3 snapshot, judged on 2025-12-31: the daily entry is now 93 days old, the monthly one
    # 138; only the yearly entry (364 days) is within its cycle.
    assert metric_row(result, "catalog.update_timeliness_rate", period="2025")["value"] == pytest.approx(100 / 3)


def test_catalog_only_irregular_entries_give_no_timeliness(engine, seed):
    seed.catalog({"update_cycle": "irregular"}, region=WEST)
    result = compute_metrics(engine, periods="2025Q3", regions=[WEST])
    assert not has_metric(result, "catalog.update_timeliness_rate", region=WEST)
    assert metric_row(result, "catalog.shareable_rate", region=WEST)["value"] == 0.0


def test_catalog_dept_coverage_counts_every_list_naming_a_department(engine, seed):
    batch = seed.catalog(*FOUR_ENTRIES)             # 数据局, 民政局 have entries
    seed.departments("数据局", "民政局", "财政局")       # the roster adds 财政局
    seed.items({"department": "市场监管局"})           # service items add 市场监管局
    seed.demands({"department": "教育局"},            # a demand by the end adds 教育局
                 {"department": "卫健委", "applied_on": date(2025, 10, 10)})  # after the end: not counted
    seed.responsibilities("数据局", "公安局")          # the responsibility list adds 公安局
    seed.departments("外区局", region=WEST)           # another district's roster
    row = metric_row(compute_metrics(engine, periods="2025Q3"), "catalog.dept_coverage")
    # 2 covered of 数据局, 民政局, 财政局, 市场监管局, 教育局, 公安局
    assert row["value"] == pytest.approx(100 * 2 / 6)
    assert (row["numerator"], row["denominator"], row["record_count"]) == (2, 6, 6)
    assert row["batch_ids"] == str(batch)
    departments = records_behind(engine, "catalog.dept_coverage", region_code=EAST, period="2025Q3")
    assert list(departments["计入分子"]).count("是") == 2
    assert set(departments["部门"]) == {"数据局", "民政局", "财政局", "市场监管局", "教育局", "公安局"}


def test_catalog_dept_coverage_without_catalog_is_absent(engine, seed):
    seed.departments("数据局")
    assert not has_metric(compute_metrics(engine, periods="2025Q3"), "catalog.dept_coverage")


def seed_demands(seed):
    return seed.demands(
        {"applied_on": date(2025, 7, 1), "status": "matched", "closed_on": date(2025, 7, 11)},   # 10 days
        {"applied_on": date(2025, 7, 5), "status": "matched", "closed_on": date(2025, 10, 5)},   # 92 days, in Q4
        {"applied_on": date(2025, 8, 1), "status": "rejected", "closed_on": date(2025, 8, 10),
         "reject_reason": "《中华人民共和国数据安全法》第二十一条"},                                  # lawful
        {"applied_on": date(2025, 8, 2), "status": "rejected", "closed_on": date(2025, 8, 11),
         "reject_reason": "  "},                                                                  # no reason
        {"applied_on": date(2025, 9, 1), "status": "pending"},
        {"applied_on": date(2025, 10, 10), "status": "matched", "closed_on": date(2025, 10, 20)},  # 10 days, Q4
    )


def test_demand_match_rate_is_cumulative_as_of_the_period_end(engine, seed):
    batch = seed_demands(seed)
    result = compute_metrics(engine, periods=["2025Q3", "2025Q4", "2025"])
    q3 = metric_row(result, "demand.match_rate")
    # Q3: five demands so far, one lawful rejection → 4; only the first was matched by 2025-09-30
    assert (q3["value"], q3["numerator"], q3["denominator"], q3["record_count"]) == (25.0, 1, 4, 5)
    assert q3["batch_ids"] == str(batch)
    # Q4 and the year: six demands − one lawful rejection = 5; three matched
    assert metric_row(result, "demand.match_rate", period="2025Q4")["value"] == pytest.approx(60.0)
    assert metric_row(result, "demand.match_rate", period="2025")["value"] == pytest.approx(60.0)


def test_demand_average_match_days(engine, seed):
    seed_demands(seed)
    result = compute_metrics(engine, periods=["2025Q3", "2025Q4"])
    assert metric_row(result, "demand.avg_match_days")["value"] == pytest.approx(10.0)
    # (10 + 92 + 10) / 3
    assert metric_row(result, "demand.avg_match_days", period="2025Q4")["value"] == pytest.approx(112 / 3)


def test_demand_none_before_the_period_gives_no_rate(engine, seed):
    seed.demands({"applied_on": date(2025, 10, 10)})
    assert not has_metric(compute_metrics(engine, periods="2025Q3"), "demand.match_rate")


def test_demand_records_behind_leave_out_lawful_rejections(engine, seed):
    seed_demands(seed)
    records = records_behind(engine, "demand.match_rate", region_code=EAST, period="2025Q3")
    assert len(records) == 4
    assert list(records["计入分子"]) == ["否", "否", "否", "是"]
    assert "已对接" in set(records["状态"])


def test_demand_pipeline_funnel(engine, seed):
    seed_demands(seed)
    funnel = demand_pipeline(engine, period="2025Q3").set_index("stage")
    # 提出 5; 审核 = matched #1 + rejected #3, #4; 对接 = #1
    assert list(funnel["demands"]) == [5, 3, 1]
    assert funnel.loc["审核", "share"] == pytest.approx(60.0)
    assert funnel.loc["审核", "avg_days"] == pytest.approx((10 + 9 + 9) / 3)
    assert funnel.loc["对接", "avg_days"] == pytest.approx(10.0)


def test_sharing_views(engine, seed):
    seed.catalog(*FOUR_ENTRIES)
    seed.catalog({"share_type": "unconditional", "call_count": 5}, region=WEST)
    by_dept = sharing_ratios(engine, period="2025Q3", by="department").set_index(["region_code", "department"])
    assert by_dept.loc[(EAST, "数据局"), "shareable_rate"] == 100.0
    assert by_dept.loc[(EAST, "民政局"), "open_rate"] == 50.0
    negative = negative_list(engine, period="2025Q3")
    assert list(negative["negative_reason"]) == ["《中华人民共和国个人信息保护法》第十三条"]
    assert negative.iloc[0]["share_type"] == "不予共享"
    calls = call_volume_by_region(engine, period="2025Q3")
    assert list(calls["region_name"]) == ["东区", "西区"] and list(calls["calls"]) == [110, 5]


def test_update_timeliness_by_cycle(engine, seed):
    seed.catalog(*FOUR_ENTRIES)
    frame = update_timeliness(engine, period="2025Q3").set_index("cycle_label")
    assert list(frame.index) == ["每日", "每月", "每年", "不定期"]
    assert frame.loc["每日", "timeliness_rate"] == 100.0
    assert frame.loc["每月", "timeliness_rate"] == 0.0
    assert frame.loc["不定期", "timeliness_rate"] != frame.loc["不定期", "timeliness_rate"]  # NaN
