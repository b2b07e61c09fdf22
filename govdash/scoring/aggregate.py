"""Aggregation: weighted means of 0–100 scores (DOMAIN.md §3.3–3.4).

A missing value (NaN) is left out and the weights of the values present are rescaled; it is never read as 0.
Weights are either a vector (one mean over the last axis) or an items × groups matrix (one mean per group, the
matrix holding each item's weight in its group's column and 0 elsewhere), so a whole framework aggregates in one
matrix product.
"""

from __future__ import annotations

import numpy as np

#: The geometric mean reads any score below this many points as this many points. Without a floor a single
#: indicator at 0 would pull the whole dimension, and the index above it, to 0 however good everything else is.
GEOMETRIC_FLOOR = 1.0


def _present_sums(x: np.ndarray, w: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    present = ~np.isnan(x)
    numerator = np.where(present, values, 0.0) @ w
    denominator = present.astype(float) @ w
    return numerator, denominator


def a_arithmetic(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted arithmetic mean ``Σ wᵢxᵢ / Σ wᵢ`` over the values present (NaN where none is)."""
    x = np.asarray(x, dtype=float)
    numerator, denominator = _present_sums(x, w, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def a_geometric(x: np.ndarray, w: np.ndarray, floor: float = GEOMETRIC_FLOOR) -> np.ndarray:
    """Weighted geometric mean ``exp(Σ wᵢ·ln max(xᵢ, floor) / Σ wᵢ)`` over the values present (NaN where none is)."""
    x = np.asarray(x, dtype=float)
    numerator, denominator = _present_sums(x, w, np.log(np.maximum(x, floor)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, np.exp(numerator / denominator), np.nan)


def aggregate(x: np.ndarray, w: np.ndarray, rule: str) -> np.ndarray:
    """Apply the named rule ("arithmetic" or "geometric")."""
    return a_geometric(x, w) if rule == "geometric" else a_arithmetic(x, w)


def coverage(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Share of the nominal weight whose values are present (1.0 when nothing is missing)."""
    present = (~np.isnan(np.asarray(x, dtype=float))).astype(float)
    return (present @ w) / np.sum(w, axis=0)


def parts(x: np.ndarray, effective_weight: np.ndarray, total: np.ndarray, rule: str) -> np.ndarray:
    """Split an aggregate into one part per value, the parts summing to the aggregate.

    Arithmetic: ``wᵢ·xᵢ`` (``w`` rescaled over the values present). Geometric: the aggregate shared in
    proportion to each value's term of its logarithm, ``total · wᵢ·ln max(xᵢ, floor) / ln total``; when the
    total is the floor itself (log 0) the parts are ``wᵢ·total``.

    Args:
        x: the values (NaN where missing: part NaN).
        effective_weight: each value's rescaled weight (summing to 1 over its group).
        total: each value's group aggregate, broadcast to the shape of ``x``.
        rule: "arithmetic" or "geometric".
    """
    x = np.asarray(x, dtype=float)
    if rule != "geometric":
        return effective_weight * x
    log_total = np.log(np.maximum(total, GEOMETRIC_FLOOR))
    terms = effective_weight * np.log(np.maximum(x, GEOMETRIC_FLOOR))
    with np.errstate(divide="ignore", invalid="ignore"):
        shared = np.where(log_total > 0, total * terms / log_total, effective_weight * total)
    return np.where(np.isnan(x), np.nan, shared)
