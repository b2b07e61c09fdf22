"""The report-card downloads of the score pages: the selected district's 成绩单, and every district's in a ZIP.

The files are built only when a button is clicked (drawing the charts takes about a second per district).
"""

from __future__ import annotations

import streamlit as st

from govdash.core.periods import format_period
from govdash.services import reports
from govdash.ui import auth, data

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_data(ttl=data.CACHE_TTL, show_spinner="正在生成成绩单……", max_entries=32)
def _card(url: str, framework_code: str, period: str, region_code: str) -> bytes:
    framework = data.framework(framework_code)
    return reports.report_file(data.get_engine(), framework, period=period, region_code=region_code).content


@st.cache_data(ttl=data.CACHE_TTL, show_spinner="正在生成全部区县的成绩单……", max_entries=4)
def _all_cards(url: str, framework_code: str, period: str) -> bytes:
    return reports.reports_zip(data.get_engine(), data.framework(framework_code), period=period)


def report_downloads(framework_code: str, period: str, region_code: str | None, *, key: str) -> None:
    """Offer the Word report card of ``region_code`` (when one is selected) and a ZIP of every district's.

    A user bound to a data scope gets the card of a district inside it only, and no ZIP.
    """
    url = data.database_url()
    row = st.container(horizontal=True, gap="small")
    limited = auth.reading_scope() is not None
    if region_code is not None and not auth.in_reading_scope(region_code):
        region_code = None  # a district outside the user's data scope: its report card is not offered
    if region_code is not None:
        name = data.district_names().get(region_code, region_code)
        row.download_button(f"下载{name}成绩单(Word)", data=lambda: _card(url, framework_code, period, region_code),
                            file_name=reports.card_file_name(region_code, name, period), mime=DOCX_MIME,
                            key=f"{key}_report_card", icon=":material/description:", on_click="ignore",
                            help="排名、各维度得分及变化、强弱指标、三网一基一指数、好差评、主要发现、方法和数据批次")
    if limited:
        return  # the ZIP holds every district's card; a scoped user downloads their own districts' one by one
    row.download_button("下载全部区县成绩单(ZIP)", data=lambda: _all_cards(url, framework_code, period),
                        file_name=f"{format_period(period)}_全部区县成绩单.zip", mime="application/zip",
                        key=f"{key}_report_cards", icon=":material/folder_zip:", on_click="ignore",
                        help="每个区县一份 Word 成绩单;生成需要每个区县约 1–2 秒")
