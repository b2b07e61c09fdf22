"""Nested bands: a band (group) split into rating classes, as UN-EGDI splits "very high" into VH, V3, V2, V1.

A band covers its own ``min`` up to the next band's ``min`` (the top band up to 100). Its classes partition that
span: the lowest class starts at the band's ``min``. ``split`` names equal classes from the lowest up; ``classes``
gives each its own ``min``.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field


class BandClass(BaseModel):
    """A rating class inside a band: scores at or above ``min`` (and below the next class's)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    min: float = Field(ge=0, le=100)


def band_span(mins: Sequence[float], position: int) -> tuple[float, float]:
    """Return the span ``[low, high)`` of the band at ``position`` in ``mins`` sorted ascending (the top one ends at 100)."""
    low = mins[position]
    return low, (mins[position + 1] if position + 1 < len(mins) else 100.0)


def equal_classes(labels: Sequence[str], low: float, high: float) -> tuple[BandClass, ...]:
    """Split ``[low, high)`` into ``len(labels)`` equal classes, labels from the lowest class up."""
    step = (high - low) / len(labels)
    return tuple(BandClass(label=label, min=low + i * step) for i, label in enumerate(labels))


def check_classes(label: str, classes: Sequence[BandClass], low: float, high: float) -> None:
    """Refuse classes that do not partition the band's span ``[low, high)``."""
    mins = sorted(c.min for c in classes)
    if mins[0] != low:
        raise ValueError(f"等级“{label}”的细分等级须从该等级的下限 {low:g} 开始,最低一档的 min 应为 {low:g}")
    if len(set(mins)) != len(mins):
        raise ValueError(f"等级“{label}”的细分等级下限重复")
    outside = [m for m in mins if m >= high and not (m == high == 100.0 == low)]
    if outside:
        raise ValueError(f"等级“{label}”的细分等级下限 {', '.join(f'{m:g}' for m in outside)} "
                         f"不在该等级的区间 {low:g}–{high:g} 内")
