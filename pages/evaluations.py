"""好差评: the five rates with their change and monthly trend, breakdowns, worst-rated services, the 差评 list."""

import pandas as pd
import streamlit as st

from govdash.charts import records as charts
from govdash.domain import format as fmt
from govdash.repository import HANDLING_LABELS, ITEMS_SHOWN
from govdash.repository.evaluation_views import Breakdown
from govdash.ui import data_records as data
from govdash.ui.evaluation_view import show_overdue, show_reach
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, download_table, empty_state, page_title
from govdash.ui.workday_view import show_uncovered_warning

ensure_shell()

RATES = charts.RATE_LABELS
RATE_HELP = {
    "good_rate": "“非常满意”“满意”占全部评价的比例",
    "bad_rate": "“不满意”“非常不满意”占全部评价的比例",
    "bad_rectify_rate": "已整改的差评占差评的比例",
    "bad_ontime_rate": "在整改期限内整改的差评占差评的比例",
    "callback_rate": "已回访的差评占差评的比例",
}
LOWER_IS_BETTER = {"bad_rate"}
COUNT_COLUMNS = {"evaluations": "评价数", "good": "好评数", "bad": "差评数"}
RATE_COLUMN = {c: st.column_config.ProgressColumn(label, format="%.1f%%", min_value=0, max_value=100)
               for c, label in RATES.items()}


