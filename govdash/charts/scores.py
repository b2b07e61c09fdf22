"""Charts of the score pages and the briefing: ranking, dimensions, trends, heatmaps, bands, framework, sensitivity.

Each builder takes the frames of a ``ScoreResult`` (or of the sensitivity and audit tables) already sliced to
what is drawn, and the framework for names and band colours, and gives a themed plotly figure with Chinese titles,
axis labels and hover texts. Regions without a score (数据不足) stay visible and are said to be so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from govdash.charts.theme import (
    ACCENT,
    DIVERGING_SCALE,
    MUTED,
    PALETTE,
    SCORE_SCALE,
    apply_theme,
    band_colors,
    band_order,
)
from govdash.core.periods import format_period, period_sort_key
from govdash.domain.vocab import distinct_region_names
from govdash.frameworks import Framework
from govdash.scoring import STATUS_INSUFFICIENT

INSUFFICIENT_LABEL = "数据不足"
CITY_AVERAGE = "全市平均"
#: The legend entry of the thin grey lines of the districts not highlighted on a trend chart.
OTHER_REGIONS = "其他区县"
QUIET_LINE = "#d5dae3"
#: A rank interval's bar, and the stroke standing for an interval of no width (a rank that never moved).
INTERVAL_COLOR = "#c9d7ea"
STABLE_COLOR = "#6b8fc4"

#: Above this many districts a chart draws the ends of the ranking (and the district picked), not every one:
#: a province's 3,000 bars or lines cannot be read, and the full ranking stays in the page's table.
MANY_REGIONS = 30
#: Districts drawn at each end of the ranking when there are more than ``MANY_REGIONS``.
ENDS_SHOWN = 15
#: Characters per line of a radar's dimension label, and the side margins (px) that leave room for such a line.
RADAR_LABEL_CHARS = 5
RADAR_SIDE_MARGIN = 90


class RankGap(NamedTuple):
    """The districts left out between two drawn ones: 1-based places ``first``–``last`` of the ranking."""

    first: int
    last: int

    @property
    def label(self) -> str:
        """The category standing in for them: "… 第 16–2,985 名,共 2,970 个区县 …"."""
        return f"… 第 {self.first:,}–{self.last:,} 名,共 {self.last - self.first + 1:,} 个区县 …"


def ranking_ends(codes: Sequence[str], picked: str | None = None) -> list[str | RankGap]:
    """Return the districts a chart draws, best first: all of them, or the ends with the gaps between.

    Args:
        codes: the ranked district codes, best first.
        picked: a district drawn wherever it ranks (the one selected), if it is in ``codes``.
    """
    if len(codes) <= MANY_REGIONS:
        return list(codes)
    keep = {*range(ENDS_SHOWN), *range(len(codes) - ENDS_SHOWN, len(codes))}
    position = {code: i for i, code in enumerate(codes)}
    if picked in position:
        keep.add(position[picked])
    rows: list[str | RankGap] = []
    previous = -1
    for i in sorted(keep):
        if i > previous + 1:
            rows.append(RankGap(previous + 2, i))
        rows.append(codes[i])
        previous = i
    return rows


def ends_note(total: int, *, unit: str = "名") -> str:
    """Say which districts a chart of ``ranking_ends`` shows: 共 3,000 个区县,图中为前 15 名和后 15 名."""
    return f"共 {total:,} 个区县,图中为前 {ENDS_SHOWN} {unit}和后 {ENDS_SHOWN} {unit}"


def _subtitled(title: str, note: str | None) -> str:
    return f"{title}<br><sup>{note}</sup>" if note else title


def _ends_of(frame: pd.DataFrame, picked: str | None) -> tuple[pd.DataFrame, str | None]:
    """Cut a ranking frame sorted worst first (unscored first) to its scored ends, gaps as empty rows.

    Returns the rows to draw, still worst first, and the note saying what was left out (None when nothing was).
    """
    scored = frame[frame["score"].notna()]
    if len(frame) <= MANY_REGIONS:
        return frame, None
    items = ranking_ends(list(scored["region_code"][::-1]), picked)
    drawn = scored.set_index("region_code", drop=False).loc[[c for c in items if isinstance(c, str)]]
    records = iter(drawn.to_dict("records"))
    rows = [{"region_code": "", "name": item.label, "score": np.nan} if isinstance(item, RankGap) else next(records)
            for item in items]
    return pd.DataFrame(rows[::-1], columns=frame.columns), _left_out_note(len(frame), len(scored),
                                                                            cut=len(items) < len(scored))


def _left_out_note(total: int, scored: int, *, cut: bool) -> str:
    unscored = total - scored
    missing = f"{unscored:,} 个区县数据不足,未列入" if unscored else ""
    if not cut:
        return f"共 {total:,} 个区县;{missing}"
    return ends_note(total) + (f";{missing}" if missing else "")


def _names(frame: pd.DataFrame, names: Mapping[str, str] | None) -> pd.Series:
    """Region names for labels; a name shared by several regions (a province has many 城关区) gets its code.

    Plotly draws one category per label, so two regions of one name would share a bar or a heatmap row.
    """
    if "region_name" in frame.columns:
        named = frame["region_name"].fillna(frame["region_code"]).astype(str)
    else:
        named = frame["region_code"].map(lambda c: (names or {}).get(c, c)).astype(str)
    regions = frame["region_code"].astype(str)
    return regions.map(distinct_region_names(dict(zip(regions, named, strict=True))))


def _dimension_names(framework: Framework) -> dict[str, str]:
    return {d.code: d.name for d in framework.dimensions}


def _threshold_line(fig: go.Figure, framework: Framework, *, vertical: bool) -> None:
    if framework.weak_spot is None:
        return
    spot = framework.weak_spot
    line = {"dash": "dot", "color": MUTED, "width": 1.5}
    text = f"{spot.label}线 {spot.threshold:g} 分"
    if vertical:
        fig.add_vline(x=spot.threshold, line=line, annotation_text=text, annotation_position="top")
    else:
        fig.add_hline(y=spot.threshold, line=line, annotation_text=text, annotation_position="top left")


def make_ranking_figure(overall: pd.DataFrame, framework: Framework, *, title: str | None = None,
                        names: Mapping[str, str] | None = None, region_code: str | None = None) -> go.Figure:
    """Horizontal bars of one period's scores, best on top, coloured by band; 数据不足 regions listed last.

    Above ``MANY_REGIONS`` districts only the first and last ``ENDS_SHOWN`` scored ones are drawn (and
    ``region_code`` wherever it ranks), with a category naming the places left out and a subtitle saying so.

    Args:
        overall: ``ScoreResult.overall`` rows of one period.
        framework: gives the score label and band colours.
        title: the chart title; None uses "<score label>排名".
        names: region code → name, when the frame has no ``region_name``.
        region_code: the district selected, drawn even when it ranks between the ends.
    """
    frame = overall.assign(name=_names(overall, names).to_numpy())
    frame = frame.sort_values(["score", "region_code"], ascending=[True, False], na_position="first")
    frame, note = _ends_of(frame, region_code)
    label = framework.framework.score_label
    scored = frame["score"].notna()
    gap = frame["region_code"] == ""
    colors = frame.get("band_color", pd.Series(MUTED, index=frame.index)).where(scored, MUTED).fillna(MUTED)
    colors = colors.where(~gap, "rgba(0,0,0,0)")
    text = ["" if g else f"{s:.1f}" if ok else INSUFFICIENT_LABEL
            for s, ok, g in zip(frame["score"], scored, gap, strict=True)]
    change = frame["change"] if "change" in frame.columns else pd.Series(np.nan, index=frame.index)
    custom = np.column_stack([frame["band"].fillna(INSUFFICIENT_LABEL),
                              [_signed(c) for c in change], frame["rank"].fillna(0).astype(int)])
    fig = go.Figure(go.Bar(
        x=frame["score"].fillna(0), y=frame["name"], orientation="h", marker_color=list(colors),
        text=text, textposition="outside", cliponaxis=False, customdata=custom,
        hovertemplate=(f"%{{y}}<br>{label}:%{{x:.1f}} 分<br>等级:%{{customdata[0]}}<br>"
                       "较上期:%{customdata[1]}<br>排名:第 %{customdata[2]} 名<extra></extra>"),
    ))
    fig.update_layout(title=_subtitled(title or f"{label}排名", note), bargap=0.25)
    fig.update_xaxes(title_text=f"{label}(分)", range=[0, 108])
    fig.update_yaxes(title_text="", type="category")
    return apply_theme(fig, height=max(320, 34 * len(frame) + 110), legend=False)


def _signed(value: float) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:+.1f} 分"


def _dimension_table(dimensions: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    order = [d.code for d in framework.dimensions]
    return dimensions.pivot_table(index="region_code", columns="dimension", values="score",
                                  aggfunc="mean", dropna=False).reindex(columns=order)


def make_dimension_bars_figure(dimensions: pd.DataFrame, framework: Framework, *, region_code: str | None = None,
                               title: str | None = None, names: Mapping[str, str] | None = None) -> go.Figure:
    """Bars of each dimension's city average, with one region's scores beside them when ``region_code`` is given.

    The city average is the mean over the regions with a score in that dimension. The weak-spot threshold is drawn
    as a dotted line.

    Args:
        dimensions: ``ScoreResult.dimensions`` rows of one period.
        framework: gives dimension names and the weak-spot rule.
        region_code: the region to compare with the average; None draws the average only.
        title: the chart title.
        names: region code → name, when the frame has no ``region_name``.
    """
    dim_names = _dimension_names(framework)
    table = _dimension_table(dimensions, framework)
    labels = [dim_names[c] for c in table.columns]
    fig = go.Figure(go.Bar(
        x=labels, y=table.mean(skipna=True).to_numpy(), name=CITY_AVERAGE,
        marker_color="#b8c4d6" if region_code is not None else ACCENT,
        text=["" if np.isnan(v) else f"{v:.1f}" for v in table.mean(skipna=True)], textposition="outside",
        hovertemplate=f"%{{x}}<br>{CITY_AVERAGE}:%{{y:.1f}} 分<extra></extra>",
    ))
    if region_code is not None and region_code in table.index:
        rows = dimensions[dimensions["region_code"] == region_code]
        who = _names(rows, names).iloc[0] if not rows.empty else region_code
        values = table.loc[region_code]
        weak = rows.set_index("dimension")["weak_spot"].reindex(table.columns).fillna(False).astype(bool)
        fig.add_trace(go.Bar(
            x=labels, y=values.to_numpy(), name=who,
            marker_color=["#c62828" if w else ACCENT for w in weak],
            text=[INSUFFICIENT_LABEL if np.isnan(v) else f"{v:.1f}" for v in values.to_numpy(dtype=float)],
            textposition="outside",
            hovertemplate=f"%{{x}}<br>{who}:%{{y:.1f}} 分<extra></extra>",
        ))
    _threshold_line(fig, framework, vertical=False)
    fig.update_layout(title=title or "各维度得分", barmode="group", bargap=0.3)
    fig.update_yaxes(title_text="得分(分)", range=[0, 110])
    fig.update_xaxes(title_text="")
    return apply_theme(fig, height=420)


def wrap_label(text: str, width: int = RADAR_LABEL_CHARS) -> str:
    """Break a long Chinese label into balanced lines of at most ``width`` characters (``<br>`` between them).

    "数据共享度与开放度" becomes "数据共享度<br>与开放度": plotly does not wrap text, and a radar's labels sit
    outside the plot area, where a long one runs off the chart's edge.
    """
    if len(text) <= width:
        return text
    lines = -(-len(text) // width)
    size = -(-len(text) // lines)
    return "<br>".join(text[i:i + size] for i in range(0, len(text), size))


def make_radar_figure(dimensions: pd.DataFrame, framework: Framework, region_code: str, *,
                      title: str | None = None, names: Mapping[str, str] | None = None) -> go.Figure:
    """Radar of one region's dimension scores against the city average (one period's rows).

    Dimension names are wrapped and the margins leave room for them, so that every name shows in full even in a
    narrow column; the first dimension is on top and the radial axis's numbers lie between two dimensions.
    """
    dim_names = _dimension_names(framework)
    table = _dimension_table(dimensions, framework)
    labels = [wrap_label(dim_names[c]) for c in table.columns]
    rows = dimensions[dimensions["region_code"] == region_code]
    who = _names(rows, names).iloc[0] if not rows.empty else region_code
    fig = go.Figure()
    series: list[tuple[str, np.ndarray, str, str]] = [
        (CITY_AVERAGE, table.mean(skipna=True).to_numpy(dtype=float), MUTED, "none")]
    if region_code in table.index:
        series.append((str(who), table.loc[region_code].to_numpy(dtype=float), ACCENT, "toself"))
    for name, values, color, fill in series:
        closed = [*values, values[0]]
        fig.add_trace(go.Scatterpolar(
            r=closed, theta=[*labels, labels[0]], name=name, fill=fill, line={"color": color, "width": 2.5},
            customdata=[*(dim_names[c] for c in table.columns), dim_names[table.columns[0]]],
            hovertemplate=f"{name}<br>%{{customdata}}:%{{r:.1f}} 分<extra></extra>",
        ))
    between = 90 - 180 / max(len(labels), 1)
    fig.update_layout(title=title or f"{who}各维度与全市平均", polar={
        "radialaxis": {"range": [0, 100], "angle": between, "tickangle": between, "tickfont": {"size": 11}},
        "angularaxis": {"rotation": 90, "direction": "clockwise"},
    })
    apply_theme(fig, height=440)
    return fig.update_layout(margin={"l": RADAR_SIDE_MARGIN, "r": RADAR_SIDE_MARGIN, "t": 90, "b": 40})


def make_trend_figure(overall: pd.DataFrame, framework: Framework, *, region_codes: Sequence[str] | None = None,
                      highlight: Sequence[str] = (), title: str | None = None,
                      names: Mapping[str, str] | None = None, selected: str | None = None) -> go.Figure:
    """Score lines by quarter, one per region, with the city average dashed; gaps where a region has no score.

    Args:
        overall: ``ScoreResult.overall`` rows of every period to draw (years are left out).
        framework: gives the score label.
        region_codes: the regions to draw; None draws every region.
        highlight: regions drawn in colour (with a legend entry) while the others are thin grey lines under one
            legend entry, 其他区县; empty draws every region in colour.
        title: the chart title.
        names: region code → name, when the frame has no ``region_name``.
        selected: the district picked in the sidebar: always drawn, in the accent colour, thickest, on top and
            named first in the legend (所选), whether or not it is highlighted.
    """
    frame = overall[overall["period"].str.contains("Q")]
    frame = frame.assign(name=_names(frame, names).to_numpy())
    periods = sorted(frame["period"].unique(), key=period_sort_key)
    labels = [format_period(p) for p in periods]
    table = frame.pivot_table(index="period", columns="region_code", values="score", dropna=False).reindex(periods)
    label = framework.framework.score_label
    fig = go.Figure()
    shown = list(region_codes) if region_codes is not None else list(table.columns)
    note = None
    if region_codes is None and len(shown) > MANY_REGIONS and highlight:
        # Thousands of grey lines are a grey block: draw the districts worth naming and the average.
        shown = [c for c in highlight if c in table.columns]
        note = f"共 {len(table.columns):,} 个区县,图中为排名第一、排名最后和进步最快的区县及{CITY_AVERAGE}"
    if selected is not None and selected in table.columns and selected not in shown:
        shown.append(selected)
    who = dict(zip(frame["region_code"], frame["name"], strict=False))
    quiet = [c for c in shown if highlight and c not in highlight and c != selected]
    colored = [c for c in shown if c not in quiet and c != selected and c in table.columns]
    quiet = [c for c in quiet if c in table.columns]
    if quiet:  # one legend entry for all the grey lines, which toggles them together
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=OTHER_REGIONS, legendgroup=OTHER_REGIONS,
                                 line={"color": QUIET_LINE, "width": 2}, hoverinfo="skip"))
    for code in quiet:
        fig.add_trace(_trend_line(labels, table[code], who.get(code, code), color=QUIET_LINE, width=1,
                                  legend=False, group=OTHER_REGIONS))
    for code, color in zip(colored, _line_colors(len(colored), selected is not None), strict=True):
        fig.add_trace(_trend_line(labels, table[code], who.get(code, code), color=color, width=2.5))
    fig.add_trace(go.Scatter(
        x=labels, y=table.mean(axis=1, skipna=True).to_numpy(), name=CITY_AVERAGE, mode="lines",
        line={"color": MUTED, "dash": "dash", "width": 2},
        hovertemplate=f"{CITY_AVERAGE}<br>%{{x}}:%{{y:.1f}} 分<extra></extra>",
    ))
    if selected is not None and selected in table.columns:
        name = who.get(selected, selected)
        fig.add_trace(_trend_line(labels, table[selected], f"{name}(所选)", color=ACCENT, width=4.5, rank=1))
    fig.update_layout(title=_subtitled(title or f"{label}走势", note), hovermode="closest")
    fig.update_yaxes(title_text=f"{label}(分)")
    fig.update_xaxes(title_text="评估期", type="category")
    apply_theme(fig, height=420)
    if note:
        fig.update_layout(margin_t=100)  # the subtitle, clear of the legend above the plot
    return fig


def _trend_line(labels: list[str], values: pd.Series, name: str, *, color: str, width: float,
                legend: bool = True, group: str | None = None, rank: int = 1000) -> go.Scatter:
    """One district's line, thin and without markers below 2 px."""
    faded = width < 2
    return go.Scatter(
        x=labels, y=values.to_numpy(), name=name, mode="lines" if faded else "lines+markers",
        line={"width": width, "color": color}, marker={"size": 9 if width > 3 else 6}, connectgaps=False,
        showlegend=legend, legendgroup=group, legendrank=rank,
        hovertemplate=f"{name}<br>%{{x}}:%{{y:.1f}} 分<extra></extra>",
    )


