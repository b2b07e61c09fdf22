"""District maps: a choropleth of the loaded boundaries, or a hex-tile map when none are loaded.

Both draw without map tiles or any download: the choropleth is plotly's geo subplot with every base layer
hidden, fitted to the districts' own GeoJSON; the hex tiles are filled scatter shapes. Districts are coloured by
their band (grade or health level) in the framework's own colours, unscored ones grey; the caption (示意图 and
the 审图号, or the hex map's warning that it is no geography) is an annotation of the figure, so a PNG and a
slide carry it too.

plotly.js still asks for a base-map topology file for any geo subplot; the app serves an empty one itself
(``OFFLINE_TOPOJSON_URL``) and the PNG renderer is given it in the page (``govdash.export.png``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from govdash.boundaries.shapes import BoundaryMap
from govdash.charts.theme import ACCENT, MUTED, TEXT, apply_theme, band_colors, band_order
from govdash.domain import format as fmt
from govdash.domain.vocab import distinct_region_names
from govdash.frameworks import Framework

#: Where the app serves plotly's base-map topology (an empty one: no base layer is drawn), relative to a page.
OFFLINE_TOPOJSON_URL = "app/static/topojson/"
INSUFFICIENT = "数据不足"
NO_SCORE_COLOR = "#c7ccd6"
#: Above this many districts the map writes no names on the districts (hover still names them).
MAX_LABELS = 30
HEX_CAPTION = "示意图:尚未导入区县边界,每个六边形代表一个区县,按区划代码排列,不代表实际位置、形状和面积"
MAP_HEIGHT = 520


def map_cells(overall: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Return one row per district to colour: code, name, group (band or 数据不足), colour and hover text.

    Args:
        overall: one period's ``ScoreResult.overall`` (``region_code``, ``region_name``, ``score``, ``band``).
        framework: the framework scored, for the score's name and the band colours.
    """
    colors = band_colors(framework)
    names = distinct_region_names(dict(zip(overall["region_code"].astype(str),
                                           overall["region_name"].astype(str), strict=True)))
    label = framework.framework.score_label
    rows = []
    for code, score, band in zip(overall["region_code"].astype(str), overall["score"], overall["band"], strict=True):
        scored = not pd.isna(score) and isinstance(band, str) and band in colors
        group = band if scored else INSUFFICIENT
        value = f"{label} {fmt.score(score)} · {band}" if scored else f"{label}:{INSUFFICIENT}"
        rows.append({"region_code": code, "name": names[code], "group": group,
                     "color": colors[band] if scored else NO_SCORE_COLOR, "hover": f"<b>{names[code]}</b><br>{value}"})
    return pd.DataFrame(rows, columns=["region_code", "name", "group", "color", "hover"])


def make_region_map_figure(overall: pd.DataFrame, framework: Framework, *, boundaries: BoundaryMap | None = None,
                           title: str | None = None, region_code: str | None = None,
                           height: int = MAP_HEIGHT) -> go.Figure:
    """Map one period's districts coloured by band: on their boundaries, or as hex tiles when none are loaded.

    Args:
        overall: one period's ``ScoreResult.overall`` (every district, scored or not).
        framework: the framework scored (score name, band labels and colours).
        boundaries: the active boundary set; None (or no shape of any district) draws the hex-tile map.
        title: the chart title; None gives "<score label>分布".
        region_code: a district to outline.
        height: the figure height in pixels.
    """
    cells = map_cells(overall, framework)
    order = [*band_order(framework), INSUFFICIENT]
    title = title or f"{framework.framework.score_label}分布"
    if boundaries is not None and boundaries.covers_any(cells["region_code"]):
        return make_cells_map_figure(cells, boundaries, order=order, title=title, region_code=region_code,
                                     height=height)
    return make_hex_map_figure(cells, order=order, title=title, region_code=region_code, height=height)


def make_cells_map_figure(cells: pd.DataFrame, boundaries: BoundaryMap, *, order: Sequence[str] = (),
                          title: str = "", region_code: str | None = None, height: int = MAP_HEIGHT) -> go.Figure:
    """Draw ``map_cells``-style rows as a choropleth of their boundaries, one legend entry per group.

    Districts without a shape are named in the caption instead.
    """
    drawn = cells[cells["region_code"].isin(list(boundaries.shapes))]
    fig = go.Figure()
    for group, rows in _groups(drawn, order):
        fig.add_trace(_choropleth(rows, boundaries, name=group, color=str(rows["color"].iloc[0])))
    picked = drawn[drawn["region_code"] == region_code]
    if not picked.empty:
        outline = _choropleth(picked, boundaries, name="", color=str(picked["color"].iloc[0]))
        fig.add_trace(outline.update(marker_line={"color": ACCENT, "width": 3}, showlegend=False))
    if len(drawn) <= MAX_LABELS:
        points = [boundaries.label_point(code) for code in drawn["region_code"]]
        fig.add_trace(go.Scattergeo(lon=[p[0] for p in points], lat=[p[1] for p in points], text=drawn["name"],
                                    mode="text", textfont={"size": 12, "color": TEXT}, hoverinfo="skip",
                                    showlegend=False))
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="white",
                    showframe=False)
    caption = boundaries.caption
    missing = cells.loc[~cells["region_code"].isin(list(boundaries.shapes)), "name"].tolist()
    if missing:
        shown = "、".join(missing[:8]) + ("等" if len(missing) > 8 else "")
        caption += f"<br>另有 {len(missing)} 个区县没有边界,未画出:{shown}"
    return _finish(fig, title, caption, height)