def breakdown_table(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """The breakdown as shown and downloaded: Chinese headers, counts then rates."""
    shown = frame[["label", *COUNT_COLUMNS, *RATES]].rename(columns={"label": label, **COUNT_COLUMNS})
    return shown.rename(columns=RATES)


def show_table(frame: pd.DataFrame, name: str, key: str) -> None:
    config = {RATES[c]: RATE_COLUMN[c] for c in RATES if RATES[c] in frame.columns}
    st.dataframe(frame, hide_index=True, column_config=config, width="stretch")
    download_table(frame, name, key=key)


def moment(values: pd.Series, pattern: str = "%Y-%m-%d %H:%M") -> pd.Series:
    """Dates as text, "—" where there is none (not yet rectified, no deadline)."""
    return pd.to_datetime(values).dt.strftime(pattern).fillna("—")


filters = current_filters()
if not data.periods():  # regions alone, no records with a period yet
    page_title("好差评")
    empty_state("政务服务“好差评”记录")
    st.stop()

page_title("好差评", f"{fmt.period_label(filters.period)} · {filters.scope_label}")
show_uncovered_warning()

totals = data.evaluation_totals(filters.period, filters.region_code)
if totals is None:
    if data.evaluation_trend(tuple(data.periods()), None).empty:
        empty_state("政务服务“好差评”记录")
    else:
        st.info("所选评估期和区县范围内没有好差评记录,请换一个评估期或区县。", icon=":material/filter_alt_off:")
    st.stop()

before = data.previous_period(filters.period)
previous = data.evaluation_totals(before, filters.region_code) if before else None
columns = st.columns(6)
columns[0].metric("评价数", fmt.count(totals["evaluations"]),
                  delta=None if previous is None else f"{totals['evaluations'] - previous['evaluations']:+,.0f}",
                  delta_color="off", help=f"差评 {fmt.count(totals['bad'])} 条")
for column, rate in zip(columns[1:], RATES, strict=True):
    change = None if previous is None or pd.isna(previous[rate]) else totals[rate] - previous[rate]
    column.metric(RATES[rate], fmt.percent(totals[rate]),
                  delta=None if change is None or pd.isna(change) else fmt.points(change, unit="个百分点"),
                  delta_color="inverse" if rate in LOWER_IS_BETTER else "normal", help=RATE_HELP[rate])
notes = [f"主动评价 {fmt.count(totals['active'])} 条(另有系统默认好评 "
         f"{fmt.count(totals['evaluations'] - totals['active'])} 条,不计入主动评价率)",
         f"实名差评 {fmt.count(totals['bad_real_name'])} 条,已回访 {fmt.count(totals['bad_real_name_called_back'])} 条"]
if totals["bad_unfounded"]:
    notes.insert(0, f"经核实不属实或恶意评价、申诉成立的差评 {fmt.count(totals['bad_unfounded'])} 条单列,"
                    "不计入差评率")
if before:
    notes.append(f"变化与上一期({fmt.period_label(before)})相比")
st.caption(";".join(notes) + "。")
show_reach(filters.period, filters.region_code)

window = data.trend_periods(filters.period)
trend = data.evaluation_trend(window, filters.region_code)
st.subheader("按月趋势")
left, right = st.columns(2)
with left:
    chart(charts.make_evaluation_trend_figure(trend), "好评率与差评率按月趋势", key="eval_trend")
with right:
    chart(charts.make_handling_trend_figure(trend), "差评处理按月趋势", key="eval_handling")
monthly = trend[["month", *COUNT_COLUMNS, *RATES]].assign(month=trend["month"].map(fmt.month_label))
with st.expander("按月明细", icon=":material/table:"):
    show_table(monthly.rename(columns={"month": "月份", **COUNT_COLUMNS, **RATES}), "好差评按月明细", "eval_monthly")

st.subheader("分类对比")
groups: dict[Breakdown, str] = {"channel": "评价渠道", "department": "实施部门", "item": "服务事项"}
if filters.region_code is None:
    groups["region"] = "区县"
left, right = st.columns([1, 2])
by = left.segmented_control("分组", list(groups), format_func=lambda g: groups[g], default="channel",
                            key=f"eval_group_{len(groups)}")  # the 区县 choice exists for all districts only
by = by or "channel"
rate = right.segmented_control("比较的指标", list(RATES), format_func=lambda r: RATES[r], default="bad_rate",
                               key="eval_rate") or "bad_rate"
label = groups[by]
frame = data.evaluation_breakdown(by, filters.period, filters.region_code)
chart(charts.make_breakdown_figure(frame, title=f"各{label}{RATES[rate]}(评价数最多的前 15 个)", rate=rate),
      f"各{label}{RATES[rate]}", key="eval_breakdown")
if by == "item" and len(frame) >= ITEMS_SHOWN:
    st.caption(f"事项较多,下表列出本期评价数最多的 {ITEMS_SHOWN:,} 个事项;选择区县范围可查看该区县的全部事项。")
show_table(breakdown_table(frame, label), f"好差评按{label}", "eval_breakdown_table")

st.subheader("差评率最高的服务事项")
st.caption("只比较本期评价数不少于 30 条的事项。")
worst = data.worst_rated_services(filters.period, filters.region_code)
if worst.empty:
    st.info("本期没有评价数达到 30 条的服务事项。", icon=":material/info:")
else:
    chart(charts.make_worst_services_figure(worst), "差评率最高的服务事项", key="eval_worst")
    shown = breakdown_table(worst, "服务事项").assign(事项编码=worst["key"])
    show_table(shown, "差评率最高的服务事项", "eval_worst_table")

st.subheader("差评明细")
left, right = st.columns([2, 1])
handling = left.segmented_control("处理状态", ["全部", *HANDLING_LABELS], default="全部", key="eval_handling_filter")
status = None if handling in (None, "全部") else handling
size = 50
total = int(data.bad_evaluations(filters.period, filters.region_code, status, 1, size).attrs.get("total", 0))
pages = max(1, -(-total // size))
page = int(right.number_input(f"页码(共 {pages} 页)", min_value=1, max_value=pages, value=1, key="eval_page"))
bad = data.bad_evaluations(filters.period, filters.region_code, status, page, size)
st.caption(f"共 {fmt.count(total)} 条差评,每页 {size} 条;评价内容中的手机号、身份证号已脱敏。")
table = pd.DataFrame({
    "评价编号": bad["eval_no"], "区县": bad["region_name"], "事项编码": bad["item_code"].fillna("—"),
    "实施部门": bad["department"].fillna("—"), "渠道": bad["channel"], "评价等级": bad["rating"],
    "评价时间": moment(bad["evaluated_at"]), "评价内容": bad["comment"].fillna(""),
    "整改期限": moment(bad["rectify_deadline"], "%Y-%m-%d"), "整改时间": moment(bad["rectified_at"]),
    "处理状态": bad["handling"], "已回访": bad["called_back"], "批次": bad["batch_id"],
})
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "评价内容": st.column_config.TextColumn(width="large"),
    "已回访": st.column_config.CheckboxColumn(),
    "批次": st.column_config.NumberColumn(format="%d"),
})
download_table(table, "差评明细", key="eval_bad_table")

show_overdue(filters.period, filters.region_code)
