"""Screening: which districts and dimensions have enough observed data to be scored (COINr's ``Screen``).

Counts observed values before any imputation, so an imputed value never lets a district through.
"""

from __future__ import annotations

import numpy as np

from govdash.frameworks.method import Screening
from govdash.scoring.layout import Layout

NOTE_SCREENED = "观测数据覆盖率低于框架规定的下限,未评分(已筛除)"


def region_coverage(observed: np.ndarray) -> np.ndarray:
    """Share of the indicators each row (district and period) has an observed value for."""
    return np.asarray(observed, dtype=float).mean(axis=1) if observed.shape[1] else np.ones(observed.shape[0])


def dimension_coverage(observed: np.ndarray, layout: Layout) -> np.ndarray:
    """Share of each dimension's indicators observed, per row (rows × dimensions); weights play no part."""
    membership = layout.membership
    return (np.asarray(observed, dtype=float) @ membership) / membership.sum(axis=0)


def screen(observed: np.ndarray, layout: Layout, rule: Screening) -> np.ndarray:
    """Return rows × dimensions: True where the district passes both screens and the dimension its own.

    A district below ``min_region_coverage`` fails in every dimension; a dimension below
    ``min_dimension_coverage`` fails alone. Shares exactly at the limit pass.
    """
    tolerance = 1e-9  # shares are ratios of small counts: 2/3 must pass a limit written 0.6667 only if above
    region_ok = region_coverage(observed) >= rule.min_region_coverage - tolerance
    dim_ok = dimension_coverage(observed, layout) >= rule.min_dimension_coverage - tolerance
    return region_ok[:, None] & dim_ok
