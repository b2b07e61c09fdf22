"""Screening, imputation and outlier treatment declared in ``[method]``, on numbers worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdash.frameworks.method import Treatment
from govdash.scoring import STATUS_COMPLETE, STATUS_ESTIMATED, STATUS_INSUFFICIENT, explain, score
from govdash.scoring.impute import i_group_mean, impute_matrix
from govdash.scoring.treat import (
    ACTION_LOGGED,
    ACTION_NONE,
    ACTION_STILL_FAILING,
    ACTION_WINSORISED,
    kurtosis,
    skewness,
    treat_vector,
    winsorise,
)

from .factories import dimension_of, indicator, indicator_of, make_framework, overall_of, raw_values


def with_method(framework, **method):
    return framework.model_copy(update={"method": type(framework.method).model_validate(method)})


@pytest.fixture
def base():
    return make_framework({"a": (1, [indicator("x"), indicator("y")]), "b": (1, [indicator("z")])})


# ------------------------------------------------------------------------------------------------ imputation

def test_mean_imputation_fills_the_cell_and_marks_it_estimated(base):
    framework = with_method(base, imputation={"method": "mean"})
    raw = raw_values({"1": {"x": 10, "y": 20, "z": 30}, "2": {"x": 30, "y": 40, "z": 50},
                      "3": {"x": 50, "y": None, "z": 70}})

    result = score(framework, raw)

    # y of district 3 = mean of 20 and 40 = 30; a = (50 + 30) / 2 = 40; index = (40 + 70) / 2 = 55.
    y = indicator_of(result, "3", "y")
    assert y["raw"] == 30 and y["imputed"] and not y["missing"]
    assert y["score_note"] == "估算:同期各区县均值"
    assert dimension_of(result, "3", "a")["score"] == pytest.approx(40)
    assert dimension_of(result, "3", "a")["status"] == STATUS_ESTIMATED
    assert dimension_of(result, "3", "b")["status"] == STATUS_COMPLETE
    row = overall_of(result, "3")
    assert row["score"] == pytest.approx(55)
    assert row["imputed_indicators"] == 1 and row["missing_indicators"] == 0
    assert row["status"] == STATUS_ESTIMATED
    tree = explain(framework, result, region_code="3", period="2025Q4").set_index("code")
    assert tree.loc["y", "imputed"] and tree.loc["y", "status"] == "估算:同期各区县均值"


def test_without_imputation_the_weight_moves_to_the_other_indicators(base):
    raw = raw_values({"1": {"x": 10, "y": 20, "z": 30}, "2": {"x": 30, "y": 40, "z": 50},
                      "3": {"x": 50, "y": None, "z": 70}})

    result = score(base, raw)

    # a = x alone = 50; index = (50 + 70) / 2 = 60; nothing estimated.
    assert overall_of(result, "3")["score"] == pytest.approx(60)
    assert not result.indicators["imputed"].any()


def test_median_imputation_worked_by_hand(base):
    framework = with_method(base, imputation={"method": "median"})
    raw = raw_values({"1": {"x": 10, "y": 20, "z": 1}, "2": {"x": 30, "y": 30, "z": 1},
                      "3": {"x": 50, "y": 100, "z": 1}, "4": {"x": 70, "y": None, "z": 1}})

    # median of 20, 30, 100 = 30 (the mean would be 50).
    assert indicator_of(score(framework, raw), "4", "y")["raw"] == 30


def test_group_mean_uses_the_parent_region_then_the_period_mean():
    values = np.array([[10.0], [20.0], [np.nan], [40.0], [np.nan]])
    periods = np.zeros(5, dtype=int)
    groups = np.array(["A", "A", "A", "B", "C"], dtype=object)

    filled = i_group_mean(values, periods, groups)

    # Row 2 (group A): (10 + 20) / 2 = 15. Row 4 (group C has no value): period mean (10 + 20 + 40) / 3.
    assert filled[2, 0] == pytest.approx(15)
    assert filled[4, 0] == pytest.approx(70 / 3)


def test_group_mean_through_score_with_region_groups(base):
    framework = with_method(base, imputation={"method": "group_mean"})
    raw = raw_values({"1": {"x": 10, "y": 20, "z": 1}, "2": {"x": 30, "y": 80, "z": 1},
                      "3": {"x": 50, "y": None, "z": 1}})

    result = score(framework, raw, region_groups={"1": "P", "2": "Q", "3": "P"})

    assert indicator_of(result, "3", "y")["raw"] == 20  # its group P holds only district 1's 20
    assert indicator_of(result, "3", "y")["score_note"] == "估算:同一上级区划各区县均值"


def test_imputation_never_crosses_periods():
    values = np.array([[10.0], [np.nan], [50.0], [np.nan]])
    periods = np.array([0, 0, 1, 1])

    filled, imputed = impute_matrix(values, periods, "mean")

    assert filled[:, 0].tolist() == [10, 10, 50, 50]
    assert imputed[:, 0].tolist() == [False, True, False, True]


# ------------------------------------------------------------------------------------------------ screening

def test_screening_keeps_a_sparse_district_unscored_and_not_imputed(base):
    framework = with_method(base, screening={"min_region_coverage": 0.6}, imputation={"method": "mean"})
    raw = raw_values({"1": {"x": 10, "y": 20, "z": 30}, "2": {"x": 30, "y": 40, "z": 50},
                      "3": {"x": 50, "y": None, "z": None}})

    result = score(framework, raw)

    # District 3 has 1 of 3 indicators observed (33 % < 60 %): screened out, nothing estimated for it.
    row = overall_of(result, "3")
    assert math.isnan(row["score"]) and math.isnan(row["rank"]) and row["status"] == STATUS_INSUFFICIENT
    assert not result.indicators.loc[result.indicators["region_code"] == "3", "imputed"].any()
    assert "已筛除" in indicator_of(result, "3", "x")["score_note"]
    assert overall_of(result, "1")["rank"] == 2 and overall_of(result, "2")["rank"] == 1


def test_dimension_screening_counts_observed_indicators_before_imputation(base):
    # a has 1 of 2 indicators observed for district 3 (50 %): a limit of 0.75 leaves a unscored even though
    # mean imputation could fill y.
    framework = with_method(base, screening={"min_dimension_coverage": 0.75}, imputation={"method": "mean"})
    raw = raw_values({"1": {"x": 10, "y": 20, "z": 30}, "2": {"x": 30, "y": 40, "z": 50},
                      "3": {"x": 50, "y": None, "z": 70}})

    result = score(framework, raw)

    assert dimension_of(result, "3", "a")["status"] == STATUS_INSUFFICIENT
    assert dimension_of(result, "3", "b")["score"] == pytest.approx(70)
    assert math.isnan(overall_of(result, "3")["score"])


# ------------------------------------------------------------------------------------------------ treatment

def test_skew_and_kurtosis_worked_by_hand():
    # x = 0, 0, 0, 4: mean 1, deviations −1, −1, −1, 3; Σd² = 12, Σd³ = 24, Σd⁴ = 84, n = 4.
    # skew = √4·24/12^1.5 · √(4·3)/(4−2) = 1.1547 · 1.7321 = 2.0
    # r = 4·84/12² = 2.3333; kurtosis = ((5)(2.3333 − 3) + 6)(3)/((2)(1)) = 2.6667 · 1.5 = 4.0
    x = np.array([0.0, 0.0, 0.0, 4.0])
    assert skewness(x) == pytest.approx(2.0)
    assert kurtosis(x) == pytest.approx(4.0)
    # |skew| = 2 is not above 2: it passes although kurtosis 4 > 3.5.
    assert treat_vector(x, Treatment(enabled=True), log_allowed=True).action == ACTION_NONE


def test_winsorise_one_point_as_coinr_example():
    # COINr's example: 1..10, 30, 100 (skew 3.06, kurtosis 9.74) fails; 100 becomes 30 (the next highest), and
    # 1..10, 30, 30 has skew 1.71: it passes after one point.
    x = np.array([*range(1, 11), 30, 100], dtype=float)
    assert skewness(x) == pytest.approx(3.0632, abs=1e-4) and kurtosis(x) == pytest.approx(9.7414, abs=1e-4)

    treated, changed = winsorise(x, Treatment(enabled=True, max_winsorised=5))

    assert treated[-1] == 30 and changed.sum() == 1
    done = treat_vector(x, Treatment(enabled=True), log_allowed=True)
    assert done.action == ACTION_WINSORISED and done.winsorised == 1


def test_log_fallback_when_winsorising_is_not_enough():
    x = np.array([*range(1, 11), 30, 100], dtype=float)
    rule = Treatment(enabled=True, max_winsorised=0)

    done = treat_vector(x, rule, log_allowed=True)

    # ln(x − min + 0.01·(max − min)) = ln(x − 1 + 0.99): 1 → ln 0.99, 100 → ln 99.99.
    assert done.action == ACTION_LOGGED
    assert done.values[0] == pytest.approx(math.log(0.99))
    assert done.values[-1] == pytest.approx(math.log(99.99))
    # On goalposts the log step is not allowed: the values stay, reported as still failing.
    kept = treat_vector(x, rule, log_allowed=False)
    assert kept.action == ACTION_STILL_FAILING and kept.values.tolist() == x.tolist()


def test_treatment_in_score_changes_the_normalized_value_and_marks_the_cell():
    framework = make_framework({"a": (1, [indicator("x", normalization="minmax")])})
    values = [*range(1, 11), 30, 100]
    raw = raw_values({f"{n:02d}": {"x": v} for n, v in enumerate(values)})
    treated = with_method(framework, treatment={"enabled": True})

    plain, fixed = score(framework, raw), score(treated, raw)

    # Plain minmax: 30 scores 100·(30 − 1)/(100 − 1) = 29.3. Winsorised, the top is 30: 30 scores 100.
    assert indicator_of(plain, "10", "x")["normalized"] == pytest.approx(100 * 29 / 99)
    assert indicator_of(fixed, "10", "x")["normalized"] == pytest.approx(100)
    assert indicator_of(fixed, "11", "x")["treated"] == "缩尾"
    assert indicator_of(fixed, "11", "x")["raw"] == 100  # the raw value shown stays the observed one
    assert indicator_of(fixed, "10", "x")["treated"] is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=4, max_size=30))
def test_treatment_keeps_the_order_of_the_values(values):
    x = np.array(values)
    done = treat_vector(x, Treatment(enabled=True), log_allowed=True)
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(done.values[order]) >= -1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=100)), min_size=2, max_size=20),
       st.sampled_from(["mean", "median", "group_mean"]))
def test_estimates_lie_within_the_observed_range_and_fill_only_missing_cells(column, method):
    values = np.array([[np.nan if v is None else v] for v in column])
    groups = np.array(["A" if n % 2 else "B" for n in range(len(column))], dtype=object)

    filled, imputed = impute_matrix(values, np.zeros(len(column), dtype=int), method, groups=groups)

    observed = values[~np.isnan(values)]
    assert np.array_equal(filled[~imputed], values[~imputed], equal_nan=True)
    if observed.size:
        assert not np.isnan(filled).any()
        assert (filled[imputed] >= observed.min() - 1e-9).all() and (filled[imputed] <= observed.max() + 1e-9).all()
    else:
        assert not imputed.any()
