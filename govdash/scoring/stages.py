"""The stages before aggregation, in COINr's order: screen, impute, treat, normalize.

``score`` runs them with the framework file's ``[method]``; the uncertainty analysis runs them again with one
choice changed (imputation on or off, another normalization), so both read the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from govdash.frameworks.schema import Framework
from govdash.scoring.grid import Grid
from govdash.scoring.impute import impute_matrix
from govdash.scoring.layout import Layout
from govdash.scoring.normalize import NormSpec, normalize_matrix
from govdash.scoring.screen import screen
from govdash.scoring.treat import treat_matrix


@dataclass(frozen=True)
class Prepared:
    """The matrices the aggregation reads (rows × indicators unless said otherwise).

    Attributes:
        filled: raw values with the imputed cells filled in (what the score tables show as raw).
        normalized: 0–100 scores, NaN where missing.
        dropped: cells dropped by the file's log10 transform (value ≤ 0).
        imputed: cells filled by imputation.
        treated: per cell None, "缩尾" or "对数" (outlier treatment).
        passes: rows × dimensions, False where screening keeps the dimension (or the district) unscored.
        treatment: the treatment report, one row per period and indicator column (empty when off).
    """

    filled: np.ndarray
    normalized: np.ndarray
    dropped: np.ndarray
    imputed: np.ndarray
    treated: np.ndarray
    passes: np.ndarray
    treatment: pd.DataFrame


def prepare_values(framework: Framework, grid: Grid, layout: Layout, *, imputation: str | None = None,
                   normalization: str | None = None, region_groups: Mapping[str, str | None] | None = None,
                   ) -> Prepared:
    """Screen, impute, treat and normalize one grid of raw values.

    Args:
        framework: its ``[method]`` table gives the screening, imputation and treatment.
        grid: the raw values.
        layout: the framework laid out.
        imputation: overrides ``method.imputation.method`` ("none" turns imputation off).
        normalization: overrides every indicator's normalization ("minmax" or "zscore"); None keeps the file's.
        region_groups: each district's group (its parent region) for ``group_mean`` imputation.
    """
    method = framework.method
    observed = ~np.isnan(grid.values)
    passes = screen(observed, layout, method.screening)
    groups = None
    if region_groups is not None:
        groups = np.asarray([region_groups.get(str(c)) for c in grid.region_codes], dtype=object)
    filled, imputed = impute_matrix(grid.values, grid.period_ids, imputation or method.imputation.method,
                                    groups=groups, allowed=passes[:, layout.dim_of])
    spec = NormSpec.of(framework)
    if normalization is not None:
        spec = replace(spec, method=np.full(spec.method.shape, normalization))
    values, treated, report = treat_matrix(filled, grid.period_ids, method.treatment,
                                           log_allowed=spec.method != "goalpost", file_log=spec.log10)
    normalized, dropped = normalize_matrix(values, grid.period_ids, spec)
    return Prepared(filled=filled, normalized=normalized, dropped=dropped, imputed=imputed, treated=treated,
                    passes=passes, treatment=report)
