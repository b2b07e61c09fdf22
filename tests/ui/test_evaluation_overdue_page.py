"""AppTests of the 好差评 page's 超期差评 section and reach figures (also beside the 三网一基一指数), on the demo."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from govdash.core import db
from govdash.domain import format as fmt
from govdash.repository.evaluation_overdue import overdue_bad_evaluations, overdue_by_department
from govdash.repository.evaluation_reach import reach_by_district, reach_totals
from govdash.ui.evaluation_view import today
from tests.ui.conftest import AppAt, exceptions

EVALUATIONS = "pages/evaluations.py"
PERIOD = "2025Q1"  # the quarter around 春节


def _table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _open(app_at: AppAt, region: str = "all") -> AppTest:
    at = app_at(EVALUATIONS, period=PERIOD, region=region)
    assert exceptions(at) == []
    return at


def test_evaluations_page_lists_overdue_bad_ratings_by_department(app_at: AppAt, demo_database_url: str):
    at = _open(app_at)
    want = overdue_by_department(db.get_engine(demo_database_url), as_of=today(), periods=PERIOD)
    assert not want.empty and want["supervised"].sum() > 0  # the demo has overdue 差评 under 督办
    shown = _table(at, "最长超期(工作日)")
    assert shown["实施部门"].tolist() == want["department"].tolist()
    assert shown["超期差评"].tolist() == want["overdue"].tolist()
    assert shown["其中督办"].tolist() == want["supervised"].tolist()
    assert shown["最长超期(工作日)"].tolist() == want["max_days"].tolist()
    summary = next(c.value for c in at.caption if "超过整改期限" in c.value)
    assert f"{fmt.count(want['overdue'].sum())} 条差评" in summary
    assert f"已督办 {fmt.count(want['supervised'].sum())} 条" in summary


def test_evaluations_page_overdue_drills_to_a_department_and_follows_the_as_of_day(app_at: AppAt,
                                                                                    demo_database_url: str):
    engine = db.get_engine(demo_database_url)
    at = _open(app_at)
    as_of = date(2025, 4, 30)
    at.date_input(key="eval_overdue_as_of").set_value(as_of).run()
    want = overdue_by_department(engine, as_of=as_of, periods=PERIOD)
    assert _table(at, "最长超期(工作日)")["超期差评"].tolist() == want["overdue"].tolist()
    first = want.iloc[0]
    at.selectbox(key="eval_overdue_department").set_value(f"{first['region_name']} · {first['department']}").run()
    assert exceptions(at) == []
    records = _table(at, "超期(工作日)")
    listed = overdue_bad_evaluations(engine, as_of=as_of, periods=PERIOD, region_code=first["region_code"],
                                     department=first["department"])
    assert records["评价编号"].tolist() == listed["eval_no"].tolist()
    assert len(records) == first["overdue"]
    assert set(records["实施部门"]) == {first["department"]}
    assert (records["督办"] == "是").sum() == first["supervised"]
    assert records["超期(工作日)"].max() == first["max_days"]


@pytest.mark.parametrize("region", ["all", "990106"])
def test_evaluations_page_shows_item_and_department_coverage(app_at: AppAt, demo_database_url: str, region: str):
    at = _open(app_at, region)
    want = reach_totals(db.get_engine(demo_database_url), period=PERIOD,
                        region_code=None if region == "all" else region).set_index("metric")["value"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["事项覆盖度"] == fmt.percent(want["evaluation.item_coverage"])
    assert shown["部门覆盖度"] == fmt.percent(want["evaluation.department_coverage"])
    assert shown["主动评价率"] == fmt.percent(want["evaluation.active_rate"])
    assert 0 < want["evaluation.item_coverage"] < 100


def test_health_page_shows_the_tongban_evaluation_figures_beside_the_index(app_at: AppAt, demo_database_url: str):
    at = app_at("pages/health.py", period=PERIOD, region="all")
    assert exceptions(at) == []
    want = reach_by_district(db.get_engine(demo_database_url), period=PERIOD)
    shown = _table(at, "事项覆盖度")
    assert shown["区县"].tolist() == want["region_name"].tolist()
    assert shown["事项覆盖度"].round(6).tolist() == want["evaluation.item_coverage"].round(6).tolist()
    assert shown["部门覆盖度"].round(6).tolist() == want["evaluation.department_coverage"].round(6).tolist()
    assert shown["申诉核销差评数"].tolist() == want["evaluation.bad_unfounded_count"].tolist()
