"""``score()``: raw indicator values in, explainable scores out (DOMAIN.md §3).

Stages, each in its own module: lay the framework out (``layout``), place raw values (``grid``), normalize
(``normalize``), aggregate within and across dimensions (``aggregate``), grade and flag (``bands``), rank and
compare with the previous period (``rank``). ``frames`` turns the arrays into the three result tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.adjust import Adjusted, AdjustPlan, adjust_dimensions, adjust_index, cell_notes
from govdash.scoring.aggregate import aggregate, coverage, parts
from govdash.scoring.bands import assign_bands, weak_spots, worst_indicators
from govdash.scoring.frames import (
    STATUS_COMPLETE,
    STATUS_ESTIMATED,
    STATUS_INSUFFICIENT,
    dimension_frame,
    indicator_frame,
    overall_frame,
)
from govdash.scoring.grid import build_grid
from govdash.scoring.layout import Layout, build_layout
from govdash.scoring.rank import period_change, rank_within
from govdash.scoring.stages import prepare_values
from govdash.scoring.tiers import assign_classes

# Coverage is a ratio of float sums: exactly half the weight must count as half.
_TOLERANCE = 1e-9


@dataclass(frozen=True, eq=False)
class ScoreResult:
    """Scores of every region and period present in the raw values.

    Attributes:
        indicators: one row per region, period and indicator, missing ones included: region_code, period,
            dimension, indicator_code, raw, normalized (0–100, NaN if missing), weight (nominal share within the
            dimension), effective_weight (rescaled over the indicators present), contribution (points of the
            dimension score), index_contribution (points of the index), missing, imputed (the raw value is an
            estimate, 估算), treated (None, 缩尾 or 对数: outlier treatment), source, metric, record_count,
            batch_ids, note (来源说明), score_note (why a value is missing, estimated or left out).
        dimensions: one row per region, period and dimension: score (NaN when 数据不足), coverage, status,
            weak_spot, worst_indicator, weight (share of the index), index_contribution.
        overall: one row per region and period: score (after any 扣分项/加分项), band (a veto's band when one
            triggered), band_class (its rating class, None where the band has none or a veto set the band),
            band_color, rank, ranked_count (regions ranked in the period), status, weak_spots (dimension codes),
            missing_indicators, imputed_indicators, change, rank_change, veto (the reason when a 一票否决
            triggered, else None), compared_with (the period ``change`` is against).
        framework_code: the framework scored.
        aggregation: the rule used, "arithmetic" or "geometric".
        indicator_weights: the nominal indicator weights used (file values with any override applied).
        dimension_weights: the nominal dimension weights used.
    """

    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    overall: pd.DataFrame
    framework_code: str
    aggregation: str
    indicator_weights: Mapping[str, float] = field(default_factory=dict)
    dimension_weights: Mapping[str, float] = field(default_factory=dict)

    @property
    def weights(self) -> dict[str, float]:
        """All nominal weights used, keyed by dimension or indicator code (the form ``score`` accepts)."""
        return {**self.dimension_weights, **self.indicator_weights}


@dataclass(frozen=True)
class _Dimensions:
    scores: np.ndarray
    coverage: np.ndarray
    effective_weight: np.ndarray
    contribution: np.ndarray


def score(framework: Framework, raw: pd.DataFrame, *, aggregation: str | None = None,
          weights: Mapping[str, float] | None = None, compare_with: Mapping[str, str] | None = None,
          region_groups: Mapping[str, str | None] | None = None) -> ScoreResult:
    """Score every region and period in ``raw`` against a framework.

    Args:
        framework: the framework (weights, goalposts, bands, weak-spot rule).
        raw: one row per region_code, period, indicator_code with its value (``indicator_values``); optional
            provenance columns record_count, batch_ids, note are carried through. A missing value is an absent
            row (or NaN), never 0.
        aggregation: "arithmetic" or "geometric"; None uses the framework file's rule.
        weights: what-if overrides of dimension or indicator weights, keyed by code; the file is not touched.
        compare_with: the period each period's change is measured against, overriding the file's ``compare``
            rule (default: the latest earlier period of the same granularity that has scores).
        region_groups: each district's parent region code, for the file's ``group_mean`` imputation.

    Raises:
        ValueError: bad aggregation or weights, raw values lacking a column, or a value given twice.
    """
    layout = build_layout(framework, aggregation=aggregation, weights=weights)
    grid = build_grid(raw, layout.indicator_codes)
    observed = grid.values  # adjustments (扣分/加分/否决) read reported values, never estimates
    prepared = prepare_values(framework, grid, layout, region_groups=region_groups)
    normalized, dropped, imputed = prepared.normalized, prepared.dropped, prepared.imputed
    grid = replace(grid, values=prepared.filled)
    plan = AdjustPlan.of(framework)
    normalized[:, list(plan.columns)] = np.nan  # adjusting indicators are not weighted in
    dims = _score_dimensions(normalized, layout, prepared.passes)
    adjusted = adjust_dimensions(plan, observed, dims.scores, dims.contribution, layout.dim_of)
    overall, dim_parts = _score_overall(dims.scores, layout)
    index_contribution = _index_contribution(dims, dim_parts, layout)
    overall = adjust_index(plan, observed, overall, index_contribution, adjusted,
                           tuple(i.name for _d, i in framework.indicators))
    threshold = framework.weak_spot.threshold if framework.weak_spot else None
    status = _dimension_status(dims.coverage, dims.scores, (imputed.astype(float) @ layout.membership) > 0)
    weak = weak_spots(dims.scores, threshold)
    worst = worst_indicators(normalized, layout.weight_shares(), layout.dim_of, len(layout.dimension_codes))
    indicators = indicator_frame(framework, layout, grid, normalized=normalized, dropped=dropped,
                                 imputed=imputed, treated=prepared.treated, passes=prepared.passes,
                                 imputation=framework.method.imputation.method,
                                 effective_weight=dims.effective_weight, contribution=dims.contribution,
                                 index_contribution=index_contribution, dim_scored=~np.isnan(dims.scores))
    dimensions = dimension_frame(layout, grid, scores=dims.scores, coverage=dims.coverage, status=status,
                                 weak=weak, worst=worst, index_contribution=dim_parts)
    missing = np.isnan(normalized)
    if plan:
        missing[:, list(plan.columns)] = np.isnan(observed[:, list(plan.columns)])
        _note_adjustments(indicators, cell_notes(plan, observed, adjusted), missing)
    band, color, classes = _grades(overall, framework, adjusted)
    table = overall_frame(layout, grid, overall=overall, band=band, color=color,
                          rank=rank_within(overall, grid.period_ids), status=_overall_status(status, layout),
                          weak=weak, missing=missing.sum(axis=1), imputed=imputed.sum(axis=1))
    table.insert(list(table.columns).index("band") + 1, "band_class", classes)
    table["veto"] = adjusted.veto_reason
    return ScoreResult(
        indicators=indicators, dimensions=dimensions,
        overall=period_change(table, compare=framework.framework.compare, chosen=compare_with),
        framework_code=framework.code, aggregation=layout.aggregation,
        indicator_weights=dict(zip(layout.indicator_codes, layout.indicator_weights.tolist(), strict=True)),
        dimension_weights=dict(zip(layout.dimension_codes, layout.dimension_weights.tolist(), strict=True)),
    )


def _grades(overall: np.ndarray, framework: Framework, adjusted: Adjusted) -> tuple[np.ndarray, ...]:
    """Band, band colour and rating class of each index; a triggered veto's band replaces them."""
    band, color = assign_bands(overall, framework.bands)
    classes = assign_classes(overall, framework.bands)
    vetoed = pd.notna(adjusted.veto_band)
    if not vetoed.any():
        return band, color, classes
    colors = {b.label: b.color for b in framework.bands}
    veto_color = np.array([colors.get(b) for b in adjusted.veto_band], dtype=object)
    return (np.where(vetoed, adjusted.veto_band, band), np.where(vetoed, veto_color, color),
            np.where(vetoed, np.array(None, dtype=object), classes))


