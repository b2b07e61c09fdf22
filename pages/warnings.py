"""预警: the warning rules' hits of the period, each linked to its records; the monthly 通报; push for admins."""

import streamlit as st

from govdash.alerts import LEVELS, AlertRuleError
from govdash.domain import format as fmt
from govdash.ui import warning_view
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import download_table, page_title

ensure_shell()

filters = current_filters()
page_title("预警", f"{fmt.period_label(filters.period)} · {filters.scope_label} · 规则见 data/warnings/rules.toml")
try:
    found = warning_view.hits(filters.period)
except AlertRuleError as exc:
    st.error(f"预警规则文件无法使用:\n\n{exc}", icon=":material/error:")
    st.stop()
if filters.region_code is not None:
    found = found[found["region_code"] == filters.region_code]

counts = found["level"].value_counts()
for column, level in zip(st.columns(len(LEVELS)), LEVELS, strict=True):
    column.metric(f"{level}色预警", f"{int(counts.get(level, 0))} 条")

levels = st.pills("等级", LEVELS, selection_mode="multi", default=list(LEVELS), key="warnings_levels")
shown = found[found["level"].isin(levels or [])]
if shown.empty:
    st.success("本期没有符合条件的预警。", icon=":material/check_circle:")
else:
    table = warning_view.hit_table(shown)
    st.dataframe(table, hide_index=True, width="stretch", key="warnings_table",
                 column_config={"原始记录": st.column_config.LinkColumn("原始记录", display_text="查看记录")})
    download_table(table, f"预警_{filters.period}", key="warnings_download")

st.subheader("月度通报")
warning_view.bulletin_download(filters.framework, filters.period, key="warnings")
warning_view.push_button(found, filters.period, key="warnings")
