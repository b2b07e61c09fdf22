"""Bands at their edges, weak spots, rank ties and change against the previous period."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from govdash.frameworks import list_frameworks
from govdash.frameworks.schema import Band
from govdash.scoring import score
from govdash.scoring.bands import assign_bands
from govdash.scoring.rank import rank_rows, rank_within

from .factories import dimension_of, indicator, make_framework, overall_of, raw_values

GRADES_A = list_frameworks()["digital_gov"].bands
HEALTH = list_frameworks()["district_health"]


@pytest.mark.parametrize(("points", "grade"), [
    (100.0, "非常高"), (90.0, "非常高"), (89.94, "高"), (80.0, "高"), (79.9, "中"), (65.0, "中"), (64.94, "低"),
    (0.0, "低"),
    # Graded as shown: 89.99 is shown as 90.0 分, 79.96 as 80.0 分, 64.95 as 65.0 分 (never "80.0 分 · 中").
    (89.99, "非常高"), (79.96, "高"), (64.95, "中"),
])
def test_assign_bands_cutoff_belongs_to_the_higher_band(points, grade):
    labels, _colors = assign_bands(np.array([points]), GRADES_A)

    assert labels[0] == grade


@pytest.mark.parametrize("points", [79.95, 79.949999, 79.96, 80.04, 89.95, 64.95, 64.9499])
def test_assign_bands_agree_with_the_score_as_displayed(points):
    from govdash.domain.format import score

    shown = float(score(points).split()[0])
    labels, _ = assign_bands(np.array([points, shown]), GRADES_A)
    assert labels[0] == labels[1]


def test_assign_bands_float_noise_below_a_cutoff_counts_as_the_cutoff():
    # 0.1·(…) arithmetic can give 89.99999999999999 for a true 90: it is graded 非常高 like the 90.0 it displays as.
    labels, colors = assign_bands(np.array([89.99999999999999, np.nan]), GRADES_A)

    assert labels.tolist() == ["非常高", None]
    assert colors[0] == "#1a7f37" and colors[1] is None


def test_assign_bands_health_levels_of_framework_b():
    labels, _ = assign_bands(np.array([85.0, 84.9, 70.0, 60.0, 59.9]), HEALTH.bands)

    assert labels.tolist() == ["健康", "亚健康", "亚健康", "预警", "不健康"]


def test_assign_bands_egdi_style_groups_with_rating_classes_on_the_0_100_score():
    # UN-EGDI groups (very high ≥ 0.75, high ≥ 0.50, middle ≥ 0.25, low), each split into four equal rating
    # classes, written ×100: the classes of "very high" start at 75, 81.25, 87.5, 93.75.
    groups = ["L", "M", "H", "V"]
    bands = [Band(label=f"{g}{k + 1}", min=25 * gi + 6.25 * k) for gi, g in enumerate(groups) for k in range(4)]

    # Compared as shown to one decimal: 93.75 is shown 93.8 (V4); 6.25 is shown 6.2, so it is graded below 6.25.
    labels, _ = assign_bands(np.array([93.75, 93.7, 75.0, 74.94, 50.0, 6.3, 0.0]), bands)

    assert labels.tolist() == ["V4", "V3", "V1", "H4", "H1", "L2", "L1"]


def test_score_weak_spot_below_threshold_whatever_the_overall_level():
    framework = make_framework({
        "a": (9, [indicator("a1")]),
        "b": (1, [indicator("b1"), indicator("b2", 3)]),
    }, weak_spot=60)
    # B = (1·100 + 3·40)/4 = 55 < 60 → weak spot although the index (9·95 + 55)/10 = 91 is 优.
    # B's worst indicator: pull = share × (100 − score): b1 0.25·0 = 0, b2 0.75·60 = 45 → b2.
    raw = raw_values({"990101": {"a1": 95, "b1": 100, "b2": 40}, "990102": {"a1": 60, "b1": 60, "b2": 60}})

    result = score(framework, raw)

    row = overall_of(result, "990101")
    assert row["score"] == pytest.approx(91.0)
    assert row["band"] == "优"
    assert row["weak_spots"] == ["b"]
    b = dimension_of(result, "990101", "b")
    assert bool(b["weak_spot"]) and b["worst_indicator"] == "b2"
    # Exactly at the threshold is not a weak spot.
    assert overall_of(result, "990102")["weak_spots"] == []
    assert not dimension_of(result, "990102", "a")["weak_spot"]


def test_score_worst_indicator_weighs_the_gap_by_weight():
    framework = make_framework({"a": (1, [indicator("low_light", 1), indicator("heavy", 4)])})
    # low_light 20 with weight 1/5: pull 0.2·80 = 16. heavy 85 with weight 4/5: pull 0.8·15 = 12. → low_light.
    result = score(framework, raw_values({"990101": {"low_light": 20, "heavy": 85}}))

    assert dimension_of(result, "990101", "a")["worst_indicator"] == "low_light"


def test_score_no_weak_spot_rule_flags_nothing():
    framework = make_framework({"a": (1, [indicator("a1")])})

    result = score(framework, raw_values({"990101": {"a1": 5}}))

    assert overall_of(result, "990101")["weak_spots"] == []


def test_score_rank_ties_share_the_best_place_and_unscored_are_unranked():
    framework = make_framework({"a": (1, [indicator("a1"), indicator("a2")])}, min_coverage=0.6)
    # Scores: 990101 (90+70)/2 = 80; 990102 (70+90)/2 = 80 (same score, terms in another order);
    # 990103 60; 990104 100; 990105 has half the weight (< 0.6) → 数据不足, unranked.
    raw = raw_values({
        "990101": {"a1": 90, "a2": 70}, "990102": {"a1": 70, "a2": 90}, "990103": {"a1": 60, "a2": 60},
        "990104": {"a1": 100, "a2": 100}, "990105": {"a1": 100},
    })

    result = score(framework, raw).overall.set_index("region_code")

    assert result.loc[["990104", "990101", "990102", "990103"], "rank"].tolist() == [1, 2, 2, 4]
    assert math.isnan(result.loc["990105", "rank"])
    assert result["ranked_count"].unique().tolist() == [4]


def test_rank_rows_matches_rank_within_on_every_row():
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 5, size=(50, 12)).astype(float)  # many ties

    ranks = rank_rows(scores)

    for row, expected in zip(ranks, scores, strict=True):
        assert row.tolist() == rank_within(expected, np.zeros(12)).astype(int).tolist()


def test_score_change_against_the_previous_quarter_in_points_and_places():
    framework = make_framework({"a": (1, [indicator("a1")])})
    # 2025Q3: 990101 70 (1st), 990102 60 (2nd), 990103 50 (3rd).
    # 2025Q4: 990101 65 (3rd), 990102 75 (1st), 990103 72 (2nd), 990104 new (no change).
    q3 = raw_values({"990101": {"a1": 70}, "990102": {"a1": 60}, "990103": {"a1": 50}}, "2025Q3")
    q4 = raw_values({"990101": {"a1": 65}, "990102": {"a1": 75}, "990103": {"a1": 72}, "990104": {"a1": 1}},
                    "2025Q4")

    result = score(framework, pd.concat([q4, q3]))

    first = overall_of(result, "990101")
    assert (first["change"], first["rank_change"]) == (pytest.approx(-5.0), -2)
    second = overall_of(result, "990102")
    assert (second["change"], second["rank_change"]) == (pytest.approx(15.0), 1)
    assert math.isnan(overall_of(result, "990104")["change"])
    assert math.isnan(overall_of(result, "990101", "2025Q3")["change"])
    assert result.overall["period"].tolist()[:3] == ["2025Q3"] * 3


def test_score_change_across_the_year_boundary_and_between_years():
    framework = make_framework({"a": (1, [indicator("a1")])})
    raw = pd.concat([
        raw_values({"990101": {"a1": 40}}, "2024Q4"), raw_values({"990101": {"a1": 55}}, "2025Q1"),
        raw_values({"990101": {"a1": 30}}, "2024"), raw_values({"990101": {"a1": 45}}, "2025"),
    ])

    result = score(framework, raw)

    # 2025Q1 follows 2024Q4: 55 − 40 = 15. The year 2025 follows the year 2024: 45 − 30 = 15; never a quarter.
    assert overall_of(result, "990101", "2025Q1")["change"] == pytest.approx(15.0)
    assert overall_of(result, "990101", "2025")["change"] == pytest.approx(15.0)
    assert math.isnan(overall_of(result, "990101", "2024")["change"])
