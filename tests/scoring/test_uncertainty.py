"""Sobol indices of the ranking's uncertainty by source, and the sentence each district gets."""

from __future__ import annotations

import numpy as np
import pytest

from govdash.scoring import score
from govdash.scoring.uncertainty import rank_sentence, rank_uncertainty

from .factories import indicator, make_framework, raw_values


@pytest.fixture
def mixed():
    # Two dimensions pulling different ways, so weights, normalization and the rule can all reorder districts.
    framework = make_framework({"a": (1, [indicator("x"), indicator("y")]), "b": (1, [indicator("z")])})
    rng = np.random.default_rng(3)
    values = {f"9901{n:02d}": {"x": float(rng.uniform(0, 100)), "y": float(rng.uniform(0, 100)),
                               "z": float(rng.uniform(0, 100))} for n in range(12)}
    return framework, score(framework, raw_values(values))


def test_one_indicator_nothing_can_reorder_so_every_index_is_zero():
    # A single indicator: every normalization is increasing in x and one mean of one value is that value,
    # so every run gives the nominal ranking: no variance to apportion, and each district keeps its rank.
    framework = make_framework({"a": (1, [indicator("x")])})
    result = score(framework, raw_values({"1": {"x": 10}, "2": {"x": 40}, "3": {"x": 70}}))

    found = rank_uncertainty(framework, result, period="2025Q4", samples=16)

    assert (found.indices[["S1", "ST"]] == 0).all().all()
    assert found.runs == 16 * 6 and found.mean_shift == 0
    assert found.ranks["sentence"].tolist() == [f"在各种合理的权重和方法下都排第 {r} 名" for r in (1, 2, 3)]


def test_a_source_without_effect_gets_exactly_zero(mixed):
    framework, result = mixed

    # No value is missing, so imputation on or off scores the same: Saltelli's estimators give exactly 0.
    found = rank_uncertainty(framework, result, period="2025Q4", samples=64, spread=0.25)
    by_source = found.indices.set_index("source")

    assert by_source.loc["imputation", "S1"] == 0 and by_source.loc["imputation", "ST"] == 0
    assert by_source["ST"].drop("imputation").gt(0).any()
    assert (by_source["ST_conf"] >= 0).all()


def test_weights_fixed_have_no_effect(mixed):
    framework, result = mixed

    found = rank_uncertainty(framework, result, period="2025Q4", samples=64, spread=0.0)

    assert found.indices.set_index("source").loc["weights", "ST"] == 0


def test_rank_intervals_contain_the_nominal_rank_and_repeat_with_the_seed(mixed):
    framework, result = mixed

    first = rank_uncertainty(framework, result, period="2025Q4", samples=32, seed=7)
    again = rank_uncertainty(framework, result, period="2025Q4", samples=32, seed=7)

    ranks = first.ranks
    assert ((ranks["rank_low"] <= ranks["rank"]) & (ranks["rank"] <= ranks["rank_high"])).all()
    assert ranks["rank"].tolist() == sorted(ranks["rank"])
    assert first.indices.equals(again.indices) and first.ranks.equals(again.ranks)
    # The default seed 0 repeats too, bootstrap intervals included.
    default = [rank_uncertainty(framework, result, period="2025Q4", samples=32) for _ in range(2)]
    assert default[0].indices.equals(default[1].indices)


def test_rank_sentence_narrow_and_wide():
    # 20 districts ranked: narrow means at most max(2, 5 % of 20 = 1) = 2 places between the ends.
    assert rank_sentence(4, 4, 4, 20) == "在各种合理的权重和方法下都排第 4 名"
    assert rank_sentence(4, 3, 5, 20) == "在合理的权重和方法下稳定在第 3–5 名"
    assert rank_sentence(4, 2, 9, 20) == "排名受权重和方法选择影响较大:可能在第 2–9 名之间,目前为第 4 名"
    # 3,000 districts: up to 5 % = 150 places is narrow; 200 is not.
    assert rank_sentence(500, 450, 600, 3000) == "在合理的权重和方法下稳定在第 450–600 名"
    assert rank_sentence(500, 400, 600, 3000).startswith("排名受权重和方法选择影响较大")


def test_bad_arguments_refused(mixed):
    framework, result = mixed
    with pytest.raises(ValueError, match="2 的幂"):
        rank_uncertainty(framework, result, period="2025Q4", samples=100)
    with pytest.raises(ValueError, match="不足两个"):
        rank_uncertainty(framework, result, period="2024Q1")
