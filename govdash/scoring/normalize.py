"""Normalization: raw indicator values to 0–100 scores (DOMAIN.md §3.2).

Every primitive keeps a missing value (NaN) missing, never turns it into 0, and clips its result to [0, 100].
Matrices are regions × indicators; ``minmax`` and ``zscore`` look across the regions given (one period's).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from govdash.frameworks.schema import Framework
from govdash.scoring.rules import r_best_share, r_rank_points, r_target

#: Where a relative method puts every region when they all have the same value: nothing to tell them apart,
#: so the indicator neither lifts nor sinks anyone.
NO_SPREAD_SCORE = 50.0

LOG_NOTE = "数值 ≤ 0,无法取对数,按缺失处理"


def t_log10(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Take log10 of raw values; a value ≤ 0 has no logarithm and becomes missing.

    Returns:
        The transformed values, and a boolean mask of the values that were present but dropped.
    """
    x = np.asarray(x, dtype=float)
    dropped = x <= 0  # NaN compares False, so only present values are reported as dropped
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(dropped, np.nan, np.log10(np.where(dropped, 1.0, x)))
    return out, dropped


def n_goalpost(x: np.ndarray, lo: np.ndarray | float, hi: np.ndarray | float,
               negative: np.ndarray | bool = False) -> np.ndarray:
    """Score against fixed goalposts: ``100·(x − lo)/(hi − lo)``, or ``100·(hi − x)/(hi − lo)`` when lower is better.

    Args:
        x: raw values (any shape; NaN stays NaN).
        lo: the value scoring 0 (100 when lower is better), broadcast against ``x``.
        hi: the value scoring 100 (0 when lower is better); ``hi > lo`` is checked when the framework loads.
        negative: True where lower values are better.
    """
    x = np.asarray(x, dtype=float)
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    gained = np.where(negative, hi - x, x - lo)
    return np.clip(100.0 * gained / (hi - lo), 0.0, 100.0)


def n_minmax(x: np.ndarray, negative: np.ndarray | bool = False, axis: int = 0) -> np.ndarray:
    """Score relative to the best and worst region: ``100·(x − min)/(max − min)`` along ``axis``.

    Missing values are ignored when finding min and max. When every present value is equal the spread is zero and
    each present value scores ``NO_SPREAD_SCORE``.
    """
    x = np.asarray(x, dtype=float)
    present = ~np.isnan(x)
    lo = np.min(np.where(present, x, np.inf), axis=axis, keepdims=True)
    hi = np.max(np.where(present, x, -np.inf), axis=axis, keepdims=True)
    spread = hi - lo
    flat = ~(spread > 0)  # also true for a column with no values (inf − inf)
    gained = np.where(negative, hi - x, x - lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * gained / np.where(flat, 1.0, spread)
    return np.where(present, np.where(flat, NO_SPREAD_SCORE, np.clip(out, 0.0, 100.0)), np.nan)


def n_zscore(x: np.ndarray, negative: np.ndarray | bool = False, axis: int = 0) -> np.ndarray:
    """Score by standard deviations from the mean: ``50 + 10·z`` (``50 − 10·z`` when lower is better), clipped.

    Mean and population standard deviation are taken over the present values along ``axis``; with no spread
    every present value scores ``NO_SPREAD_SCORE``.
    """
    x = np.asarray(x, dtype=float)
    present = ~np.isnan(x)
    count = present.sum(axis=axis, keepdims=True)
    safe_count = np.maximum(count, 1)
    mean = np.where(present, x, 0.0).sum(axis=axis, keepdims=True) / safe_count
    var = (np.where(present, x - mean, 0.0) ** 2).sum(axis=axis, keepdims=True) / safe_count
    sd = np.sqrt(var)
    flat = ~(sd > 1e-12 * np.maximum(np.abs(mean), 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (x - mean) / np.where(flat, 1.0, sd)
    out = 50.0 + 10.0 * np.where(negative, -z, z)
    return np.where(present, np.where(flat, NO_SPREAD_SCORE, np.clip(out, 0.0, 100.0)), np.nan)


@dataclass(frozen=True)
class NormSpec:
    """Each indicator's normalization, as arrays over the indicators in file order."""

    method: np.ndarray
    negative: np.ndarray
    log10: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    target: np.ndarray
    points: tuple[tuple[float, ...], ...] = ()
    points_step: tuple[float | None, ...] = ()

    @classmethod
    def of(cls, framework: Framework) -> NormSpec:
        """Read the normalization settings of every indicator of a framework."""
        inds = [i for _d, i in framework.indicators]
        return cls(
            method=np.array([i.normalization for i in inds]),
            negative=np.array([i.direction == "negative" for i in inds]),
            log10=np.array([i.transform == "log10" for i in inds]),
            lo=np.array([np.nan if i.lo is None else i.lo for i in inds], dtype=float),
            hi=np.array([np.nan if i.hi is None else i.hi for i in inds], dtype=float),
            target=np.array([np.nan if i.target is None else i.target for i in inds], dtype=float),
            points=tuple(i.points for i in inds),
            points_step=tuple(i.points_step for i in inds),
        )


def normalize_matrix(raw: np.ndarray, groups: np.ndarray, spec: NormSpec) -> tuple[np.ndarray, np.ndarray]:
    """Normalize a regions × indicators matrix, relative methods within each group of rows (a period).

    Goalposts for a log10 indicator are in log10 units (``lo = 3`` means 1,000).

    Returns:
        The 0–100 matrix (NaN where missing), and the mask of values dropped by the log transform.
    """
    values, dropped = raw.astype(float), np.zeros(raw.shape, dtype=bool)
    if spec.log10.any():
        logged, dropped_cols = t_log10(values[:, spec.log10])
        values[:, spec.log10] = logged
        dropped[:, spec.log10] = dropped_cols
    out = np.full(values.shape, np.nan)
    goal = spec.method == "goalpost"
    out[:, goal] = n_goalpost(values[:, goal], spec.lo[goal], spec.hi[goal], spec.negative[goal])
    for method, func in (("minmax", n_minmax), ("zscore", n_zscore)):
        cols = spec.method == method
        if not cols.any():
            continue
        for group in np.unique(groups):
            rows = groups == group
            out[np.ix_(rows, cols)] = func(values[np.ix_(rows, cols)], spec.negative[cols], axis=0)
    _apply_rules(values, groups, spec, out)
    return out, dropped


def _apply_rules(values: np.ndarray, groups: np.ndarray, spec: NormSpec, out: np.ndarray) -> None:
    """Score the columns using a rule of ``scoring.rules`` (目标值, 名次计分, 第一名满分) into ``out``."""
    for col in np.flatnonzero(np.isin(spec.method, ("target", "rank_points", "best_share"))):
        method, negative = spec.method[col], bool(spec.negative[col])
        if method == "target":
            out[:, col] = r_target(values[:, col], float(spec.target[col]), negative)
            continue
        for group in np.unique(groups):
            rows = groups == group
            if method == "rank_points":
                out[rows, col] = r_rank_points(values[rows, col], spec.points[col], spec.points_step[col], negative)
            else:
                out[rows, col] = r_best_share(values[rows, col], negative)
