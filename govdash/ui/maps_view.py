"""The district map on the score pages: the loaded boundaries, or hex tiles and a word on how to load them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.charts.maps import make_region_map_figure
from govdash.frameworks import Framework
from govdash.ui import data
from govdash.ui.widgets import chart

NO_BOUNDARIES = ("尚未导入区县边界:图为六边形示意图,每格一个区县,不代表实际地理位置。管理员可在“地图边界”页"
                 "导入 GeoJSON 或 Shapefile(或用命令行 `govdash import-boundaries`)。")


def district_map(overall: pd.DataFrame, framework: Framework, *, region_code: str | None, key: str,
                 title: str | None = None) -> None:
    """Show one period's districts on the map, coloured by band, with its PNG download."""
    boundaries = data.boundaries()
    fig = make_region_map_figure(overall, framework, boundaries=boundaries, title=title, region_code=region_code)
    chart(fig, title or f"{framework.framework.score_label}分布", key=key)
    if boundaries is None or not boundaries.covers_any(overall["region_code"]):
        st.caption(NO_BOUNDARIES)
