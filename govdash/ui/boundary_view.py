"""The 地图边界 page's parts: the boundaries in use, checking and importing a file, the 审图号, the history."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from govdash.auth import Actor, PermissionDenied
from govdash.auth.boundaries import (
    authorized_import_boundaries,
    authorized_review_number,
    authorized_undo_boundaries,
)
from govdash.boundaries import BoundaryCheck
from govdash.boundaries.store import BoundaryImport, active_boundaries, boundary_history
from govdash.charts.maps import make_boundary_preview_figure
from govdash.ui.data import clear_caches, district_names
from govdash.ui.widgets import chart

PREFIX = "boundaries"
FLASH_KEY = f"{PREFIX}_flash"
_CHECKED_KEY = f"{PREFIX}_checked"
HISTORY_COLUMNS = ["编号", "状态", "文件名", "格式", "区县数", "要素数", "区划代码属性", "审图号", "上传人", "上传时间",
                   "替换的边界", "SHA-256"]


def show_flash() -> None:
    """Show the outcome of the last change, once, after the rerun."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/task_alt:")


def _done(message: str) -> None:
    clear_caches()
    st.session_state.pop(_CHECKED_KEY, None)
    st.session_state[FLASH_KEY] = message
    st.rerun()


def current_section(engine: Engine, user: Actor) -> None:
    """Show the boundaries the maps draw now: file, districts, 审图号 (editable), preview, undo."""
    active = active_boundaries(engine)
    if active is None or active.set_id is None:
        st.info("尚未导入区县边界:各页地图显示六边形示意图(每格一个区县,不代表实际地理位置)。", icon=":material/hexagon:")
        return
    names = district_names()
    missing = [name for code, name in names.items() if code not in active.shapes]
    line = f"使用中:边界 #{active.set_id}({active.file_name}),{len(active.shapes)} 个区县。"
    st.markdown(line + (f" 没有边界的区县:{'、'.join(missing)}。" if missing else ""))
    left, right = st.columns([3, 2])
    with left:
        chart(make_boundary_preview_figure(active, names, title="使用中的区县边界"), "区县边界", key=f"{PREFIX}_current")
    with right:
        with st.form(f"{PREFIX}_caption_form", border=False):
            number = st.text_input("审图号", value=active.review_number, key=f"{PREFIX}_review_number",
                                   help="印在每张地图下方(页面、PNG 和 PPTX),如“GS(2024)1234号”;留空时只写“示意图”")
            if st.form_submit_button("保存审图号", icon=":material/save:"):
                _guarded(lambda: authorized_review_number(engine, user, active.set_id or 0, number),
                         f"已保存边界 #{active.set_id} 的审图号。")
        st.caption("撤销使用中的边界后,恢复它替换的上一套;没有上一套时地图显示六边形示意图。")
        if st.button("撤销这套边界", icon=":material/undo:", key=f"{PREFIX}_undo"):
            undo = active.set_id
            _guarded(lambda: _undo(engine, user, undo), None)


def _undo(engine: Engine, user: Actor, set_id: int) -> str:
    ok, message = authorized_undo_boundaries(engine, user, set_id)
    if not ok:
        raise PermissionDenied(message)
    return message


def _guarded(action, message: str | None) -> None:
    try:
        result = action()
    except PermissionDenied as exc:
        st.error(str(exc), icon=":material/block:")
        return
    _done(message or str(result))


