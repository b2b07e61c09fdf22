"""Uncertainty of the ranking by source, with Sobol sensitivity indices (SALib), as COINr's ``get_sensitivity``.

Four sources of uncertainty, each one input group of the Sobol design:
- 权重: every dimension and indicator weight multiplied by its own factor in [1 − spread, 1 + spread];
- 归一化: the file's normalization, min–max or z-score for every indicator (one third of the range each);
- 汇总方法: arithmetic or geometric mean (half the range each);
- 缺失值估算: the file's imputation or none (a file that does not impute: the period mean, or none).
The output of a run is the mean absolute change of rank of the districts against the nominal ranking. Saltelli's
scheme (Sobol' sequence, ``samples`` base points) gives each source's first-order index S1 (the share of that
variance it explains alone) and total index ST (alone and in interaction), with bootstrap 95 % intervals.

The same runs give each district's 5–95 % rank interval and one sentence about it. Vectorized as in
``rank_sensitivity``: the indicator matrices of the six normalization × imputation choices are prepared once,
and every run is one column of the matrix products.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from govdash.frameworks.schema import Framework
from govdash.scoring.engine import ScoreResult
from govdash.scoring.grid import build_grid
from govdash.scoring.layout import Layout, build_layout
from govdash.scoring.rank import rank_rows
from govdash.scoring.sensitivity import _overall_scores
from govdash.scoring.stages import prepare_values

SOURCES = {"weights": "权重", "normalization": "归一化方法", "aggregation": "汇总方法", "imputation": "缺失值估算"}
RULES = ("arithmetic", "geometric")


@dataclass(frozen=True, eq=False)
class Uncertainty:
    """The result of ``rank_uncertainty``.

    Attributes:
        indices: one row per source: source, label, S1, S1_conf, ST, ST_conf (95 % half-widths).
        ranks: one row per district ranked, best first: region_code, rank, median_rank, rank_low, rank_high,
            sentence.
        runs: the number of scored runs (``samples × 6``).
        mean_shift: the mean over runs of the districts' mean absolute rank change.
    """

    indices: pd.DataFrame
    ranks: pd.DataFrame
    runs: int
    mean_shift: float


def rank_uncertainty(framework: Framework, result: ScoreResult, *, period: str, samples: int = 128,
                     spread: float = 0.25, seed: int = 0,
                     region_groups: Mapping[str, str | None] | None = None) -> Uncertainty:
    """Sobol indices of the ranking's uncertainty by source, and each district's rank interval, for one period.

    Args:
        framework: the framework the result was scored against.
        result: a ``score`` result covering ``period``; its observed raw values are scored again.
        period: the period to analyse.
        samples: Saltelli base samples (a power of two; the runs are six times as many).
        spread: relative half-width of the weight factors (0.25 = ±25 %).
        seed: seed of the Sobol' scrambling and the bootstrap (same seed, same answer).
        region_groups: parent regions, when the file imputes by ``group_mean``.

    Raises:
        ValueError: fewer than two districts ranked, or bad ``samples`` or ``spread``.
    """
    if samples < 2 or samples & (samples - 1):
        raise ValueError("Sobol 基础样本数须为 2 的幂(如 64、128、256)")
    if not 0 <= spread < 1:
        raise ValueError("权重扰动幅度须在 0 与 1 之间")
    layout = build_layout(framework, aggregation=result.aggregation, weights=result.weights)
    overall = result.overall[(result.overall["period"] == period) & result.overall["rank"].notna()]
    overall = overall.sort_values(["rank", "region_code"])
    if len(overall) < 2:
        raise ValueError(f"{period} 期已排名的区县不足两个,无法分析排名不确定性")
    regions = overall["region_code"].astype(str).to_numpy()
    matrices = _variant_matrices(framework, result, layout, period, regions, region_groups)
    problem = _problem(layout)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns about sample sizes it does not prefer; ours are powers of 2
        design = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    ranks = _run_ranks(design, matrices, layout, spread)
    nominal = overall["rank"].to_numpy(dtype=int)
    shift = np.abs(ranks - nominal).mean(axis=1)
    return Uncertainty(indices=_indices(problem, shift, seed), ranks=_rank_table(regions, nominal, ranks),
                       runs=len(design), mean_shift=float(shift.mean()))


def _variant_matrices(framework: Framework, result: ScoreResult, layout: Layout, period: str,
                      regions: np.ndarray, region_groups: Mapping[str, str | None] | None) -> dict:
    """Return the normalized matrices (regions × indicators) of each (normalization, imputation) choice."""
    rows = result.indicators[result.indicators["period"] == period]
    observed = rows["raw"].notna()
    if "imputed" in rows.columns:
        observed &= ~rows["imputed"].astype(bool)
    raw = rows.loc[observed, ["region_code", "period", "indicator_code", "raw"]].rename(columns={"raw": "value"})
    grid = build_grid(raw, layout.indicator_codes)
    order = pd.Index(grid.region_codes.astype(str)).get_indexer(regions)
    imputation = framework.method.imputation.method
    on = imputation if imputation != "none" else "mean"
    out = {}
    for n, norm in enumerate((None, "minmax", "zscore")):
        for imputed, method in ((False, "none"), (True, on)):
            prepared = prepare_values(framework, grid, layout, imputation=method, normalization=norm,
                                      region_groups=region_groups)
            out[(n, imputed)] = prepared.normalized[order]
    return out


def _problem(layout: Layout) -> dict:
    """Every input on [0, 1] (SALib refuses an empty range, as ±0 % would give): runs map them to choices."""
    weights = [f"w:{c}" for c in (*layout.dimension_codes, *layout.indicator_codes)]
    return {
        "num_vars": len(weights) + 3,
        "names": [*weights, "normalization", "aggregation", "imputation"],
        "groups": ["weights"] * len(weights) + ["normalization", "aggregation", "imputation"],
        "bounds": [[0.0, 1.0]] * (len(weights) + 3),
    }


def _run_ranks(design: np.ndarray, matrices: dict, layout: Layout, spread: float) -> np.ndarray:
    """Ranks (runs × regions): each run picks its weights, normalization, rule and imputation from its row."""
    n_dims, n_inds = len(layout.dimension_codes), len(layout.indicator_codes)
    factors = 1 - spread + 2 * spread * design[:, :n_dims + n_inds]
    dim_w = layout.dimension_weights * factors[:, :n_dims]
    ind_w = layout.indicator_weights * factors[:, n_dims:]
    norm = np.minimum((design[:, -3] * 3).astype(int), 2)
    rule = (design[:, -2] >= 0.5).astype(int)
    imputed = design[:, -1] >= 0.5
    n_regions = next(iter(matrices.values())).shape[0]
    scores = np.empty((n_regions, len(design)))
    for (n, imp), matrix in matrices.items():
        for r, name in enumerate(RULES):
            pick = np.flatnonzero((norm == n) & (imputed == imp) & (rule == r))
            if len(pick):
                scores[:, pick] = _overall_scores(matrix, layout, ind_w[pick], dim_w[pick], name)
    return rank_rows(scores.T)


def _indices(problem: dict, shift: np.ndarray, seed: int) -> pd.DataFrame:
    """S1 and ST per source; all 0 when no run moves any district (nothing to apportion)."""
    names = list(SOURCES)
    if not np.var(shift) > 0:
        zeros = np.zeros(len(names))
        return pd.DataFrame({"source": names, "label": list(SOURCES.values()), "S1": zeros, "S1_conf": zeros,
                             "ST": zeros, "ST_conf": zeros})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # SALib seeds the bootstrap only when ``seed`` is truthy: 0 would leave the intervals random.
        si = sobol_analyze.analyze(problem, shift, calc_second_order=False, num_resamples=200, seed=seed + 1)
    found = {name: n for n, name in enumerate(si["names"] if "names" in si else names)}
    take = [found[name] for name in names]
    return pd.DataFrame({
        "source": names, "label": list(SOURCES.values()),
        "S1": np.asarray(si["S1"])[take], "S1_conf": np.asarray(si["S1_conf"])[take],
        "ST": np.asarray(si["ST"])[take], "ST_conf": np.asarray(si["ST_conf"])[take],
    })


def _rank_table(regions: np.ndarray, nominal: np.ndarray, ranks: np.ndarray) -> pd.DataFrame:
    low = np.minimum(np.percentile(ranks, 5, axis=0, method="lower"), nominal).astype(int)
    high = np.maximum(np.percentile(ranks, 95, axis=0, method="higher"), nominal).astype(int)
    return pd.DataFrame({
        "region_code": regions, "rank": nominal, "median_rank": np.median(ranks, axis=0),
        "rank_low": low, "rank_high": high,
        "sentence": [rank_sentence(r, lo, hi, len(regions)) for r, lo, hi in zip(nominal, low, high, strict=True)],
    })


def rank_sentence(rank: int, low: int, high: int, ranked: int) -> str:
    """One plain sentence about a district's rank interval.

    Narrow means at most ``max(2, 5 % of the districts ranked)`` places between the ends: "稳定在第 3–5 名".
    A wider interval says the rank depends on the choices made, and gives the current rank.
    """
    if low == high:
        return f"在各种合理的权重和方法下都排第 {rank} 名"
    if high - low <= max(2, round(0.05 * ranked)):
        return f"在合理的权重和方法下稳定在第 {low}–{high} 名"
    return f"排名受权重和方法选择影响较大:可能在第 {low}–{high} 名之间,目前为第 {rank} 名"
