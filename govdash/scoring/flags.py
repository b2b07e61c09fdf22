"""Indicator flags and the remove-one-indicator test, as COINr's ``get_stats`` and ``remove_elements`` give them.

One period, over the districts scored in it. The flags say which indicators deserve a second look:
- 覆盖不足: fewer than ``MIN_COVERAGE`` of the districts have an observed value;
- 同值过多: more than ``MAX_SAME_SHARE`` of the observed values are one and the same value;
- 高度相关: correlated above ``REDUNDANT_ABOVE`` with another indicator of its own dimension;
- 与维度负相关: correlated below ``NEGATIVE_BELOW`` with its own dimension's score.
Correlations are over the normalized values (a lower-is-better indicator is already flipped).

The remove-one test scores the index once without each indicator (its weight 0, the others of its dimension
rescaled; a dimension left empty drops out of the index) and reports the mean absolute change of rank over the
districts: a large shift means the ranking leans on that indicator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.audit import MIN_REGIONS, AuditResult, statistical_audit
from govdash.scoring.engine import ScoreResult
from govdash.scoring.layout import Layout, build_layout
from govdash.scoring.rank import rank_rows
from govdash.scoring.sensitivity import _overall_scores
from govdash.scoring.treat import LOGGED, WINSORISED, kurtosis, skewness

MIN_COVERAGE = 0.66
MAX_SAME_SHARE = 0.5
REDUNDANT_ABOVE = 0.9
NEGATIVE_BELOW = -0.4

FLAG_COVERAGE = "覆盖不足"
FLAG_SAME = "同值过多"
FLAG_REDUNDANT = "高度相关"
FLAG_NEGATIVE = "与维度负相关"


def same_value_share(values: pd.DataFrame) -> pd.Series:
    """Share of each column's observed values taken by its most frequent value (NaN for an empty column)."""
    def share(column: np.ndarray) -> float:
        present = column[~np.isnan(column)]
        return float(np.unique(present, return_counts=True)[1].max() / len(present)) if len(present) else np.nan
    matrix = values.to_numpy(dtype=float)
    return pd.Series([share(matrix[:, n]) for n in range(matrix.shape[1])], index=values.columns, dtype=float)


def indicator_flags(framework: Framework, result: ScoreResult, *, period: str,
                    audit: AuditResult | None = None) -> pd.DataFrame:
    """Flag the indicators of one period (see the module's rules).

    Returns:
        One row per indicator in file order: indicator_code, dimension, coverage (observed share of districts),
        same_share, closest (the most correlated indicator of its dimension), closest_r, dimension_r,
        rank_shift (remove-one mean absolute rank change), skew and kurtosis (of the observed raw values, as the
        outlier treatment reads them), treatment (what ``[method.treatment]`` did, None when nothing),
        flags (labels, possibly empty).
    """
    audit = audit or statistical_audit(framework, result, period=period)
    codes = [i.code for _d, i in framework.indicators]
    dim_of = {i.code: d.code for d, i in framework.indicators}
    rows = result.indicators[result.indicators["period"] == period]
    observed = rows.assign(raw=rows["raw"].where(~_imputed(rows)))
    raw = observed.pivot(index="region_code", columns="indicator_code", values="raw").reindex(columns=codes)
    coverage = raw.notna().mean() if len(raw) else pd.Series(np.nan, index=codes)
    same = same_value_share(raw.astype(float))
    closest, closest_r = _closest_within(audit.correlations, dim_of)
    dimension_r = audit.dimension_correlations.set_index("indicator_code")["correlation"].reindex(codes)
    shifts = remove_one_shift(framework, result, period=period)
    table = pd.DataFrame({
        "indicator_code": codes, "dimension": [dim_of[c] for c in codes],
        "coverage": coverage.reindex(codes).to_numpy(dtype=float), "same_share": same.reindex(codes).to_numpy(),
        "closest": closest, "closest_r": closest_r, "dimension_r": dimension_r.to_numpy(dtype=float),
        "rank_shift": shifts.reindex(codes).to_numpy(dtype=float),
        "skew": [skewness(column[~np.isnan(column)]) for column in raw.to_numpy(dtype=float).T],
        "kurtosis": [kurtosis(column[~np.isnan(column)]) for column in raw.to_numpy(dtype=float).T],
        "treatment": _treatment(rows, codes),
    })
    table["flags"] = [_labels(row) for row in table.to_dict("records")]
    return table


