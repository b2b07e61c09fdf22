"""Roll-up: a parent's rate is Σ numerators / Σ denominators of its subtree, never a mean of its children's rates."""

from __future__ import annotations

from datetime import datetime

import pytest

from govdash.core.models import Region
from govdash.frameworks import Framework
from govdash.repository import compute_metrics, indicator_values, list_regions
from govdash.repository.rollup import descendants
from govdash.services.indexes import compute_scores
from tests.repository.factories import CITY, EAST, WEST, metric_row

pytestmark = pytest.mark.pg

NORTH, SOUTH = "990101001", "990101002"  # two 街道 of 东区


@pytest.fixture
def streets(seed):
    seed._write(Region, "regions", [
        {"code": NORTH, "name": "北街道", "level": "street", "parent_code": EAST, "peer_group": "城区街道"},
        {"code": SOUTH, "name": "南街道", "level": "street", "parent_code": EAST, "peer_group": None}])
    return seed


def _ratings(seed, region: str, good: int, total: int) -> int:
    return seed.evaluations(*([{"rating": 5}] * good + [{"rating": 1}] * (total - good)), region=region)


def test_descendants_of_a_city_reach_its_streets(engine, streets):
    tree = descendants(engine, "city")
    assert sorted(tree[tree["ancestor"] == CITY]["region_code"]) == sorted([CITY, EAST, WEST, NORTH, SOUTH])
    assert set(list_regions(engine)["level"]) == {"city", "district", "street"}


def test_rollup_equal_denominators_district_is_half(engine, streets):
    # 北街道 1/10 好评, 南街道 9/10: 东区 (1 + 9) / (10 + 10) = 50 %.
    _ratings(streets, NORTH, 1, 10)
    _ratings(streets, SOUTH, 9, 10)
    district = compute_metrics(engine, periods="2025Q3", metrics="evaluation.good_rate", level="district")
    row = metric_row(district, "evaluation.good_rate", region=EAST)
    assert (row["numerator"], row["denominator"], row["value"]) == (10.0, 20.0, 50.0)
    assert set(district["region_code"]) == {EAST}  # 西区 has no 好差评: an absent row, not 0


def test_rollup_unequal_denominators_is_not_the_mean_of_rates(engine, streets):
    # 北街道 1/2 = 50 %, 南街道 9/10 = 90 %, 东区 itself 0/0: the mean of rates would be 70 %;
    # the roll-up is (1 + 9) / (2 + 10) = 10 / 12 = 83.33 %. The city adds 西区's 0/4: 10 / 16 = 62.5 %.
    north = _ratings(streets, NORTH, 1, 2)
    south = _ratings(streets, SOUTH, 9, 10)
    west = _ratings(streets, WEST, 0, 4)
    district = compute_metrics(engine, periods="2025Q3", metrics="evaluation.good_rate", level="district")
    east = metric_row(district, "evaluation.good_rate", region=EAST)
    assert east["value"] == pytest.approx(100 * 10 / 12)
    assert east["value"] != pytest.approx((50.0 + 90.0) / 2)
    assert east["record_count"] == 12 and east["batch_ids"] == f"{north},{south}"
    city = metric_row(compute_metrics(engine, periods="2025Q3", metrics="evaluation.good_rate", level="city"),
                      "evaluation.good_rate", region=CITY)
    assert city["value"] == pytest.approx(100 * 10 / 16)
    assert city["batch_ids"] == ",".join(str(b) for b in sorted([north, south, west]))
    own = compute_metrics(engine, periods="2025Q3", metrics="evaluation.good_rate", level="street")
    assert dict(zip(own["region_code"], own["value"], strict=True)) == {NORTH: 50.0, SOUTH: 90.0}


def test_rollup_survey_margin_of_error_from_pooled_responses(engine, streets):
    # Two responses per street: 北 scores 5 and 3 (rescaled 100, 50), 南 4 and 4 (75, 75).
    # Pooled n = 4, mean 75, sample variance ((25² + 25² + 0 + 0) / 3) = 416.67, sd 20.41; margin = 1.96·sd/√4.
    at = datetime(2025, 8, 1, 9, 0)
    streets.answers({"response_code": "A1", "score": 5, "submitted_at": at},
                    {"response_code": "A2", "score": 3, "submitted_at": at}, region=NORTH)
    streets.answers({"response_code": "B1", "score": 4, "submitted_at": at},
                    {"response_code": "B2", "score": 4, "submitted_at": at}, region=SOUTH)
    frame = compute_metrics(engine, periods="2025Q3", level="district",
                            metrics=["survey.margin_of_error", "survey.responses", "survey.score"])
    assert metric_row(frame, "survey.responses", region=EAST)["value"] == 4
    assert metric_row(frame, "survey.score", region=EAST)["value"] == pytest.approx(75.0)
    sd = (2 * 25.0 ** 2 / 3) ** 0.5
    assert metric_row(frame, "survey.margin_of_error", region=EAST)["value"] == pytest.approx(1.96 * sd / 2, rel=1e-3)


@pytest.fixture
def good_rate_framework() -> Framework:
    return Framework.model_validate({
        "framework": {"code": "g", "name": "好评框架"},
        "bands": [{"label": "高", "min": 60}, {"label": "低", "min": 0}],
        "dimensions": [{"code": "sat", "name": "满意度", "weight": 1, "indicators": [
            {"code": "good", "name": "好评率", "unit": "%", "lo": 0, "hi": 100, "metric": "evaluation.good_rate"}]}],
    })


def test_scores_rank_among_peers_of_the_same_level(engine, streets, good_rate_framework):
    _ratings(streets, NORTH, 1, 2)
    _ratings(streets, SOUTH, 9, 10)
    _ratings(streets, WEST, 3, 4)
    districts = compute_scores(engine, good_rate_framework, periods="2025Q3").overall
    # 东区 (10/12 = 83.3 %) ranks first, 西区 (3/4 = 75 %) second; the 街道 are not among the 区县.
    assert list(districts.sort_values("rank")["region_code"]) == [EAST, WEST]
    assert districts.set_index("region_code")["score"][EAST] == pytest.approx(100 * 10 / 12)
    by_street = compute_scores(engine, good_rate_framework, periods="2025Q3", level="street").overall
    assert dict(zip(by_street["region_code"], by_street["rank"], strict=True)) == {SOUTH: 1, NORTH: 2}
    within = compute_scores(engine, good_rate_framework, periods="2025Q3", level="street", peer_group="城区街道")
    assert list(within.overall["region_code"]) == [NORTH] and list(within.overall["rank"]) == [1]


def test_indicator_values_of_a_district_count_its_streets(engine, streets, good_rate_framework):
    _ratings(streets, NORTH, 1, 2)
    frame = indicator_values(engine, good_rate_framework, periods="2025Q3")
    assert list(zip(frame["region_code"], frame["value"], strict=True)) == [(EAST, 50.0)]


def test_records_of_a_district_include_its_streets(engine, streets):
    from govdash.repository import evaluation_trend, metric_records

    _ratings(streets, NORTH, 1, 2)
    _ratings(streets, EAST, 1, 1)
    records = metric_records(engine, "evaluation.good_rate", region_code=EAST, period="2025Q3")
    assert records.attrs["total"] == 3
    trend = evaluation_trend(engine, periods="2025Q3", region_code=EAST)
    assert int(trend["evaluations"].sum()) == 3 and int(trend["good"].sum()) == 2
    street = metric_records(engine, "evaluation.good_rate", region_code=NORTH, period="2025Q3")
    assert street.attrs["total"] == 2
