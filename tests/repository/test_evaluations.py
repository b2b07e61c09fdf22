from datetime import datetime

import pytest

from govdash.repository import (
    bad_evaluations,
    compute_metrics,
    evaluation_breakdown,
    evaluation_trend,
    records_behind,
    worst_rated_services,
)
from tests.repository.factories import EAST, WEST, has_metric, metric_row

pytestmark = pytest.mark.pg

RECTIFIED = datetime(2025, 8, 5, 9, 0)
CALLED = datetime(2025, 8, 6, 9, 0)


def seed_quarter(seed):
    """东区 2025Q3: six evaluations in two batches. Returns the two batch ids."""
    first = seed.evaluations(
        {"rating": 5}, {"rating": 4}, {"rating": 3},
        {"rating": 2, "rectified_at": RECTIFIED, "rectified_on_time": True, "callback_at": CALLED},
        {"rating": 1, "rectified_at": RECTIFIED, "rectified_on_time": False},
    )
    second = seed.evaluations({"rating": 1})
    return first, second


@pytest.mark.parametrize(("metric", "expected", "numerator", "denominator"), [
    ("evaluation.good_rate", 100 * 2 / 6, 2, 6),         # ratings 5 and 4 of six
    ("evaluation.bad_rate", 50.0, 3, 6),                 # ratings 2, 1, 1 of six
    ("evaluation.bad_rectify_rate", 100 * 2 / 3, 2, 3),  # two of the three 差评 were rectified
    ("evaluation.bad_ontime_rate", 100 * 1 / 3, 1, 3),   # one of them within 15 working days
    ("evaluation.callback_rate", 100 * 1 / 3, 1, 3),     # one 差评 had a callback
])
def test_evaluation_metrics_hand_computed(engine, seed, metric, expected, numerator, denominator):
    first, second = seed_quarter(seed)
    row = metric_row(compute_metrics(engine, periods="2025Q3"), metric)
    assert row["value"] == pytest.approx(expected)
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert row["batch_ids"] == f"{first},{second}"


def test_evaluation_provenance_counts_the_records_each_value_uses(engine, seed):
    seed_quarter(seed)
    only_good = seed.evaluations({"rating": 5, "evaluated_at": datetime(2025, 9, 1, 10, 0)})
    result = compute_metrics(engine, periods="2025Q3")
    assert metric_row(result, "evaluation.count")["record_count"] == 7
    bad = metric_row(result, "evaluation.bad_rectify_rate")
    # The batch holding only a 好评 is not behind a rate computed over the 差评.
    assert bad["record_count"] == 3
    assert str(only_good) not in bad["batch_ids"].split(",")
    assert str(only_good) in metric_row(result, "evaluation.good_rate")["batch_ids"].split(",")


def test_evaluation_coverage_divides_by_service_volume(engine, seed):
    first, second = seed_quarter(seed)
    items = seed.items({"volume": 30}, {"volume": 10})
    row = metric_row(compute_metrics(engine, periods="2025Q3"), "evaluation.coverage_rate")
    # 6 evaluations / (30 + 10) handled cases = 15 %
    assert row["value"] == pytest.approx(15.0)
    assert row["batch_ids"] == ",".join(str(b) for b in sorted([first, second, items]))
    assert row["record_count"] == 6 + 2


def test_evaluation_zero_denominators_give_absent_rows(engine, seed):
    seed.evaluations({"rating": 5}, {"rating": 4}, region=WEST)
    seed.items({"volume": 0}, region=WEST)
    result = compute_metrics(engine, periods="2025Q3", regions=[WEST])
    assert metric_row(result, "evaluation.good_rate", region=WEST)["value"] == 100.0
    assert metric_row(result, "evaluation.bad_rate", region=WEST)["value"] == 0.0
    # No 差评: nothing to rectify or call back; no handled cases: no coverage.
    for metric in ("evaluation.bad_rectify_rate", "evaluation.bad_ontime_rate", "evaluation.callback_rate",
                   "evaluation.coverage_rate"):
        assert not has_metric(result, metric, region=WEST)


