"""The 条块 heatmap: 实施部门 (rows, the 条) × districts (columns, the 块), one measure per cell."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from govdash.charts.theme import apply_theme

# Light = good, dark red = bad; the scale is turned over for measures where more is better.
WORSE_SCALE = ((0.0, "#f3f6fb"), (0.5, "#f4b183"), (1.0, "#c62828"))
BETTER_SCALE = ((0.0, "#fbeaea"), (0.5, "#8fb3dd"), (1.0, "#1f5fa8"))
VOLUME_SCALE = ((0.0, "#f3f6fb"), (1.0, "#1f5fa8"))
DEPARTMENTS_SHOWN = 30
WEIGHT_LABELS = {"evaluations": "评价数", "items": "事项数"}


def matrix_table(frame: pd.DataFrame, value: str, *, weight: str) -> pd.DataFrame:
    """Pivot ``frame`` to departments × district names: the busiest departments (by ``weight``) on top.

    Departments past ``DEPARTMENTS_SHOWN`` are left out; a cell with no records stays NaN.
    """
    if frame.empty:
        return pd.DataFrame()
    busiest = (frame.groupby("department")[weight].sum().sort_values(ascending=False, kind="stable")
               .index[:DEPARTMENTS_SHOWN])
    columns = frame.drop_duplicates("region_code").sort_values("region_code")
    table = frame.pivot_table(index="department", columns="region_code", values=value, aggfunc="first",
                              dropna=False)
    table = table.reindex(index=list(busiest), columns=list(columns["region_code"]))
    table.columns = list(columns["region_name"])
    return table


def make_department_matrix_figure(frame: pd.DataFrame, value: str, label: str, *, weight: str,
                                  percent: bool, lower_is_better: bool = False,
                                  highlight: Sequence[str] = ()) -> go.Figure:
    """Departments × districts heatmap of ``value`` (a rate in percent, or a count), each cell labelled.

    Args:
        frame: rows of ``govdash.repository.department_matrix`` (department, region_code, region_name, value…).
        value: the column drawn.
        label: its Chinese name (title, colour bar, hover).
        weight: the count that ranks departments (evaluations, items).
        percent: label cells as ``12.5%``; else as counts.
        lower_is_better: a high value is bad (差评率): dark red is high.
        highlight: district names drawn in bold on the axis (the one selected in the sidebar).
    """
    table = matrix_table(frame, value, weight=weight)
    counts = matrix_table(frame, weight, weight=weight) if not table.empty else table
    z = table.to_numpy(dtype=float) if not table.empty else np.empty((0, 0))
    text = [["" if np.isnan(v) else (f"{v:.1f}%" if percent else f"{v:,.0f}") for v in row] for row in z]
    scale = VOLUME_SCALE if not percent else (WORSE_SCALE if lower_is_better else BETTER_SCALE)
    names = [f"<b>{n}</b>" if n in highlight else n for n in table.columns]
    # Plain lists (None for an empty cell) keep the figure's JSON readable: a numpy array becomes base64.
    cells = [[None if np.isnan(v) else float(v) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=cells, x=names, y=list(table.index), text=text, texttemplate="%{text}", colorscale=[list(s) for s in scale],
        zmin=0 if percent else None, zmax=100 if percent and not lower_is_better else None, xgap=2, ygap=2,
        colorbar={"title": {"text": label}, "ticksuffix": "%" if percent else ""}, hoverongaps=False,
        customdata=[["" if pd.isna(n) else f"{n:,.0f}" for n in row] for row in counts.to_numpy(dtype=float)],
        hovertemplate="%{y} · %{x}<br>" + label + ":%{text}<br>" + WEIGHT_LABELS.get(weight, weight)
        + ":%{customdata}<extra></extra>"))
    fig.update_layout(title=f"各部门在各区县的{label}", xaxis={"side": "top", "tickangle": 0},
                      yaxis={"autorange": "reversed"})
    return apply_theme(fig, height=max(320, 60 + 30 * len(table.index)), legend=False)