def _line_colors(count: int, selected: bool) -> list[str]:
    """Colours of the highlighted lines: the palette, leaving out the accent when it marks the selected district."""
    palette = [c for c in PALETTE if c != ACCENT] if selected else list(PALETTE)
    return [palette[i % len(palette)] for i in range(count)]


def make_health_heatmap_figure(dimensions: pd.DataFrame, framework: Framework, *, title: str | None = None,
                               names: Mapping[str, str] | None = None, order: Sequence[str] | None = None,
                               ranked: Collection[str] | None = None, region_code: str | None = None) -> go.Figure:
    """Regions × dimensions heatmap of one period's scores, each cell labelled, weak spots marked with ▼.

    Above ``MANY_REGIONS`` districts only the first and last ``ENDS_SHOWN`` ranked districts of ``order`` are
    drawn (and ``region_code`` wherever it is), the ranking's rows, with a row naming the places left out.

    Args:
        dimensions: ``ScoreResult.dimensions`` rows of one period.
        framework: gives dimension names and the weak-spot rule.
        title: the chart title.
        names: region code → name, when the frame has no ``region_name``.
        order: region codes from top to bottom (e.g. by rank); None keeps code order.
        ranked: the districts with an overall score (数据不足 ones are not ranked); None takes those of ``order``
            with any dimension score.
        region_code: the district selected, drawn even when it ranks between the ends.
    """
    table = _dimension_table(dimensions, framework)
    if order is not None:
        table = table.reindex([c for c in order if c in table.index])
    items: list[str | RankGap] = list(table.index)
    ends = None
    if len(table) > MANY_REGIONS:
        keep = set(ranked) if ranked is not None else set(table.index[table.notna().any(axis=1)])
        scored = [c for c in table.index if c in keep]
        items = ranking_ends(scored, region_code)
        ends = _left_out_note(len(table), len(scored), cut=len(items) < len(scored))
    codes = [c for c in items if isinstance(c, str)]
    who = dict(zip(dimensions["region_code"], _names(dimensions, names), strict=False))
    weak = dimensions.pivot_table(index="region_code", columns="dimension", values="weak_spot",
                                  aggfunc="max").reindex(index=codes, columns=table.columns)
    weak = weak.fillna(False).astype(bool)
    values, flags = table.reindex(codes).to_numpy(dtype=float), weak.to_numpy()
    z, text, labels, row = [], [], [], 0
    for item in items:
        if isinstance(item, RankGap):
            z.append([np.nan] * len(table.columns))
            text.append([""] * len(table.columns))
            labels.append(item.label)
            continue
        z.append(list(values[row]))
        text.append([INSUFFICIENT_LABEL if np.isnan(v) else f"{v:.1f}{' ▼' if w else ''}"
                     for v, w in zip(values[row], flags[row], strict=True)])
        labels.append(who.get(item, item))
        row += 1
    dim_names = _dimension_names(framework)
    fig = go.Figure(go.Heatmap(
        z=z, x=[dim_names[c] for c in table.columns], y=labels,
        text=text, texttemplate="%{text}", colorscale=[list(s) for s in SCORE_SCALE], zmin=0, zmax=100,
        # The scale's title runs up its side: above the bar it would stand among the column headers on top.
        colorbar={"title": {"text": "得分", "side": "right"}, "thickness": 14, "len": 1, "y": 0.5,
                  "yanchor": "middle"}, xgap=2, ygap=2,
        hovertemplate="%{y} · %{x}<br>得分:%{text}<extra></extra>",
    ))
    spot = framework.weak_spot
    fig.update_layout(title=_subtitled(title or "各区县分维度得分", ends))
    if spot:
        # The ▼ key goes under the grid: the column names are on top, and above them it hid the last one.
        fig.add_annotation(text=f"▼ {spot.label}(低于 {spot.threshold:g} 分)", xref="paper", yref="paper",
                           x=1, y=0, xanchor="right", yanchor="top", yshift=-4, showarrow=False,
                           font={"color": MUTED, "size": 12})
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(side="top", title_text="")
    apply_theme(fig, height=max(360, 34 * len(items) + 160), legend=False)
    return fig.update_layout(margin_b=34 if spot else 10, margin_t=90 if ends else 60)


