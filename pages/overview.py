"""总览: the period at a glance — headline, findings, ranking, health levels, trend, and every district side by side."""

import pandas as pd
import streamlit as st

from govdash.charts import scores as charts
from govdash.domain import format as fmt
from govdash.domain import labels
from govdash.report import tables
from govdash.ui import data, disparity_view, maps_view, score_views
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, download_table, page_title

ensure_shell()

HEALTH = "district_health"

filters = current_filters()
framework = data.framework(filters.framework)
meta = framework.framework
everything, result = score_views.period_result_or_stop(meta.code, filters.period, "总览")
overall, dimensions = result.overall, result.dimensions
health_everything = health = None
if HEALTH in data.frameworks() and meta.code != HEALTH:
    health_everything = data.scores(HEALTH)
    health = score_views.of_period(health_everything, filters.period)

page_title("总览", f"{fmt.period_label(filters.period)} · {filters.scope_label} · {meta.name}")
score_views.headline(overall, framework, filters.region_code)
boxes = st.columns(2) if health is not None and not health.overall.empty else [st.container()]
with boxes[0]:
    score_views.findings_box(everything, framework, filters.period, filters.region_code,
                             title=f"主要发现 · {meta.short_name or meta.name}")
if len(boxes) > 1 and health_everything is not None:
    with boxes[1]:
        score_views.findings_box(health_everything, data.framework(HEALTH), filters.period, filters.region_code,
                                 title="主要发现 · 三网一基一指数")

has_health = health is not None and not health.overall.empty
map_boxes = st.columns(2) if has_health else [st.container()]
with map_boxes[0]:
    maps_view.district_map(meta.code, filters.period, region_code=filters.region_code, key="overview_map",
                           title=f"{meta.score_label}分布")
if has_health:
    with map_boxes[1]:
        maps_view.district_map(HEALTH, filters.period, region_code=filters.region_code, key="overview_health_map",
                               title="健康等级分布图")

left, right = st.columns([3, 2])
with left:
    chart(charts.make_ranking_figure(overall, framework, region_code=filters.region_code), f"{meta.score_label}排名",
          key="overview_ranking")
    if len(overall) > charts.MANY_REGIONS:
        st.caption(f"完整排名见下方“区县一览”表格,可下载全部 {len(overall):,} 个区县。")
with right:
    if filters.region_code is not None:
        chart(charts.make_radar_figure(dimensions, framework, filters.region_code), "区县各维度与全市平均",
              key="overview_radar")
    chart(charts.make_band_distribution_figure(overall, framework, title=f"{meta.short_name or meta.name}等级分布"),
          "等级分布", key="overview_bands")
    if health is not None and not health.overall.empty:
        chart(charts.make_band_distribution_figure(health.overall, data.framework(HEALTH), title="健康等级分布"),
              "健康等级分布", key="overview_health_levels")

history = everything.overall
chart(charts.make_trend_figure(history, framework, selected=filters.region_code,
                               highlight=score_views.trend_highlights(history, filters.period)),
      f"{meta.score_label}走势", key="overview_trend")
disparity_view.disparity_section(everything, framework, filters.period, key="overview")


def side_by_side() -> pd.DataFrame:
    """Every district's index and grade next to its health index and level, best index first."""
    table = tables.ranking_table(framework, overall)[[labels.RANK, labels.REGION, labels.REGION_CODE, meta.score_label,
                                                      labels.BAND, labels.CHANGE, labels.STATUS]]
    if health is None or health.overall.empty:
        return table
    h = health.overall.set_index("region_code")
    health_meta = data.framework(HEALTH).framework
    return table.assign(**{
        health_meta.score_label: table[labels.REGION_CODE].map(h["score"]).round(1),
        "健康等级": table[labels.REGION_CODE].map(h["band"]).fillna("—"),
    })


st.subheader("区县一览")
table = side_by_side()
config = {c: st.column_config.ProgressColumn(c, format="%.1f", min_value=0, max_value=100)
          for c in table.columns if c in (meta.score_label, "运行管理健康指数")}
config[labels.CHANGE] = st.column_config.NumberColumn(format="%+.1f")
st.dataframe(table, hide_index=True, width="stretch", column_config=config, placeholder="—",
             height=score_views.table_height(len(table)))
download_table(table, f"区县一览_{filters.period}", key="overview_table")
st.page_link("pages/index_a.py", label="查看指标明细与原始记录", icon=":material/leaderboard:",
             query_params={"framework": meta.code, "period": filters.period})