def _choropleth(rows: pd.DataFrame, boundaries: BoundaryMap, *, name: str, color: str) -> go.Choropleth:
    codes = rows["region_code"].tolist()
    return go.Choropleth(geojson=boundaries.feature_collection(codes), locations=codes, featureidkey="id",
                         z=[0] * len(codes), zmin=0, zmax=1, colorscale=[[0, color], [1, color]], showscale=False,
                         name=name, legendgroup=name, showlegend=bool(name), text=rows["hover"],
                         hovertemplate="%{text}<extra></extra>", marker_line={"color": "white", "width": 1})


def _groups(cells: pd.DataFrame, order: Sequence[str]) -> list[tuple[str, pd.DataFrame]]:
    """Return (group, rows) in legend order: ``order`` first, then any other group in order of appearance."""
    groups = list(dict.fromkeys([*[g for g in order if g in set(cells["group"])], *cells["group"]]))
    return [(group, cells[cells["group"] == group]) for group in groups]


def hex_layout(count: int) -> list[tuple[float, float]]:
    """Return the centres of ``count`` touching hexagons (pointy top, circumradius 1) in rows, roughly square.

    Rows run left to right, top to bottom; odd rows are shifted by half a hexagon, as in a honeycomb.
    """
    columns = max(1, round(math.sqrt(count) * 1.15))
    width = math.sqrt(3)
    return [((i % columns) * width + ((i // columns) % 2) * width / 2, -(i // columns) * 1.5) for i in range(count)]


_HEX_CORNERS = np.array([[math.cos(math.radians(30 + 60 * k)), math.sin(math.radians(30 + 60 * k))]
                         for k in range(7)])


def make_hex_map_figure(cells: pd.DataFrame, *, order: Sequence[str] = (), title: str = "",
                        region_code: str | None = None, height: int = MAP_HEIGHT,
                        caption: str = HEX_CAPTION) -> go.Figure:
    """Draw ``map_cells``-style rows as equal hexagons in region-code order, one legend entry per group."""
    cells = cells.sort_values("region_code").reset_index(drop=True)
    centres = dict(zip(cells["region_code"], hex_layout(len(cells)), strict=True))
    fig = go.Figure()
    for group, rows in _groups(cells, order):
        xs, ys = _outlines([centres[c] for c in rows["region_code"]])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=str(rows["color"].iloc[0]),
                                 line={"color": "white", "width": 1.5}, name=group, legendgroup=group,
                                 hoverinfo="skip"))
    if region_code in centres:
        xs, ys = _outlines([centres[region_code]])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": ACCENT, "width": 3}, showlegend=False,
                                 hoverinfo="skip"))
    labelled = len(cells) <= MAX_LABELS
    points = np.asarray([centres[c] for c in cells["region_code"]], dtype=float)
    fig.add_trace(go.Scatter(
        x=points[:, 0], y=points[:, 1],
        mode="markers+text" if labelled else "markers", text=cells["name"] if labelled else None,
        textfont={"size": 12, "color": [_ink(c) for c in cells["color"]]}, hovertext=cells["hover"],
        hovertemplate="%{hovertext}<extra></extra>", marker={"size": 18, "opacity": 0}, showlegend=False))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    return _finish(fig, title, caption, height)


def _outlines(centres: Sequence[tuple[float, float]], radius: float = 0.96) -> tuple[np.ndarray, np.ndarray]:
    """Return the closed outlines of hexagons around ``centres`` as x and y arrays, NaN between two hexagons.

    Arrays, not lists: plotly checks a list element by element (seconds at 3,000 districts), an array at once.
    """
    points = np.asarray(centres, dtype=float).reshape(-1, 1, 2) + radius * _HEX_CORNERS
    gaps = np.full((len(points), 1, 2), np.nan)
    outline = np.concatenate([points, gaps], axis=1).reshape(-1, 2)
    return outline[:, 0], outline[:, 1]


def _ink(color: str) -> str:
    """Return dark text on a light fill and white text on a dark one."""
    red, green, blue = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return TEXT if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "white"


def _finish(fig: go.Figure, title: str, caption: str, height: int) -> go.Figure:
    lines = caption.count("<br>") + 1
    fig.add_annotation(text=caption, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-6, showarrow=False, align="left", font={"size": 12, "color": MUTED})
    fig.update_layout(title_text=title or None)
    apply_theme(fig, height=height)
    fig.update_layout(margin={"t": 84, "b": 16 + 18 * lines}, legend={"traceorder": "normal"})
    return fig


def make_boundary_preview_figure(boundaries: BoundaryMap, names: Mapping[str, str], *,
                                 title: str = "区县边界预览") -> go.Figure:
    """Draw a boundary set in one colour with the districts' names, to check it before and after importing."""
    codes = list(boundaries.shapes)
    cells = pd.DataFrame({"region_code": codes, "name": [names.get(c, c) for c in codes], "group": "有边界的区县",
                          "color": "#8fb3dd", "hover": [f"<b>{names.get(c, c)}</b><br>{c}" for c in codes]})
    return make_cells_map_figure(cells, boundaries, title=title)
