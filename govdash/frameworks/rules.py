"""Scoring rules as data: the normalization rules' settings and the adjustments an indicator can carry.

An indicator either scores 0–100 and is weighted into its dimension (goalpost, minmax, zscore, and the rules
``target`` 目标值, ``rank_points`` 名次计分, ``best_share`` 第一名满分), or carries an ``[…adjust]`` table and
changes a score directly instead of being weighted: a deduction (扣分项), a bonus (加分项) or a veto (一票否决).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Rules that score an indicator against the other districts of the same period.
RELATIVE_RULES = ("minmax", "zscore", "rank_points", "best_share")
NORMALIZATIONS = ("goalpost", "minmax", "zscore", "target", "rank_points", "best_share")
Normalization = Literal["goalpost", "minmax", "zscore", "target", "rank_points", "best_share"]

_CONDITION = re.compile(r"^\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")


def parse_condition(text: str) -> tuple[str, float]:
    """Split a veto condition such as ``">= 1"`` into its operator and number, or raise ``ValueError``."""
    match = _CONDITION.match(text)
    if not match:
        raise ValueError(f"条件“{text}”无法识别,应写作 \">= 1\"、\"> 0\"、\"< 60\"、\"== 1\" 这样的比较")
    return match.group(1), float(match.group(2))


class Adjustment(BaseModel):
    """What an adjusting indicator does to a score, from its raw value ``x``.

    - ``deduction``: ``per`` points off per unit of ``x`` (per occurrence), at most ``cap`` in all; the score never
      falls below 0.
    - ``bonus``: ``per`` points per unit of ``x``, at most ``cap``; the score never rises above 100.
    - ``veto``: when ``x`` meets ``when`` (e.g. ``">= 1"``), the grade becomes ``band`` whatever the score, the score
      is capped at ``score_cap`` if given, and ``reason`` is shown beside it.

    ``applies_to`` is ``"index"`` (the composite, default) or ``"dimension"`` (the indicator's own dimension); a
    veto always applies to the index.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["deduction", "bonus", "veto"]
    per: float | None = Field(default=None, gt=0)
    cap: float | None = Field(default=None, gt=0, le=100)
    applies_to: Literal["index", "dimension"] = "index"
    when: str | None = None
    band: str | None = None
    score_cap: float | None = Field(default=None, ge=0, le=100)
    reason: str = ""

    @field_validator("when")
    @classmethod
    def _condition(cls, value: str | None) -> str | None:
        if value is not None:
            parse_condition(value)
        return value

    @model_validator(mode="after")
    def _complete(self) -> Adjustment:
        if self.kind in ("deduction", "bonus") and self.per is None:
            raise ValueError(f"{_KIND_LABELS[self.kind]}须给出 per(每单位加减的分数)")
        if self.kind == "bonus" and self.cap is None:
            raise ValueError("加分项须给出 cap(最多加的分数)")
        if self.kind == "veto":
            if self.when is None or self.band is None:
                raise ValueError("一票否决须给出 when(触发条件,如 \">= 1\")和 band(触发后的等级)")
            if self.applies_to != "index":
                raise ValueError("一票否决只作用于综合结果,不能写 applies_to = \"dimension\"")
        elif self.when is not None or self.band is not None or self.score_cap is not None:
            raise ValueError("when、band、score_cap 只用于一票否决(kind = \"veto\")")
        return self

    @property
    def label(self) -> str:
        """The rule's Chinese name: 扣分项, 加分项 or 一票否决."""
        return _KIND_LABELS[self.kind]


_KIND_LABELS = {"deduction": "扣分项", "bonus": "加分项", "veto": "一票否决"}


_COUNT_UNITS = ("件", "项", "个", "起", "次", "人", "家")


def _per_unit(unit: str) -> str:
    if unit in _COUNT_UNITS:
        return f"每{unit}"
    if unit == "0/1":
        return "为 1 时"
    return f"每 1 {unit}" if unit else "每 1 单位"


def describe_adjustment(rule: Adjustment, *, name: str, unit: str, dimension: str) -> str:
    """Say in Chinese what an adjusting indicator does, e.g. ``扣分项:每起扣 2 分,最多扣 10 分(从综合得分中扣除)``."""
    if rule.kind == "veto":
        cap = f",得分不超过 {rule.score_cap:g} 分" if rule.score_cap is not None else ""
        why = f"({rule.reason})" if rule.reason else ""
        return f"一票否决:{name} {rule.when} 时,等级定为“{rule.band}”{cap}{why}"
    target = "综合得分" if rule.applies_to == "index" else f"{dimension}得分"
    if rule.kind == "deduction":
        cap = f",最多扣 {rule.cap:g} 分" if rule.cap is not None else ""
        return f"扣分项:{_per_unit(unit)}扣 {rule.per:g} 分{cap}(从{target}中扣除,扣后不低于 0 分)"
    return f"加分项:{_per_unit(unit)}加 {rule.per:g} 分,最多加 {rule.cap:g} 分(加到{target}上,不超过 100 分)"


def describe_normalization(method: str, *, negative: bool, unit: str = "", lo: float | None = None,
                           hi: float | None = None, target: float | None = None, points: tuple[float, ...] = (),
                           points_step: float | None = None) -> str:
    """Say in Chinese how a weighted indicator is scored, with its own numbers."""
    suffix = f" {unit}" if unit and unit != "0/1" else ""
    if method == "goalpost" and lo is not None and hi is not None:
        best, worst = (lo, hi) if negative else (hi, lo)
        return f"上下限法:{worst:g}{suffix} 记 0 分,{best:g}{suffix} 记 100 分,其间线性换算,超出截断"
    if method == "target" and target is not None:
        if negative:
            return f"目标值 {target:g}{suffix}:不超过目标值得满分,超出按 目标值 ÷ 实际值 的比例得分"
        return f"目标值 {target:g}{suffix}:达到目标值得满分,低于目标值按 实际值 ÷ 目标值 的比例得分"
    if method == "rank_points" and points:
        rest = (f",其后每名再减 {points_step:g} 分(最低 0 分)" if points_step
                else f",其后各名均得 {points[-1]:g} 分")
        return (f"名次计分:第 1–{len(points)} 名依次得 {'/'.join(f'{p:g}' for p in points)} 分{rest};"
                f"同值同名次,按满分 {max(points):g} 分折算为百分制")
    if method == "best_share":
        if negative:
            return "第一名满分:数值最低的区县得满分,其余按 最低值 ÷ 本区县值 的比例得分"
        return "第一名满分:数值最高的区县得满分,其余按 本区县值 ÷ 最高值 的比例得分"
    if method == "minmax":
        return "极值法:同期最差的区县 0 分、最好的 100 分,其间线性换算"
    return "标准分法:50 + 10 × 标准分,截断在 0–100 分"
