"""Charts of the record pages: 好差评, 满意度调查 and 数据共享开放.

Each builder takes a frame as the matching ``govdash.repository`` query returns it and gives a themed plotly
figure with Chinese titles, axis labels and hover texts. Rates are percentages (0–100).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from govdash.charts.theme import ACCENT, ACCENT_LIGHT, BAD, GOOD, MUTED, PALETTE, apply_theme
from govdash.core.periods import format_month
from govdash.domain.labels import EVALUATION_RATE_LABELS, SHARING_RATE_LABELS

RATE_LABELS = EVALUATION_RATE_LABELS
HANDLING_RATES = ("bad_rectify_rate", "bad_ontime_rate", "callback_rate")
SHARING_LABELS = SHARING_RATE_LABELS
INSUFFICIENT = "样本不足"


def _months(frame: pd.DataFrame) -> list[str]:
    return [format_month(m) for m in frame["month"]]


MIN_RATE_SPAN = 2.0  # percentage points: a narrower axis repeats the same one-decimal tick label


def _readable_range(values: pd.Series) -> list[float] | None:
    """Return an axis range at least ``MIN_RATE_SPAN`` wide around rates that barely move (None: plotly decides)."""
    shown = values.dropna()
    if shown.empty or shown.max() - shown.min() >= MIN_RATE_SPAN:
        return None
    middle = (shown.max() + shown.min()) / 2
    low = min(max(middle - MIN_RATE_SPAN / 2, 0.0), 100.0 - MIN_RATE_SPAN)
    return [low, low + MIN_RATE_SPAN]


NICE_STEPS = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0)


def _even_ticks(values: pd.Series, *, most: int = 6) -> tuple[float, float]:
    """Return an axis top and an even tick step (0.5%, 1%, 2% …) from zero to just above the largest rate."""
    largest = float(values.max()) if values.notna().any() else 0.0
    largest = max(largest, 0.1)
    step = next((s for s in NICE_STEPS if largest / s <= most - 1), 25.0)
    top = step * (int(largest // step) + 1)
    return min(top, 100.0), step


def _tick_format(step: float) -> str:
    """Enough decimals for the step and no more: 0.25% → .2f, 0.5% and 2.5% → .1f, 1% → .0f."""
    decimals = len(f"{step:g}".partition(".")[2])
    return f".{decimals}f"


def make_evaluation_trend_figure(trend: pd.DataFrame, *, title: str = "好评率与差评率(按月)") -> go.Figure:
    """好评率 (left axis) and 差评率 (right axis) month by month, with the month's evaluations in the hover.

    Args:
        trend: ``repository.evaluation_trend`` (month, evaluations, the five rates).
        title: the chart title.
    """
    months = _months(trend)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    volume = trend["evaluations"].to_numpy()
    for column, color, right in (("good_rate", ACCENT, False), ("bad_rate", BAD, True)):
        fig.add_trace(go.Scatter(
            x=months, y=trend[column], name=RATE_LABELS[column], mode="lines+markers",
            line={"color": color, "width": 3}, customdata=volume,
            hovertemplate=f"%{{x}}<br>{RATE_LABELS[column]}:%{{y:.1f}}%<br>评价数:%{{customdata:,}}<extra></extra>",
        ), secondary_y=right)
    fig.update_layout(title=title, hovermode="x unified")
    fig.update_yaxes(title_text="好评率(%)", ticksuffix="%", tickformat=".1f", secondary_y=False,
                     range=_readable_range(trend["good_rate"]))
    top, step = _even_ticks(trend["bad_rate"])
    # Explicit even steps from zero: left to itself, the right axis lined up with the left grid at 0.5% 1.0% 1.6%.
    fig.update_yaxes(title_text="差评率(%)", ticksuffix="%", tickformat=_tick_format(step), secondary_y=True,
                     showgrid=False, range=[0, top], tickmode="linear", tick0=0, dtick=step)
    fig.update_xaxes(title_text="月份", type="category")
    return _room_for_legend(apply_theme(fig, height=400))


def make_handling_trend_figure(trend: pd.DataFrame, *, title: str = "差评处理(按月)") -> go.Figure:
    """差评整改率, 按时整改率 and 回访率 month by month, with the month's 差评 in the hover."""
    months = _months(trend)
    fig = go.Figure()
    for column, color in zip(HANDLING_RATES, PALETTE, strict=False):
        fig.add_trace(go.Scatter(
            x=months, y=trend[column], name=RATE_LABELS[column], mode="lines+markers",
            line={"color": color, "width": 2.5}, customdata=trend["bad"],
            hovertemplate=f"%{{x}}<br>{RATE_LABELS[column]}:%{{y:.1f}}%<br>差评数:%{{customdata:,}}<extra></extra>",
        ))
    fig.update_layout(title=title, hovermode="x unified")
    fig.update_yaxes(title_text="比率(%)", ticksuffix="%", range=[0, 105])
    fig.update_xaxes(title_text="月份", type="category")
    return _room_for_legend(apply_theme(fig, height=400))


