"""The regional-difference trend: the spread of the districts' index per period, and the inequality measures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from govdash.charts.theme import ACCENT, ACCENT_LIGHT, MUTED, PALETTE, apply_theme
from govdash.core.periods import format_period
from govdash.scoring.disparity import MEASURES


def make_disparity_trend_figure(table: pd.DataFrame, *, score_label: str, title: str | None = None) -> go.Figure:
    """Two panels over the periods: the max–min band with the mean (points), and CV, Theil and Gini.

    Args:
        table: ``govdash.scoring.disparity.regional_disparity`` rows, in period order.
        score_label: what is scored (数字政府建设成效评估指数), for the axis title.
        title: the chart title; None gives 区域差异走势.
    """
    periods = [format_period(p) for p in table["period"]]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(f"{score_label}:最高、最低与平均(分)", "变异系数、泰尔指数、基尼系数"))
    fig.add_trace(go.Scatter(x=periods, y=table["max"], mode="lines+markers", name="最高", line={"color": ACCENT},
                             customdata=table["max_region"], hovertemplate="%{x} 最高 %{y:.1f} 分(%{customdata})"
                             "<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=periods, y=table["min"], mode="lines+markers", name="最低", fill="tonexty",
                             fillcolor="rgba(143,179,221,0.25)", line={"color": ACCENT_LIGHT},
                             customdata=table["min_region"], hovertemplate="%{x} 最低 %{y:.1f} 分(%{customdata})"
                             "<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=periods, y=table["mean"], mode="lines", name="平均", line={"color": MUTED, "dash": "dot"},
                             customdata=table["range"], hovertemplate="%{x} 平均 %{y:.1f} 分,极差 %{customdata:.1f} 分"
                             "<extra></extra>"), row=1, col=1)
    for color, measure in zip(PALETTE[1:], ("cv", "theil", "gini"), strict=False):
        fig.add_trace(go.Scatter(x=periods, y=table[measure], mode="lines+markers", name=MEASURES[measure],
                                 line={"color": color},
                                 hovertemplate=f"%{{x}} {MEASURES[measure]} %{{y:.3f}}<extra></extra>"), row=1, col=2)
    fig.update_yaxes(title_text="分", row=1, col=1)
    fig.update_yaxes(tickformat=".3f", rangemode="tozero", row=1, col=2)
    fig.update_layout(title=title or "区域差异走势")
    return apply_theme(fig, height=420)
