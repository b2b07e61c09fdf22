"""The district map on the score pages: the loaded boundaries, or hex tiles and a word on how to load them."""

from __future__ import annotations

import streamlit as st

from govdash.ui import data
from govdash.ui.widgets import chart

NO_BOUNDARIES = ("尚未导入区县边界:图为六边形示意图,每格一个区县,不代表实际地理位置。管理员可在“地图边界”页"
                 "导入 GeoJSON 或 Shapefile(或用命令行 `govdash import-boundaries`)。")


def district_map(framework_code: str, period: str, *, region_code: str | None, key: str, title: str) -> None:
    """Show one period's districts on the map, coloured by band, with its PNG download."""
    fig = data.region_map(framework_code, period, region_code, title)
    chart(fig, title, key=key)
    boundaries = data.boundaries()
    if boundaries is None or not boundaries.covers_any(data.district_names()):
        st.caption(NO_BOUNDARIES)
