"""The 好差评 page's reach figures and its 超期差评 section (by 实施部门, with the records of each)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from govdash.domain import format as fmt
from govdash.domain.metric_catalog import METRICS
from govdash.domain.region_codes import DISTRICT
from govdash.domain.vocab import REGION_LEVEL_LABELS
from govdash.repository import workdays
from govdash.repository.evaluation_reach import DISTRICT_REACH_METRICS, REACH_METRICS
from govdash.ui import data_records as data
from govdash.ui.widgets import download_table

PREFIX = "eval_overdue"
ALL_DEPARTMENTS = "全部部门"
DEPARTMENT_COLUMNS = {"region_name": "区县", "department": "实施部门", "overdue": "超期差评", "open": "超期未整改",
                      "late": "超期整改", "supervised": "其中督办", "max_days": "最长超期(工作日)",
                      "mean_days": "平均超期(工作日)"}
REACH_HELP = {
    "evaluation.active_rate": "不含办件 7 天后系统默认的好评:主动评价数 / 同期办件量",
    "evaluation.real_name_callback_rate": "已回访的实名差评 / 实名差评",
    "evaluation.item_coverage": "本期至少收到 1 条评价的政务服务事项 / 本期事项清单中的全部事项",
    "evaluation.department_coverage": "本期至少收到 1 条评价的实施部门 / 本期事项清单中的全部实施部门",
}


def show_reach(period: str, region_code: str | None) -> None:
    """Show a row of 主动评价率, 实名差评回访率, 事项覆盖度 and 部门覆盖度 (全部区县: the districts added up)."""
    reach = data.evaluation_reach(period, region_code)
    for column, metric in zip(st.columns(len(REACH_METRICS)), REACH_METRICS, strict=True):
        column.metric(METRICS[metric].label, fmt.percent(reach.get(metric)), help=REACH_HELP[metric])


def show_reach_by_district(period: str, region_code: str | None, *, key: str, level: str = DISTRICT) -> None:
    """Show per region of the level the 好差评 figures of 一网通办 the 三网一基一指数 does not weigh in, with downloads."""
    frame = data.evaluation_reach_by_district(period, region_code, level)
    if frame.empty:
        st.info("本期没有好差评记录。", icon=":material/info:")
        return
    labels = {m: METRICS[m].label for m in DISTRICT_REACH_METRICS}
    table = frame.drop(columns="region_code").rename(columns={"region_name": REGION_LEVEL_LABELS.get(level, "区县"), **labels})
    config = {labels[m]: st.column_config.NumberColumn(format="%.1f%%") for m in REACH_METRICS}
    config[labels["evaluation.bad_unfounded_count"]] = st.column_config.NumberColumn(format="%d 条")
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)
    download_table(table, "一网通办好差评参考指标", key=key)


def today() -> date:
    """Today in Beijing: the day overdue 差评 are counted to."""
    return datetime.now(fmt.LOCAL_ZONE).date()


def _moment(values: pd.Series, pattern: str) -> pd.Series:
    return pd.to_datetime(values).dt.strftime(pattern).fillna("—")


def _department_table(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame[list(DEPARTMENT_COLUMNS)].rename(columns=DEPARTMENT_COLUMNS)
    return shown.assign(**{"平均超期(工作日)": frame["mean_days"].round(1)})


def _record_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "评价编号": frame["eval_no"], "区县": frame["region_name"], "事项编码": frame["item_code"].fillna("—"),
        "实施部门": frame["department"], "评价等级": frame["rating"],
        "评价时间": _moment(frame["evaluated_at"], "%Y-%m-%d %H:%M"), "评价内容": frame["comment"].fillna(""),
        "整改期限": _moment(frame["rectify_deadline"], "%Y-%m-%d"),
        "整改时间": _moment(frame["rectified_at"], "%Y-%m-%d %H:%M"), "状态": frame["status"],
        "超期(工作日)": frame["days_overdue"], "督办": frame["supervised"].map({True: "是", False: "否"}),
        "已回访": frame["called_back"].map({True: "是", False: "否"}), "批次": frame["batch_id"],
    })


def _summary(frame: pd.DataFrame, as_of: date) -> str:
    rule = workdays.rule_in_force()
    if frame.empty:
        return (f"截至 {as_of.year}年{as_of.month}月{as_of.day}日,本期差评都在整改期限({rule} 个法定工作日)内整改,"
                "或期限未到。")
    return (f"截至 {as_of.year}年{as_of.month}月{as_of.day}日,本期有 {fmt.count(frame['overdue'].sum())} 条差评超过"
            f"整改期限({rule} 个法定工作日)才整改或仍未整改,其中超期未整改 {fmt.count(frame['open'].sum())} 条、"
            f"已督办 {fmt.count(frame['supervised'].sum())} 条,涉及 {len(frame)} 个部门。超期天数按法定工作日计"
            "(节假日和调休按国务院放假安排及管理员的休/班标记),休息日整改按其后第一个工作日计;"
            "经核实不属实或恶意评价、申诉成立的差评无需整改,不列入。")


def show_overdue(period: str, region_code: str | None) -> None:
    """Show the 超期差评 by department as of a chosen day, downloadable, with the 差评 of the department picked."""
    st.subheader("超期差评(按部门)")
    narrow, _rest = st.columns([1, 3])
    as_of = narrow.date_input("截至日期", value=today(), max_value=today(), format="YYYY-MM-DD",
                              key=f"{PREFIX}_as_of", help="未整改的差评超期到这一天;默认今天(北京时间)")
    as_of = as_of if isinstance(as_of, date) else today()
    frame = data.overdue_departments(period, region_code, as_of)
    st.caption(_summary(frame, as_of))
    if frame.empty:
        return
    table = _department_table(frame)
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "最长超期(工作日)": st.column_config.NumberColumn(format="%d"),
        "平均超期(工作日)": st.column_config.NumberColumn(format="%.1f"),
    })
    download_table(table, "超期差评按部门", key=f"{PREFIX}_departments")
    labels = {f"{name} · {department}": (str(code), str(department)) for code, name, department
              in zip(frame["region_code"], frame["region_name"], frame["department"], strict=True)}
    picked = st.selectbox("查看部门的超期差评", [ALL_DEPARTMENTS, *labels], key=f"{PREFIX}_department")
    region, department = labels[picked] if picked in labels else (region_code, None)
    records = data.overdue_list(period, region, department, as_of)
    total = int(records.attrs.get("total", len(records)))
    shown = "" if total <= len(records) else f",下表列出超期最久的 {len(records):,} 条"
    st.caption(f"共 {fmt.count(total)} 条超期差评{shown};评价内容中的手机号、身份证号已脱敏。")
    listed = _record_table(records)
    st.dataframe(listed, hide_index=True, width="stretch", column_config={
        "评价内容": st.column_config.TextColumn(width="large"), "批次": st.column_config.NumberColumn(format="%d")})
    download_table(listed, f"超期差评明细_{picked}", key=f"{PREFIX}_records")