def make_breakdown_figure(breakdown: pd.DataFrame, *, title: str, rate: str = "good_rate",
                          limit: int = 15) -> go.Figure:
    """Horizontal bars of one rate per channel, department, item or district (the largest volumes first).

    Args:
        breakdown: ``repository.evaluation_breakdown`` (label, evaluations, bad, the five rates).
        title: the chart title.
        rate: the rate column to draw (a key of ``RATE_LABELS``).
        limit: how many groups to show, by volume.
    """
    shown = breakdown.head(limit).iloc[::-1]  # plotly draws the first row at the bottom
    name = RATE_LABELS[rate]
    fig = go.Figure(go.Bar(
        x=shown[rate], y=shown["label"], orientation="h", marker_color=ACCENT,
        text=[_pct(v) for v in shown[rate]], textposition="outside", cliponaxis=False,
        customdata=np.stack([shown["evaluations"], shown["bad"]], axis=-1),
        hovertemplate=(f"%{{y}}<br>{name}:%{{x:.1f}}%<br>评价数:%{{customdata[0]:,}}"
                       "<br>差评数:%{customdata[1]:,}<extra></extra>"),
    ))
    fig.update_layout(title=title, bargap=0.3)
    fig.update_xaxes(title_text=f"{name}(%)", ticksuffix="%", range=_rate_range(shown[rate]))
    fig.update_yaxes(title_text="", type="category")
    return apply_theme(fig, height=max(300, 60 + 28 * len(shown)), legend=False)


def make_worst_services_figure(worst: pd.DataFrame, *, title: str = "差评率最高的服务事项") -> go.Figure:
    """Horizontal bars of 差评率 of the worst-rated service items, the worst on top."""
    shown = worst.iloc[::-1]
    labels = [f"{label}({key})" for label, key in zip(shown["label"], shown["key"], strict=True)]
    fig = go.Figure(go.Bar(
        x=shown["bad_rate"], y=labels, orientation="h", marker_color=BAD,
        text=[_pct(v) for v in shown["bad_rate"]], textposition="outside", cliponaxis=False,
        customdata=np.stack([shown["evaluations"], shown["bad"], shown["good_rate"]], axis=-1),
        hovertemplate=("%{y}<br>差评率:%{x:.1f}%<br>好评率:%{customdata[2]:.1f}%<br>"
                       "评价数:%{customdata[0]:,}<br>差评数:%{customdata[1]:,}<extra></extra>"),
    ))
    fig.update_layout(title=title, bargap=0.3)
    top = float(shown["bad_rate"].max()) if len(shown) else 10.0
    fig.update_xaxes(title_text="差评率(%)", ticksuffix="%", range=[0, top * 1.2 + 0.5])
    fig.update_yaxes(title_text="", type="category")
    return apply_theme(fig, height=max(300, 60 + 30 * len(shown)), legend=False)


def question_labels(questions: pd.DataFrame) -> list[str]:
    """Label each survey question as ``问卷 题号 题目`` (the text when the import kept one)."""
    labels = []
    for survey, code, text in zip(questions["survey_code"], questions["question_code"],
                                  questions["question_text"], strict=True):
        words = text if isinstance(text, str) and text.strip() else ""
        labels.append(f"{survey} {code} {words}".strip())
    return labels


