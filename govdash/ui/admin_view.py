"""The 用户与审计 page's parts: the account list and its changes, and the audit log with filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from govdash.auth import (
    ROLE_LABELS,
    ROLES,
    Actor,
    PermissionDenied,
    UserError,
    create_user,
    list_users,
    set_active,
    set_password,
    set_role,
)
from govdash.auth.audit import ACTION_LABELS, audit_actors, audit_entries, audit_table
from govdash.auth.scope import WHOLE_CITY, assigned_regions, set_user_scope
from govdash.auth.users import user_id_of
from govdash.domain.format import LOCAL_ZONE, LOCAL_ZONE_LABEL, local_time
from govdash.repository import list_regions
from govdash.ui.widgets import download_table

PREFIX = "admin"
FLASH_KEY = f"{PREFIX}_flash"
AUDIT_ROW_LIMIT = 5000


def show_flash() -> None:
    """Show the outcome of the last change, once, after the rerun."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/task_alt:")


def _done(message: str) -> None:
    st.session_state[FLASH_KEY] = message
    st.rerun()


def users_section(engine: Engine, admin: Actor) -> None:
    """Render the accounts table, a form to add one, and the changes to an existing one."""
    users = list_users(engine)
    st.dataframe(users, hide_index=True, width="stretch", key=f"{PREFIX}_users", placeholder="—")
    left, right = st.columns(2, gap="large")
    with left:
        add_user_form(engine, admin)
    with right:
        if not users.empty:
            change_user_form(engine, admin, users["用户名"].tolist())
    limited = users[users["角色"] != ROLE_LABELS["admin"]]["用户名"].tolist()
    if limited:
        st.divider()
        scope_form(engine, admin, limited)


def scope_form(engine: Engine, admin: Actor, names: list[str]) -> None:
    """Bind an evaluator or viewer to regions (and everything below them), or lift the limit."""
    st.markdown("**数据范围**")
    st.caption("评估员只能上传、更正(替换)和撤销范围内区划(含下级区划,如街道)的数据;访客只能查看范围内区划的明细记录。"
               "不选任何区划即不限(全市);管理员不受限制。")
    name = st.selectbox("用户", names, key=f"{PREFIX}_scope_user")
    regions = list_regions(engine)
    labels = dict(zip(regions["code"], regions["name"] + "(" + regions["level_label"] + " " + regions["code"] + ")",
                      strict=True))
    current = assigned_regions(engine, user_id_of(engine, name))
    chosen = st.multiselect("区划", list(labels), default=[c for c in current if c in labels],
                            format_func=lambda c: labels.get(c, c), key=f"{PREFIX}_scope_regions_{name}",
                            placeholder=WHOLE_CITY)
    if not st.button("保存数据范围", key=f"{PREFIX}_scope_save", type="primary"):
        return
    try:
        kept = set_user_scope(engine, admin, name, chosen)
    except (UserError, PermissionDenied) as exc:
        st.error(str(exc))
        return
    shown = "、".join(labels.get(c, c) for c in kept) + "及其下级区划" if kept else WHOLE_CITY
    _done(f"已把用户 {name} 的数据范围设为:{shown}。")