def _note_adjustments(indicators: pd.DataFrame, notes: dict[int, np.ndarray], missing: np.ndarray) -> None:
    """Say on each adjusting indicator's rows what it did, and mark it missing only when its raw value is."""
    n_cols = missing.shape[1]
    note = indicators["score_note"].to_numpy(dtype=object, copy=True)
    for col, text in notes.items():
        note[np.arange(len(text)) * n_cols + col] = text
    indicators["score_note"] = pd.Series(note, dtype=object)
    indicators["missing"] = missing.ravel()


def _score_dimensions(normalized: np.ndarray, layout: Layout, passes: np.ndarray) -> _Dimensions:
    """Aggregate indicators into dimensions; one below the weight coverage, or screened out, gets no score."""
    matrix = layout.weight_matrix
    raw_scores = _bounded(aggregate(normalized, matrix, layout.aggregation))
    covered = coverage(normalized, matrix)
    scores = np.where((covered >= layout.min_coverage - _TOLERANCE) & passes, raw_scores, np.nan)
    present = ~np.isnan(normalized)
    present_weight = (present.astype(float) @ matrix)[:, layout.dim_of]
    with np.errstate(divide="ignore", invalid="ignore"):
        effective = np.where(present & (present_weight > 0), layout.indicator_weights / present_weight, 0.0)
    own_score = scores[:, layout.dim_of]
    contribution = parts(normalized, effective, own_score, layout.aggregation)
    contribution = np.where(np.isnan(own_score), np.nan, contribution)
    return _Dimensions(scores=scores, coverage=covered, effective_weight=effective, contribution=contribution)


