"""Ranks among the regions of a period, and change against the previous period (DOMAIN.md §3.6).

Rank 1 is the best score. Ties share the best rank of the tie ("min" method: 1, 2, 2, 4). Scores are compared
after rounding to ``SCORE_DECIMALS`` places so that two regions with equal results computed in a different order
of floating-point operations tie.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.periods import previous_period
from govdash.scoring.bands import SCORE_DECIMALS


def rank_within(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Rank scores within each group (a period), best first; a missing score has no rank (NaN).

    Returns:
        Float ranks (NaN for missing scores).
    """
    rounded = pd.Series(np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS))
    return rounded.groupby(np.asarray(groups)).rank(method="min", ascending=False).to_numpy(dtype=float)


def rank_rows(scores: np.ndarray) -> np.ndarray:
    """Rank the columns of every row of a matrix at once (rows = simulation draws, columns = regions).

    Same rule as ``rank_within``: best first, ties share the best rank. Every value must be present.

    Returns:
        Integer ranks, same shape as ``scores``.
    """
    rounded = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    order = np.argsort(-rounded, axis=1, kind="stable")
    ordered = np.take_along_axis(rounded, order, axis=1)
    positions = np.broadcast_to(np.arange(1, rounded.shape[1] + 1), rounded.shape)
    starts_tie = np.ones(rounded.shape, dtype=bool)
    starts_tie[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    # Within a run of equal scores every member takes the position where the run starts.
    ranks_in_order = np.maximum.accumulate(np.where(starts_tie, positions, 0), axis=1)
    ranks = np.empty(rounded.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, ranks_in_order, axis=1)
    return ranks


def period_change(overall: pd.DataFrame) -> pd.DataFrame:
    """Add ``change`` (points) and ``rank_change`` (places, positive = moved up) against the previous period.

    Args:
        overall: one row per region and period with columns region_code, period, score, rank.

    Returns:
        A copy with the two columns; NaN where the region has no score in the previous period (or in this one).
    """
    out = overall.copy()
    if out.empty:
        return out.assign(change=pd.Series(dtype=float), rank_change=pd.Series(dtype=float))
    previous = {p: previous_period(p) for p in out["period"].unique()}
    earlier = out[["region_code", "period", "score", "rank"]].rename(
        columns={"period": "previous", "score": "previous_score", "rank": "previous_rank"})
    keyed = out.assign(previous=out["period"].map(previous))
    merged = keyed.merge(earlier, on=["region_code", "previous"], how="left")
    out["change"] = (merged["score"] - merged["previous_score"]).to_numpy()
    out["rank_change"] = (merged["previous_rank"] - merged["rank"]).to_numpy()
    return out
