"""The three tables of a ``ScoreResult``, built from the engine's arrays (one vectorized pass each).

Text columns of the two long tables are kept as object dtype: converting 120,000 repeated codes to pandas'
string dtype costs more than the whole scoring computation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.grid import Grid
from govdash.scoring.impute import IMPUTATION_NOTES
from govdash.scoring.layout import Layout
from govdash.scoring.normalize import LOG_NOTE
from govdash.scoring.screen import NOTE_SCREENED

STATUS_COMPLETE = "完整"
STATUS_ESTIMATED = "缺失/估算"
STATUS_INSUFFICIENT = "数据不足"

NOTE_MISSING_RESCALED = "无数据,权重已在维度内重新分配"
NOTE_MISSING = "无数据"


def _cells(grid: Grid, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Region code and period repeated for each of ``width`` cells per row."""
    return np.repeat(grid.region_codes, width), np.repeat(grid.periods, width)


def _provenance(grid: Grid, n_cols: int) -> dict[str, np.ndarray]:
    """Carry record counts, batch ids and notes from the raw rows to their cells (None where absent)."""
    size = len(grid.region_codes) * n_cols
    flat = grid.raw["row"].to_numpy() * n_cols + grid.raw["col"].to_numpy()
    out: dict[str, Any] = {}
    for name in ("batch_ids", "note"):
        column = np.full(size, None, dtype=object)
        if name in grid.raw.columns:
            column[flat] = grid.raw[name].to_numpy(dtype=object)
        out[name] = pd.Series(column, dtype=object)
    counts = np.zeros(size, dtype=np.int64)
    known = np.zeros(size, dtype=bool)
    if "record_count" in grid.raw.columns:
        given = pd.to_numeric(grid.raw["record_count"], errors="coerce").to_numpy(dtype=float)
        counts[flat] = np.nan_to_num(given).astype(np.int64)
        known[flat] = ~np.isnan(given)
    out["record_count"] = pd.arrays.IntegerArray(counts, ~known)
    return out


def _text(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object)


def indicator_frame(framework: Framework, layout: Layout, grid: Grid, *, normalized: np.ndarray,
                    dropped: np.ndarray, imputed: np.ndarray, treated: np.ndarray, passes: np.ndarray,
                    imputation: str, effective_weight: np.ndarray, contribution: np.ndarray,
                    index_contribution: np.ndarray, dim_scored: np.ndarray) -> pd.DataFrame:
    """One row per region, period and indicator, in file order, with its provenance and method marks."""
    n_rows, n_cols = normalized.shape
    region, period = _cells(grid, n_cols)
    indicators = [i for _d, i in framework.indicators]
    missing = np.isnan(normalized)
    rescaled = dim_scored[:, layout.dim_of]
    note = np.full(missing.shape, None, dtype=object)
    note[missing] = np.where(rescaled, NOTE_MISSING_RESCALED, NOTE_MISSING)[missing]
    note[dropped] = LOG_NOTE
    note[imputed] = IMPUTATION_NOTES.get(imputation)
    note[~passes[:, layout.dim_of]] = NOTE_SCREENED
    provenance = _provenance(grid, n_cols)
    return pd.DataFrame({
        "region_code": _text(region),
        "period": _text(period),
        "dimension": _text(np.tile(np.asarray(layout.dimension_codes, dtype=object)[layout.dim_of], n_rows)),
        "indicator_code": _text(np.tile(np.asarray(layout.indicator_codes, dtype=object), n_rows)),
        "raw": grid.values.ravel(),
        "normalized": normalized.ravel(),
        "weight": np.tile(layout.weight_shares(), n_rows),
        "effective_weight": effective_weight.ravel(),
        "contribution": contribution.ravel(),
        "index_contribution": index_contribution.ravel(),
        "missing": missing.ravel(),
        "imputed": imputed.ravel(),
        "treated": _text(treated.ravel()),
        "source": _text(np.tile(np.array([i.source for i in indicators], dtype=object), n_rows)),
        "metric": _text(np.tile(np.array([i.metric for i in indicators], dtype=object), n_rows)),
        "record_count": provenance["record_count"],
        "batch_ids": provenance["batch_ids"],
        "note": provenance["note"],
        "score_note": _text(note.ravel()),
    })


def dimension_frame(layout: Layout, grid: Grid, *, scores: np.ndarray, coverage: np.ndarray,
                    status: np.ndarray, weak: np.ndarray, worst: np.ndarray,
                    index_contribution: np.ndarray) -> pd.DataFrame:
    """One row per region, period and dimension, in file order."""
    n_rows, n_dims = scores.shape
    region, period = _cells(grid, n_dims)
    codes = np.asarray(layout.indicator_codes + (None,), dtype=object)
    weights = layout.dimension_weights
    return pd.DataFrame({
        "region_code": _text(region),
        "period": _text(period),
        "dimension": _text(np.tile(np.asarray(layout.dimension_codes, dtype=object), n_rows)),
        "score": scores.ravel(),
        "coverage": coverage.ravel(),
        "status": _text(status.ravel()),
        "weak_spot": weak.ravel(),
        # −1 (nothing present) picks the trailing None.
        "worst_indicator": _text(codes[worst.ravel()]),
        "weight": np.tile(weights / weights.sum(), n_rows),
        "index_contribution": index_contribution.ravel(),
    })


def overall_frame(layout: Layout, grid: Grid, *, overall: np.ndarray, band: np.ndarray, color: np.ndarray,
                  rank: np.ndarray, status: np.ndarray, weak: np.ndarray, missing: np.ndarray,
                  imputed: np.ndarray) -> pd.DataFrame:
    """One row per region and period; ``change`` and ``rank_change`` are added by ``rank.period_change``."""
    codes = np.asarray(layout.dimension_codes, dtype=object)
    ranked = pd.Series(~np.isnan(rank)).groupby(grid.period_ids).transform("sum").to_numpy()
    return pd.DataFrame({
        "region_code": grid.region_codes,
        "period": grid.periods,
        "score": overall,
        "band": band,
        "band_color": color,
        "rank": rank,
        "ranked_count": ranked.astype(int),
        "status": status,
        "weak_spots": [list(codes[row]) for row in weak],
        "missing_indicators": missing.astype(int),
        "imputed_indicators": imputed.astype(int),
    })