def _score_overall(dim_scores: np.ndarray, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Aggregate dimensions into the index; a region with a weighted dimension unscored gets no index.

    Returns:
        The index (per row) and each dimension's part of it (rows × dimensions, summing to the index).
    """
    weights = layout.dimension_weights
    overall = _bounded(aggregate(dim_scores, weights, layout.aggregation))
    complete = ~np.isnan(dim_scores[:, weights > 0]).any(axis=1)
    overall = np.where(complete, overall, np.nan)
    share = np.broadcast_to(weights / weights.sum(), dim_scores.shape)
    dim_parts = parts(dim_scores, share, overall[:, None], layout.aggregation)
    return overall, np.where(complete[:, None], dim_parts, np.nan)


def _bounded(scores: np.ndarray) -> np.ndarray:
    """Keep means on the 0–100 scale: ``exp(log(100))`` is 100.00000000000004 in floating point."""
    return np.clip(scores, 0.0, 100.0)


def _index_contribution(dims: _Dimensions, dim_parts: np.ndarray, layout: Layout) -> np.ndarray:
    """Split each dimension's part of the index among its indicators in proportion to their contributions."""
    own_score = dims.scores[:, layout.dim_of]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(own_score > 0, dims.contribution / own_score, dims.effective_weight)
    return dim_parts[:, layout.dim_of] * ratio


def _dimension_status(covered: np.ndarray, scores: np.ndarray, estimated: np.ndarray) -> np.ndarray:
    complete = (covered >= 1.0 - _TOLERANCE) & ~estimated
    return np.where(np.isnan(scores), STATUS_INSUFFICIENT, np.where(complete, STATUS_COMPLETE, STATUS_ESTIMATED))


def _overall_status(dim_status: np.ndarray, layout: Layout) -> np.ndarray:
    weighted = dim_status[:, layout.dimension_weights > 0]
    insufficient = (weighted == STATUS_INSUFFICIENT).any(axis=1)
    estimated = (weighted == STATUS_ESTIMATED).any(axis=1)
    return np.where(insufficient, STATUS_INSUFFICIENT, np.where(estimated, STATUS_ESTIMATED, STATUS_COMPLETE))
