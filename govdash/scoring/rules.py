"""Scoring rules of Chinese assessment schemes, as pure functions (framework file: ``normalization``, ``adjust``).

Normalization rules (prefix ``r_``) turn raw values into 0–100 and, like ``normalize``'s primitives, keep a missing
value missing:

- ``r_target`` 目标值: reaching the target scores 100, below it scores in proportion.
- ``r_rank_points`` 名次计分: a points table by place among the districts of the period (第 1–5 名 60/57/54/51/48).
- ``r_best_share`` 第一名满分,其余按比例.

Adjustments (prefix ``a_``) read an indicator's raw value and move a score instead of being weighted in: deductions
(扣分项) and bonuses (加分项) in points, capped, the score kept within 0–100; a veto (一票否决) sets the grade. A missing
raw value adjusts nothing.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from govdash.frameworks.rules import parse_condition

_COMPARE: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


def r_target(x: np.ndarray, target: float, negative: bool = False) -> np.ndarray:
    """Score against a target: ``100·x/target`` up to 100 (lower is better: ``100·target/x``, 100 at or below it).

    A value ≤ 0 scores 0 (100 when lower is better: nothing can beat zero).
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x <= 0, 100.0, 100.0 * target / x) if negative else 100.0 * np.maximum(x, 0.0) / target
    return np.where(np.isnan(x), np.nan, np.clip(out, 0.0, 100.0))


def places(x: np.ndarray, negative: bool = False) -> np.ndarray:
    """Place of each value among the present ones: 1 is the best, ties share the better place (1, 2, 2, 4)."""
    ranked = pd.Series(np.asarray(x, dtype=float)).rank(method="min", ascending=negative)
    return ranked.to_numpy()


def r_rank_points(x: np.ndarray, points: Sequence[float], step: float | None = None,
                  negative: bool = False) -> np.ndarray:
    """Score by place with a points table, as a share of the table's top: ``100·points[place]/points[0]``.

    Places beyond the table score the table's last entry, or, with ``step``, lose ``step`` more points per place
    (floored at 0).
    """
    place = places(x, negative)
    table = np.asarray(points, dtype=float)
    last = len(table)
    beyond = np.maximum(np.nan_to_num(place) - last, 0)
    extra = table[-1] - (step or 0.0) * beyond
    got = np.where(np.nan_to_num(place) <= last, table[np.clip(np.nan_to_num(place), 1, last).astype(int) - 1],
                   np.maximum(extra, 0.0))
    return np.where(np.isnan(place), np.nan, 100.0 * got / table.max())


def r_best_share(x: np.ndarray, negative: bool = False) -> np.ndarray:
    """Score as a share of the best district: ``100·x/max`` (lower is better: ``100·min/x``).

    When the best value is 0 or below no share can be taken: the best values score 100, the others 0.
    """
    x = np.asarray(x, dtype=float)
    present = ~np.isnan(x)
    if not present.any():
        return np.full(x.shape, np.nan)
    best = np.nanmin(x) if negative else np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        if best <= 0:
            out = np.where(x <= best, 100.0, 0.0) if negative else np.where(x >= best, 100.0, 0.0)
        elif negative:
            out = 100.0 * best / x
        else:
            out = 100.0 * np.maximum(x, 0.0) / best
    return np.where(present, np.clip(out, 0.0, 100.0), np.nan)


def a_points(x: np.ndarray, per: float, cap: float | None = None) -> np.ndarray:
    """Points a deduction or bonus is worth: ``per`` per unit of ``x``, at most ``cap``; 0 where ``x`` is missing."""
    points = per * np.maximum(np.nan_to_num(np.asarray(x, dtype=float), nan=0.0), 0.0)
    return np.minimum(points, cap) if cap is not None else points


def a_apply(score: np.ndarray, change: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Add ``change`` to ``score`` and keep the result within 0–100; return it and the change actually applied.

    A missing score stays missing and takes no change.
    """
    moved = np.clip(score + change, 0.0, 100.0)
    applied = np.where(np.isnan(score), 0.0, moved - score)
    return np.where(np.isnan(score), np.nan, moved), applied


def a_veto(x: np.ndarray, when: str) -> np.ndarray:
    """Tell where the raw value meets the veto condition (``">= 1"``); a missing value never triggers it."""
    op, threshold = parse_condition(when)
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore"):
        return ~np.isnan(x) & _COMPARE[op](x, threshold)
