"""方法与权重's statistical-method sections: the [method] rules, indicator flags and rank uncertainty (Sobol).

The loaders read the cached scores of ``govdash.ui.data``; nothing here recomputes them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from govdash.frameworks import Framework
from govdash.report.method_report import (
    FLAG_RULES,
    SOBOL_NOTE,
    flags_frame,
    method_stage_notes,
    sobol_frame,
    sobol_summary,
    uncertainty_display,
)
from govdash.scoring.flags import indicator_flags
from govdash.scoring.uncertainty import Uncertainty, rank_uncertainty
from govdash.ui import data, data_scores
from govdash.ui.data import CACHE_TTL
from govdash.ui.widgets import download_table

#: Sobol base samples on a page: 768 runs, under a second at 3,000 districts.
PAGE_SAMPLES = 128
#: Districts up to which the uncertainty analysis runs without being asked.
AUTO_DISTRICTS = 500


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
        "偏度": st.column_config.NumberColumn(format="%.2f", help="样本偏度(与 Excel SKEW 相同)"),
        "峰度": st.column_config.NumberColumn(format="%.2f", help="样本超额峰度(与 Excel KURT 相同,正态分布为 0)"),
        "去掉后平均排名变化": st.column_config.NumberColumn(
            format="%.2f", help="逐个去掉该指标(其权重在维度内分给其余指标)后,各区县排名变化的平均位数"),
    })
    st.caption(FLAG_RULES)
    download_table(shown, f"{framework.framework.name}_指标诊断", key="method_flags_dl")


@st.cache_data(ttl=CACHE_TTL, show_spinner="正在进行 Sobol 不确定性分析……")
def _uncertainty(url: str, code: str, period: str) -> Uncertainty:
    groups = None
    if data.framework(code).method.imputation.method == "group_mean":
        regions = data.regions()
        groups = {str(c): p for c, p in zip(regions["code"], regions["parent_code"], strict=True)}
    return rank_uncertainty(data.framework(code), data.scores(code), period=period, samples=PAGE_SAMPLES,
                            region_groups=groups)


def uncertainty(framework_code: str, period: str) -> Uncertainty:
    """Return the Sobol indices and rank intervals of one period (see ``rank_uncertainty``)."""
    return _uncertainty(data.database_url(), framework_code, period)


def uncertainty_section(framework: Framework, period: str, region_code: str | None, *, ranked: int) -> None:
    """Show the Sobol indices by source and each district's rank interval in one sentence.

    Up to ``AUTO_DISTRICTS`` districts the analysis runs with the page; above, it takes seconds, so it waits for
    the reader to ask for it.
    """
    runs = PAGE_SAMPLES * 6
    if not st.toggle(f"进行 Sobol 不确定性分析({runs} 次模拟)", value=ranked <= AUTO_DISTRICTS, key="method_sobol",
                     help=f"超过 {AUTO_DISTRICTS} 个区县时需要数秒,打开后计算;结果缓存,切换视图不会重算"):
        st.caption(f"本期 {ranked} 个区县已排名。打开上面的开关,按权重、归一化方法、汇总方法和缺失值估算分解排名的不确定性。")
        return
    found = uncertainty(framework.framework.code, period)
    st.markdown(sobol_summary(found.indices, found.runs, found.mean_shift) + "。")
    names = data.district_names()
    ranks = found.ranks.assign(region_name=found.ranks["region_code"].map(lambda c: names.get(c, c)))
    if region_code is not None:
        mine = ranks[ranks["region_code"] == region_code]
        if not mine.empty:
            st.info(f"{mine.iloc[0]['region_name']}{mine.iloc[0]['sentence']}。", icon=":material/insights:")
    percent = st.column_config.ProgressColumn(format="%.1f%%", min_value=0, max_value=100)
    st.dataframe(sobol_frame(found.indices), hide_index=True, width="stretch", placeholder="—",
                 column_config={"一阶指数 S1(%)": percent, "总效应指数 ST(%)": percent})
    shown = uncertainty_display(ranks)
    st.dataframe(shown, hide_index=True, width="stretch", height=360,
                 column_config={"说明": st.column_config.TextColumn(width="large")})
    download_table(shown, f"{framework.framework.name}_排名不确定性", key="method_uncertainty_dl")
    st.caption(SOBOL_NOTE.format(spread=0.25))
