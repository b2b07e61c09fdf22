"""方法与权重's statistical-method sections: indicator flags and the remove-one-indicator test.

The loaders read the cached scores of ``govdash.ui.data``; nothing here recomputes them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.frameworks import Framework
from govdash.method_report import FLAG_RULES, flags_frame, method_stage_notes
from govdash.scoring.flags import indicator_flags
from govdash.ui import data, data_scores
from govdash.ui.data import CACHE_TTL
from govdash.ui.widgets import download_table


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在诊断指标……")
def _flags(url: str, code: str, period: str) -> pd.DataFrame:
    return indicator_flags(data.framework(code), data.scores(code), period=period,
                           audit=data_scores.audit(code, period))


def flags(framework_code: str, period: str) -> pd.DataFrame:
    """Return the indicator flags of one period (see ``govdash.scoring.flags.indicator_flags``)."""
    return _flags(data.database_url(), framework_code, period)


def method_rules(framework: Framework) -> None:
    """Show the file's screening, imputation and outlier-treatment rules (``[method]``) in words."""
    st.markdown("\n".join(f"- **{topic}**:{text}。" for topic, text in method_stage_notes(framework)))


def flags_section(framework: Framework, period: str) -> None:
    """Show the indicator flags table, flagged indicators first, with the rules it applies."""
    table = flags(framework.framework.code, period)
    shown = flags_frame(framework, table)
    flagged = int(table["flags"].map(bool).sum())
    st.markdown(f"**指标诊断** · {len(table)} 项指标中 **{flagged}** 项有标记")
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="—", column_config={
        "覆盖率(%)": st.column_config.NumberColumn(format="%.1f"),
        "最多相同值占比(%)": st.column_config.NumberColumn(format="%.1f"),
        "相关系数": st.column_config.NumberColumn(format="%.2f"),
        "与维度相关系数": st.column_config.NumberColumn(format="%.2f"),
        "去掉后平均排名变化": st.column_config.NumberColumn(
            format="%.2f", help="逐个去掉该指标(其权重在维度内分给其余指标)后,各区县排名变化的平均位数"),
    })
    st.caption(FLAG_RULES)
    download_table(shown, f"{framework.framework.name}_指标诊断", key="method_flags_dl")
