"""The engine on small tables whose scores are worked out by hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from govdash.scoring import STATUS_COMPLETE, STATUS_ESTIMATED, STATUS_INSUFFICIENT, score

from .factories import dimension_of, indicator, indicator_of, make_framework, overall_of, raw_values


@pytest.fixture
def two_dimensions():
    # Dimension A (weight 3): a1 weight 1, a2 weight 3. Dimension B (weight 1): b1 weight 1, b2 weight 1.
    return make_framework({
        "a": (3, [indicator("a1", 1), indicator("a2", 3)]),
        "b": (1, [indicator("b1", 1), indicator("b2", 1)]),
    }, weak_spot=60)


def test_score_weighted_arithmetic_within_and_across_dimensions(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": 80, "b1": 50, "b2": 70}})

    result = score(two_dimensions, raw)

    # A = (1·40 + 3·80) / 4 = 280 / 4 = 70;  B = (50 + 70) / 2 = 60.
    # Index = (3·70 + 1·60) / 4 = 270 / 4 = 67.5 → band 良 (60 ≤ 67.5 < 80).
    assert dimension_of(result, "990101", "a")["score"] == pytest.approx(70.0)
    assert dimension_of(result, "990101", "b")["score"] == pytest.approx(60.0)
    row = overall_of(result, "990101")
    assert row["score"] == pytest.approx(67.5)
    assert row["band"] == "良"
    assert row["status"] == STATUS_COMPLETE
    assert row["missing_indicators"] == 0


def test_score_contributions_add_up_to_dimension_and_index(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": 80, "b1": 50, "b2": 70}})

    result = score(two_dimensions, raw)

    # a1: effective weight 1/4, contribution 0.25·40 = 10 points of A; of the index: 10 · 3/4 = 7.5.
    a1 = indicator_of(result, "990101", "a1")
    assert a1["weight"] == pytest.approx(0.25)
    assert a1["effective_weight"] == pytest.approx(0.25)
    assert a1["contribution"] == pytest.approx(10.0)
    assert a1["index_contribution"] == pytest.approx(7.5)
    # a2: 0.75·80 = 60 points of A (10 + 60 = 70 = A); b1: 0.5·50 = 25 of B, 25 · 1/4 = 6.25 of the index.
    assert indicator_of(result, "990101", "a2")["contribution"] == pytest.approx(60.0)
    assert indicator_of(result, "990101", "b1")["index_contribution"] == pytest.approx(6.25)
    assert result.indicators["index_contribution"].sum() == pytest.approx(67.5)


def test_score_missing_indicator_rescales_weights_in_its_dimension(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": None, "b1": 50, "b2": 70}})

    result = score(two_dimensions, raw)

    # a2 (3 of A's 4 weight units) missing: coverage 1/4 < 0.5 → A 数据不足, no index.
    a = dimension_of(result, "990101", "a")
    assert a["coverage"] == pytest.approx(0.25)
    assert a["status"] == STATUS_INSUFFICIENT
    assert math.isnan(a["score"])
    row = overall_of(result, "990101")
    assert math.isnan(row["score"])
    assert row["band"] is None
    assert math.isnan(row["rank"])
    assert row["status"] == STATUS_INSUFFICIENT


def test_score_missing_small_indicator_is_estimated_not_zero(two_dimensions):
    raw = raw_values({"990101": {"a1": None, "a2": 80, "b1": 50, "b2": 70}})

    result = score(two_dimensions, raw)

    # a1 missing: coverage 3/4; A = 80 alone (weight rescaled 3/3), not (0 + 240)/4 = 60.
    # Index = (3·80 + 60) / 4 = 75.
    a = dimension_of(result, "990101", "a")
    assert a["score"] == pytest.approx(80.0)
    assert a["coverage"] == pytest.approx(0.75)
    assert a["status"] == STATUS_ESTIMATED
    assert indicator_of(result, "990101", "a2")["effective_weight"] == pytest.approx(1.0)
    a1 = indicator_of(result, "990101", "a1")
    assert a1["missing"] and a1["effective_weight"] == 0
    row = overall_of(result, "990101")
    assert row["score"] == pytest.approx(75.0)
    assert row["status"] == STATUS_ESTIMATED
    assert row["missing_indicators"] == 1


def test_score_exactly_half_the_weight_missing_is_still_scored(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": 80, "b1": None, "b2": 70}})

    result = score(two_dimensions, raw)

    # B has half its weight (1 of 2) missing: not "more than half", so B = 70 and the index exists:
    # (3·70 + 70) / 4 = 70.
    assert dimension_of(result, "990101", "b")["status"] == STATUS_ESTIMATED
    assert overall_of(result, "990101")["score"] == pytest.approx(70.0)


def test_score_min_weight_coverage_comes_from_the_file():
    strict = make_framework({"a": (1, [indicator("a1"), indicator("a2"), indicator("a3"), indicator("a4")])},
                            min_coverage=0.8)
    # 3 of 4 equal weights present: coverage 0.75 < 0.8 → 数据不足.
    result = score(strict, raw_values({"990101": {"a1": 1, "a2": 2, "a3": 3}}))

    assert dimension_of(result, "990101", "a")["status"] == STATUS_INSUFFICIENT


def test_score_geometric_penalizes_imbalance_more_than_arithmetic():
    framework = make_framework({"a": (1, [indicator("a1"), indicator("a2")]), "b": (1, [indicator("b1")])})
    raw = raw_values({"990101": {"a1": 25, "a2": 100, "b1": 64}})

    arithmetic = score(framework, raw)
    geometric = score(framework, raw, aggregation="geometric")

    # Arithmetic: A = (25 + 100)/2 = 62.5; index = (62.5 + 64)/2 = 63.25.
    assert overall_of(arithmetic, "990101")["score"] == pytest.approx(63.25)
    # Geometric: A = sqrt(25·100) = 50; index = sqrt(50·64) = sqrt(3200) = 56.5685.
    assert dimension_of(geometric, "990101", "a")["score"] == pytest.approx(50.0)
    assert overall_of(geometric, "990101")["score"] == pytest.approx(math.sqrt(3200))
    assert geometric.aggregation == "geometric"
    # Parts still add up to the score: A's parts are 50·ln(25)/(2·ln 50) and 50·ln(100)/(2·ln 50).
    a1 = indicator_of(geometric, "990101", "a1")["contribution"]
    assert a1 == pytest.approx(50 * math.log(25) / (2 * math.log(50)))
    assert geometric.indicators["index_contribution"].sum() == pytest.approx(math.sqrt(3200))


def test_score_geometric_floor_keeps_a_zero_from_wiping_out_the_index():
    framework = make_framework({"a": (1, [indicator("a1"), indicator("a2")])}, aggregation="geometric")
    raw = raw_values({"990101": {"a1": 0, "a2": 100}})

    result = score(framework, raw)

    # The 0 is read as the 1-point floor: sqrt(1·100) = 10, not 0.
    assert overall_of(result, "990101")["score"] == pytest.approx(10.0)


def test_score_weight_override_changes_the_mix_without_touching_the_file(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": 80, "b1": 50, "b2": 70}})

    result = score(two_dimensions, raw, weights={"a": 1, "a2": 1})

    # A = (40 + 80)/2 = 60; index = (1·60 + 1·60)/2 = 60.
    assert overall_of(result, "990101")["score"] == pytest.approx(60.0)
    assert result.weights["a"] == 1 and result.weights["a2"] == 1 and result.weights["b"] == 1
    assert two_dimensions.dimensions[0].weight == 3


def test_score_weight_override_zero_drops_an_indicator(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": None, "b1": 50, "b2": 70}})

    result = score(two_dimensions, raw, weights={"a2": 0})

    # a2 weighs nothing: its absence no longer matters, A = a1 = 40 with full coverage.
    a = dimension_of(result, "990101", "a")
    assert a["score"] == pytest.approx(40.0)
    assert a["status"] == STATUS_COMPLETE


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"weights": {"nope": 1}}, "既不是维度也不是指标"),
    ({"weights": {"a1": -1}}, "不能为负数"),
    ({"weights": {"a1": 0, "a2": 0}}, "维度 a 的指标权重全部为 0"),
    ({"aggregation": "median"}, "未知的汇总方法"),
])
def test_score_bad_options_refused(two_dimensions, kwargs, message):
    with pytest.raises(ValueError, match=message):
        score(two_dimensions, raw_values({"990101": {"a1": 1}}), **kwargs)


def test_score_duplicate_value_refused(two_dimensions):
    raw = raw_values({"990101": {"a1": 1}})

    with pytest.raises(ValueError, match="区县 990101 在 2025Q4 期的指标 a1 有多个数值"):
        score(two_dimensions, pd.concat([raw, raw]))


def test_score_ignores_indicators_outside_the_framework_and_keeps_provenance(two_dimensions):
    raw = raw_values({"990101": {"a1": 40, "a2": 80, "b1": 50, "b2": 70, "other": 3}})
    raw.loc[raw["indicator_code"] == "a1", ["record_count", "batch_ids", "note"]] = [12, "3,7", "区数据局"]

    result = score(two_dimensions, raw)

    assert set(result.indicators["indicator_code"]) == {"a1", "a2", "b1", "b2"}
    a1 = indicator_of(result, "990101", "a1")
    assert (a1["record_count"], a1["batch_ids"], a1["note"]) == (12, "3,7", "区数据局")


def test_score_empty_input_gives_empty_tables(two_dimensions):
    result = score(two_dimensions, raw_values({}))

    assert result.overall.empty and result.dimensions.empty and result.indicators.empty


def test_score_rows_cover_every_indicator_of_every_region_and_period(two_dimensions):
    raw = raw_values({"990101": {"a1": 1}, "990102": {"b2": 2}})

    result = score(two_dimensions, raw)

    assert len(result.indicators) == 2 * 4
    assert len(result.dimensions) == 2 * 2
    assert result.overall["region_code"].tolist() == ["990101", "990102"]
    assert np.isnan(result.overall["score"]).all()
