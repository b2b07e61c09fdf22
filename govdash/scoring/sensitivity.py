"""Monte Carlo sensitivity of the ranking to the weights and the aggregation rule (DOMAIN.md §3.7).

Each draw multiplies every indicator weight and every dimension weight by its own factor drawn uniformly from
[1 − spread, 1 + spread] (the weights are then renormalized by the weighted means themselves), and picks an
aggregation rule at random among those allowed. Draw 0 is the nominal one: the weights and rule of the result.

Fully vectorized: per chunk of draws, one matrix product per dimension computes every region's dimension score
under every draw; there is no Python loop over draws or regions. Chunks bound the memory to about
``regions × chunk × 8`` bytes per array.

Only regions with a nominal score take part. Under a draw a dimension is the weighted mean of the indicators
present, whatever its coverage, so a region scored nominally stays scored in every draw.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.aggregate import GEOMETRIC_FLOOR
from govdash.scoring.engine import ScoreResult
from govdash.scoring.layout import AGGREGATIONS, Layout, build_layout
from govdash.scoring.rank import rank_rows

#: Budget for the largest intermediate array of a chunk (regions × draws × 8 bytes).
CHUNK_BYTES = 32 * 2**20


def rank_sensitivity(framework: Framework, result: ScoreResult, *, period: str, draws: int = 1000, seed: int = 0,
                     spread: float = 0.25, aggregations: Sequence[str] = AGGREGATIONS) -> pd.DataFrame:
    """Each region's rank across random weightings and aggregation rules, for one period.

    The interval reported is the 5th–95th percentile of the ranks over all draws (lower and higher integer
    percentiles), widened where necessary to include the nominal rank. The nominal weighting is draw 0, but a
    single draw can lie outside a 5–95 % range (a region ranked 1st nominally and 2nd–3rd in almost every other
    draw), so the widening is what guarantees that the interval contains the rank the dashboard shows.

    Args:
        framework: the framework the result was scored against.
        result: a ``score`` result covering ``period`` (its weights and rule are the nominal ones).
        period: the period to analyse.
        draws: number of draws, the nominal one included (≥ 1).
        seed: seed of the random generator (same seed, same answer).
        spread: relative half-width of the uniform weight perturbation (0.25 = ±25 %).
        aggregations: rules a draw may use.

    Returns:
        One row per scored region, best nominal rank first: region_code, period, score, rank, median_rank,
        rank_low, rank_high, draws.
    """
    if draws < 1:
        raise ValueError("模拟次数至少为 1")
    if not 0 <= spread < 1:
        raise ValueError("权重扰动幅度须在 0 与 1 之间")
    unknown = [a for a in aggregations if a not in AGGREGATIONS]
    if unknown or not aggregations:
        raise ValueError(f"未知的汇总方法:{unknown or '(空)'}")
    layout = build_layout(framework, aggregation=result.aggregation, weights=result.weights)
    overall = result.overall[(result.overall["period"] == period) & result.overall["rank"].notna()]
    overall = overall.sort_values(["rank", "region_code"])
    normalized = _normalized_matrix(result, layout, period, overall["region_code"])
    ranks = _simulated_ranks(normalized, layout, draws=draws, seed=seed, spread=spread, rules=aggregations)
    nominal = overall["rank"].to_numpy()
    low = np.minimum(np.percentile(ranks, 5, axis=0, method="lower"), nominal)
    high = np.maximum(np.percentile(ranks, 95, axis=0, method="higher"), nominal)
    return pd.DataFrame({
        "region_code": overall["region_code"].to_numpy(),
        "period": period,
        "score": overall["score"].to_numpy(),
        "rank": nominal.astype(int),
        "median_rank": np.median(ranks, axis=0),
        "rank_low": low.astype(int),
        "rank_high": high.astype(int),
        "draws": draws,
    })


def _normalized_matrix(result: ScoreResult, layout: Layout, period: str, regions: pd.Series) -> np.ndarray:
    """Return one period's normalized values as a regions × indicators matrix, rows in the order of ``regions``."""
    rows = result.indicators[result.indicators["period"] == period]
    table = rows.pivot(index="region_code", columns="indicator_code", values="normalized")
    return table.reindex(index=regions.to_numpy(), columns=list(layout.indicator_codes)).to_numpy(dtype=float)


def _simulated_ranks(normalized: np.ndarray, layout: Layout, *, draws: int, seed: int, spread: float,
                     rules: Sequence[str]) -> np.ndarray:
    """Ranks (draws × regions) under the nominal draw followed by ``draws − 1`` random ones."""
    rng = np.random.default_rng(seed)
    n_regions = normalized.shape[0]
    ind_w = np.tile(layout.indicator_weights, (draws, 1))
    dim_w = np.tile(layout.dimension_weights, (draws, 1))
    ind_w[1:] *= rng.uniform(1 - spread, 1 + spread, size=(draws - 1, ind_w.shape[1]))
    dim_w[1:] *= rng.uniform(1 - spread, 1 + spread, size=(draws - 1, dim_w.shape[1]))
    rule = np.asarray(rng.choice(list(rules), size=draws), dtype=object)
    rule[0] = layout.aggregation
    chunk = max(1, CHUNK_BYTES // (8 * max(n_regions, 1)))
    ranks = np.empty((draws, n_regions), dtype=np.int64)
    for start in range(0, draws, chunk):
        part = slice(start, min(start + chunk, draws))
        scores = np.empty((n_regions, part.stop - part.start))
        for name in set(rule[part]):
            pick = np.flatnonzero(rule[part] == name)
            scores[:, pick] = _overall_scores(normalized, layout, ind_w[part][pick], dim_w[part][pick], name)
        ranks[part] = rank_rows(scores.T)
    return ranks


def _overall_scores(normalized: np.ndarray, layout: Layout, ind_w: np.ndarray, dim_w: np.ndarray,
                    rule: str) -> np.ndarray:
    """Index of every region (rows) under every draw (columns) of one aggregation rule."""
    present = ~np.isnan(normalized)
    geometric = rule == "geometric"
    values = np.log(np.maximum(normalized, GEOMETRIC_FLOOR)) if geometric else normalized
    values = np.where(present, values, 0.0)
    total = np.zeros((normalized.shape[0], ind_w.shape[0]))
    for d in range(len(layout.dimension_codes)):
        cols = np.flatnonzero(layout.dim_of == d)
        weights = ind_w[:, cols].T
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = (values[:, cols] @ weights) / (present[:, cols].astype(float) @ weights)
        dim_score = np.exp(mean) if geometric else mean
        term = np.log(np.maximum(dim_score, GEOMETRIC_FLOOR)) if geometric else dim_score
        # A dimension weighted 0 may have no score at all; it must not turn the index into NaN.
        total += np.where(dim_w[:, d] > 0, dim_w[:, d] * np.nan_to_num(term), 0.0)
    total /= dim_w.sum(axis=1)
    return np.exp(total) if geometric else total
