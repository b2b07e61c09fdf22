"""Normalization: each method and direction, worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govdash.scoring import score
from govdash.scoring.normalize import LOG_NOTE, n_goalpost, n_minmax, n_zscore, t_log10

from .factories import indicator, indicator_of, make_framework, raw_values


def test_n_goalpost_positive_scales_and_clips():
    # lo 20, hi 70: 45 → 100·(45−20)/50 = 50; 10 is below lo → 0; 90 above hi → 100.
    out = n_goalpost(np.array([45.0, 10.0, 90.0, np.nan]), 20, 70)

    np.testing.assert_allclose(out, [50.0, 0.0, 100.0, np.nan])


def test_n_goalpost_negative_flips_the_scale():
    # Average handling hours, goalposts 0–72, lower is better: 18 h → 100·(72−18)/72 = 75; 80 h → 0.
    out = n_goalpost(np.array([18.0, 80.0, 0.0]), 0, 72, negative=True)

    np.testing.assert_allclose(out, [75.0, 0.0, 100.0])


def test_n_minmax_positive_and_negative():
    # min 10, max 50: 10 → 0, 20 → 100·10/40 = 25, 50 → 100; flipped: 10 → 100, 20 → 100·30/40 = 75, 50 → 0.
    x = np.array([10.0, 20.0, 50.0, np.nan])

    np.testing.assert_allclose(n_minmax(x), [0.0, 25.0, 100.0, np.nan])
    np.testing.assert_allclose(n_minmax(x, negative=True), [100.0, 75.0, 0.0, np.nan])


def test_n_minmax_no_spread_scores_fifty():
    np.testing.assert_allclose(n_minmax(np.array([7.0, 7.0, np.nan])), [50.0, 50.0, np.nan])


def test_n_zscore_positive_negative_and_clipping():
    # Values 2, 4, 6: mean 4, population sd = sqrt((4+0+4)/3) = 1.63299; z = −1.2247, 0, 1.2247.
    # 50 + 10·z = 37.753, 50, 62.247; lower is better mirrors around 50.
    x = np.array([2.0, 4.0, 6.0])

    np.testing.assert_allclose(n_zscore(x), [37.7526, 50.0, 62.2474], atol=1e-4)
    np.testing.assert_allclose(n_zscore(x, negative=True), [62.2474, 50.0, 37.7526], atol=1e-4)
    # One outlier among n equal values has z = sqrt(n): with n = 400, z = 20 → 50 + 200 = 250, clipped to 100.
    far = np.concatenate([np.zeros(400), [1.0]])
    assert n_zscore(far)[-1] == 100.0


def test_t_log10_drops_non_positive_values():
    values, dropped = t_log10(np.array([1000.0, 0.0, -5.0, np.nan, 1e7]))

    np.testing.assert_allclose(values, [3.0, np.nan, np.nan, np.nan, 7.0])
    assert dropped.tolist() == [False, True, True, False, False]


def test_score_log10_goalposts_are_in_log_units_and_zero_is_missing_with_a_note():
    framework = make_framework({"d": (1, [
        indicator("calls", transform="log10", lo=3, hi=7),
        indicator("other"),
    ])})
    # 100,000 calls → log10 = 5 → 100·(5−3)/(7−3) = 50. Zero calls has no logarithm: missing, not 0 points.
    raw = raw_values({"990101": {"calls": 100_000, "other": 80}, "990102": {"calls": 0, "other": 80}})

    result = score(framework, raw)

    assert indicator_of(result, "990101", "calls")["normalized"] == pytest.approx(50.0)
    zero = indicator_of(result, "990102", "calls")
    assert zero["missing"]
    assert np.isnan(zero["normalized"])
    assert zero["raw"] == 0
    assert zero["score_note"] == LOG_NOTE


def test_score_minmax_and_zscore_compare_regions_within_their_own_period():
    framework = make_framework({"d": (1, [
        indicator("rel", normalization="minmax"),
        indicator("z", normalization="zscore", direction="negative"),
    ])})
    # 2025Q3: rel 10 / 30 → 0 / 100. 2025Q4: rel 30 / 50 → 0 / 100 (the 30 of Q3 does not count in Q4).
    # z (lower is better), Q4 values 1 and 3: mean 2, sd 1 → z = −1, +1 → 50 + 10 = 60 and 50 − 10 = 40.
    raw = raw_values({"990101": {"rel": 10, "z": 5}, "990102": {"rel": 30, "z": 5}}, "2025Q3")
    q4 = raw_values({"990101": {"rel": 30, "z": 1}, "990102": {"rel": 50, "z": 3}}, "2025Q4")
    result = score(framework, pd.concat([raw, q4], ignore_index=True))

    assert indicator_of(result, "990101", "rel", "2025Q3")["normalized"] == 0
    assert indicator_of(result, "990102", "rel", "2025Q3")["normalized"] == 100
    assert indicator_of(result, "990101", "rel", "2025Q4")["normalized"] == 0
    assert indicator_of(result, "990101", "z", "2025Q4")["normalized"] == pytest.approx(60.0)
    assert indicator_of(result, "990102", "z", "2025Q4")["normalized"] == pytest.approx(40.0)
    # Q3 z values are equal: no spread, both 50.
    assert indicator_of(result, "990101", "z", "2025Q3")["normalized"] == 50
