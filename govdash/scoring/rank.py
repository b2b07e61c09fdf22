"""Ranks among the regions of a period, and change against the previous period (DOMAIN.md §3.6).

Rank 1 is the best score. Ties share the best rank of the tie ("min" method: 1, 2, 2, 4). Scores are compared
after rounding to ``SCORE_DECIMALS`` places so that two regions with equal results computed in a different order
of floating-point operations tie.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from govdash.core.periods import previous_available, previous_period
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


def comparison_periods(periods: list[str], scored: set[str], *, compare: str = "available",
                       chosen: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """Choose the period each period is compared with (较上期).

    Args:
        periods: the periods of the table.
        scored: those in which some region has a score (the available ones).
        compare: ``"available"``: the latest earlier period of the same granularity with scores (2025 against
            2023 when 2024 has none); ``"previous"``: always the period just before, with data or not.
        chosen: explicit comparisons by period, overriding the rule.
    """
    out: dict[str, str | None] = {}
    for period in periods:
        if chosen and period in chosen:
            out[period] = chosen[period]
        elif compare == "previous":
            out[period] = previous_period(period)
        else:
            out[period] = previous_available(period, scored)
    return out


def period_change(overall: pd.DataFrame, *, compare: str = "available",
                  chosen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Add ``change`` (points), ``rank_change`` (places, positive = moved up) and ``compared_with`` (the period).

    Args:
        overall: one row per region and period with columns region_code, period, score, rank.
        compare: how the comparison period is chosen (see ``comparison_periods``).
        chosen: explicit comparison periods by period.

    Returns:
        A copy with the three columns; NaN where the region has no score in the compared period (or in this one),
        ``compared_with`` None where no earlier period qualifies.
    """
    out = overall.copy()
    if out.empty:
        return out.assign(change=pd.Series(dtype=float), rank_change=pd.Series(dtype=float),
                          compared_with=pd.Series(dtype=object))
    scored = set(out.loc[out["score"].notna(), "period"])
    previous = comparison_periods(list(out["period"].unique()), scored, compare=compare, chosen=chosen)
    earlier = out[["region_code", "period", "score", "rank"]].rename(
        columns={"period": "previous", "score": "previous_score", "rank": "previous_rank"})
    keyed = out.assign(previous=out["period"].map(previous))
    merged = keyed.merge(earlier, on=["region_code", "previous"], how="left")
    out["change"] = (merged["score"] - merged["previous_score"]).to_numpy()
    out["rank_change"] = (merged["previous_rank"] - merged["rank"]).to_numpy()
    out["compared_with"] = pd.Series([previous[p] for p in out["period"]], index=out.index, dtype=object)
    return out
