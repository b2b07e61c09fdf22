"""Cached loaders and pieces of the 预警 page: the hits of a period, the 通报 download, the admin's push button."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from govdash import alerts
from govdash.auth import audit
from govdash.core.config import get_settings
from govdash.core.periods import format_month, parse_period, period_bounds
from govdash.services.alerts import notify_warnings, warning_hits
from govdash.services.bulletin import bulletin_file
from govdash.ui import auth, data

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HIT_COLUMNS = {"level": "等级", "region_name": "区县", "region_code": "代码", "rule": "规则", "detail": "情况",
               "link": "原始记录"}


@st.cache_data(ttl=data.CACHE_TTL, show_spinner="正在检查预警规则……")
def _hits(url: str, period: str, rules_file: str, modified: float) -> pd.DataFrame:
    return warning_hits(data.get_engine(), period=period,
                               scores=lambda framework: data.scores(framework.code))


def hits(period: str) -> pd.DataFrame:
    """Return the warning hits of ``period`` (raises ``AlertRuleError`` for a bad rules file)."""
    path = get_settings().warnings_file
    modified = path.stat().st_mtime if path.exists() else 0.0  # an edited file is read again
    return _hits(data.database_url(), parse_period(period), str(path), modified)


def months_of(period: str) -> list[date]:
    """Return the months of a quarter, newest first (the 通报's choices)."""
    first, last = period_bounds(period)
    months = [date(first.year, m, 1) for m in range(first.month, last.month + 1)]
    return list(reversed(months))


@st.cache_data(ttl=data.CACHE_TTL, show_spinner="正在生成月度通报……", max_entries=8)
def _bulletin(url: str, framework_code: str, month: date) -> bytes:
    return bulletin_file(data.get_engine(), data.framework(framework_code), month=month)


def bulletin_download(framework_code: str, period: str, *, key: str) -> None:
    """Offer a month picker and the download of that month's 通报 (built when clicked)."""
    url = data.database_url()
    row = st.container(horizontal=True, gap="small", vertical_alignment="bottom")
    month = row.selectbox("通报月份", months_of(period), format_func=format_month, key=f"{key}_month")
    row.download_button(f"下载{format_month(month)}通报(Word)", data=lambda: _bulletin(url, framework_code, month),
                        file_name=f"{format_month(month)}通报.docx", mime=DOCX_MIME, key=f"{key}_bulletin",
                        icon=":material/description:", on_click="ignore",
                        help="区县排名、按规则汇总的预警、与上月相比的变化(得分按本月所在季度)")


def push_button(found: pd.DataFrame, period: str, *, key: str) -> None:
    """Offer admins to post the hits to the configured group-chat robot, and record it in the audit log."""
    user = auth.signed_in_user()
    if user is None or not user.can("admin"):
        return
    configured = bool(get_settings().webhook_url)
    if not st.button("推送到群机器人", key=f"{key}_push", icon=":material/send:", disabled=not configured,
                     help="推送到 GOVDASH_WEBHOOK_URL" if configured else "未配置 GOVDASH_WEBHOOK_URL"):
        return
    try:
        notify_warnings(found, period=period)
    except alerts.WebhookError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    audit.record(data.get_engine(), user.name, "warnings_notify", period, {"hits": len(found)})
    st.success(f"已推送 {len(found)} 条预警。", icon=":material/check_circle:")


def hit_table(found: pd.DataFrame) -> pd.DataFrame:
    """Return the hits as shown: Chinese headers, the link to each hit's records."""
    return found[list(HIT_COLUMNS)].rename(columns=HIT_COLUMNS)
