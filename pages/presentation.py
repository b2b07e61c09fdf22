"""汇报模式: the briefing one slide at a time, with previous/next (← →, PageUp/PageDown, Space), a counter, full screen,
the presenter's view (``?presenter=1``) and the PPTX download."""

from __future__ import annotations

import streamlit as st

from govdash.domain.format import period_label
from govdash.services.briefing import BriefingError
from govdash.ui import data, data_presentation
from govdash.ui.filters import current_filters, page_param, set_page_param
from govdash.ui.presenter_view import (
    follow_presenter,
    fullscreen_button,
    presenter_panel,
    presenter_requested,
    view_address,
)
from govdash.ui.shell import ensure_shell
from govdash.ui.slide_view import show_slide
from govdash.ui.widgets import empty_state, file_stem

ensure_shell()

# A meeting wants the slide, not the filters: the sidebar is hidden until the presenter asks for it. (Folding it
# with set_page_config does not hold: the shell's own page config unfolds it again on the next slide.)
HIDE_SIDEBAR = "[data-testid='stSidebar'], [data-testid='stExpandSidebarButton'] {display: none;}"
#: Keys that move between slides besides the buttons' own ← →: (key, label, slides to move). A presenter's
#: clicker sends PageDown/PageUp. A button takes one shortcut, so each key has a button of its own, hidden.
MORE_KEYS = (("PageDown", "下一页(PageDown)", 1), ("Space", "下一页(空格键)", 1), ("PageUp", "上一页(PageUp)", -1))
HIDE_MORE_KEYS = ".st-key-presentation_more_keys {display: none;}"
hidden = HIDE_MORE_KEYS if st.session_state.get("presentation_sidebar", False) else HIDE_MORE_KEYS + HIDE_SIDEBAR
st.markdown(f"<style>{hidden}</style>", unsafe_allow_html=True)
filters = current_filters()
try:
    titles = data_presentation.slide_titles(filters.framework, filters.period, filters.region_code)
except BriefingError as exc:
    st.title("汇报模式")
    st.warning(str(exc), icon=":material/info:")
    empty_state("该评估期的评估数据")
    st.stop()


def _slide_number() -> int:
    try:
        number = int(page_param("slide", "1") or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), len(titles))


def _go_to(number: int) -> None:
    set_page_param("slide", str(number))


current = _slide_number()
set_page_param("slide", str(current))
presenting = presenter_requested()
followed = follow_presenter(f"{filters.framework}:{filters.period}:{filters.region_code or 'all'}", current,
                            presenter=presenting)
if followed is not None and 1 <= followed <= len(titles):
    _go_to(followed)
    st.rerun()
slide = data_presentation.slide(filters.framework, filters.period, filters.region_code, current)
show_slide(slide, current)
if presenting:
    presenter_panel(slide, current, titles)

controls = st.container(key="presentation_controls")
back, counter, forward, jump, screen, other_view, download, sidebar = controls.columns(
    [1.0, 0.7, 1.0, 1.5, 1.1, 1.2, 1.6, 1.2], vertical_alignment="center")
back.button("上一页", key="presentation_previous", icon=":material/chevron_left:", shortcut="Left",
            disabled=current == 1, on_click=_go_to, args=(current - 1,), width="stretch",
            help="快捷键:← 左方向键或 PageUp(翻页笔的上一页键)")
counter.markdown(f"<div style='text-align:center;font-size:1.3rem;font-weight:600'>{current} / {len(titles)}</div>",
                 unsafe_allow_html=True)
forward.button("下一页", key="presentation_next", icon=":material/chevron_right:", icon_position="right",
               shortcut="Right", type="primary", disabled=current == len(titles), on_click=_go_to,
               args=(current + 1,), width="stretch", help="快捷键:→ 右方向键、PageDown(翻页笔的下一页键)或空格键")
with st.container(key="presentation_more_keys"):
    for key_name, label, step in MORE_KEYS:
        target = current + step
        st.button(label, key=f"presentation_key_{key_name.lower()}", shortcut=key_name,
                  disabled=not 1 <= target <= len(titles), on_click=_go_to, args=(target,))
numbered = [f"{i}. {title}" for i, title in enumerate(titles, start=1)]
chosen = jump.selectbox("跳到", numbered, index=current - 1, key=f"presentation_jump_{current}",
                        label_visibility="collapsed")
if chosen != numbered[current - 1]:
    _go_to(numbered.index(chosen) + 1)
    st.rerun()
with screen:
    fullscreen_button(key="presentation_fullscreen")
if presenting:
    other_view.link_button("观众视图", view_address(presenter=False), icon=":material/co_present:",
                           width="stretch", help="在新窗口打开同一页的观众视图(投影屏用)")
else:
    other_view.link_button("演讲者视图", view_address(presenter=True), icon=":material/co_present:",
                           width="stretch", help="在新窗口打开演讲者视图:当前页、下一页标题、讲解要点和计时")
framework = data.framework(filters.framework)
stem = file_stem(f"{framework.name}_{period_label(filters.period)}_{filters.scope_label}_简报")
download.download_button(
    "下载 PPTX 简报", key="presentation_pptx", icon=":material/slideshow:", width="stretch",
    data=lambda: data_presentation.pptx_bytes(filters.framework, filters.period, filters.region_code),
    file_name=f"{stem}.pptx", on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    help="生成与本页相同内容的 16:9 PowerPoint 简报(含全部图表,约需数秒)")
sidebar.toggle("筛选与导航", key="presentation_sidebar",
               help="显示侧栏:切换评估框架、评估期、区县范围或离开汇报模式。")
