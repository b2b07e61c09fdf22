"""条块分析: 实施部门 (the 条) × 区县 (the 块) heatmaps of 好差评 and service items, drilling to a cell's records."""

import streamlit as st

from govdash.charts import matrix as charts
from govdash.domain import format as fmt
from govdash.repository.department_matrix import EVALUATION_MEASURES, SERVICE_MEASURES
from govdash.ui import auth
from govdash.ui import data_records as data
from govdash.ui import matrix_view as view
from govdash.ui.data import level_names
from govdash.ui.filters import current_filters, page_param, set_page_param
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import download_table, page_title, png_download

ensure_shell()

PREFIX = view.PREFIX
SOURCES = {"evaluations": "好差评", "service-items": "政务服务事项"}
MEASURES = {"evaluations": EVALUATION_MEASURES, "service-items": SERVICE_MEASURES}
WEIGHT = {"evaluations": "evaluations", "service-items": "items"}
LOWER_IS_BETTER = {"bad_rate"}


filters = current_filters()
page_title("条块分析", f"{fmt.period_label(filters.period)} · 实施部门(条)× 区县(块)")
scope = auth.reading_scope()
# The regions of the sidebar's level only (区县 by default), and of those only the ones inside a reader's scope.
regions = tuple(c for c in level_names(filters.level) if scope is None or scope.covers(c))
left, right = st.columns([1, 2])
source = left.segmented_control("数据", list(SOURCES), format_func=SOURCES.__getitem__, default="evaluations",
                                key=f"{PREFIX}_source") or "evaluations"
measures = MEASURES[source]
measure = right.segmented_control("指标", list(measures), format_func=measures.__getitem__,
                                  default=next(iter(measures)), key=f"{PREFIX}_measure_{source}") or next(iter(measures))
cells = data.department_matrix_cells(source, filters.period, regions)
if cells.empty:
    st.info(f"本期没有写明实施部门的{SOURCES[source]}数据,请换一个评估期。", icon=":material/inbox:")
    st.stop()

names = dict(zip(cells["region_code"], cells["region_name"], strict=False))
label = measures[measure]
fig = charts.make_department_matrix_figure(
    cells, measure, label, weight=WEIGHT[source], percent=measure not in view.COUNTS,
    lower_is_better=measure in LOWER_IS_BETTER,
    highlight=[names[filters.region_code]] if filters.region_code in names else [])
event = st.plotly_chart(fig, theme=None, key=f"{PREFIX}_heatmap", on_select="rerun", selection_mode="points",
                        config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]})
png_download(fig, f"条块分析_{SOURCES[source]}_{label}", key=f"{PREFIX}_png")
table = charts.matrix_table(cells, measure, weight=WEIGHT[source])
st.caption(f"按{SOURCES[source]}{'评价量' if source == 'evaluations' else '事项数'}列出前 "
           f"{charts.DEPARTMENTS_SHOWN} 个部门;空白表示该部门在该区县本期没有记录。点击一个格子,或在下方选择部门和区县,"
           "查看其明细记录。" + ("仅含您的数据范围内的区县。" if scope is not None else ""))
download_table(table.reset_index().rename(columns={"department": "实施部门"}),
               f"条块分析_{SOURCES[source]}_{label}_{filters.period}", key=f"{PREFIX}_matrix")
view.apply_click(event, names)

st.subheader("格子明细")
departments = list(table.index)
wanted_department = st.session_state.get(f"{PREFIX}_department", page_param("department"))
wanted_district = st.session_state.get(f"{PREFIX}_district", page_param("block") or filters.region_code)
codes = sorted(names)
pick_department, pick_district = st.columns(2)
department = pick_department.selectbox(
    "部门(条)", departments, key=f"{PREFIX}_department",
    index=departments.index(wanted_department) if wanted_department in departments else 0)
district = pick_district.selectbox("区县(块)", codes, format_func=names.__getitem__, key=f"{PREFIX}_district",
                                   index=codes.index(wanted_district) if wanted_district in codes else 0)
set_page_param("department", department)
set_page_param("block", district)
cell = cells[(cells["department"] == department) & (cells["region_code"] == district)]
if cell.empty:
    st.info(f"{department}在{names[district]}本期没有{SOURCES[source]}记录。", icon=":material/inbox:")
    st.stop()
boxes = st.columns(len(measures))
for box, (code, name) in zip(boxes, measures.items(), strict=True):
    box.metric(name, view.shown(cell.iloc[0][code], code))
records = data.cell_records(source, filters.period, department, district)
total = records.attrs.get("total", len(records))
st.caption(f"{department} · {names[district]} · 共 {fmt.count(total)} 条记录"
           + (f",显示前 {fmt.count(len(records))} 条" if total > len(records) else ""))
st.dataframe(records, hide_index=True, width="stretch", placeholder="—")
download_table(records, f"{department}_{names[district]}_{SOURCES[source]}明细", key=f"{PREFIX}_records")
