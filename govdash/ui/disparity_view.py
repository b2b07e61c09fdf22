"""The 区域差异 section of 总览: the spread of the index across districts this period, its change and its trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.charts.disparity import make_disparity_trend_figure
from govdash.core.periods import format_period
from govdash.frameworks import Framework
from govdash.report.disparity import disparity_lines, disparity_trend
from govdash.scoring import ScoreResult
from govdash.scoring.disparity import MEASURES
from govdash.ui.widgets import chart, download_table

HELP = {
    "range": "最高分减最低分",
    "cv": "标准差除以平均分(按全部区县计算,不是样本标准差)",
    "theil": "T = (1/n) Σ (xᵢ/μ) ln(xᵢ/μ);各区县相同时为 0",
    "gini": "各区县两两得分差的绝对值之和除以 2n²μ;各区县相同时为 0,越大差距越大",
}
TABLE_COLUMNS = {"period": "期间", "districts": "区县数", "mean": "平均分", "max": "最高分", "max_region": "最高",
                 "min": "最低分", "min_region": "最低", **MEASURES}


def _delta(now: pd.Series, before: pd.Series | None, measure: str) -> str | None:
    if before is None or pd.isna(before[measure]):
        return None
    digits = 1 if measure == "range" else 3
    return f"{now[measure] - before[measure]:+.{digits}f}"


def disparity_section(result: ScoreResult, framework: Framework, period: str, *, key: str) -> None:
    """Show the four measures of ``period`` (change on the period before), the sentences and the trend chart."""
    meta = framework.framework
    table = disparity_trend(result, period)
    rows = table[table["period"] == period]
    st.subheader("区域差异")
    if rows.empty or pd.isna(rows.iloc[0]["gini"]):
        st.info("本期计算了得分的区县不足两个,无法衡量区域差异。", icon=":material/info:")
        return
    now = rows.iloc[0]
    earlier = table[table.index < rows.index[0]]
    before = earlier.iloc[-1] if not earlier.empty else None
    for box, measure in zip(st.columns(len(MEASURES)), MEASURES, strict=True):
        value = f"{now[measure]:.1f} 分" if measure == "range" else f"{now[measure]:.3f}"
        box.metric(MEASURES[measure], value, delta=_delta(now, before, measure), delta_color="inverse",
                   help=HELP[measure])
    st.caption(";".join(disparity_lines(table, period, score_label=meta.score_label)) + "。"
               + (f"变化与{format_period(before['period'])}相比,数值越小区县间越均衡。" if before is not None else ""))
    if len(table) > 1:
        chart(make_disparity_trend_figure(table, score_label=meta.score_label), f"{meta.score_label}区域差异走势",
              key=f"{key}_disparity")
    shown = table.assign(period=table["period"].map(format_period))[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    download_table(shown.round(4), f"区域差异_{meta.short_name or meta.name}", key=f"{key}_disparity_table")
