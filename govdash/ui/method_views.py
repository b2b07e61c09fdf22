"""Page pieces of 方法与权重: the indicator definitions, the what-if weight editor, and its effect on the ranking.

The what-if weights are never written to the framework file: they are passed to ``compute_scores`` (through the
cached ``data.scores``) as overrides, keyed by dimension or indicator code.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.domain import labels
from govdash.domain.metric_catalog import METRICS
from govdash.frameworks import Framework
from govdash.ui import data
from govdash.ui.data import Weights

DIRECTION = {"positive": "越高越好", "negative": "越低越好"}
NORMALIZATION = {"goalpost": "上下限法", "minmax": "极值法", "zscore": "标准分法", "target": "目标值",
                 "rank_points": "名次计分", "best_share": "第一名满分"}
SOURCE_REPORTED = "区县填报"


def _source(metric: str | None) -> str:
    if metric is None:
        return SOURCE_REPORTED
    info = METRICS.get(metric)
    return f"业务记录:{info.label}({info.definition})" if info else metric


def _bound(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def definitions_frame(framework: Framework) -> pd.DataFrame:
    """Return each indicator's definition, formula, source and weights, in file order."""
    dim_total = sum(d.weight for d in framework.dimensions)
    rows = []
    for dim in framework.dimensions:
        inner_total = sum(i.weight for i in dim.weighted_indicators)
        for ind in dim.indicators:
            goalposts = f"{_bound(ind.lo)}–{_bound(ind.hi)}{ind.unit}" if ind.normalization == "goalpost" else "—"
            weighted = not ind.is_adjustment
            rows.append({
                "维度": dim.name, "指标": ind.name, "代码": ind.code, "单位": ind.unit or "—",
                "方向": DIRECTION[ind.direction],
                "归一化": (NORMALIZATION[ind.normalization] + (" · 对数" if ind.transform == "log10" else ""))
                if weighted else ind.adjust.label if ind.adjust else "—",
                "目标值区间": goalposts if weighted else "—",
                "维度内权重": round(ind.weight / inner_total * 100, 1) if weighted else None,
                "占指数": round(dim.weight / dim_total * ind.weight / inner_total * 100, 2) if weighted else None,
                "计分规则": ind.rule_text(dim.name),
                "来源": _source(ind.metric), "定义与公式": ind.definition or "—",
            })
    return pd.DataFrame(rows)


def bands_frame(framework: Framework) -> pd.DataFrame:
    """Return the bands from best to worst with their score ranges, and the rating classes within each band."""
    rows = []
    cuts = sorted(framework.bands, key=lambda b: b.min, reverse=True)
    for band, upper in zip(cuts, [None, *[b.min for b in cuts[:-1]]], strict=True):
        rows.append({"等级": band.label, "细分等级": "—", "得分区间": _span(band.min, upper)})
        classes = sorted(band.classes, key=lambda c: c.min, reverse=True)
        for rating, top in zip(classes, [upper, *[c.min for c in classes]], strict=False):
            rows.append({"等级": band.label, "细分等级": rating.label, "得分区间": _span(rating.min, top)})
    frame = pd.DataFrame(rows)
    return frame if any(b.classes for b in framework.bands) else frame.drop(columns="细分等级")


def _span(low: float, high: float | None) -> str:
    return f"≥ {low:g}" if high is None else f"{low:g} – {high:g}(不含)"


def weight_editor(framework: Framework, *, key: str) -> Weights | None:
    """Let the reader change dimension and indicator weights; return the overrides that differ from the file.

    Returns:
        The changed weights as ``(code, weight)`` pairs in file order (hashable, for the cached scores), or None
        when every weight equals the file's or a weight is not a positive number (said on the page).
    """
    inds = pd.DataFrame([{"代码": i.code, "维度": d.name, "指标": i.name, "权重": float(i.weight)}
                         for d, i in framework.indicators if not i.is_adjustment])
    locked = {"代码": st.column_config.TextColumn(disabled=True), "维度": st.column_config.TextColumn(disabled=True),
              "指标": st.column_config.TextColumn(disabled=True),
              "权重": st.column_config.NumberColumn(min_value=0.0, step=1.0, format="%g", required=True)}
    st.markdown("**维度权重**")
    dim_weights = []
    for column, dim in zip(st.columns(len(framework.dimensions)), framework.dimensions, strict=True):
        dim_weights.append(column.number_input(dim.name, min_value=0.0, value=float(dim.weight), step=1.0,
                                               format="%g", key=f"{key}_{dim.code}"))
    with st.expander("指标权重(维度内)"):
        new_inds = st.data_editor(inds, hide_index=True, width="stretch", column_config=locked, key=f"{key}_inds",
                                  num_rows="fixed")
    dims = pd.DataFrame({"代码": [d.code for d in framework.dimensions],
                         "权重": [float(d.weight) for d in framework.dimensions]})
    new_dims = dims.assign(权重=dim_weights)
    edited = pd.concat([new_dims[["代码", "权重"]], new_inds[["代码", "权重"]]])
    original = pd.concat([dims[["代码", "权重"]], inds[["代码", "权重"]]])
    if edited["权重"].isna().any() or (edited["权重"] <= 0).any():
        st.error("权重须为正数:请把为 0 或空白的权重改为大于 0 的数。", icon=":material/error:")
        return None
    changed = edited["权重"].to_numpy() != original["权重"].to_numpy()
    pairs = tuple((str(c), float(w)) for c, w in zip(edited["代码"], edited["权重"], strict=True))
    return tuple(p for p, c in zip(pairs, changed, strict=True) if c) or None


def what_if_frame(framework: Framework, period: str, weights: Weights) -> pd.DataFrame:
    """Return each district's score and rank under the file's weights and under the what-if weights."""
    label = framework.framework.score_label
    before = data.period_scores(framework.framework.code, period).overall.set_index("region_code")
    after = data.period_scores(framework.framework.code, period, weights).overall.set_index("region_code")
    frame = pd.DataFrame({
        labels.REGION: before["region_name"],
        f"原{label}": before["score"].round(1),
        f"调整后{label}": after["score"].reindex(before.index).round(1),
        "原排名": before["rank"].astype("Int64"),
        "调整后排名": after["rank"].reindex(before.index).astype("Int64"),
    })
    frame[labels.RANK_CHANGE] = frame["原排名"] - frame["调整后排名"]
    return frame.sort_values(["调整后排名", labels.REGION], na_position="last").reset_index(names=labels.REGION_CODE)
