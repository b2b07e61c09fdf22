"""Outlier treatment, as COINr's ``Treat`` with its defaults (``winsorise``, then ``log_CT``, ``check_SkewKurt``).

An indicator's values in one period fail when ``|skew| > skew_limit`` and ``kurtosis > kurtosis_limit``. Skew and
kurtosis are the sample statistics of e1071's type 2 (Excel's SKEW and KURT; kurtosis is the excess, 0 for a
normal distribution). A failing indicator is winsorised one step at a time: at the side of its skew, the
extreme value (all points tied at it) takes the next value inwards, until it passes or ``max_winsorised`` points
were changed. If it still fails, the winsorisation is dropped and the original values are log-transformed,
``ln(x − min + 0.01·(max − min))``, which keeps their order. Fewer than four values are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from govdash.frameworks.method import Treatment

WINSORISED = "缩尾"
LOGGED = "对数"

ACTION_NONE = "无需处理"
ACTION_WINSORISED = "缩尾"
ACTION_LOGGED = "取对数"
ACTION_STILL_FAILING = "缩尾后仍偏态"
ACTION_FILE_LOG = "文件已规定取对数"
ACTION_TOO_FEW = "数值不足 4 个"


def skewness(x: np.ndarray) -> float:
    """Sample skewness ``√n·Σd³/(Σd²)^1.5 · √(n(n−1))/(n−2)`` (NaN below 3 values or without spread)."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    d = x - x.mean() if n else x
    m2 = float((d ** 2).sum())
    if n < 3 or m2 <= 0:
        return np.nan
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = float(np.sqrt(n) * (d ** 3).sum() / m2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2))
    return value if np.isfinite(value) else np.nan  # a spread so small that m2^1.5 underflows: none to speak of


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis ``((n+1)(r−3)+6)(n−1)/((n−2)(n−3))``, ``r = n·Σd⁴/(Σd²)²`` (NaN below 4 values)."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    d = x - x.mean() if n else x
    m2 = float((d ** 2).sum())
    if n < 4 or m2 <= 0:
        return np.nan
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = n * (d ** 4).sum() / m2 ** 2
    value = float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))
    return value if np.isfinite(value) else np.nan


def passes(x: np.ndarray, rule: Treatment) -> bool:
    """Tell whether values pass COINr's ``check_SkewKurt``: not both ``|skew|`` and kurtosis above their limits."""
    skew, kurt = skewness(x), kurtosis(x)
    if np.isnan(skew) or np.isnan(kurt):
        return True
    return not (abs(skew) > rule.skew_limit and kurt > rule.kurtosis_limit)


def winsorise(x: np.ndarray, rule: Treatment) -> tuple[np.ndarray, np.ndarray]:
    """Winsorise one point (or one tie) at a time until the values pass or ``max_winsorised`` points changed.

    Returns:
        The values and the mask of the points changed.
    """
    x = np.array(x, dtype=float)
    changed = np.zeros(len(x), dtype=bool)
    while not passes(x, rule) and changed.sum() < rule.max_winsorised:
        high = skewness(x) >= 0
        extreme = x == (x.max() if high else x.min())
        x[extreme] = x[~extreme].max() if high else x[~extreme].min()
        changed |= extreme
    return x, changed


def log_ct(x: np.ndarray) -> np.ndarray:
    """COINr's ``log_CT``: ``ln(x − min + 0.01·(max − min))``."""
    x = np.asarray(x, dtype=float)
    return np.log(x - x.min() + 0.01 * (x.max() - x.min()))


@dataclass(frozen=True)
class Treated:
    """One indicator's treatment in one period."""

    values: np.ndarray
    cells: np.ndarray  # per value: None, WINSORISED or LOGGED
    action: str
    winsorised: int
    skew: float
    kurtosis: float
    skew_after: float
    kurtosis_after: float


def treat_vector(x: np.ndarray, rule: Treatment, *, log_allowed: bool) -> Treated:
    """Treat one indicator's observed values (no NaN) in one period."""
    x = np.asarray(x, dtype=float)
    cells = np.full(len(x), None, dtype=object)
    before = (skewness(x), kurtosis(x))
    if len(x) < 4:
        return Treated(x, cells, ACTION_TOO_FEW, 0, *before, *before)
    if passes(x, rule):
        return Treated(x, cells, ACTION_NONE, 0, *before, *before)
    out, changed = winsorise(x, rule)
    action = ACTION_WINSORISED
    if not passes(out, rule):
        if log_allowed:
            out, changed, action = log_ct(x), np.ones(len(x), dtype=bool), ACTION_LOGGED
        else:
            action = ACTION_STILL_FAILING
    cells[changed] = LOGGED if action == ACTION_LOGGED else WINSORISED
    return Treated(out, cells, action, 0 if action == ACTION_LOGGED else int(changed.sum()), *before,
                   skewness(out), kurtosis(out))


def treat_matrix(values: np.ndarray, period_ids: np.ndarray, rule: Treatment, *, log_allowed: np.ndarray,
                 file_log: np.ndarray) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Treat every indicator (column) within every period.

    Args:
        values: rows × indicators, NaN where missing.
        period_ids: the period of each row.
        rule: the framework's ``[method.treatment]``.
        log_allowed: per column, whether the log fallback may be used (relative normalization).
        file_log: per column, whether the framework file already log-transforms it (left alone).

    Returns:
        The treated matrix, the per-cell marks (None, WINSORISED, LOGGED) and one report row per period and column:
        period_id, column, action, winsorised, skew, kurtosis, skew_after, kurtosis_after.
    """
    values = np.asarray(values, dtype=float)
    out, cells = values.copy(), np.full(values.shape, None, dtype=object)
    report: list[dict[str, object]] = []
    if not rule.enabled:
        return out, cells, pd.DataFrame(report)
    for period in np.unique(period_ids):
        rows = np.flatnonzero(period_ids == period)
        for col in range(values.shape[1]):
            present = rows[~np.isnan(values[rows, col])]
            if file_log[col]:
                report.append({"period_id": period, "column": col, "action": ACTION_FILE_LOG, "winsorised": 0})
                continue
            done = treat_vector(values[present, col], rule, log_allowed=bool(log_allowed[col]))
            out[present, col] = done.values
            cells[present, col] = done.cells
            report.append({"period_id": period, "column": col, "action": done.action, "winsorised": done.winsorised,
                           "skew": done.skew, "kurtosis": done.kurtosis, "skew_after": done.skew_after,
                           "kurtosis_after": done.kurtosis_after})
    return out, cells, pd.DataFrame(report)