def test_evaluation_coverage_of_a_year_uses_the_year_volume(engine, seed):
    seed.evaluations({"rating": 5, "evaluated_at": datetime(2025, 5, 1, 10, 0)}, {"rating": 4})
    seed.items({"volume": 10}, period="2025Q2")
    seed.items({"volume": 10}, period="2025Q3")
    row = metric_row(compute_metrics(engine, periods="2025"), "evaluation.coverage_rate", period="2025")
    # two evaluations in the year / (10 handled in Q2 + 10 in Q3), not / the latest quarter's 10 alone
    assert row["value"] == pytest.approx(10.0)


def test_evaluation_coverage_needs_evaluations(engine, seed):
    seed.items({"volume": 100})
    assert not has_metric(compute_metrics(engine, periods="2025Q3"), "evaluation.coverage_rate")


def test_evaluation_year_adds_up_its_quarters(engine, seed):
    seed_quarter(seed)
    seed.evaluations({"rating": 5, "evaluated_at": datetime(2025, 2, 10, 10, 0)})
    seed.evaluations({"rating": 1, "evaluated_at": datetime(2024, 12, 30, 10, 0)})  # another year
    result = compute_metrics(engine, periods=["2025", "2025Q3"])
    # 2025: the six of Q3 and the one of Q1; good = (2 + 1) / 7
    assert metric_row(result, "evaluation.count", period="2025")["value"] == 7
    assert metric_row(result, "evaluation.good_rate", period="2025")["value"] == pytest.approx(300 / 7)
    assert metric_row(result, "evaluation.count", period="2025Q3")["value"] == 6


def test_evaluation_records_behind_bad_rectify_rate_lists_the_bad_ones(engine, seed):
    first, second = seed_quarter(seed)
    records = records_behind(engine, "evaluation.bad_rectify_rate", region_code=EAST, period="2025Q3")
    assert len(records) == 3
    assert set(records["评价等级"]) == {"不满意", "非常不满意"}
    assert list(records["计入分子"]) == ["否", "是", "是"]
    assert set(records["批次"]) == {first, second}
    assert records.iloc[0]["评价渠道"] == "PC端"


def test_evaluation_trend_by_month(engine, seed):
    seed.evaluations({"rating": 5, "evaluated_at": datetime(2025, 7, 3, 10, 0)},
                     {"rating": 1, "evaluated_at": datetime(2025, 7, 4, 10, 0), "callback_at": CALLED},
                     {"rating": 4, "evaluated_at": datetime(2025, 8, 4, 10, 0)})
    trend = evaluation_trend(engine, periods="2025Q3", region_code=EAST).set_index("month")
    assert list(trend.index) == ["2025-07", "2025-08"]
    assert trend.loc["2025-07", "good_rate"] == 50.0
    assert trend.loc["2025-07", "callback_rate"] == 100.0
    assert trend.loc["2025-08", "evaluations"] == 1
    assert trend.loc["2025-08", "bad_rectify_rate"] != trend.loc["2025-08", "bad_rectify_rate"]  # NaN: no 差评


def test_evaluation_breakdown_by_channel_in_chinese(engine, seed):
    seed.evaluations({"channel": "mobile"}, {"channel": "mobile", "rating": 2}, {"channel": "counter"})
    frame = evaluation_breakdown(engine, by="channel", periods="2025").set_index("label")
    assert frame.loc["移动端", "evaluations"] == 2
    assert frame.loc["移动端", "bad_rate"] == 50.0
    assert frame.loc["窗口", "good_rate"] == 100.0


