"""Apply a framework's adjusting indicators (扣分项、加分项、一票否决) to dimension and index scores.

The engine scores the weighted indicators first; this stage then moves the scores in file order, each step kept
within 0–100, and records the points each indicator actually moved. Those points become the indicator's
contribution, so contributions still add up to the score shown. A veto sets the grade (and may cap the score).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from govdash.frameworks.rules import Adjustment
from govdash.frameworks.schema import Framework
from govdash.scoring.rules import a_apply, a_points, a_veto


@dataclass(frozen=True)
class AdjustPlan:
    """The adjusting indicators of a framework: their matrix columns and rules, in file order."""

    columns: tuple[int, ...]
    rules: tuple[Adjustment, ...]
    units: tuple[str, ...]

    @classmethod
    def of(cls, framework: Framework) -> AdjustPlan:
        """Find the indicators carrying an ``adjust`` table."""
        found = [(n, i) for n, (_d, i) in enumerate(framework.indicators) if i.adjust is not None]
        return cls(columns=tuple(n for n, _i in found), rules=tuple(i.adjust for _n, i in found if i.adjust),
                   units=tuple(i.unit for _n, i in found))

    def __bool__(self) -> bool:
        return bool(self.columns)


@dataclass
class Adjusted:
    """What the adjustments did: points moved (rows × indicators, 0 where none) and the vetoes triggered."""

    change: np.ndarray
    vetoed: np.ndarray
    veto_band: np.ndarray
    veto_reason: np.ndarray


def _signed_points(rule: Adjustment, raw: np.ndarray) -> np.ndarray:
    points = a_points(raw, rule.per or 0.0, rule.cap)
    return -points if rule.kind == "deduction" else points


def adjust_dimensions(plan: AdjustPlan, raw: np.ndarray, scores: np.ndarray, contribution: np.ndarray,
                      dim_of: np.ndarray) -> Adjusted:
    """Move dimension scores by the adjustments that apply to a dimension (in place); return what moved."""
    adjusted = Adjusted(change=np.zeros(raw.shape), vetoed=np.zeros(raw.shape, dtype=bool),
                        veto_band=np.full(raw.shape[0], None, dtype=object),
                        veto_reason=np.full(raw.shape[0], None, dtype=object))
    for col, rule in zip(plan.columns, plan.rules, strict=True):
        if rule.kind == "veto" or rule.applies_to != "dimension":
            continue
        dim = dim_of[col]
        scores[:, dim], applied = a_apply(scores[:, dim], _signed_points(rule, raw[:, col]))
        contribution[:, col] = np.where(np.isnan(scores[:, dim]), np.nan, applied)
        adjusted.change[:, col] = applied
    return adjusted


def adjust_index(plan: AdjustPlan, raw: np.ndarray, overall: np.ndarray, index_contribution: np.ndarray,
                 adjusted: Adjusted, names: tuple[str, ...]) -> np.ndarray:
    """Move the index by index-level deductions and bonuses, then apply vetoes; return the new index.

    ``index_contribution`` and ``adjusted`` are updated in place. Several vetoes on one district: the first in
    file order sets the grade, and every reason is listed.
    """
    for col, rule in zip(plan.columns, plan.rules, strict=True):
        if rule.kind == "veto" or rule.applies_to != "index":
            continue
        overall, applied = a_apply(overall, _signed_points(rule, raw[:, col]))
        index_contribution[:, col] = np.where(np.isnan(overall), np.nan, applied)
        adjusted.change[:, col] = applied
    for col, rule in zip(plan.columns, plan.rules, strict=True):
        if rule.kind != "veto":
            continue
        hit = a_veto(raw[:, col], rule.when or "")
        adjusted.vetoed[:, col] = hit
        if rule.score_cap is not None:
            capped = np.where(hit, np.minimum(overall, rule.score_cap), overall)
            applied = np.where(np.isnan(overall), 0.0, capped - overall)
            index_contribution[:, col] = np.where(np.isnan(overall), np.nan, applied)
            adjusted.change[:, col] = applied
            overall = capped
        reason = rule.reason or f"{names[col]} {rule.when}"
        first = hit & pd.isna(adjusted.veto_band)
        adjusted.veto_band[first] = rule.band
        adjusted.veto_reason[hit] = [reason if r is None else f"{r};{reason}" for r in adjusted.veto_reason[hit]]
    return overall


def cell_notes(plan: AdjustPlan, raw: np.ndarray, adjusted: Adjusted) -> dict[int, np.ndarray]:
    """Say per district what each adjusting indicator did: 扣 4 分, 加 2 分, 已触发一票否决, or why nothing."""
    notes: dict[int, np.ndarray] = {}
    for col, rule in zip(plan.columns, plan.rules, strict=True):
        missing = np.isnan(raw[:, col])
        if rule.kind == "veto":
            text = np.where(adjusted.vetoed[:, col], f"一票否决:已触发,等级定为“{rule.band}”", "一票否决:未触发")
        else:
            verb = "扣" if rule.kind == "deduction" else "加"
            text = np.array([f"{rule.label}:{verb} {abs(c):.4g} 分" for c in adjusted.change[:, col]], dtype=object)
        notes[col] = np.where(missing, f"无数据,{rule.label}未计", text).astype(object)
    return notes
