"""AppTests of the record pages: 好差评, 满意度调查, 数据共享开放.

The numbers on each page are checked against the repository queries for the same selection, before and after
the period and region filters change.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from govdash import repository
from govdash.core import db
from govdash.domain import format as fmt
from govdash.repository.evaluation_views import with_rates
from govdash.services.imports import import_file
from tests.ui.conftest import AppAt, exceptions, open_app

EVALUATIONS, SURVEYS, SHARING = "pages/evaluations.py", "pages/surveys.py", "pages/data_sharing.py"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
HOSTILE = "<b>x</b><script>alert(1)</script>"


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def open_at(app_at: AppAt, page: str, period: str, region: str | None = None) -> AppTest:
    """Open ``page`` with the filters of a shared link (the shell reads them on the first run)."""
    at = app_at(page, period=period, region=region or "all")
    assert exceptions(at) == []
    return at


def engine_of(url: str):
    return db.get_engine(url)


@pytest.mark.parametrize("page", [EVALUATIONS, SURVEYS, SHARING])
def test_record_page_runs_and_draws_charts(app_at: AppAt, page: str):
    at = app_at(page)
    assert exceptions(at) == []
    assert len(at.get("plotly_chart")) >= 2
    assert at.metric


def expected_evaluations(url: str, period: str, region: str | None) -> pd.Series:
    trend = repository.evaluation_trend(engine_of(url), periods=period, region_code=region)
    # 差评率 leaves out the 差评 struck off on appeal, so their count goes into the totals too.
    counts = ["evaluations", "good", "bad", "bad_rectified", "bad_on_time", "bad_called_back", "bad_unfounded"]
    return with_rates(trend[counts].sum().to_frame().T).iloc[0]


def assert_evaluation_metrics(at: AppTest, url: str, period: str, region: str | None) -> None:
    want = expected_evaluations(url, period, region)
    assert metric(at, "评价数") == fmt.count(want["evaluations"])
    assert metric(at, "好评率") == fmt.percent(want["good_rate"])
    assert metric(at, "差评率") == fmt.percent(want["bad_rate"])
    assert metric(at, "差评整改率") == fmt.percent(want["bad_rectify_rate"])
    assert metric(at, "差评按时整改率") == fmt.percent(want["bad_ontime_rate"])
    assert metric(at, "回访率") == fmt.percent(want["callback_rate"])


def test_evaluations_page_numbers_follow_period_and_region(app_at: AppAt, demo_database_url: str):
    at = app_at(EVALUATIONS)
    assert_evaluation_metrics(at, demo_database_url, "2025Q4", None)
    latest = metric(at, "评价数")
    at = open_at(app_at, EVALUATIONS, "2025Q2")
    assert metric(at, "评价数") != latest
    assert_evaluation_metrics(at, demo_database_url, "2025Q2", None)
    city = metric(at, "评价数")
    at = open_at(app_at, EVALUATIONS, "2025Q2", "990126")
    assert metric(at, "评价数") != city
    assert_evaluation_metrics(at, demo_database_url, "2025Q2", "990126")
    bad = table(at, "评价内容")
    assert set(bad["区县"]) == {"雁山县"}


def test_evaluations_page_lists_worst_rated_services_of_the_selection(app_at: AppAt, demo_database_url: str):
    at = open_at(app_at, EVALUATIONS, "2025Q3")
    want = repository.worst_rated_services(engine_of(demo_database_url), periods="2025Q3")
    shown = table(at, "事项编码")
    assert shown["事项编码"].tolist() == want["key"].tolist()
    assert shown["差评率"].round(6).tolist() == want["bad_rate"].round(6).tolist()


def test_evaluations_page_filters_bad_list_by_handling(app_at: AppAt, demo_database_url: str):
    at = app_at(EVALUATIONS)
    at.segmented_control(key="eval_handling_filter").set_value("未整改").run()
    bad = table(at, "评价内容")
    want = repository.bad_evaluations(engine_of(demo_database_url), periods="2025Q4", handling="未整改")
    assert not bad.empty and set(bad["处理状态"]) == {"未整改"}
    assert bad["评价编号"].tolist() == want["eval_no"].tolist()


def test_evaluations_page_shows_html_in_comment_as_text(demo_database_file: Path, tmp_path: Path, use_database):
    copy = tmp_path / "hostile.db"
    shutil.copy(demo_database_file, copy)
    url = use_database(copy)
    csv = ("评价编号,区县代码,评价渠道,评价等级,评价时间,评价内容\n"
           f"HPX0001,990102,移动端,非常不满意,2025-12-31 23:59,{HOSTILE}\n").encode("gbk")
    result = import_file(engine_of(url), "evaluations", io.BytesIO(csv), file_name="hostile.csv")
    assert result.ok, result
    at = open_app(EVALUATIONS)
    assert exceptions(at) == []
    bad = table(at, "评价内容")
    assert bad.loc[bad["评价编号"] == "HPX0001", "评价内容"].tolist() == [HOSTILE]
    assert not [m for m in at.markdown if m.proto.allow_html and "<script>" in m.value]


def survey_expected(url: str, period: str, region: str | None) -> tuple[str, str, str]:
    frame = repository.survey_by_region(engine_of(url), periods=period, region_code=region)
    responses = frame["responses"].sum()
    score = (frame["score"] * frame["responses"]).sum() / responses
    share = 100 * frame["satisfied"].sum() / frame["answers"].sum()
    return fmt.count(responses), fmt.score(score), fmt.percent(share)


def survey_shown(at: AppTest) -> tuple[str, str, str]:
    return metric(at, "答卷数"), metric(at, "满意度得分"), metric(at, "满意率")


def test_surveys_page_numbers_follow_period_and_region(app_at: AppAt, demo_database_url: str):
    at = app_at(SURVEYS)
    assert survey_shown(at) == survey_expected(demo_database_url, "2025Q4", None)
    latest = survey_shown(at)
    at = open_at(app_at, SURVEYS, "2024Q2")
    assert survey_shown(at) != latest
    assert survey_shown(at) == survey_expected(demo_database_url, "2024Q2", None)
    at = open_at(app_at, SURVEYS, "2024Q2", "990102")
    assert survey_shown(at) == survey_expected(demo_database_url, "2024Q2", "990102")
    questions = table(at, "题号")
    want = repository.survey_by_question(engine_of(demo_database_url), periods="2024Q2", region_code="990102")
    assert questions["作答数"].tolist() == want["answers"].tolist()
    assert questions["误差范围(±)"].round(6).tolist() == want["margin_of_error"].round(6).tolist()


def test_surveys_page_marks_small_samples(app_at: AppAt):
    at = app_at(SURVEYS)
    regions = table(at, "答卷数")
    status = dict(zip(regions["区县"], regions["样本"], strict=True))
    assert status["苇塘县"] == "样本不足"
    assert status["滨江区"] == "充足"
    assert metric(at, "样本不足的区县") == "1 个"
    assert any("苇塘县" in w.value and "样本不足" in w.value for w in at.warning)


def sharing_expected(url: str, period: str, region: str | None) -> tuple[str, str, str, str]:
    engine = engine_of(url)
    frame = repository.sharing_ratios(engine, period=period, region_code=region)
    entries = frame["entries"].sum()
    open_rate = (frame["open_rate"] * frame["entries"]).sum() / entries
    pipeline = repository.demand_pipeline(engine, period=period, region_code=region)
    return (fmt.count(entries), fmt.percent(open_rate), fmt.count(frame["negative"].sum()),
            fmt.percent(pipeline["share"].iloc[-1]))


def sharing_shown(at: AppTest) -> tuple[str, str, str, str]:
    return metric(at, "目录条目"), metric(at, "开放率"), metric(at, "负面清单条目"), metric(at, "需求对接率")


def test_data_sharing_page_numbers_follow_period_and_region(app_at: AppAt, demo_database_url: str):
    at = app_at(SHARING)
    assert sharing_shown(at) == sharing_expected(demo_database_url, "2025Q4", None)
    latest = sharing_shown(at)
    at = open_at(app_at, SHARING, "2024Q1")
    assert sharing_shown(at) != latest
    assert sharing_shown(at) == sharing_expected(demo_database_url, "2024Q1", None)
    at.sidebar.selectbox(key="filter_region").select("990126").run()
    assert sharing_shown(at) == sharing_expected(demo_database_url, "2024Q1", "990126")
    negative = table(at, "依据")
    want = repository.negative_list(engine_of(demo_database_url), period="2024Q1", region_code="990126")
    assert negative["目录编码"].tolist() == want["code"].tolist()


def test_data_sharing_page_funnel_and_calls_match_repository(app_at: AppAt, demo_database_url: str):
    at = app_at(SHARING)
    engine = engine_of(demo_database_url)
    funnel = table(at, "环节")
    want = repository.demand_pipeline(engine, period="2025Q4")
    assert funnel["需求数"].tolist() == want["demands"].tolist()
    calls = next(d.value for d in at.dataframe if list(d.value.columns) == ["区县", "目录条目", "调用次数"])
    assert calls["区县"].tolist() == repository.call_volume_by_region(engine, period="2025Q4")["region_name"].tolist()


@pytest.mark.parametrize(("page", "what"), [(EVALUATIONS, "好差评"), (SURVEYS, "满意度调查"),
                                            (SHARING, "政务数据资源目录")])
def test_record_page_without_its_records_says_what_to_import(empty_app_at: AppAt, database_url: str, page: str,
                                                             what: str):
    assert import_file(db.get_engine(database_url), "regions", SAMPLE / "regions.csv").ok
    at = empty_app_at(page)
    assert exceptions(at) == []
    assert any(what in box.value and "数据上传" in box.value for box in at.info)
    assert not at.get("plotly_chart")


def test_evaluations_page_breaks_down_by_the_chosen_group(app_at: AppAt, demo_database_url: str):
    at = app_at(EVALUATIONS)
    assert table(at, "评价渠道")["评价渠道"].tolist()[:2] == ["移动端", "PC端"]
    at.segmented_control(key="eval_group_4").set_value("item").run()
    at.segmented_control(key="eval_rate").set_value("good_rate").run()
    assert exceptions(at) == []
    items = table(at, "服务事项")
    engine = engine_of(demo_database_url)
    want = repository.evaluation_breakdown(engine, by="item", periods="2025Q4", limit=repository.ITEMS_SHOWN)
    assert items["服务事项"].tolist() == want["label"].tolist()
    every_item = repository.evaluation_breakdown(engine, by="item", periods="2025Q4")
    if len(every_item) > repository.ITEMS_SHOWN:  # the busiest items, and the page says so
        assert want["evaluations"].min() >= every_item["evaluations"].iloc[repository.ITEMS_SHOWN]
        assert any(f"评价数最多的 {repository.ITEMS_SHOWN:,} 个事项" in c.value for c in at.caption)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert "各服务事项好评率(评价数最多的前 15 个)" in titles
