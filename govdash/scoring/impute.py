"""Imputation: estimates for missing raw values (COINr's ``Impute``: ``i_mean``, ``i_median``, ``i_mean_grp``).

Each primitive works column by column within each period (rows sharing a ``period_ids`` value), over the
observed values of that period only, and leaves a cell missing when there is nothing to estimate it from. Every
cell filled is reported in a mask, so that the estimate is marked 估算 wherever it is shown.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

IMPUTATION_NOTES = {
    "mean": "估算:同期各区县均值",
    "median": "估算:同期各区县中位数",
    "group_mean": "估算:同一上级区划各区县均值",
}
IMPUTATION_LABELS = {
    "none": "不估算:缺失指标的权重在维度内分给其余指标",
    "mean": "同期各区县均值",
    "median": "同期各区县中位数",
    "group_mean": "同一上级区划各区县均值(该组没有数值时用同期均值)",
}


def _per_group(values: np.ndarray, keys: list[np.ndarray], how: Literal["mean", "median"]) -> np.ndarray:
    frame = pd.DataFrame(values)
    return frame.groupby(keys, sort=False, dropna=False).transform(how).to_numpy(dtype=float)


def i_mean(values: np.ndarray, period_ids: np.ndarray) -> np.ndarray:
    """Each cell's estimate: its column's mean over the observed rows of its period."""
    return _per_group(values, [period_ids], "mean")


def i_median(values: np.ndarray, period_ids: np.ndarray) -> np.ndarray:
    """Each cell's estimate: its column's median over the observed rows of its period."""
    return _per_group(values, [period_ids], "median")


def i_group_mean(values: np.ndarray, period_ids: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each cell's estimate: the mean over its group's observed rows in the period, else the period mean."""
    by_group = _per_group(values, [period_ids, np.asarray(groups, dtype=object)], "mean")
    return np.where(np.isnan(by_group), i_mean(values, period_ids), by_group)


def impute_matrix(values: np.ndarray, period_ids: np.ndarray, method: str, *, groups: np.ndarray | None = None,
                  allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Fill the missing cells of a rows × indicators matrix by ``method``.

    Args:
        values: raw values, NaN where missing.
        period_ids: the period of each row; estimates never cross periods.
        method: "none", "mean", "median" or "group_mean".
        groups: each row's group (its parent region) for "group_mean"; None puts every row in one group.
        allowed: cells that may be filled (screened-out districts and dimensions stay missing); None: all.

    Returns:
        The filled matrix and the mask of the cells filled.
    """
    values = np.asarray(values, dtype=float)
    if method == "none":
        return values, np.zeros(values.shape, dtype=bool)
    # Only observed values feed an estimate, whatever ``allowed`` says about the cell itself.
    if method == "mean":
        estimate = i_mean(values, period_ids)
    elif method == "median":
        estimate = i_median(values, period_ids)
    elif method == "group_mean":
        estimate = i_group_mean(values, period_ids, groups if groups is not None else np.zeros(len(values)))
    else:
        raise ValueError(f"未知的估算方法“{method}”,可选:none、mean、median、group_mean")
    fill = np.isnan(values) & ~np.isnan(estimate)
    if allowed is not None:
        fill &= allowed
    return np.where(fill, estimate, values), fill
