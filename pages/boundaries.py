"""地图边界: the district boundaries the maps draw — check and import a GeoJSON or zipped Shapefile (admins only)."""

import streamlit as st

from govdash.ui import boundary_view
from govdash.ui.auth import require_page_role
from govdash.ui.data import get_engine
from govdash.ui.shell import ensure_shell

ensure_shell()

admin = require_page_role("admin")
engine = get_engine()
st.title("地图边界")
st.caption("总览、三网一基一指数和汇报模式的地图按这里的区县边界绘制,不使用在线底图,离线可用。没有边界时显示六边形示意图。"
           "边界按 6 位区划代码与已登记的区县匹配;导入前整份文件先校验,有错误时不写入。")
boundary_view.show_flash()

boundary_view.current_section(engine, admin)
st.subheader("导入新的边界")
st.caption("新边界导入后替换使用中的边界;撤销新边界即恢复原来的。坐标须为经纬度(WGS84 或 CGCS2000);自相交的多边形"
           "自动修复,环方向自动调整,边界按屏幕精度简化。")
boundary_view.upload_section(engine, admin)
st.subheader("导入记录")
boundary_view.history_section(engine)
