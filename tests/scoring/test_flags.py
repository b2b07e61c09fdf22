"""Indicator flags and the remove-one-indicator test, on tables worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from govdash.scoring import score
from govdash.scoring.flags import (
    FLAG_COVERAGE,
    FLAG_NEGATIVE,
    FLAG_REDUNDANT,
    FLAG_SAME,
    indicator_flags,
    remove_one_shift,
    same_value_share,
)

from .factories import indicator, make_framework, raw_values


@pytest.fixture
def case():
    # Dimension a: x, y (y = 2x: r = 1), z (three of four values 50). Dimension b: w alone.
    framework = make_framework({"a": (1, [indicator("x"), indicator("y"), indicator("z")]),
                                "b": (1, [indicator("w")])})
    raw = raw_values({
        "1": {"x": 10, "y": 20, "z": 50, "w": 40},
        "2": {"x": 20, "y": 40, "z": 50, "w": 10},
        "3": {"x": 30, "y": 60, "z": 50, "w": 30},
        "4": {"x": 40, "y": None, "z": 90, "w": 20},
    })
    return framework, score(framework, raw)


def test_indicator_flags_redundant_same_value_and_coverage(case):
    framework, result = case

    flags = indicator_flags(framework, result, period="2025Q4").set_index("indicator_code")

    # y is observed in 3 of 4 districts: 75 % ≥ 66 %, not flagged for coverage.
    assert flags.loc["y", "coverage"] == pytest.approx(0.75)
    # z: 50 three times out of four = 75 % > 50 %.
    assert flags.loc["z", "same_share"] == pytest.approx(0.75)
    assert flags.loc["z", "flags"] == [FLAG_SAME]
    # x and y lie on one line (y = 2x) over the three districts having both: r = 1 > 0.9.
    assert flags.loc["x", "closest"] == "y"
    assert flags.loc["x", "closest_r"] == pytest.approx(1.0)
    assert FLAG_REDUNDANT in flags.loc["x", "flags"]
    # w is alone in b: no peer, no redundancy flag.
    assert not isinstance(flags.loc["w", "closest"], str) and flags.loc["w", "flags"] == []


def test_remove_one_shift_worked_by_hand(case):
    framework, result = case
    # Nominal index (a, b equal weights): a = mean of the present; 1: (10+20+50)/3 = 26.67 → (26.67+40)/2 = 33.33,
    # 2: 36.67 → 23.33, 3: 46.67 → 38.33, 4: (40+90)/2 = 65 → 42.5. Ranks 1..4 = 3, 4, 2, 1.
    assert result.overall.sort_values("region_code")["rank"].tolist() == [3, 4, 2, 1]
    # Without w, b is empty and drops out: the index is a alone, 26.67, 36.67, 46.67, 65 → ranks 4, 3, 2, 1.
    # |4−3| + |3−4| + 0 + 0 = 2 over 4 districts = 0.5.
    # Without z: a = 15, 30, 45, 40 → index 27.5, 20, 37.5, 30 → ranks 3, 4, 1, 2: shifts 0, 0, 1, 1 → 0.5.
    # Without x: a = 35, 45, 55, 90 → 37.5, 27.5, 42.5, 55 → ranks 3, 4, 2, 1: no change.
    shifts = remove_one_shift(framework, result, period="2025Q4")

    assert shifts["w"] == pytest.approx(0.5)
    assert shifts["z"] == pytest.approx(0.5)
    assert shifts["x"] == pytest.approx(0.0)


def test_indicator_flags_low_coverage_and_negative_correlation():
    framework = make_framework({"a": (1, [indicator("up"), indicator("down"), indicator("rare")])})
    # down runs against up and the dimension; rare is observed in 2 of 4 districts (50 % < 66 %).
    raw = raw_values({
        "1": {"up": 10, "down": 40, "rare": 10},
        "2": {"up": 40, "down": 30, "rare": 30},
        "3": {"up": 70, "down": 20},
        "4": {"up": 100, "down": 10},
    })
    result = score(framework, raw)

    flags = indicator_flags(framework, result, period="2025Q4").set_index("indicator_code")

    assert FLAG_COVERAGE in flags.loc["rare", "flags"]
    # The dimension is (up + down [+ rare]) / n: 20, 33.3, 45, 55 rises with up, so down (falling) has r < −0.4.
    assert flags.loc["down", "dimension_r"] < -0.4
    assert FLAG_NEGATIVE in flags.loc["down", "flags"]
    assert FLAG_NEGATIVE not in flags.loc["up", "flags"]


def test_same_value_share_ignores_missing_values():
    import pandas as pd

    table = pd.DataFrame({"a": [1.0, 1.0, np.nan, 2.0], "b": [np.nan] * 4})

    shares = same_value_share(table)

    assert shares["a"] == pytest.approx(2 / 3)
    assert np.isnan(shares["b"])


def test_remove_one_shift_needs_three_districts():
    framework = make_framework({"a": (1, [indicator("x"), indicator("y")])})
    result = score(framework, raw_values({"1": {"x": 1, "y": 2}, "2": {"x": 3, "y": 4}}))

    assert remove_one_shift(framework, result, period="2025Q4").isna().all()


def test_indicator_flags_report_skew_kurtosis_and_the_treatment():
    base = make_framework({"a": (1, [indicator("x", normalization="minmax"), indicator("y")])})
    framework = base.model_copy(update={"method": base.method.model_validate({"treatment": {"enabled": True}})})
    # x: COINr's example 1..10, 30, 100 (skew 3.06, kurtosis 9.74): one point winsorised. y: 0..11, no outlier.
    xs = [*range(1, 11), 30, 100]
    raw = raw_values({f"{n:02d}": {"x": x, "y": n} for n, x in enumerate(xs)})

    flags = indicator_flags(framework, score(framework, raw), period="2025Q4").set_index("indicator_code")

    assert flags.loc["x", "skew"] == pytest.approx(3.0632, abs=1e-4)
    assert flags.loc["x", "kurtosis"] == pytest.approx(9.7414, abs=1e-4)
    assert flags.loc["x", "treatment"] == "缩尾 1 点"
    assert not isinstance(flags.loc["y", "treatment"], str)
    # 0..11 is symmetric: skew 0.
    assert flags.loc["y", "skew"] == pytest.approx(0.0)