def upload_section(engine: Engine, user: Actor) -> None:
    """Pick a file, check it (nothing written), show the report and preview, then import it."""
    upload = st.file_uploader("区县边界文件:GeoJSON(.geojson / .json),或把 Shapefile 的 .shp、.shx、.dbf、.prj 一起压缩成 .zip",
                              type=["geojson", "json", "zip"], key=f"{PREFIX}_file")
    left, right = st.columns(2)
    prop = left.text_input("区划代码属性", key=f"{PREFIX}_property", placeholder="自动识别",
                           help="要素属性中 6 位区划代码的字段名,如 adcode、区划代码、GB;留空时自动识别")
    number = right.text_input("审图号", key=f"{PREFIX}_new_review_number", placeholder="如 GS(2024)1234号",
                              help="印在地图下方;可以导入后再改")
    if upload is None:
        return
    raw = upload.getvalue()
    checked = _checked(engine, user, upload.name, raw, prop.strip() or None)
    if checked is None:
        return
    report(checked.check)
    if checked.boundaries is not None and checked.boundaries.shapes:
        chart(make_boundary_preview_figure(checked.boundaries, district_names(), title="待导入的区县边界"),
              "待导入的区县边界", key=f"{PREFIX}_preview", download=False)
    if checked.status == "duplicate":
        st.info(checked.message, icon=":material/content_copy:")
        return
    if not checked.ok:
        st.error(checked.message, icon=":material/error:")
        return
    st.success(checked.message, icon=":material/check_circle:")
    if st.button("导入这套边界", type="primary", icon=":material/upload:", key=f"{PREFIX}_import"):
        result = _import(engine, user, upload.name, raw, number, prop.strip() or None)
        if result is not None and result.status == "imported":
            _done(result.message)
        elif result is not None:
            st.error(result.message, icon=":material/error:")


def _checked(engine: Engine, user: Actor, name: str, raw: bytes, prop: str | None) -> BoundaryImport | None:
    """Check the file once per content and property (reruns reuse the result)."""
    key = (hashlib.sha256(raw).hexdigest(), prop)
    kept = st.session_state.get(_CHECKED_KEY)
    if kept is not None and kept[0] == key:
        return kept[1]
    try:
        result = authorized_import_boundaries(engine, user, name, raw, code_property=prop, dry_run=True)
    except PermissionDenied as exc:
        st.error(str(exc), icon=":material/block:")
        return None
    st.session_state[_CHECKED_KEY] = (key, result)
    return result


def _import(engine: Engine, user: Actor, name: str, raw: bytes, number: str, prop: str | None) -> BoundaryImport | None:
    try:
        return authorized_import_boundaries(engine, user, name, raw, review_number=number, code_property=prop)
    except PermissionDenied as exc:
        st.error(str(exc), icon=":material/block:")
        return None


def report(check: BoundaryCheck) -> None:
    """Show the check's findings: errors with feature and property, repairs, unmatched features, missing districts."""
    if check.errors:
        st.markdown(f"**错误 {len(check.errors)} 个**(有错误时不导入)")
        st.dataframe(_problems(check.errors), hide_index=True, width="stretch")
    if check.warnings:
        st.markdown(f"**提示 {len(check.warnings)} 条**(已自动处理)")
        st.dataframe(_problems(check.warnings), hide_index=True, width="stretch")
    if check.unmatched:
        st.markdown(f"**{len(check.unmatched)} 个要素的区划代码不是已登记的区县,不导入**")
        st.dataframe(pd.DataFrame(check.unmatched, columns=["要素序号", f"区划代码({check.code_property})"]),
                     hide_index=True, width="stretch")
    if check.missing:
        st.markdown(f"**{len(check.missing)} 个区县没有边界**(地图上不画出,并在图下注明)")
        st.dataframe(pd.DataFrame(check.missing, columns=["区划代码", "区县"]), hide_index=True, width="stretch")
    if check.shapes:
        st.caption(f"区划代码属性:{check.code_property};坐标点 {check.vertices_before:,} 个,简化后 "
                   f"{check.vertices_after:,} 个(容差 {check.tolerance:.5f}°)。")


def _problems(problems) -> pd.DataFrame:
    return pd.DataFrame([{"要素序号": p.feature, "属性": p.property or "", "问题": p.message} for p in problems],
                        columns=["要素序号", "属性", "问题"]).astype({"要素序号": "Int64"})


def history_section(engine: Engine) -> None:
    """Show every boundary set imported, newest first."""
    history = boundary_history(engine)
    if history.empty:
        st.caption("还没有导入过区县边界。")
        return
    st.dataframe(history[HISTORY_COLUMNS], hide_index=True, width="stretch")

