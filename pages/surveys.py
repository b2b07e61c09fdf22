"""满意度调查: scores per district and per question with response counts and margins of error; 样本不足 marked."""

import pandas as pd
import streamlit as st

from govdash.charts import records as charts
from govdash.domain import format as fmt
from govdash.repository import MIN_RESPONSES
from govdash.ui import data_records as data
from govdash.ui.filters import current_filters
from govdash.ui.shell import ensure_shell
from govdash.ui.widgets import chart, download_table, empty_state, page_title

ensure_shell()

SCORE = st.column_config.ProgressColumn("得分", format="%.1f", min_value=0, max_value=100)
SHARE = st.column_config.ProgressColumn("满意率", format="%.1f%%", min_value=0, max_value=100)
MARGIN = st.column_config.NumberColumn("误差范围(±)", format="%.1f")


def headline(frame: pd.DataFrame) -> dict[str, float]:
    """Responses, answers, score (mean over responses) and 满意率 of a selection, from its districts."""
    responses = float(frame["responses"].sum())
    answers = float(frame["answers"].sum())
    return {
        "responses": responses,
        "score": float((frame["score"] * frame["responses"]).sum() / responses) if responses else float("nan"),
        "satisfied_share": 100.0 * float(frame["satisfied"].sum()) / answers if answers else float("nan"),
        "insufficient": float(frame["insufficient"].sum()),
    }


def sample_status(flags: pd.Series) -> pd.Series:
    return flags.map({True: charts.INSUFFICIENT, False: "充足"})


filters = current_filters()
if not data.periods():  # regions alone, no records with a period yet
    page_title("满意度调查")
    empty_state("满意度调查答卷")
    st.stop()

page_title("满意度调查", f"{fmt.period_label(filters.period)} · {filters.scope_label}")

by_region = data.survey_by_region(filters.period, filters.region_code)
if by_region.empty:
    if data.survey_by_region(None, None).empty:
        empty_state("满意度调查答卷")
    else:
        st.info("所选评估期和区县范围内没有满意度调查答卷,请换一个评估期或区县。", icon=":material/filter_alt_off:")
    st.stop()

now = headline(by_region)
before = data.previous_period(filters.period)
earlier = data.survey_by_region(before, filters.region_code) if before else pd.DataFrame()
then = headline(earlier) if not earlier.empty else None


def change(key: str, unit: str) -> str | None:
    if then is None or pd.isna(then[key]):
        return None
    return fmt.points(now[key] - then[key], unit=unit)


cols = st.columns(4)
cols[0].metric("答卷数", fmt.count(now["responses"]),
               delta=None if then is None else f"{now['responses'] - then['responses']:+,.0f}", delta_color="off")
cols[1].metric("满意度得分", fmt.score(now["score"]), delta=change("score", "分"),
               help="每份答卷各题得分(换算为 0–100)的平均值,再对答卷取平均")
cols[2].metric("满意率", fmt.percent(now["satisfied_share"]), delta=change("satisfied_share", "个百分点"),
               help="5 分量表答 4–5 分、10 分量表答 8–10 分的作答占全部作答的比例")
cols[3].metric("样本不足的区县", f"{int(now['insufficient'])} 个",
               help=f"答卷少于 {MIN_RESPONSES} 份的区县,其得分仅供参考")
st.caption(f"误差范围为 95% 置信水平下的误差(1.96 × 标准差 / √答卷数);答卷少于 {MIN_RESPONSES} 份标记为“样本不足”。"
           + (f"变化与上一期({fmt.period_label(before)})相比。" if before else ""))

st.subheader("各区县满意度")
chart(charts.make_survey_region_figure(by_region), "各区县满意度得分", key="survey_regions")
short = by_region.loc[by_region["insufficient"], "region_name"].tolist()
if short:
    st.warning(f"{'、'.join(short)}答卷不足 {MIN_RESPONSES} 份(样本不足),得分误差较大,仅供参考。",
               icon=":material/warning:")
regions = pd.DataFrame({
    "区县": by_region["region_name"], "答卷数": by_region["responses"], "作答数": by_region["answers"],
    "得分": by_region["score"], "误差范围(±)": by_region["margin_of_error"],
    "满意率": by_region["satisfied_share"], "样本": sample_status(by_region["insufficient"]),
})
st.dataframe(regions, hide_index=True, width="stretch",
             column_config={"得分": SCORE, "满意率": SHARE, "误差范围(±)": MARGIN})
download_table(regions, "各区县满意度", key="survey_regions_table")

st.subheader("各题结果")
questions = data.survey_by_question(filters.period, filters.region_code)
chart(charts.make_survey_question_figure(questions), "满意度调查各题得分", key="survey_questions")
answers = pd.DataFrame({
    "问卷": questions["survey_code"], "题号": questions["question_code"],
    "题目": questions["question_text"].fillna("—"), "量表": questions["scale_max"].map(lambda m: f"{m} 分"),
    "作答数": questions["answers"], "平均分(原量表)": questions["mean"], "得分": questions["score"],
    "误差范围(±)": questions["margin_of_error"], "满意率": questions["satisfied_share"],
    "样本": sample_status(questions["insufficient"]),
})
st.dataframe(answers, hide_index=True, width="stretch", column_config={
    "得分": SCORE, "满意率": SHARE, "误差范围(±)": MARGIN,
    "平均分(原量表)": st.column_config.NumberColumn(format="%.2f"),
})
download_table(answers, "满意度调查各题结果", key="survey_questions_table")
