"""评估指数: the framework chosen in the sidebar — ranking, dimensions, trend, and the drill-down to records."""

import streamlit as st

from govdash.charts import scores as charts
from govdash.domain import format as fmt
from govdash.ui import data, report_view, score_views
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, page_title

ensure_shell()

filters = current_filters()
framework = data.framework(filters.framework)
meta = framework.framework
everything, result = score_views.period_result_or_stop(meta.code, filters.period, meta.name)
overall, dimensions = result.overall, result.dimensions

page_title(meta.name, f"{fmt.period_label(filters.period)} · {filters.scope_label} · {meta.description}")
score_views.headline(overall, framework, filters.region_code)
score_views.findings_box(everything, framework, filters.period, filters.region_code)

left, right = st.columns(2)
with left:
    chart(charts.make_ranking_figure(overall, framework, region_code=filters.region_code), f"{meta.score_label}排名",
          key="index_ranking")
    if len(overall) > charts.MANY_REGIONS:
        st.caption(f"完整排名见下方“区县排名与指标明细”表格,可下载全部 {len(overall):,} 个区县。")
with right:
    if filters.region_code is None:
        chart(charts.make_dimension_bars_figure(dimensions, framework, title="各维度全市平均得分"),
              "各维度得分", key="index_dimensions")
    else:
        chart(charts.make_radar_figure(dimensions, framework, filters.region_code), "区县各维度与全市平均",
              key="index_radar")
        chart(charts.make_dimension_bars_figure(dimensions, framework, region_code=filters.region_code),
              "各维度得分", key="index_dimensions")

chart(charts.make_health_heatmap_figure(dimensions, framework, order=score_views.rank_order(overall),
                                       ranked=score_views.scored_rows(overall)["region_code"],
                                       region_code=filters.region_code), "各区县分维度得分", key="index_heatmap")
history = everything.overall
chart(charts.make_trend_figure(history, framework, selected=filters.region_code,
                               highlight=score_views.trend_highlights(history, filters.period)),
      f"{meta.score_label}走势", key="index_trend")

st.subheader("区县排名与指标明细")
district = score_views.ranking_table(overall, framework, key="index_rank_table") or filters.region_code
report_view.report_downloads(meta.code, filters.period, district, key="index")
if district is None:
    st.caption("选中一个区县(或在侧栏选择区县范围)查看其指标明细、数据来源和原始记录。")
else:
    st.markdown(f"#### {data.district_names().get(district, district)} · 指标明细")
    score_views.drill_down(framework, filters.period, district, key="index")
