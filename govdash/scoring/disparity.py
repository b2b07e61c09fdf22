"""Regional difference: how far apart the districts' index scores lie in a period, and how that moves.

Four measures, each of one period's scores (missing scores — 数据不足 — are left out, never read as zero):

- 极差 ``d_range``: max − min, in points;
- 变异系数 ``d_cv``: population standard deviation / mean (``ddof=0``: the districts are the whole population,
  not a sample of it);
- 泰尔指数 ``d_theil``: T = (1/n) Σ (xᵢ/μ) ln(xᵢ/μ), with 0 · ln 0 = 0; 0 when all are equal, ln n at most;
- 基尼系数 ``d_gini``: G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ); 0 when all are equal, (n − 1)/n at most.

CV, Theil and Gini do not change when every score is multiplied by the same factor; they need a positive mean
and non-negative scores (index scores are 0–100), and are NaN with fewer than two scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

MEASURES: Final = {"range": "极差", "cv": "变异系数", "theil": "泰尔指数", "gini": "基尼系数"}
COLUMNS: Final = ("period", "districts", "mean", "max", "min", "max_region", "min_region", *MEASURES)


def _valid(values: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    """Return the finite values as floats; a negative one is an error (the shares would mean nothing)."""
    array = np.asarray(values, dtype=float)
    array = array[np.isfinite(array)]
    if (array < 0).any():
        raise ValueError("区域差异只适用于非负的得分")
    return array


def d_range(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Return max − min of the finite values (NaN with fewer than two)."""
    x = _valid(values)
    return float(x.max() - x.min()) if len(x) >= 2 else float("nan")


def d_cv(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Return the coefficient of variation, population standard deviation over the mean (NaN: < 2 or mean 0)."""
    x = _valid(values)
    if len(x) < 2 or x.mean() == 0:
        return float("nan")
    return float(x.std(ddof=0) / x.mean())


def d_theil(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Return Theil's T index of the finite values (NaN: fewer than two, or a zero mean)."""
    x = _valid(values)
    if len(x) < 2 or x.mean() == 0:
        return float("nan")
    share = x / x.mean()
    terms = np.zeros_like(share)
    positive = share > 0
    terms[positive] = share[positive] * np.log(share[positive])
    return float(terms.mean())


def d_gini(values: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Return the Gini coefficient (mean absolute difference over twice the mean; NaN: < 2 or a zero mean).

    Computed from the sorted values, Σᵢ (2i − n − 1) x₍ᵢ₎ / (n² μ), which equals the pairwise definition
    without forming the n × n differences.
    """
    x = np.sort(_valid(values))
    n = len(x)
    if n < 2 or x.mean() == 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float(((2 * ranks - n - 1) * x).sum() / (n * n * x.mean()))


def regional_disparity(overall: pd.DataFrame, periods: Sequence[str] | None = None) -> pd.DataFrame:
    """Return one row per period: districts scored, mean, max, min (and who), range, CV, Theil and Gini.

    Args:
        overall: ``ScoreResult.overall`` (region_code, period, score; region_name when present).
        periods: the periods wanted, in the order to return them; None keeps the frame's periods as sorted.
    """
    rows = []
    names = overall["region_name"] if "region_name" in overall else overall["region_code"]
    frame = overall.assign(_name=names)
    wanted = list(periods) if periods is not None else sorted(frame["period"].unique())
    for period in wanted:
        scored = frame[(frame["period"] == period) & frame["score"].notna()]
        if scored.empty:
            continue
        scores = scored["score"].to_numpy(dtype=float)
        who = scored["_name"].to_numpy()
        top, bottom = who[int(np.argmax(scores))], who[int(np.argmin(scores))]
        rows.append({"period": period, "districts": len(scores), "mean": float(scores.mean()),
                     "max": float(scores.max()), "min": float(scores.min()), "max_region": str(top),
                     "min_region": str(bottom), "range": d_range(scores), "cv": d_cv(scores),
                     "theil": d_theil(scores), "gini": d_gini(scores)})
    return pd.DataFrame(rows, columns=list(COLUMNS))