def _score_bars(labels: list[str], frame: pd.DataFrame, n_name: str, *, horizontal: bool = False) -> go.Bar:
    insufficient = frame["insufficient"].astype(bool).to_numpy()
    n_column = "responses" if n_name == "答卷数" else "answers"
    error = {"type": "data", "array": frame["margin_of_error"].fillna(0), "color": "#4b5563", "thickness": 1.5,
             "width": 4}
    label, value = ("%{y}", "%{x:.1f}") if horizontal else ("%{x}", "%{y:.1f}")
    bars = {"x": frame["score"], "y": labels, "orientation": "h", "error_x": error} if horizontal else {
        "x": labels, "y": frame["score"], "error_y": error}
    return go.Bar(
        **bars, marker_color=[MUTED if flag else ACCENT for flag in insufficient],
        # A narrow upright bar fits the mark only on its own line (plotly would otherwise turn the text).
        text=[f"{v:.1f}" + ((" " if horizontal else "<br>") + INSUFFICIENT if flag else "")
              for v, flag in zip(frame["score"], insufficient, strict=True)],
        textposition="inside", insidetextanchor="start" if horizontal else "middle", textangle=0,
        customdata=np.stack([frame[n_column], frame["margin_of_error"],
                             np.where(insufficient, f"({INSUFFICIENT})", "")], axis=-1),
        hovertemplate=(f"{label}<br>得分:{value} %{{customdata[2]}}<br>误差范围:±%{{customdata[1]:.1f}}"
                       f"<br>{n_name}:%{{customdata[0]}}<extra></extra>"),
    )


def make_survey_question_figure(questions: pd.DataFrame, *,
                                title: str = "各题得分(0–100,误差线为95%置信区间)") -> go.Figure:
    """Score (0–100) per question as horizontal bars (question texts are long), margins as error bars."""
    shown = questions.iloc[::-1]  # the first question on top
    fig = go.Figure(_score_bars(question_labels(shown), shown, "作答数", horizontal=True))
    fig.update_layout(title=title, bargap=0.3)
    fig.update_xaxes(title_text="得分", range=[0, 102], dtick=20)
    fig.update_yaxes(title_text="", type="category")
    return apply_theme(fig, height=max(320, 80 + 36 * len(shown)), legend=False)


def make_survey_region_figure(regions: pd.DataFrame, *,
                              title: str = "各区县满意度得分(误差线为95%置信区间)") -> go.Figure:
    """Score (0–100) per district with its margin of error; districts with 样本不足 greyed and labelled."""
    fig = go.Figure(_score_bars(list(regions["region_name"]), regions, "答卷数"))
    fig.update_layout(title=title, bargap=0.35)
    fig.update_yaxes(title_text="得分", range=[0, 100])
    fig.update_xaxes(title_text="", type="category")
    return apply_theme(fig, height=420, legend=False)