def add_user_form(engine: Engine, admin: Actor) -> None:
    """Create an account with a role and an initial password (typed twice)."""
    with st.form(f"{PREFIX}_add_user", clear_on_submit=True):
        st.markdown("**新增用户**")
        name = st.text_input("用户名", max_chars=64, help="2–64 个字符:汉字、字母、数字和 . _ - @")
        display_name = st.text_input("显示名(可选)", max_chars=64)
        role = st.selectbox("角色", ROLES, index=1, format_func=ROLE_LABELS.__getitem__)
        password = st.text_input("初始密码", type="password", help="至少 8 个字符", autocomplete="new-password")
        again = st.text_input("再次输入密码", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("新增用户", type="primary", icon=":material/person_add:")
    if not submitted:
        return
    if password != again:
        st.error("两次输入的密码不一致。")
        return
    try:
        user = create_user(engine, admin, name=name, password=password, role=role, display_name=display_name)
    except (UserError, PermissionDenied) as exc:
        st.error(str(exc))
        return
    _done(f"已新增用户 {user.name}({user.role_label})。")


def change_user_form(engine: Engine, admin: Actor, names: list[str]) -> None:
    """Disable or enable an account, change its role, or set a new password."""
    st.markdown("**修改用户**")
    name = st.selectbox("用户", names, key=f"{PREFIX}_target")
    action = st.radio("操作", ["修改角色", "重设密码", "停用", "启用"], horizontal=True, key=f"{PREFIX}_action")
    role = password = None
    if action == "修改角色":
        role = st.selectbox("新角色", ROLES, format_func=ROLE_LABELS.__getitem__, key=f"{PREFIX}_new_role")
    if action == "重设密码":
        password = st.text_input("新密码", type="password", key=f"{PREFIX}_new_password",
                                 autocomplete="new-password")
    if not st.button("确定", key=f"{PREFIX}_change", type="primary"):
        return
    try:
        if action in ("停用", "启用"):
            set_active(engine, admin, name, action == "启用")
        elif role is not None:
            set_role(engine, admin, name, role)
        else:
            set_password(engine, admin, name, password or "")
    except (UserError, PermissionDenied) as exc:
        st.error(str(exc))
        return
    _done(f"已对用户 {name} 执行“{action}”。")


def _in_local_days(table: pd.DataFrame, stored: pd.Series, since: date | None, until: date | None) -> pd.DataFrame:
    """Return the audit table in Beijing time, cut to the chosen Beijing days."""
    moments = pd.to_datetime(stored)
    local_days = moments.dt.tz_localize("UTC").dt.tz_convert(LOCAL_ZONE).dt.date
    keep = pd.Series(True, index=table.index)
    if since is not None:
        keep &= local_days >= since
    if until is not None:
        keep &= local_days <= until
    shown = table.assign(**{"时间(UTC)": moments.map(local_time)}).rename(columns={"时间(UTC)": f"时间({LOCAL_ZONE_LABEL})"})
    return shown[keep].reset_index(drop=True)


def audit_section(engine: Engine) -> None:
    """Render the audit log, newest first, filtered by action, person and days; downloadable as CSV or XLSX."""
    actions_col, actor_col, days_col = st.columns([3, 2, 2])
    chosen = actions_col.multiselect("操作", list(ACTION_LABELS), format_func=ACTION_LABELS.__getitem__,
                                     key=f"{PREFIX}_actions", placeholder="全部操作")
    actor = actor_col.selectbox("操作人", ["全部", *audit_actors(engine)], key=f"{PREFIX}_actor")
    today = datetime.now(LOCAL_ZONE).date()
    days = days_col.date_input("日期", (today - timedelta(days=30), today), key=f"{PREFIX}_days",
                               format="YYYY-MM-DD")
    since, until = (days[0], days[-1]) if isinstance(days, tuple) and days else (None, None)
    # Stored days are UTC days: a Beijing day starts 8 hours earlier, so read one more day and cut by Beijing date.
    entries = audit_entries(engine, actions=chosen or None, actor=None if actor == "全部" else actor,
                            since=since - timedelta(days=1) if since else None, until=until,
                            limit=AUDIT_ROW_LIMIT)
    table = _in_local_days(audit_table(entries), entries["at"], since, until)
    st.caption(f"共 {len(table):,} 条" + (f"(仅显示最新的 {AUDIT_ROW_LIMIT:,} 条)"
                                           if len(entries) == AUDIT_ROW_LIMIT else ""))
    st.dataframe(table, hide_index=True, width="stretch", key=f"{PREFIX}_audit",
                 column_config={"详情": st.column_config.TextColumn("详情", width="large")})
    download_table(table, "审计日志")