def make_band_distribution_figure(overall: pd.DataFrame, framework: Framework, *,
                                  title: str | None = None) -> go.Figure:
    """How many regions fall in each band (grade or health level) in one period, best band first."""
    order = band_order(framework)
    counts = overall["band"].value_counts().reindex(order, fill_value=0)
    missing = int((overall["status"] == STATUS_INSUFFICIENT).sum()) if "status" in overall else 0
    labels, values = list(order), [int(v) for v in counts]
    colors = [band_colors(framework)[b] for b in order]
    if missing:
        labels, values, colors = [*labels, INSUFFICIENT_LABEL], [*values, missing], [*colors, MUTED]
    fig = go.Figure(go.Bar(
        x=labels, y=values, marker_color=colors, text=values, textposition="outside", cliponaxis=False,
        hovertemplate="%{x}:%{y} 个区县<extra></extra>",
    ))
    fig.update_layout(title=title or "等级分布")
    # Whole districts on the axis of a city; a province's counts in the thousands take plotly's ticks.
    fig.update_yaxes(title_text="区县数(个)", rangemode="tozero", dtick=1 if len(overall) <= MANY_REGIONS else None)
    fig.update_xaxes(title_text="")
    return apply_theme(fig, height=340, legend=False)


def make_framework_sunburst_figure(framework: Framework, weights: Mapping[str, float] | None = None, *,
                                   title: str | None = None) -> go.Figure:
    """Sunburst of the framework: dimensions sized by their share of the index, indicators by their share of it.

    Args:
        framework: the framework.
        weights: nominal weights by code overriding the file's (a what-if); None uses the file's.
        title: the chart title.
    """
    weights = weights or {}
    dim_weight = {d.code: float(weights.get(d.code, d.weight)) for d in framework.dimensions}
    total = sum(dim_weight.values())
    ids, labels, parents, values, hover = [], [], [], [], []
    for dim in framework.dimensions:
        share = dim_weight[dim.code] / total
        inner = {i.code: float(weights.get(i.code, i.weight)) for i in dim.weighted_indicators}
        inner_total = sum(inner.values())
        ids.append(dim.code)
        labels.append(dim.name)
        parents.append("")
        # The dimension's own value stays 0 ("remainder"): its size is its indicators' sum, so float rounding
        # can never make children exceed the parent (which plotly answers by drawing nothing).
        values.append(0.0)
        hover.append(f"{dim.name}<br>占指数 {share * 100:.1f}%")
        for ind in dim.weighted_indicators:
            part = share * inner[ind.code] / inner_total
            ids.append(f"{dim.code}/{ind.code}")
            labels.append(ind.name)
            parents.append(dim.code)
            values.append(part * 100)
            hover.append(f"{ind.name}<br>维度内 {inner[ind.code] / inner_total * 100:.1f}%"
                         f" · 占指数 {part * 100:.1f}%")
    fig = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="remainder", hovertext=hover,
        hoverinfo="text", insidetextorientation="radial", maxdepth=2,
    ))
    fig.update_layout(title=title or f"{framework.framework.name}:指标体系与权重")
    return apply_theme(fig, height=560, legend=False)


