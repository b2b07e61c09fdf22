"""Page pieces every page shares: titles, charts, table downloads, and the empty-database state."""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from govdash.charts.maps import OFFLINE_TOPOJSON_URL
from govdash.export.png import figure_png
from govdash.export.xlsx import csv_bytes, workbook_bytes

UPLOAD_PAGE = "pages/upload.py"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def file_stem(name: str) -> str:
    """Return ``name`` as a safe file name stem (Chinese kept, separators and spaces replaced)."""
    return _UNSAFE_NAME.sub("_", name).strip("_") or "govdash"


def page_title(title: str, caption: str | None = None) -> None:
    """Write the page title and an optional one-line caption under it."""
    st.title(title)
    if caption:
        st.caption(caption)


def chart(fig: go.Figure, name: str, *, key: str | None = None, download: bool = True,
          height: int | Literal["content", "stretch"] = "content") -> None:
    """Show a plotly figure full width, with the toolbar trimmed to what a reader needs, and a PNG download.

    Args:
        fig: the figure (from a ``govdash.charts`` builder).
        name: what the chart shows, in Chinese; names the downloaded file.
        key: a unique widget key when the same chart appears twice on a page.
        download: offer the 1920×1080 PNG (drawn by kaleido only when the button is clicked).
        height: the element's height: the figure's own (``"content"``), its container's, or pixels.
    """
    # topojsonURL: the map charts' base-map file is served by the app itself, never fetched from plotly's CDN.
    config = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
              "toImageButtonOptions": {"filename": file_stem(name), "scale": 2}, "topojsonURL": OFFLINE_TOPOJSON_URL}
    # theme=None: the house theme (CJK font, palette) is in the figure, identical to its PNG export.
    st.plotly_chart(fig, theme=None, config=config, key=key, height=height)
    if download:
        png_download(fig, name, key=key)


def png_download(fig: go.Figure, name: str, *, key: str | None = None, label: str = "下载 PNG") -> None:
    """Offer ``fig`` as a 1920×1080 PNG; the image is drawn only when the button is clicked."""
    stem = file_stem(name)
    st.download_button(label, data=lambda: figure_png(fig), file_name=f"{stem}.png", mime="image/png",
                       key=f"{key or 'chart_' + stem}_png", icon=":material/image:", type="tertiary",
                       on_click="ignore", help="以 1920×1080 像素导出本图,适合放入汇报材料")


def download_table(frame: pd.DataFrame, name: str, *, key: str | None = None) -> None:
    """Offer a table for download as CSV and XLSX; text cells that look like formulas are made inert.

    The files are built only when a button is clicked.
    """
    stem = file_stem(name)
    key = key or f"download_{stem}"
    # A horizontal row sized to its buttons: fixed column fractions cut the labels in narrow columns.
    row = st.container(horizontal=True, gap="small")
    row.download_button("下载 CSV", data=lambda: csv_bytes(frame), file_name=f"{stem}.csv", mime="text/csv",
                         key=f"{key}_csv", icon=":material/download:", disabled=frame.empty, on_click="ignore")
    row.download_button("下载 XLSX", data=lambda: workbook_bytes({name: frame}), file_name=f"{stem}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", icon=":material/download:", disabled=frame.empty,
                          on_click="ignore")


def empty_state(what: str) -> None:
    """Say that the page has nothing to show yet, which data to import, and link to the upload page.

    Args:
        what: the data this page needs, in Chinese, e.g. "政务服务“好差评”记录".
    """
    st.info(f"数据库中还没有{what}。请先在“数据上传”页面导入数据,本页会自动显示结果。", icon=":material/inbox:")
    try:
        st.page_link(UPLOAD_PAGE, label="前往数据上传", icon=":material/upload_file:")
    except Exception:  # noqa: BLE001 - the page is not registered for this role: say how to get there
        st.caption("上传数据需要评估员或管理员账户登录;也可由管理员通过命令行 `govdash import` 导入。")
