"""Explain tree, statistical audit and weight sensitivity on small hand-made data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govdash.scoring import explain, rank_sensitivity, score, statistical_audit
from govdash.scoring.frames import NOTE_MISSING_RESCALED

from .factories import indicator, make_framework, raw_values


@pytest.fixture
def framework():
    return make_framework({
        "a": (3, [indicator("a1", 1, unit="%"), indicator("a2", 3, unit="件", lo=0, hi=10)]),
        "b": (1, [indicator("b1", 1, source=None, metric="service.full_online_rate"), indicator("b2", 1)]),
    }, weak_spot=60)


def test_explain_tree_lists_dimensions_then_their_indicators_with_provenance(framework):
    raw = raw_values({"990101": {"a1": 40, "a2": 8, "b1": 50, "b2": None}})
    raw.loc[raw["indicator_code"] == "b1", ["record_count", "batch_ids"]] = [240, "3,7"]

    tree = explain(framework, score(framework, raw), region_code="990101", period="2025Q4")

    assert tree["code"].tolist() == ["a", "a1", "a2", "b", "b1", "b2"]
    # A = 0.25·40 + 0.75·80 = 70 (a2: 8 of 10 → 80); B = b1 alone = 50 (weak spot, b2 missing, rescaled).
    # Index = (3·70 + 50)/4 = 65: A gives 52.5 points, B 12.5.
    a = tree.set_index("code").loc["a"]
    assert (a["score"], a["contribution"], a["weight"]) == (pytest.approx(70), pytest.approx(52.5), 0.75)
    b = tree.set_index("code").loc["b"]
    assert b["flag"] == "短板"
    a2 = tree.set_index("code").loc["a2"]
    assert (a2["raw"], a2["unit"], a2["normalized"]) == (8, "件", pytest.approx(80))
    assert a2["contribution"] == pytest.approx(60)
    assert a2["index_contribution"] == pytest.approx(45)
    b1 = tree.set_index("code").loc["b1"]
    assert (b1["provenance"], b1["batch_ids"], b1["record_count"]) == ("service.full_online_rate", "3,7", 240)
    assert b1["flag"] == "拉低最多"
    b2 = tree.set_index("code").loc["b2"]
    assert (b2["provenance"], b2["status"]) == ("填报", NOTE_MISSING_RESCALED)
    indicators = tree[tree["level"] == "indicator"]
    assert indicators["index_contribution"].sum() == pytest.approx(65)


def test_explain_unknown_region_refused(framework):
    result = score(framework, raw_values({"990101": {"a1": 40}}))

    with pytest.raises(ValueError, match="区县 990199 在 2025Q4 期没有得分数据"):
        explain(framework, result, region_code="990199", period="2025Q4")


def test_statistical_audit_flags_redundant_pairs_negative_correlations_and_alpha():
    framework = make_framework({"a": (1, [indicator("x"), indicator("twin"), indicator("against")])})
    # twin = x + 5 (r = 1, redundant); against falls while x, twin and so the dimension rise.
    values = {"990101": (10, 15, 60), "990102": (40, 45, 55), "990103": (60, 65, 50), "990104": (90, 95, 45)}
    raw = raw_values({r: {"x": x, "twin": t, "against": g} for r, (x, t, g) in values.items()})
    result = score(framework, raw)

    audit = statistical_audit(framework, result, period="2025Q4")

    pairs = audit.redundant_pairs
    assert pairs[["indicator_a", "indicator_b"]].values.tolist() == [["x", "twin"]]
    assert pairs["correlation"].iloc[0] == pytest.approx(1.0)
    assert bool(pairs["same_dimension"].iloc[0])
    by_code = audit.dimension_correlations.set_index("indicator_code")
    assert bool(by_code.loc["against", "negative"]) and not by_code.loc["x", "negative"]
    # Cronbach's alpha of the three items, by hand: k = 3; item variances (ddof 1): x 1133.333 (mean 50,
    # squares 1600 + 100 + 100 + 1600 = 3400, / 3), twin 1133.333, against 41.667 (125 / 3); sum 2308.333.
    # Totals per region 85, 140, 175, 230 (mean 157.5): squares 5256.25 + 306.25 + 306.25 + 5256.25 = 11125,
    # / 3 = 3708.333. alpha = 3/2 · (1 − 2308.333 / 3708.333) = 1.5 · 0.377528 = 0.566292.
    alpha = audit.alpha.set_index("dimension").loc["a"]
    assert alpha["alpha"] == pytest.approx(0.566292, abs=1e-6)
    assert (alpha["indicators"], alpha["regions"]) == (3, 4)


def test_statistical_audit_coverage_per_region_and_indicator():
    framework = make_framework({"a": (1, [indicator("x"), indicator("y")]), "b": (1, [indicator("z")])})
    raw = raw_values({"990101": {"x": 1, "y": 2, "z": 3}, "990102": {"x": 1, "z": 3}})

    audit = statistical_audit(framework, score(framework, raw), period="2025Q4")

    coverage = audit.coverage.set_index("region_code")
    assert coverage.loc["990102", "coverage"] == pytest.approx(2 / 3)
    assert coverage.loc["990102", "missing"] == ["y"]
    assert audit.indicator_coverage.set_index("indicator_code").loc["y", "coverage"] == 0.5
    # Two regions are too few for a correlation or an alpha.
    assert math.isnan(audit.correlations.loc["x", "z"])
    assert audit.alpha["alpha"].isna().all()


@pytest.fixture
def ranked():
    framework = make_framework({
        "a": (1, [indicator("a1"), indicator("a2")]),
        "b": (1, [indicator("b1"), indicator("b2")]),
    })
    rng = np.random.default_rng(7)
    values = {f"9901{k:02d}": dict(zip(["a1", "a2", "b1", "b2"], rng.uniform(0, 100, 4), strict=True))
              for k in range(1, 21)}
    values["990199"] = {"a1": 10}  # A covered half, B not at all: unscored, left out of the sensitivity
    return framework, score(framework, raw_values(values))


def test_rank_sensitivity_is_reproducible_and_brackets_the_nominal_rank(ranked):
    framework, result = ranked

    first = rank_sensitivity(framework, result, period="2025Q4", draws=300, seed=1)
    again = rank_sensitivity(framework, result, period="2025Q4", draws=300, seed=1)

    assert first.equals(again)
    assert len(first) == 20 and "990199" not in set(first["region_code"])
    assert first["rank"].tolist() == sorted(first["rank"])
    assert ((first["rank_low"] <= first["rank"]) & (first["rank"] <= first["rank_high"])).all()
    assert ((first["rank_low"] <= first["median_rank"]) & (first["median_rank"] <= first["rank_high"])).all()
    assert (first["rank_high"] > first["rank_low"]).any()


def test_rank_sensitivity_without_perturbation_keeps_every_rank(ranked):
    framework, result = ranked

    table = rank_sensitivity(framework, result, period="2025Q4", draws=50, spread=0.0,
                             aggregations=["arithmetic"])

    assert (table["rank_low"] == table["rank"]).all()
    assert (table["rank_high"] == table["rank"]).all()
    assert (table["median_rank"] == table["rank"]).all()


def test_rank_sensitivity_dominant_region_stays_first():
    framework = make_framework({"a": (1, [indicator("a1"), indicator("a2")])})
    raw = raw_values({"990101": {"a1": 99, "a2": 98}, "990102": {"a1": 50, "a2": 60}, "990103": {"a1": 10, "a2": 5}})

    table = rank_sensitivity(framework, score(framework, raw), period="2025Q4", draws=200)

    assert table.set_index("region_code").loc["990101", ["rank_low", "rank_high"]].tolist() == [1, 1]


def test_rank_sensitivity_bad_arguments_refused(ranked):
    framework, result = ranked

    with pytest.raises(ValueError, match="模拟次数至少为 1"):
        rank_sensitivity(framework, result, period="2025Q4", draws=0)
    with pytest.raises(ValueError, match="未知的汇总方法"):
        rank_sensitivity(framework, result, period="2025Q4", aggregations=["median"])
