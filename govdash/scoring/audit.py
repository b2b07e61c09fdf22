"""Statistical audit of a framework on one period's data, as the JRC's COINr offers (DOMAIN.md §3.9).

All statistics are over the regions of the period and use the normalized values (so a lower-is-better indicator
is already flipped): a negative correlation means an indicator works against its dimension.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.engine import ScoreResult

#: Pairs correlated above this are flagged as possibly measuring the same thing.
REDUNDANT_ABOVE = 0.9
#: Fewer regions than this give no correlation or alpha (NaN): two points always lie on a line.
MIN_REGIONS = 3


@dataclass(frozen=True, eq=False)
class AuditResult:
    """The audit tables.

    Attributes:
        coverage: per region: present, total, coverage (share of indicators with a value), missing (codes).
        indicator_coverage: per indicator: dimension, regions (with a value), coverage (share of regions).
        correlations: indicators × indicators Pearson correlations (pairwise complete regions).
        redundant_pairs: indicator_a, indicator_b, correlation, same_dimension: pairs above ``REDUNDANT_ABOVE``.
        dimension_correlations: indicator_code, dimension, correlation (with its dimension score), negative.
        alpha: dimension, alpha (Cronbach's, over regions with every indicator of the dimension), indicators,
            regions.
    """

    coverage: pd.DataFrame
    indicator_coverage: pd.DataFrame
    correlations: pd.DataFrame
    redundant_pairs: pd.DataFrame
    dimension_correlations: pd.DataFrame
    alpha: pd.DataFrame


def statistical_audit(framework: Framework, result: ScoreResult, *, period: str) -> AuditResult:
    """Audit one period of a score result."""
    codes = [i.code for _d, i in framework.indicators]
    dim_of = {i.code: d.code for d, i in framework.indicators}
    rows = result.indicators[result.indicators["period"] == period]
    table = rows.pivot(index="region_code", columns="indicator_code", values="normalized")
    table = table.reindex(columns=codes).astype(float)
    dims = result.dimensions[result.dimensions["period"] == period]
    dim_scores = dims.pivot(index="region_code", columns="dimension", values="score").reindex(table.index)
    correlations = table.corr(min_periods=MIN_REGIONS)
    return AuditResult(
        coverage=_region_coverage(table),
        indicator_coverage=pd.DataFrame({
            "indicator_code": codes,
            "dimension": [dim_of[c] for c in codes],
            "regions": table.notna().sum().to_numpy(),
            "coverage": table.notna().mean().to_numpy() if len(table) else np.nan,
        }),
        correlations=correlations,
        redundant_pairs=_redundant_pairs(correlations, dim_of),
        dimension_correlations=_dimension_correlations(table, dim_scores, dim_of),
        alpha=pd.DataFrame([_alpha(table[[i.code for i in d.indicators]], d.code) for d in framework.dimensions]),
    )


def _region_coverage(table: pd.DataFrame) -> pd.DataFrame:
    present = table.notna()
    columns = np.asarray(table.columns, dtype=object)
    return pd.DataFrame({
        "region_code": table.index.to_numpy(),
        "present": present.sum(axis=1).to_numpy(),
        "total": table.shape[1],
        "coverage": present.mean(axis=1).to_numpy(),
        "missing": [list(columns[~row]) for row in present.to_numpy()],
    })


def _redundant_pairs(correlations: pd.DataFrame, dim_of: dict[str, str]) -> pd.DataFrame:
    codes = list(correlations.columns)
    upper = np.triu(np.ones(correlations.shape, dtype=bool), k=1)
    a, b = np.nonzero(upper & (correlations.to_numpy() > REDUNDANT_ABOVE))
    return pd.DataFrame({
        "indicator_a": [codes[i] for i in a],
        "indicator_b": [codes[j] for j in b],
        "correlation": correlations.to_numpy()[a, b],
        "same_dimension": [dim_of[codes[i]] == dim_of[codes[j]] for i, j in zip(a, b, strict=True)],
    })


def _dimension_correlations(table: pd.DataFrame, dim_scores: pd.DataFrame, dim_of: dict[str, str]) -> pd.DataFrame:
    out = []
    for code in table.columns:
        pair = pd.concat([table[code], dim_scores[dim_of[code]]], axis=1).dropna()
        r = pair.iloc[:, 0].corr(pair.iloc[:, 1]) if len(pair) >= MIN_REGIONS else np.nan
        out.append({"indicator_code": code, "dimension": dim_of[code], "correlation": r,
                    "negative": bool(r < 0)})
    return pd.DataFrame(out)


def _alpha(items: pd.DataFrame, dimension: str) -> dict:
    """Cronbach's alpha ``k/(k−1)·(1 − Σ var(item) / var(Σ items))`` over complete regions (NaN if undefined)."""
    complete = items.dropna()
    k, n = complete.shape[1], complete.shape[0]
    alpha = np.nan
    if k >= 2 and n >= MIN_REGIONS:
        total_var = complete.sum(axis=1).var(ddof=1)
        if total_var > 0:
            alpha = k / (k - 1) * (1 - complete.var(ddof=1).sum() / total_var)
    return {"dimension": dimension, "alpha": alpha, "indicators": k, "regions": n}