def _treatment(rows: pd.DataFrame, codes: list[str]) -> list[str | None]:
    """Say per indicator what the outlier treatment did: 缩尾 N 点, 取对数, or None."""
    if "treated" not in rows.columns:
        return [None] * len(codes)
    marks = rows.groupby("indicator_code")["treated"].agg(list)
    out: list[str | None] = []
    for code in codes:
        cells = marks.get(code, [])
        winsorised = sum(m == WINSORISED for m in cells)
        out.append("取对数" if LOGGED in cells else f"缩尾 {winsorised} 点" if winsorised else None)
    return out


def _imputed(rows: pd.DataFrame) -> pd.Series:
    return rows["imputed"].astype(bool) if "imputed" in rows.columns else pd.Series(False, index=rows.index)


def _closest_within(correlations: pd.DataFrame, dim_of: dict[str, str]) -> tuple[list, np.ndarray]:
    """For each indicator, the other indicator of its dimension it correlates with most, and that r."""
    codes = list(correlations.columns)
    dims = np.array([dim_of[c] for c in codes], dtype=object)
    peers = (dims[:, None] == dims[None, :]) & ~np.eye(len(codes), dtype=bool)
    r = np.where(peers, correlations.to_numpy(dtype=float), np.nan)
    known = ~np.isnan(r).all(axis=1)
    best = np.argmax(np.where(np.isnan(r), -np.inf, r), axis=1)
    names = [codes[b] if k else None for b, k in zip(best.tolist(), np.asarray(known).tolist(), strict=True)]
    return names, np.where(known, r[np.arange(len(codes)), best], np.nan)


def _labels(row: dict) -> list[str]:
    checks = (
        (row["coverage"] < MIN_COVERAGE, FLAG_COVERAGE),
        (row["same_share"] > MAX_SAME_SHARE, FLAG_SAME),
        (row["closest_r"] > REDUNDANT_ABOVE, FLAG_REDUNDANT),
        (row["dimension_r"] < NEGATIVE_BELOW, FLAG_NEGATIVE),
    )
    return [label for failed, label in checks if bool(failed)]  # NaN compares False: no flag without data


def remove_one_shift(framework: Framework, result: ScoreResult, *, period: str) -> pd.Series:
    """Mean absolute rank change of the districts when each indicator in turn is left out, by indicator code.

    The ranks compared are those of the same weighted means with and without the indicator (every indicator
    present counts, as in ``rank_sensitivity``), so the nominal ranking is reproduced exactly when nothing is
    left out. NaN with fewer than ``MIN_REGIONS`` districts scored.
    """
    layout = build_layout(framework, aggregation=result.aggregation, weights=result.weights)
    overall = result.overall[(result.overall["period"] == period) & result.overall["rank"].notna()]
    codes = list(layout.indicator_codes)
    if len(overall) < MIN_REGIONS:
        return pd.Series(np.nan, index=codes)
    rows = result.indicators[result.indicators["period"] == period]
    table = rows.pivot(index="region_code", columns="indicator_code", values="normalized")
    normalized = table.reindex(index=overall["region_code"].to_numpy(), columns=codes).to_numpy(dtype=float)
    ind_w, dim_w = _leave_one_out_weights(layout)
    scores = _overall_scores(normalized, layout, ind_w, dim_w, layout.aggregation)
    ranks = rank_rows(scores.T)  # row 0: nothing left out
    return pd.Series(np.abs(ranks[1:] - ranks[0]).mean(axis=1), index=codes)


def _leave_one_out_weights(layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Weights of the nominal draw followed by one draw per indicator with that indicator's weight set to 0."""
    n = len(layout.indicator_codes)
    ind_w = np.tile(layout.indicator_weights, (n + 1, 1))
    ind_w[np.arange(1, n + 1), np.arange(n)] = 0.0
    dim_w = np.tile(layout.dimension_weights, (n + 1, 1))
    left = (ind_w[:, :, None] * layout.membership[None]).sum(axis=1)  # draws × dimensions
    dim_w = np.where(left > 0, dim_w, 0.0)
    return ind_w, dim_w
