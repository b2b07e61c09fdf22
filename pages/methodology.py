"""方法与权重: the framework tree and its definitions, a what-if weight editor, rank sensitivity and the audit."""

import streamlit as st

from govdash.charts import scores as charts
from govdash.domain import format as fmt
from govdash.domain import labels
from govdash.report.methodology import adjustment_notes
from govdash.ui import data, data_scores, method_audit, method_views, score_views
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, download_table, page_title

ensure_shell()

filters = current_filters()
framework = data.framework(filters.framework)
meta = framework.framework
page_title(f"方法与权重 · {meta.name}", meta.description)

aggregation = "加权几何平均" if meta.aggregation == "geometric" else "加权算术平均"
spot = framework.weak_spot
st.markdown(
    f"各指标先按其归一化方法换算为 0–100 分,再在维度内按权重{aggregation}得到维度得分,各维度再按权重{aggregation}"
    f"得到{meta.score_label}。维度中有值指标的权重占比低于 {meta.min_weight_coverage:.0%} 时该维度“数据不足”,"
    f"不计算{meta.score_label};缺失指标的权重在维度内按比例分给其余指标。"
    + (f"维度得分低于 {spot.threshold:g} 分标为“{spot.label}”。" if spot else ""))
for topic, text in adjustment_notes(framework):
    st.markdown(f"**{topic}**:{text}。")
method_audit.method_rules(framework)

left, right = st.columns([3, 2])
with left:
    chart(charts.make_framework_sunburst_figure(framework), "指标体系与权重", key="method_sunburst")
with right:
    st.markdown("**等级划分**")
    st.dataframe(method_views.bands_frame(framework), hide_index=True, width="stretch")
    st.markdown("**维度**")
    st.dataframe(
        [{"维度": d.name, "说明": d.subtitle or d.description or "—",
          "权重": round(d.weight / sum(x.weight for x in framework.dimensions) * 100, 1)}
         for d in framework.dimensions],
        hide_index=True, width="stretch",
        column_config={"权重": st.column_config.NumberColumn("占指数(%)", format="%.1f")})

st.subheader("指标定义、公式与来源")
definitions = method_views.definitions_frame(framework)
st.dataframe(definitions, hide_index=True, width="stretch",
             column_config={"维度内权重": st.column_config.NumberColumn("维度内权重(%)", format="%.1f"),
                            "占指数": st.column_config.NumberColumn("占指数(%)", format="%.2f"),
                            "定义与公式": st.column_config.TextColumn(width="large")})
download_table(definitions, f"{meta.name}_指标定义", key="method_definitions")

st.subheader("权重模拟")
st.caption("修改下面的维度权重或展开修改指标权重,得分与排名立即按新权重重新计算;框架文件不会被修改。权重为相对值,系统自动归一。")
weights = method_views.weight_editor(framework, key="method_weights")
if not data.periods():
    st.info("导入数据后,这里会显示按新权重计算的得分与排名。", icon=":material/inbox:")
    st.stop()
if weights is None:
    st.caption("当前为框架文件中的权重。")
else:
    changed = method_views.what_if_frame(framework, filters.period, weights)
    moved = int((changed[labels.RANK_CHANGE].fillna(0) != 0).sum())
    st.markdown(f"按调整后的权重,{fmt.period_label(filters.period)}有 **{moved}** 个区县排名发生变化。")
    left, right = st.columns(2)
    with left:
        what_if = data.period_scores(meta.code, filters.period, weights).overall
        chart(charts.make_ranking_figure(what_if, framework, title=f"调整权重后的{meta.score_label}排名"),
              "调整权重后的排名", key="method_what_if")
        chart(charts.make_framework_sunburst_figure(framework, dict(weights), title="调整后的权重结构"),
              "调整后的权重结构", key="method_what_if_sunburst")
    with right:
        st.dataframe(changed, hide_index=True, width="stretch", placeholder="—",
                     column_config={labels.RANK_CHANGE: st.column_config.NumberColumn(format="%+d")})
        download_table(changed, "权重模拟结果", key="method_what_if_table")

result = data.period_scores(meta.code, filters.period)
if result.overall["score"].notna().sum() < 2:
    st.info("本期已评分区县不足两个,无法进行排名稳健性分析和统计审计。", icon=":material/info:")
    st.stop()

st.subheader("排名稳健性")
table = data_scores.sensitivity(meta.code, filters.period)
st.caption(f"每个维度和指标的权重在 ±25% 范围内随机扰动,并随机采用算术或几何平均,模拟 {data_scores.PAGE_DRAWS} 次;"
           "条形为 5%–95% 的排名区间,竖线表示各次模拟中排名不变,圆点为当前排名。区间越窄,排名越稳健。")
stability = charts.rank_stability_sentence(table)
if stability:
    st.markdown(f"**{stability}。**")
chart(charts.make_sensitivity_figure(table), "排名稳健性", key="method_sensitivity")

st.subheader("排名不确定性(按来源)")
method_audit.uncertainty_section(framework, filters.period, filters.region_code,
                                 ranked=int(result.overall["rank"].notna().sum()))

st.subheader("统计审计")
audit = data_scores.audit(meta.code, filters.period)
names = {i.code: i.name for _d, i in framework.indicators}
dim_names = {d.code: d.name for d in framework.dimensions}
left, right = st.columns([3, 2])
with left:
    chart(charts.make_correlation_figure(audit.correlations, framework), "指标相关系数", key="method_correlation")
with right:
    st.markdown("**各维度内部一致性(Cronbach's α)**")
    alpha = audit.alpha.assign(维度=audit.alpha["dimension"].map(dim_names))
    st.dataframe(alpha[["维度", "alpha", "indicators", "regions"]].rename(
        columns={"alpha": "α 系数", "indicators": "指标数", "regions": "区县数"}),
        hide_index=True, width="stretch", placeholder="—",
        column_config={"α 系数": st.column_config.NumberColumn(format="%.2f")})
    st.caption("α ≥ 0.7 通常认为维度内指标方向一致;过低说明指标衡量的内容差异较大。")
    negative = audit.dimension_correlations[audit.dimension_correlations["negative"]]
    if not negative.empty:
        st.markdown("**与所属维度负相关的指标**")
        st.dataframe(negative.assign(指标=negative["indicator_code"].map(names),
                                     维度=negative["dimension"].map(dim_names))[["指标", "维度", "correlation"]]
                     .rename(columns={"correlation": "相关系数"}), hide_index=True, width="stretch")
    if not audit.redundant_pairs.empty:
        st.markdown("**高度相关(可能重复衡量)的指标对**")
        pairs = audit.redundant_pairs
        st.dataframe(pairs.assign(指标甲=pairs["indicator_a"].map(names), 指标乙=pairs["indicator_b"].map(names))
                     [["指标甲", "指标乙", "correlation"]].rename(columns={"correlation": "相关系数"}),
                     hide_index=True, width="stretch", column_config={
                         "相关系数": st.column_config.NumberColumn(format="%.2f")})
method_audit.flags_section(framework, filters.period)
score_views.findings_box(data.scores(meta.code), framework, filters.period, None,
                         title="本期结果(按框架文件权重)")
