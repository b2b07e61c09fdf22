"""Regional difference measures, worked out by hand on small vectors, plus their properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdash.scoring.disparity import d_cv, d_gini, d_range, d_theil, regional_disparity


def test_disparity_gini_worked_by_hand():
    # [1, 2, 3, 4]: μ = 2.5; the unordered pairs differ by 1, 2, 3, 1, 2, 1 → Σᵢⱼ|xᵢ − xⱼ| = 2 × 10 = 20;
    # G = 20 / (2 × 4² × 2.5) = 20 / 80 = 0.25.
    assert d_gini([1, 2, 3, 4]) == pytest.approx(0.25)
    # One district holds everything: [0, 0, 0, 1]: Σ = 2 × 3 × 1 = 6; G = 6 / (2 × 16 × 0.25) = 0.75 = (n − 1)/n.
    assert d_gini([0, 0, 0, 1]) == pytest.approx(0.75)
    assert d_gini([5, 5, 5]) == pytest.approx(0.0)


def test_disparity_theil_worked_by_hand():
    # [1, 3]: μ = 2, shares 0.5 and 1.5: T = ½ (0.5 ln 0.5 + 1.5 ln 1.5) = ½ (−0.346574 + 0.608198) = 0.130812.
    assert d_theil([1, 3]) == pytest.approx(0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5)))
    assert d_theil([1, 3]) == pytest.approx(0.130812, abs=1e-6)
    # [0, 0, 0, 1]: shares 0, 0, 0, 4; 0 · ln 0 = 0, so T = ¼ × 4 ln 4 = ln 4, the most four districts can have.
    assert d_theil([0, 0, 0, 1]) == pytest.approx(math.log(4))
    assert d_theil([7, 7, 7, 7]) == pytest.approx(0.0)


def test_disparity_range_and_cv_worked_by_hand():
    # [1, 3]: range 2; μ = 2, population σ = √(((1 − 2)² + (3 − 2)²) / 2) = 1 → CV = 1 / 2 = 0.5.
    assert d_range([1, 3]) == 2.0
    assert d_cv([1, 3]) == pytest.approx(0.5)
    # [60, 70, 80, 90]: μ = 75, σ = √((225 + 25 + 25 + 225) / 4) = √125 = 11.1803 → CV = 0.149071.
    assert d_cv([60, 70, 80, 90]) == pytest.approx(math.sqrt(125) / 75)


def test_disparity_leaves_missing_scores_out_and_needs_two():
    assert d_gini([1, np.nan, 2, 3, 4]) == pytest.approx(0.25)
    assert math.isnan(d_theil([80.0]))
    assert math.isnan(d_range([np.nan, 3.0]))
    with pytest.raises(ValueError, match="非负"):
        d_gini([-1, 2])


scores = st.lists(st.floats(min_value=0.5, max_value=100, allow_nan=False), min_size=2, max_size=40)


@given(scores, st.floats(min_value=0.1, max_value=10))
def test_disparity_scale_invariant_and_bounded(values, factor):
    scaled = [v * factor for v in values]
    for measure in (d_cv, d_theil, d_gini):
        assert measure(scaled) == pytest.approx(measure(values), abs=1e-9)
    n = len(values)
    assert -1e-12 <= d_gini(values) <= (n - 1) / n + 1e-12
    assert -1e-12 <= d_theil(values) <= math.log(n) + 1e-12


@given(scores)
def test_disparity_gini_equals_pairwise_definition(values):
    x = np.asarray(values)
    pairwise = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert d_gini(values) == pytest.approx(pairwise, abs=1e-12)


def test_regional_disparity_per_period_names_the_ends():
    overall = pd.DataFrame({
        "region_code": ["A", "B", "C", "A", "B", "C"],
        "region_name": ["甲区", "乙区", "丙区", "甲区", "乙区", "丙区"],
        "period": ["2025Q3"] * 3 + ["2025Q4"] * 3,
        "score": [60.0, 80.0, np.nan, 70.0, 80.0, 90.0],
    })
    table = regional_disparity(overall).set_index("period")
    assert table.loc["2025Q3", "districts"] == 2  # 丙区 had 数据不足
    assert table.loc["2025Q3", "range"] == 20.0 and table.loc["2025Q4", "range"] == 20.0
    # 2025Q4 [70, 80, 90]: μ = 80, Σ|xᵢ − xⱼ| over ordered pairs = 2 × (10 + 20 + 10) = 80; G = 80 / (2 × 9 × 80) = 1/18.
    assert table.loc["2025Q4", "gini"] == pytest.approx(1 / 18)
    assert (table.loc["2025Q4", "max_region"], table.loc["2025Q4", "min_region"]) == ("丙区", "甲区")