def rank_stability_sentence(table: pd.DataFrame) -> str | None:
    """Say in words which districts keep their rank under every weighting drawn (None when none does).

    A stable rank is an interval of no width, which a bar cannot show: the chart marks it, and this sentence says it.

    Args:
        table: ``rank_sensitivity`` output (rank_low, rank_high per region).
    """
    if table.empty:
        return None
    stable = int((table["rank_low"] == table["rank_high"]).sum())
    if stable == len(table):
        return "各区县排名在权重扰动下保持不变"
    if stable:
        return f"{stable} 个区县的排名在权重扰动下保持不变(图中竖线),其余 {len(table) - stable} 个区县的排名随权重变动"
    return None


def make_sensitivity_figure(table: pd.DataFrame, *, title: str = "排名稳健性(权重随机扰动下的排名区间)",
                            names: Mapping[str, str] | None = None) -> go.Figure:
    """Each region's 5–95 % rank interval across random weightings, with its nominal rank as a dot.

    A rank that never moves is an interval of no width: it is drawn as a short vertical stroke at that rank, and
    the subtitle says how many ranks held (or that all did).

    Args:
        table: ``rank_sensitivity`` output (region_code, rank, median_rank, rank_low, rank_high, draws).
        title: the chart title.
        names: region code → name, when the frame has no ``region_name``.
    """
    frame = table.sort_values("rank", ascending=False)
    who = _names(frame, names)
    custom = np.column_stack([frame["rank_low"], frame["rank_high"], frame["median_rank"]])
    interval = "排名区间(5%–95%)"
    hover = ("%{y}<br>排名区间:第 %{customdata[0]:.0f}–%{customdata[1]:.0f} 名"
             "<br>中位排名:第 %{customdata[2]:.0f} 名<extra></extra>")
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=who, x=(frame["rank_high"] - frame["rank_low"]).to_numpy(), base=frame["rank_low"].to_numpy(),
        orientation="h", name=interval, marker_color=INTERVAL_COLOR, width=0.5, customdata=custom,
        hovertemplate=hover,
    ))
    fixed = (frame["rank_low"] == frame["rank_high"]).to_numpy()
    if fixed.any():
        fig.add_trace(go.Scatter(
            y=who[fixed], x=frame["rank_low"].to_numpy()[fixed], mode="markers", name="排名不变",
            marker={"symbol": "line-ns", "size": 24, "line": {"width": 4, "color": STABLE_COLOR}},
            customdata=custom[fixed],
            hovertemplate="%{y}<br>各次模拟中排名均为第 %{customdata[0]:.0f} 名<extra></extra>",
        ))
    fig.add_trace(go.Scatter(
        y=who, x=frame["rank"], mode="markers", name="当前排名", marker={"color": ACCENT, "size": 11},
        hovertemplate="%{y}<br>当前排名:第 %{x:.0f} 名<extra></extra>",
    ))
    count = int(frame["rank_high"].max()) if not frame.empty else 1
    # plotly's own subtitle: a "<br><sup>" line under a top-anchored title pushes the title off the chart.
    fig.update_layout(title={"text": title, "subtitle": {"text": rank_stability_sentence(table) or "",
                                                         "font": {"size": 13}}}, barmode="overlay")
    fig.update_xaxes(title_text="排名(1 为最好)", range=[count + 0.7, 0.3], dtick=1)
    fig.update_yaxes(title_text="", type="category")
    apply_theme(fig, height=max(320, 32 * len(frame) + 150))
    return fig.update_layout(margin_t=110)  # title, subtitle, then the legend above the plot


