"""Raw indicator values (one row per region, period and indicator) laid out as a regions × indicators matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from govdash.core.periods import period_sort_key

RAW_REQUIRED = ("region_code", "period", "indicator_code", "value")


@dataclass(frozen=True)
class Grid:
    """Rows are (region, period) pairs sorted by period then region code; columns are the framework's indicators.

    Attributes:
        region_codes: region of each row.
        periods: period of each row.
        period_ids: an integer per period, in period order (rows of one period share it).
        values: raw values, NaN where the input has none.
        raw: the input rows that were used, with ``row`` and ``col``: their place in ``values``.
    """

    region_codes: np.ndarray
    periods: np.ndarray
    period_ids: np.ndarray
    values: np.ndarray
    raw: pd.DataFrame


def build_grid(raw: pd.DataFrame, indicator_codes: Sequence[str]) -> Grid:
    """Place raw values in the matrix; rows for indicators outside the framework are ignored.

    Raises:
        ValueError: a required column is missing, or a region has two values for one indicator in one period.
    """
    absent = [c for c in RAW_REQUIRED if c not in raw.columns]
    if absent:
        raise ValueError(f"原始指标值缺少列:{', '.join(absent)}")
    # Factorize first and look up only the distinct labels: indexing 100,000 strings directly is slow.
    col = _positions(raw["indicator_code"], list(indicator_codes))
    used = raw.loc[col >= 0].reset_index(drop=True) if (col < 0).any() else raw.reset_index(drop=True)
    col = col[col >= 0]
    region_id, regions = pd.factorize(used["region_code"].astype(str), sort=True)
    period_found = [str(p) for p in pd.unique(used["period"])]
    period_labels = sorted(period_found, key=period_sort_key)
    period_id = _positions(used["period"], period_labels)
    pair, row = np.unique(period_id.astype(np.int64) * max(len(regions), 1) + region_id, return_inverse=True)
    row = row.ravel()
    _refuse_duplicates(used, row * len(indicator_codes) + col)
    values = np.full((len(pair), len(indicator_codes)), np.nan)
    values[row, col] = pd.to_numeric(used["value"], errors="coerce").to_numpy(dtype=float)
    pair_period = pair // max(len(regions), 1)
    return Grid(
        region_codes=np.asarray(regions, dtype=object)[pair % max(len(regions), 1)],
        periods=np.asarray(period_labels, dtype=object)[pair_period],
        period_ids=pair_period,
        values=values,
        raw=used.assign(row=row, col=col),
    )


def _positions(labels: pd.Series, order: Sequence[str]) -> np.ndarray:
    """Position of each label in ``order`` (−1 when absent)."""
    codes, uniques = pd.factorize(labels)
    lookup = {label: n for n, label in enumerate(order)}
    mapped = np.array([lookup.get(str(u), -1) for u in uniques] + [-1], dtype=np.intp)
    return mapped[codes]  # a missing label (code −1) picks the trailing −1


def _refuse_duplicates(used: pd.DataFrame, cells: np.ndarray) -> None:
    unique_cells, counts = np.unique(cells, return_counts=True)
    if (counts > 1).any():
        first = used.loc[cells == unique_cells[counts > 1][0]].iloc[0]
        raise ValueError(
            f"区县 {first['region_code']} 在 {first['period']} 期的指标 {first['indicator_code']} 有多个数值")