def make_sharing_ratio_figure(ratios: pd.DataFrame, *, label_column: str = "region_name",
                              title: str = "共享与开放比率", limit: int = 20) -> go.Figure:
    """Draw grouped bars of 可共享率, 无条件共享占比 and 开放率 per district or department.

    Args:
        ratios: ``repository.sharing_ratios`` (entries and the three rates).
        label_column: the column naming each group (``region_name`` or ``department``).
        title: the chart title.
        limit: how many groups to show (the frame's order).
    """
    shown = ratios.head(limit)
    fig = go.Figure()
    for column, color in zip(SHARING_LABELS, (ACCENT, ACCENT_LIGHT, "#e08e0b"), strict=True):
        fig.add_trace(go.Bar(
            x=shown[label_column], y=shown[column], name=SHARING_LABELS[column], marker_color=color,
            customdata=shown["entries"],
            hovertemplate=(f"%{{x}}<br>{SHARING_LABELS[column]}:%{{y:.1f}}%<br>目录条目:%{{customdata:,}}"
                           "<extra></extra>"),
        ))
    fig.update_layout(title=title, barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_yaxes(title_text="比率(%)", ticksuffix="%", range=[0, 105])
    fig.update_xaxes(title_text="", type="category", tickangle=-30 if len(shown) > 8 else 0)
    return _room_for_legend(apply_theme(fig, height=440))


def make_pipeline_figure(pipeline: pd.DataFrame, *, title: str = "数据需求对接流程") -> go.Figure:
    """Funnel 提出 → 审核 → 对接: demands per stage, share of 提出 and average handling days."""
    days = [("" if pd.isna(d) else f"<br>平均办理 {d:.1f} 天") for d in pipeline["avg_days"]]
    text = [f"{n:,} 项({s:.1f}%){d}" for n, s, d in zip(pipeline["demands"], pipeline["share"].fillna(0), days,
                                                        strict=True)]
    fig = go.Figure(go.Funnel(
        y=pipeline["stage"], x=pipeline["demands"], text=text, textinfo="text", textposition="inside",
        marker={"color": [ACCENT_LIGHT, ACCENT, GOOD][: len(pipeline)]},
        connector={"line": {"color": MUTED, "width": 1}},
        hovertemplate="%{y}:%{x:,} 项<extra></extra>",
    ))
    fig.update_layout(title=title)
    fig.update_yaxes(title_text="")
    return apply_theme(fig, height=360, legend=False)


def make_timeliness_figure(timeliness: pd.DataFrame, *, title: str = "按更新周期的更新及时率") -> go.Figure:
    """Bars of 更新及时率 per update cycle (不定期 has no deadline and is left out)."""
    shown = timeliness[timeliness["timeliness_rate"].notna()]
    fig = go.Figure(go.Bar(
        x=shown["cycle_label"], y=shown["timeliness_rate"], marker_color=ACCENT,
        text=[_pct(v) for v in shown["timeliness_rate"]], textposition="outside", cliponaxis=False,
        customdata=np.stack([shown["entries"], shown["timely"], shown["max_days"]], axis=-1),
        hovertemplate=("%{x}(最长 %{customdata[2]:.0f} 天)<br>更新及时率:%{y:.1f}%<br>"
                       "及时:%{customdata[1]:,} / %{customdata[0]:,} 条<extra></extra>"),
    ))
    fig.update_layout(title=title, bargap=0.35)
    fig.update_yaxes(title_text="更新及时率(%)", ticksuffix="%", range=[0, 110])
    fig.update_xaxes(title_text="更新周期", type="category")
    return apply_theme(fig, height=380, legend=False)


def make_calls_figure(calls: pd.DataFrame, *, title: str = "各区县数据调用次数(对数坐标)") -> go.Figure:
    """Bars of Σ调用次数 per district on a log scale (call volumes span several orders of magnitude)."""
    shown = calls[calls["calls"].fillna(0) > 0]
    fig = go.Figure(go.Bar(
        x=shown["region_name"], y=shown["calls"], marker_color=ACCENT,
        text=[f"{int(v):,}" for v in shown["calls"]], textposition="outside", cliponaxis=False,
        customdata=shown["entries"],
        hovertemplate="%{x}<br>调用次数:%{y:,}<br>目录条目:%{customdata:,}<extra></extra>",
    ))
    fig.update_layout(title=title, bargap=0.3)
    # Powers of ten only, written out in full: log-axis minor labels ("2", "5", "1M") read as noise.
    fig.update_yaxes(title_text="调用次数(对数坐标)", type="log", dtick=1, tickformat=",.0f")
    fig.update_xaxes(title_text="", type="category")
    return apply_theme(fig, height=400, legend=False)


def _room_for_legend(fig: go.Figure) -> go.Figure:
    """Leave two lines between the title and the plot, so a legend that wraps in a narrow column never covers the title."""
    fig.update_layout(margin={"t": 84}, legend={"y": 1.0, "yanchor": "bottom"})
    return fig


def _pct(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:.1f}%"


def _rate_range(values: pd.Series) -> list[float]:
    """Axis range for rates: from 0, with room on the right for the value labels."""
    top = float(values.max()) if values.notna().any() else 100.0
    return [0.0, min(top * 1.15 + 1.0, 115.0)]
