"""用户与审计: accounts, the audit log and the working-day calendar (admins only)."""

import streamlit as st

from govdash.ui import admin_view, workday_view
from govdash.ui.auth import require_page_role
from govdash.ui.data import get_engine
from govdash.ui.shell import ensure_shell

ensure_shell()

admin = require_page_role("admin")
engine = get_engine()
st.title("用户与审计")
admin_view.show_flash()

users_tab, audit_tab, calendar_tab = st.tabs(["用户", "审计日志", "工作日日历"])
with users_tab:
    admin_view.users_section(engine, admin)
with audit_tab:
    admin_view.audit_section(engine)
with calendar_tab:
    workday_view.calendar_section(engine, admin)
