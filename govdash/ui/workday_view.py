"""The 工作日日历 parts: the calendar's coverage and the 休/班 marks an administrator keeps.

Also the warning the 好差评 page shows for years no calendar covers.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.engine import Engine

from govdash.auth import Actor
from govdash.core import db
from govdash.core.workdays import package_years
from govdash.repository import workdays
from govdash.services import workday_rules
from govdash.ui.data import CACHE_TTL, clear_caches, database_url

PREFIX = "admin_workday"
FLASH_KEY = "admin_flash"
MARKS = {"休(放假)": False, "班(调休上班)": True}
OVERRIDE_COLUMNS = {"day": "日期", "mark": "休/班", "note": "说明", "updated_by": "操作人"}


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _uncovered(url: str) -> list[int]:
    return workdays.uncovered_years(db.get_engine(url))


def uncovered_years() -> list[int]:
    """Years of the stored 好差评 whose holidays no calendar knows (cached)."""
    return _uncovered(database_url())


def show_uncovered_warning() -> None:
    """Warn on a page when some stored 好差评 fall into a year without holiday data."""
    years = uncovered_years()
    if years:
        st.warning(workdays.uncovered_message(years), icon=":material/event_busy:")


def calendar_section(engine: Engine, admin: Actor) -> None:
    """Render the coverage, the marks and the forms that add or remove one."""
    years = package_years()
    st.markdown(f"节假日数据来自 chinesecalendar,覆盖 **{years[0]}–{years[-1]} 年**的法定节假日和调休;"
                f"差评整改期限为 **{workdays.rule_in_force()} 个工作日**(由部署设置 `GOVDASH_RECTIFY_WORKING_DAYS` "
                f"决定)。这里标记的日期优先于节假日数据和周末规则。")
    show_uncovered_warning()
    overrides = workdays.list_overrides(engine)
    shown = overrides[list(OVERRIDE_COLUMNS)].rename(columns=OVERRIDE_COLUMNS)
    st.dataframe(shown, hide_index=True, width="stretch", key=f"{PREFIX}_table", placeholder="—")
    left, right = st.columns(2, gap="large")
    with left:
        _mark_form(engine, admin)
    with right:
        if not overrides.empty:
            _remove_form(engine, admin, [workdays.as_date(d) for d in overrides["day"]])


def _mark_form(engine: Engine, admin: Actor) -> None:
    with st.form(f"{PREFIX}_mark", clear_on_submit=True):
        st.markdown("**标记日期**")
        day = st.date_input("日期", value=None, key=f"{PREFIX}_day", format="YYYY-MM-DD",
                            min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
        mark = st.radio("标记", list(MARKS), horizontal=True, key=f"{PREFIX}_kind")
        note = st.text_input("说明(可选)", max_chars=255, key=f"{PREFIX}_note",
                             help="如:国务院办公厅关于 2027 年部分节假日安排的通知")
        submitted = st.form_submit_button("保存并重算", type="primary", icon=":material/event_available:")
    if not submitted:
        return
    if not isinstance(day, date):
        st.error("请选择日期。")
        return
    workday_rules.set_override(engine, admin, day, is_workday=MARKS[mark], note=note or None)
    _recount(engine, f"已将 {day.isoformat()} 标记为“{mark[0]}”。")


def _remove_form(engine: Engine, admin: Actor, days: list[date]) -> None:
    st.markdown("**取消标记**")
    day = st.selectbox("日期", days, key=f"{PREFIX}_remove_day", format_func=date.isoformat)
    if st.button("取消标记并重算", key=f"{PREFIX}_remove"):
        workday_rules.remove_override(engine, admin, day)
        _recount(engine, f"已取消 {day.isoformat()} 的标记。")


def _recount(engine: Engine, done: str) -> None:
    message = workdays.recomputed_message(workday_rules.apply_rectify_rule(engine))
    clear_caches()
    st.session_state[FLASH_KEY] = f"{done}{message}"
    st.rerun()