def make_correlation_figure(correlations: pd.DataFrame, framework: Framework, *,
                            title: str = "指标相关系数") -> go.Figure:
    """Heatmap of the indicators' pairwise correlations (−1…1), labelled with indicator names."""
    indicator_names = {i.code: i.name for _d, i in framework.indicators}
    labels = [indicator_names.get(c, c) for c in correlations.columns]
    values = correlations.to_numpy(dtype=float)
    fig = go.Figure(go.Heatmap(
        z=values, x=labels, y=labels, zmin=-1, zmax=1, colorscale=[list(s) for s in DIVERGING_SCALE],
        colorbar={"title": {"text": "相关系数"}}, xgap=1, ygap=1,
        hovertemplate="%{y} × %{x}<br>相关系数:%{z:.2f}<extra></extra>",
    ))
    fig.update_layout(title=title)
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(tickangle=-45, title_text="")
    size = max(480, 26 * len(labels) + 220)
    return apply_theme(fig, height=size, legend=False)


def make_dimension_ranking_figure(dimensions: pd.DataFrame, framework: Framework, dimension: str, *,
                                  region_code: str | None = None, title: str | None = None,
                                  names: Mapping[str, str] | None = None) -> go.Figure:
    """Horizontal bars of every region's score in one dimension, best on top; weak spots red, 数据不足 last.

    Args:
        dimensions: ``ScoreResult.dimensions`` rows of one period.
        framework: gives the dimension's name and the weak-spot rule.
        dimension: the dimension's code.
        region_code: a region to pick out (the others are drawn lighter); None draws all alike.
        title: the chart title; None uses "<dimension>得分".
        names: region code → name, when the frame has no ``region_name``.
    """
    rows = dimensions[dimensions["dimension"] == dimension]
    frame = rows.assign(name=_names(rows, names).to_numpy())
    frame = frame.sort_values(["score", "region_code"], ascending=[True, False], na_position="first")
    frame, note = _ends_of(frame, region_code)
    scored = frame["score"].notna()
    gap = frame["region_code"] == ""
    weak = frame["weak_spot"].fillna(False).astype(bool)
    colors = [MUTED if not ok else "#c62828" if w else ACCENT for ok, w in zip(scored, weak, strict=True)]
    if region_code is not None:
        colors = [c if code == region_code else "#c9d3e0" for c, code in zip(colors, frame["region_code"],
                                                                              strict=True)]
    colors = ["rgba(0,0,0,0)" if g else c for c, g in zip(colors, gap, strict=True)]
    dim_name = _dimension_names(framework)[dimension]
    fig = go.Figure(go.Bar(
        x=frame["score"].fillna(0), y=frame["name"], orientation="h", marker_color=colors,
        text=["" if g else f"{s:.1f}" if ok else INSUFFICIENT_LABEL
              for s, ok, g in zip(frame["score"], scored, gap, strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}<br>{dim_name}:%{{x:.1f}} 分<extra></extra>",
    ))
    _threshold_line(fig, framework, vertical=True)
    fig.update_layout(title=_subtitled(title or f"{dim_name}得分", note), bargap=0.25)
    fig.update_xaxes(title_text=f"{dim_name}得分(分)", range=[0, 108])
    fig.update_yaxes(title_text="", type="category")
    return apply_theme(fig, height=max(320, 34 * len(frame) + 110), legend=False)
