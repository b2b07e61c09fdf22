"""A framework laid out as arrays: the indicator order, dimension membership and weights the stages share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from govdash.frameworks.schema import Framework

AGGREGATIONS = ("arithmetic", "geometric")


@dataclass(frozen=True)
class Layout:
    """Indicators in file order (columns of every matrix) and dimensions in file order.

    Attributes:
        indicator_codes: the I indicator codes.
        dimension_codes: the D dimension codes.
        dim_of: for each indicator, the index of its dimension (shape I).
        indicator_weights: nominal indicator weights as in the file or the override (shape I, not normalized).
        dimension_weights: nominal dimension weights (shape D, not normalized).
        aggregation: "arithmetic" or "geometric".
        min_coverage: the share of a dimension's weight that must be present for it to be scored.
    """

    indicator_codes: tuple[str, ...]
    dimension_codes: tuple[str, ...]
    dim_of: np.ndarray
    indicator_weights: np.ndarray
    dimension_weights: np.ndarray
    aggregation: str
    min_coverage: float

    @property
    def membership(self) -> np.ndarray:
        """One-hot matrix (I × D): 1 where the indicator belongs to the dimension."""
        out = np.zeros((len(self.indicator_codes), len(self.dimension_codes)))
        out[np.arange(len(self.indicator_codes)), self.dim_of] = 1.0
        return out

    @property
    def weight_matrix(self) -> np.ndarray:
        """Indicator weights placed in their dimension's column (I × D), for aggregation by matrix product."""
        return self.membership * self.indicator_weights[:, None]

    def weight_shares(self) -> np.ndarray:
        """Each indicator's nominal weight as a share of its dimension's total (shape I)."""
        totals = self.weight_matrix.sum(axis=0)
        return self.indicator_weights / totals[self.dim_of]


def build_layout(framework: Framework, *, aggregation: str | None = None,
                 weights: Mapping[str, float] | None = None) -> Layout:
    """Lay out a framework, applying weight overrides and the aggregation rule.

    Args:
        framework: the loaded framework.
        aggregation: "arithmetic" or "geometric"; None takes the framework file's rule.
        weights: overrides keyed by dimension code or indicator code. Zero drops an indicator or dimension;
            each dimension must keep a positive weight on some indicator, and some dimension must keep one.

    Raises:
        ValueError: unknown aggregation, unknown key, negative weight, or everything weighted zero.
    """
    rule = aggregation or framework.framework.aggregation
    if rule not in AGGREGATIONS:
        raise ValueError(f"未知的汇总方法“{rule}”,可选:arithmetic(算术平均)、geometric(几何平均)")
    pairs = framework.indicators
    dim_codes = tuple(d.code for d in framework.dimensions)
    ind_w = {i.code: float(i.weight) for _d, i in pairs}
    dim_w = {d.code: float(d.weight) for d in framework.dimensions}
    for key, value in (weights or {}).items():
        target = ind_w if key in ind_w else dim_w if key in dim_w else None
        if target is None:
            raise ValueError(f"权重调整中的代码“{key}”既不是维度也不是指标")
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"“{key}”的权重不能为负数或非数值:{value}")
        target[key] = float(value)
    for _d, indicator in pairs:
        if indicator.is_adjustment:  # it moves a score by its own rule, so it never carries a weight
            ind_w[indicator.code] = 0.0
    layout = Layout(
        indicator_codes=tuple(i.code for _d, i in pairs),
        dimension_codes=dim_codes,
        dim_of=np.array([dim_codes.index(d.code) for d, _i in pairs], dtype=np.intp),
        indicator_weights=np.array([ind_w[i.code] for _d, i in pairs]),
        dimension_weights=np.array([dim_w[c] for c in dim_codes]),
        aggregation=rule,
        min_coverage=framework.framework.min_weight_coverage,
    )
    empty = [c for c, total in zip(dim_codes, layout.weight_matrix.sum(axis=0), strict=True) if total <= 0]
    if empty:
        raise ValueError(f"维度 {'、'.join(empty)} 的指标权重全部为 0")
    if layout.dimension_weights.sum() <= 0:
        raise ValueError("所有维度的权重都为 0")
    return layout
