"""Bands (grades, health levels) and weak spots (DOMAIN.md §3.5, §2B).

Cut-offs are on the 0–100 score. A score exactly at a cut-off belongs to the higher band. Scores are compared as
they are shown, rounded to ``DISPLAY_DECIMALS`` places: 79.96 is shown as 80.0, so it is graded 高 (cut-off 80),
never 中 beside an "80.0"; and 89.99999999999999, the float a weighted mean can give for 90, is graded as 90.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from govdash.frameworks.schema import Band

#: Float noise below this many decimals is not a difference (ranks compare scores at this precision).
SCORE_DECIMALS = 9
#: The decimals a score is shown with (``govdash.domain.format.score``): grades and weak spots use the same rounding.
DISPLAY_DECIMALS = 1


def shown_scores(scores: np.ndarray) -> np.ndarray:
    """Round scores exactly as their display does (Python's ``f"{x:.1f}"``), NaN kept."""
    values = np.asarray(scores, dtype=float)
    flat = [float(f"{v:.{DISPLAY_DECIMALS}f}") if v == v else np.nan for v in values.ravel().tolist()]
    return np.array(flat, dtype=float).reshape(values.shape)


def assign_bands(scores: np.ndarray, bands: Sequence[Band]) -> tuple[np.ndarray, np.ndarray]:
    """Give each score its band label and colour (None where the score is missing).

    Args:
        scores: 0–100 scores, NaN where not computed.
        bands: the framework's bands in any order; the lowest cut-off is 0.
    """
    ordered = sorted(bands, key=lambda b: b.min)
    cutoffs = np.array([b.min for b in ordered])
    labels = np.array([b.label for b in ordered] + [None], dtype=object)
    colors = np.array([b.color for b in ordered] + [None], dtype=object)
    rounded = shown_scores(scores)
    index = np.searchsorted(cutoffs, rounded, side="right") - 1
    # Missing scores, and any below the lowest cut-off, point at the trailing None.
    index = np.where(np.isnan(rounded) | (index < 0), len(ordered), index)
    return labels[index], colors[index]


def weak_spots(dimension_scores: np.ndarray, threshold: float | None) -> np.ndarray:
    """Flag dimension scores strictly below the threshold as shown (never a missing one; nothing without a rule)."""
    scores = shown_scores(dimension_scores)
    if threshold is None:
        return np.zeros(scores.shape, dtype=bool)
    return ~np.isnan(scores) & (scores < threshold)


def worst_indicators(normalized: np.ndarray, shares: np.ndarray, dim_of: np.ndarray, n_dims: int) -> np.ndarray:
    """For each row and dimension, the column of the indicator pulling the dimension down most.

    The pull of an indicator is its weight share × (100 − its score): the points it keeps the dimension from.
    Missing indicators pull nothing; ties go to the first in file order.

    Args:
        normalized: regions × indicators, 0–100 with NaN.
        shares: each indicator's nominal weight share within its dimension (shape I).
        dim_of: each indicator's dimension index (shape I).
        n_dims: number of dimensions.

    Returns:
        Integer indicator columns (regions × dimensions), −1 where the dimension has no indicator present.
    """
    pull = np.where(np.isnan(normalized), -np.inf, shares * (100.0 - normalized))
    out = np.full((normalized.shape[0], n_dims), -1, dtype=np.intp)
    for d in range(n_dims):
        cols = np.flatnonzero(dim_of == d)
        sub = pull[:, cols]
        best = np.argmax(sub, axis=1)
        has_any = np.isfinite(sub).any(axis=1)
        out[:, d] = np.where(has_any, cols[best], -1)
    return out
