"""The ``[method]`` table of a framework file: screening, imputation and outlier treatment, as COINr stages them.

Every setting defaults to "do nothing", so a file without ``[method]`` scores as before: no district is screened
out, a missing value stays missing (its weight goes to the other indicators of its dimension) and raw values are
used as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Screening(_Strict):
    """``[method.screening]``: how much observed data a district needs before it is scored at all.

    Shares count the indicators with an observed value (before any imputation). A district below
    ``min_region_coverage`` gets no score in that period; a dimension below ``min_dimension_coverage`` gets no
    score (数据不足), and with it the index.
    """

    min_region_coverage: float = Field(default=0.0, ge=0, le=1)
    min_dimension_coverage: float = Field(default=0.0, ge=0, le=1)


class Imputation(_Strict):
    """``[method.imputation]``: what a missing value becomes (within one period, over the districts scored).

    ``none`` leaves it missing; ``mean`` and ``median`` take the indicator's mean or median over the period's
    districts; ``group_mean`` the mean over the districts of the same parent region (上级区划), or the period
    mean when no district of the group has a value. An imputed value is marked 估算 wherever it is shown.
    """

    method: Literal["none", "mean", "median", "group_mean"] = "none"


class Treatment(_Strict):
    """``[method.treatment]``: outliers, as COINr's ``Treat`` handles them.

    An indicator fails when ``|skew| > skew_limit`` and ``kurtosis > kurtosis_limit`` (sample skewness and excess
    kurtosis, Excel's SKEW and KURT). It is then winsorised one point at a time at the side of its skew, up to
    ``max_winsorised`` points; if it still fails, the original values are log-transformed instead,
    ``ln(x − min + 0.01·(max − min))``. The log step needs a relative normalization (minmax or zscore):
    goalposts are in raw units, so a goalpost indicator is only winsorised.
    """

    enabled: bool = False
    max_winsorised: int = Field(default=5, ge=0)
    skew_limit: float = Field(default=2.0, gt=0)
    kurtosis_limit: float = Field(default=3.5, gt=0)


class Method(_Strict):
    """The ``[method]`` table."""

    screening: Screening = Screening()
    imputation: Imputation = Imputation()
    treatment: Treatment = Treatment()