def test_evaluation_worst_rated_services_respects_minimum_volume(engine, seed):
    seed.items({"code": "A1", "name": "甲事项"}, {"code": "B1", "name": "乙事项"})
    seed.evaluations(*[{"item_code": "A1", "rating": 5}] * 3, {"item_code": "A1", "rating": 1},
                     *[{"item_code": "B1", "rating": 1}] * 2)
    worst = worst_rated_services(engine, periods="2025Q3", min_evaluations=3)
    assert list(worst["label"]) == ["甲事项"]  # 乙事项 is worse but has only two evaluations
    assert worst.iloc[0]["bad_rate"] == 25.0
    assert list(worst_rated_services(engine, periods="2025Q3", min_evaluations=1)["key"]) == ["B1", "A1"]


def test_bad_evaluations_status_masking_and_paging(engine, seed):
    seed_quarter(seed)
    seed.evaluations({"rating": 2, "comment": "请回电13812345678", "evaluated_at": datetime(2025, 9, 30, 10, 0)})
    page = bad_evaluations(engine, periods="2025Q3", page_size=2)
    assert page.attrs["total"] == 4
    assert len(page) == 2
    newest = page.iloc[0]
    assert newest["comment"] == "请回电138****5678"
    assert newest["handling"] == "未整改"
    late = bad_evaluations(engine, periods="2025Q3", handling="超期整改")
    assert late.attrs["total"] == 1 and late.iloc[0]["rating"] == "非常不满意"
    called = bad_evaluations(engine, periods="2025Q3", called_back=True)
    assert list(called["handling"]) == ["已整改"]
    assert bad_evaluations(engine, periods="2025Q3", page=3, page_size=2).empty


def test_bad_evaluations_rejects_unknown_status(engine, seed):
    with pytest.raises(ValueError, match="处理状态"):
        bad_evaluations(engine, handling="已完成")


def seed_appeals(seed):
    """东区 2025Q3: eight evaluations; two system defaults, one 差评 struck off on appeal, two real-name 差评."""
    return seed.evaluations(
        {"rating": 5, "is_default": True}, {"rating": 5, "is_default": True}, {"rating": 5, "is_default": False},
        {"rating": 4}, {"rating": 3},
        {"rating": 1, "verification": "malicious", "appeal_result": "upheld"},  # struck off: shown apart
        {"rating": 2, "verification": "false", "appeal_result": "rejected", "real_name": True,
         "callback_at": CALLED},                                                # appeal failed: still a 差评
        {"rating": 1, "verification": "true", "real_name": True},
    )


@pytest.mark.parametrize(("metric", "expected", "numerator", "denominator"), [
    # 差评 2 and 1 (the struck-off one left out of both sides): 2 / (8 − 1)
    ("evaluation.bad_rate", 100 * 2 / 7, 2, 7),
    ("evaluation.bad_unfounded_count", 1.0, 1, None),
    # real-name 差评: two, one called back
    ("evaluation.real_name_callback_rate", 50.0, 1, 2),
    # 6 evaluations not given by default / 40 handled cases = 15 %
    ("evaluation.active_rate", 15.0, 6, 40),
    ("evaluation.coverage_rate", 20.0, 8, 40),
])
def test_evaluation_appeal_default_and_real_name_metrics_hand_computed(engine, seed, metric, expected, numerator,
                                                                       denominator):
    seed_appeals(seed)
    seed.items({"volume": 30}, {"volume": 10})
    row = metric_row(compute_metrics(engine, periods="2025Q3"), metric)
    assert row["value"] == pytest.approx(expected)
    assert row["numerator"] == numerator
    if denominator is not None:
        assert row["denominator"] == denominator


def test_evaluation_unfounded_bad_rating_records_shown_apart(engine, seed):
    seed_appeals(seed)
    behind = records_behind(engine, "evaluation.bad_unfounded_count", region_code=EAST, period="2025Q3")
    assert len(behind) == 3  # the three 差评; only the struck-off one counts
    counted_column = [c for c in behind.columns if "计入" in str(c)][0]
    assert behind[counted_column].map(lambda v: v in (True, "是")).sum() == 1
