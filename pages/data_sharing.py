"""数据共享开放 (一目录四清单): share and open ratios, the negative list, the demand funnel, timeliness, calls."""

import pandas as pd
import streamlit as st

from govdash.charts import records as charts
from govdash.domain import format as fmt
from govdash.repository.catalog_views import ROWS_SHOWN
from govdash.ui import data_records as data
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, download_table, empty_state, page_title

ensure_shell()

RATES = charts.SHARING_LABELS
RATE_COLUMNS = {label: st.column_config.ProgressColumn(label, format="%.1f%%", min_value=0, max_value=100)
                for label in [*RATES.values(), "更新及时率", "占提出比例"]}
RATE_COLUMNS["调用次数"] = st.column_config.NumberColumn("调用次数", format="localized")


def headline(ratios: pd.DataFrame, pipeline: pd.DataFrame) -> dict[str, float]:
    """Entries, the three ratios over every entry of the selection, negative entries, calls, 对接率."""
    entries = float(ratios["entries"].sum())
    values = {"entries": entries, "negative": float(ratios["negative"].sum()),
              "calls": float(ratios["calls"].fillna(0).sum())}
    for rate in RATES:
        values[rate] = float((ratios[rate] * ratios["entries"]).sum() / entries) if entries else float("nan")
    values["matched_share"] = float(pipeline["share"].iloc[-1]) if pipeline["demands"].iloc[0] else float("nan")
    return values


def show(frame: pd.DataFrame, name: str, key: str) -> None:
    config = {c: RATE_COLUMNS[c] for c in frame.columns if c in RATE_COLUMNS}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
    download_table(frame, name, key=key)


def ratio_table(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    columns = {**labels, "entries": "目录条目", **RATES, "negative": "负面清单", "calls": "调用次数"}
    return frame[list(columns)].rename(columns=columns)


filters = current_filters()
if not data.periods():  # regions alone, no records with a period yet
    page_title("数据共享开放")
    empty_state("政务数据资源目录或数据需求清单")
    st.stop()

page_title("数据共享开放", f"一目录四清单 · {fmt.period_label(filters.period)} · {filters.scope_label}")

ratios = data.sharing_ratios(filters.period, filters.region_code)
pipeline = data.demand_pipeline(filters.period, filters.region_code)
if ratios.empty and not pipeline["demands"].iloc[0]:
    empty_state("政务数据资源目录或数据需求清单")
    st.stop()

now = headline(ratios, pipeline)
before = data.previous_period(filters.period)
then = None
if before:
    earlier = data.sharing_ratios(before, filters.region_code)
    if not earlier.empty:
        then = headline(earlier, data.demand_pipeline(before, filters.region_code))


def change(key: str) -> str | None:
    if then is None or pd.isna(then[key]) or pd.isna(now[key]):
        return None
    return fmt.points(now[key] - then[key], unit="个百分点")


cols = st.columns(6)
cols[0].metric("目录条目", fmt.count(now["entries"]),
               delta=None if then is None else f"{now['entries'] - then['entries']:+,.0f}", delta_color="off")
for col, rate in zip(cols[1:4], RATES, strict=True):
    col.metric(RATES[rate], fmt.percent(now[rate]), delta=change(rate))
cols[4].metric("负面清单条目", fmt.count(now["negative"]),
               delta=None if then is None else f"{now['negative'] - then['negative']:+,.0f}", delta_color="off")
cols[5].metric("需求对接率", fmt.percent(now["matched_share"]), delta=change("matched_share"),
               help="截至期末已对接的数据需求占全部已提出需求的比例")
if before:
    st.caption(f"目录按本期快照统计;变化与上一期({fmt.period_label(before)})相比。")

st.subheader("共享与开放比率")
by_region, by_department = st.tabs(["按区县", "按提供部门"])
with by_region:
    chart(charts.make_sharing_ratio_figure(ratios, title="各区县共享与开放比率"), "各区县共享与开放比率",
          key="sharing_regions")
    show(ratio_table(ratios, {"region_name": "区县"}), "各区县共享与开放比率", "sharing_regions_table")
with by_department:
    departments = data.sharing_ratios(filters.period, filters.region_code, "department")
    biggest = departments.sort_values("entries", ascending=False, kind="stable")
    if len(biggest) >= ROWS_SHOWN:
        st.caption(f"区县部门较多,下表列出目录条目最多的 {ROWS_SHOWN:,} 个;选择区县范围可查看该区县的全部部门。")
    chart(charts.make_sharing_ratio_figure(biggest, label_column="department",
                                           title="目录条目最多的 20 个部门的共享与开放比率"),
          "各部门共享与开放比率", key="sharing_departments")
    show(ratio_table(biggest, {"region_name": "区县", "department": "提供部门"}), "各部门共享与开放比率",
         "sharing_departments_table")

left, right = st.columns(2)
with left:
    st.subheader("数据需求对接")
    chart(charts.make_pipeline_figure(pipeline), "数据需求对接流程", key="sharing_pipeline")
    st.caption("提出:截至期末已申请的需求;审核:已对接或已驳回;对接:已对接。平均办理天数为申请日到办结日。")
with right:
    st.subheader("更新及时率")
    timeliness = data.update_timeliness(filters.period, filters.region_code)
    chart(charts.make_timeliness_figure(timeliness), "按更新周期的更新及时率", key="sharing_timeliness")
    st.caption("截至期末,最近更新日期在更新周期允许的天数之内即为及时;“不定期”的目录不计。")
with st.expander("需求对接明细", icon=":material/table:"):
    show(pd.DataFrame({"环节": pipeline["stage"], "需求数": pipeline["demands"], "占提出比例": pipeline["share"],
                       "平均办理天数": pipeline["avg_days"].map(fmt.days)}), "数据需求对接流程",
         "sharing_pipeline_table")
with st.expander("更新及时率明细", icon=":material/table:"):
    show(pd.DataFrame({"更新周期": timeliness["cycle_label"], "最长间隔": timeliness["max_days"].map(
        lambda d: fmt.days(d, 0)), "目录条目": timeliness["entries"], "及时更新": timeliness["timely"],
        "更新及时率": timeliness["timeliness_rate"]}), "更新及时率", "sharing_timeliness_table")

st.subheader("数据调用")
calls = data.call_volume_by_region(filters.period, filters.region_code)
chart(charts.make_calls_figure(calls), "各区县数据调用次数", key="sharing_calls")
show(calls[["region_name", "entries", "calls"]].rename(
    columns={"region_name": "区县", "entries": "目录条目", "calls": "调用次数"}), "各区县数据调用次数",
    "sharing_calls_table")

st.subheader("负面清单")
negative = data.negative_list(filters.period, filters.region_code)
if len(negative) >= ROWS_SHOWN:
    st.caption(f"列入负面清单的目录较多,下表列出按区县和目录编码排在前面的 {ROWS_SHOWN:,} 条,每条写明不予共享或开放的"
               "依据;选择区县范围可查看该区县的全部条目。")
else:
    st.caption(f"共 {fmt.count(len(negative))} 条列入负面清单的目录,每条写明不予共享或开放的依据。")
show(pd.DataFrame({"区县": negative["region_name"], "目录编码": negative["code"], "目录名称": negative["name"],
                   "提供部门": negative["department"], "共享属性": negative["share_type"],
                   "开放属性": negative["open_type"], "依据": negative["negative_reason"].fillna("(未填写)"),
                   "批次": negative["batch_id"]}), "负面清单", "sharing_negative_table")
