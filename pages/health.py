"""三网一基一指数: a card per district (index, health level, five pillars, weak spot), heatmap, levels, trend."""

import streamlit as st

from govdash.charts import scores as charts
from govdash.domain import format as fmt
from govdash.ui import data, maps_view, report_view, score_views
from govdash.ui.evaluation_view import show_reach_by_district
from govdash.ui.filters import current_filters
from govdash.ui.health_cards import health_cards
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, page_title

ensure_shell()

HEALTH = "district_health"

filters = current_filters()
if HEALTH not in data.frameworks():
    page_title("三网一基一指数")
    st.warning("评估框架目录中没有“三网一基一指数”框架文件(district_health.toml)。", icon=":material/warning:")
    st.stop()
framework = data.framework(HEALTH)
meta = framework.framework
everything, result = score_views.period_result_or_stop(HEALTH, filters.period, meta.short_name or meta.name)
overall, dimensions = result.overall, result.dimensions

page_title(meta.name, f"{fmt.period_label(filters.period)} · {filters.scope_label} · {meta.description}")
score_views.headline(overall, framework, filters.region_code)
score_views.findings_box(everything, framework, filters.period, filters.region_code)

st.subheader("各区县健康状况")
health_cards(result, framework, filters.period, filters.region_code, key="health")

left, right = st.columns([3, 2])
with left:
    maps_view.district_map(HEALTH, filters.period, region_code=filters.region_code, key="health_map",
                           title="健康等级分布图")
with right:
    chart(charts.make_band_distribution_figure(overall, framework, title="健康等级分布"), "健康等级分布",
          key="health_levels")
chart(charts.make_health_heatmap_figure(dimensions, framework, order=score_views.rank_order(overall),
                                       ranked=score_views.scored_rows(overall)["region_code"],
                                       region_code=filters.region_code, title="各区县“三网一基”分项得分"),
      "各区县分项得分", key="health_heatmap")
history = everything.overall
chart(charts.make_trend_figure(history, framework, selected=filters.region_code,
                               highlight=score_views.trend_highlights(history, filters.period)),
      f"{meta.score_label}走势", key="health_trend")

st.subheader("区县排名与指标明细")
district = score_views.ranking_table(overall, framework, key="health_rank_table") or filters.region_code
report_view.report_downloads(HEALTH, filters.period, district, key="health")
if district is None:
    st.caption("选中一个区县(或在侧栏选择区县范围)查看其指标明细、数据来源和原始记录。")
else:
    st.markdown(f"#### {data.district_names().get(district, district)} · 指标明细")
    score_views.drill_down(framework, filters.period, district, key="health")

st.subheader("一网通办 · 好差评参考指标")
st.caption("主动评价率、实名差评回访率、事项覆盖度、部门覆盖度和申诉核销差评数由好差评明细计算,在此对照展示,"
           "不计入运行管理健康指数;如需计分,可在框架文件的一网通办维度中加入(见 data/frameworks/README.md)。")
show_reach_by_district(filters.period, filters.region_code, key="health_reach", level=filters.level)
