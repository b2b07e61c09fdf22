"""One look for every chart: the CJK font, a restrained palette with one accent, Chinese hover labels.

Chart builders call ``apply_theme`` last, so a figure looks the same on a page, in a PNG and in a briefing.
"""

from __future__ import annotations

import plotly.graph_objects as go

from govdash.frameworks import Framework

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
ACCENT = "#1f5fa8"
ACCENT_LIGHT = "#8fb3dd"
MUTED = "#8a94a6"
TEXT = "#1f2937"
GRID = "#e5e7eb"
GOOD = "#2e7d32"
BAD = "#c62828"
# Categorical colours after the accent: calm, distinguishable, and still distinct in greyscale print.
PALETTE = ("#1f5fa8", "#e08e0b", "#2e7d32", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400",
           "#2c3e50", "#b7950b")
# Sequential scale for scores 0–100 (light = low, accent = high).
SCORE_SCALE = ((0.0, "#f3f6fb"), (0.5, "#8fb3dd"), (1.0, "#1f5fa8"))
# Diverging scale for correlations −1…1.
DIVERGING_SCALE = ((0.0, "#c62828"), (0.5, "#f7f7f7"), (1.0, "#1f5fa8"))


def apply_theme(fig: go.Figure, *, height: int | None = None, legend: bool = True) -> go.Figure:
    """Apply the house style to a figure in place and return it.

    Args:
        fig: the figure to style.
        height: the height in pixels; None keeps plotly's default.
        legend: show the legend (horizontal, above the plot, without a title).
    """
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14, "color": TEXT},
        title={"font": {"size": 18}, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        colorway=list(PALETTE),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}, "bgcolor": "white"},
        showlegend=legend,
        legend={"title": {"text": ""}, "orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                "xanchor": "left"},
        separators=".,",
    )
    if height is not None:
        fig.update_layout(height=height)
    fig.update_xaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True, title_standoff=8)
    fig.update_yaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True, title_standoff=8)
    return fig


def band_colors(framework: Framework) -> dict[str, str]:
    """Return each band's (grade's or health level's) label → colour, as the framework file gives them."""
    return {band.label: band.color for band in framework.bands}


def band_order(framework: Framework) -> list[str]:
    """Return the band labels from best to worst."""
    return [band.label for band in sorted(framework.bands, key=lambda b: b.min, reverse=True)]
