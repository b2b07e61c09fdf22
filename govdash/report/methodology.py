"""The method in words: how a framework turns raw values into scores, for the briefing and the workbook.

Everything is read from the framework file (weights, goalposts, bands, the weak-spot rule), so a changed file
changes the explanation with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from govdash.core.periods import format_period
from govdash.frameworks import Framework
from govdash.report.method_report import method_stage_notes
from govdash.scoring import ScoreResult

_NORMALIZATION = {
    "goalpost": "上下限法:按框架文件给定的上下限线性换算为 0–100 分,超出上下限的截断",
    "minmax": "极值法:按当期各区县的最小值、最大值线性换算为 0–100 分(反映相对位置)",
    "zscore": "标准分法:50 + 10 × 标准分,截断在 0–100 分",
    "target": "目标值:达到目标值得满分,低于目标值按 实际值 ÷ 目标值 的比例得分",
    "rank_points": "名次计分:按当期名次查分数表(如第 1–5 名 60/57/54/51/48 分),再按满分折算为百分制,同值同名次",
    "best_share": "第一名满分:当期最好的区县得满分,其余按与第一名的比例得分",
}
_ADJUSTMENT_TOPICS = {"deduction": "扣分项", "bonus": "加分项", "veto": "一票否决"}
_AGGREGATION = {
    "arithmetic": "加权算术平均:维度内各指标、各维度之间均按权重加权平均",
    "geometric": "加权几何平均:强弱维度之间相互补偿较少,短板对总分影响更大",
}


def _bands_text(framework: Framework) -> str:
    bands = framework.sorted_bands()
    parts = []
    for upper, band in zip([None, *[b.min for b in bands]], bands, strict=False):
        if band.min == 0 and upper is not None:
            parts.append(f"{band.label} < {upper:g} 分")
        elif upper is None:
            parts.append(f"{band.label} ≥ {band.min:g} 分")
        else:
            parts.append(f"{band.label} {band.min:g}–{upper:g} 分")
    return ";".join(parts)


def weight_shares(framework: Framework, weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Return each dimension's share of the index in per cent (file weights, or ``weights`` overriding them)."""
    raw = {d.code: (weights or {}).get(d.code, d.weight) for d in framework.dimensions}
    total = sum(raw.values())
    return {code: 100 * w / total for code, w in raw.items()}


def method_notes(framework: Framework, aggregation: str, *, period: str) -> list[tuple[str, str]]:
    """Return the method as (topic, explanation) pairs, in Chinese, from the framework file."""
    shares = weight_shares(framework)
    methods = sorted({i.normalization for _, i in framework.indicators if not i.is_adjustment},
                     key=list(_NORMALIZATION).index)
    gap = 1 - framework.framework.min_weight_coverage
    notes = [
        ("评估框架", framework.name),
        ("评估期", format_period(period)),
        ("维度与权重", "、".join(f"{d.name} {shares[d.code]:.0f}%" for d in framework.dimensions)),
        ("归一化", ";".join(_NORMALIZATION[m] for m in methods) + ";越低越好的指标反向换算"),
        ("缺失值", f"缺失指标不按 0 分计,在所属维度内按其余指标重新分配权重(标注“缺失/估算”);"
                   f"维度缺失权重超过 {gap:.0%} 时不计分(“数据不足”),该区县不计算{framework.framework.score_label}"),
        *method_stage_notes(framework),
        ("汇总方法", _AGGREGATION[aggregation]),
        ("等级划分", _bands_text(framework)),
        ("排名与变化", "按得分由高到低排名,同分并列;较上期变化为与上一期相比的分数差和名次变化"),
    ]
    notes.extend(adjustment_notes(framework))
    if framework.weak_spot is not None:
        notes.append((framework.weak_spot.label,
                      f"维度得分低于 {framework.weak_spot.threshold:g} 分,并指出拖累最大的指标"))
    return notes


def adjustment_notes(framework: Framework) -> list[tuple[str, str]]:
    """One note per kind of adjustment the framework uses, each adjusting indicator's rule in its own words."""
    notes = []
    for kind, topic in _ADJUSTMENT_TOPICS.items():
        texts = [i.rule_text(d.name) for d, i in framework.indicators if i.adjust is not None and i.adjust.kind == kind]
        if texts:
            notes.append((topic, ";".join(text.split(":", 1)[1] for text in texts) + "。这类指标不参与加权"))
    return notes


def indicator_table(framework: Framework, scores: ScoreResult | None = None) -> pd.DataFrame:
    """Return every indicator with its dimension, weights (as used in ``scores`` if given), unit and rule."""
    overrides = {**scores.weights} if scores is not None else {}
    shares = weight_shares(framework, overrides)
    rows = []
    for dimension in framework.dimensions:
        weights = {i.code: overrides.get(i.code, i.weight) for i in dimension.weighted_indicators}
        total = sum(weights.values())
        for indicator in dimension.indicators:
            rows.append({
                "维度": dimension.name, "维度权重(%)": round(shares[dimension.code], 1),
                "指标": indicator.name, "单位": indicator.unit,
                "方向": "越高越好" if indicator.direction == "positive" else "越低越好",
                "归一化": indicator.adjust.kind if indicator.adjust else indicator.normalization,
                "下限": indicator.lo, "上限": indicator.hi,
                "维度内权重(%)": round(100 * weights[indicator.code] / total, 1) if indicator.code in weights
                else None,
                "计分规则": indicator.rule_text(dimension.name),
                "来源": "区县填报" if indicator.is_reported else "由记录计算",
                "定义": indicator.definition,
            })
    return pd.DataFrame(rows)


def dimension_table(framework: Framework) -> pd.DataFrame:
    """Return each dimension with its share of the index and its number of indicators, for a slide."""
    shares = weight_shares(framework)
    return pd.DataFrame({
        "维度": [d.name for d in framework.dimensions],
        "权重": [f"{shares[d.code]:.0f}%" for d in framework.dimensions],
        "指标数": [len(d.indicators) for d in framework.dimensions],
    })
