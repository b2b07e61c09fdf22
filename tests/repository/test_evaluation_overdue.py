"""超期差评 by department: 差评 rectified late or still open past their deadline, in statutory working days."""

from datetime import date, datetime

import pytest

from govdash.core.workdays import WorkdayCalendar
from govdash.repository import workdays
from govdash.repository.evaluation_overdue import (
    OPEN_LATE,
    RECTIFIED_LATE,
    overdue_bad_evaluations,
    overdue_by_department,
)
from govdash.services import workday_rules
from tests.repository.factories import EAST

pytestmark = pytest.mark.pg

AS_OF = date(2025, 2, 21)  # a Friday
JAN20 = datetime(2025, 1, 20, 10, 0)  # 15 working days later, across 春节 with its 调休 Sundays: 2025-02-14


def seed_overdue(seed):
    """东区 2025Q1 差评 (市场监管局 unless said), deadlines counted by the stored rule (15 working days).

    - A 1-20, rectified 2-12: on time, not listed.
    - B 1-20, rectified Tue 2-18: 2 working days late (2-17, 2-18).
    - C 1-20, open, under 督办: as of Fri 2-21, 5 working days overdue (2-17 … 2-21).
    - D 1-20, rectified Sat 2-15: late; a rest day counts as the Monday after, 1 working day.
    - E 2-10, open: its deadline 3-3 is after the as-of day, not overdue yet.
    - F 1-20, open but struck off on appeal: nothing to rectify, not listed.
    - G 1-21, open, 民政局: deadline 2-17 (1-26 and 2-8 are 调休 workdays), overdue 2-18 … 2-21, 4 working days.
    """
    market = {"rating": 1, "department": "市场监管局", "evaluated_at": JAN20}
    seed.evaluations(
        {**market, "eval_no": "A", "rectified_at": datetime(2025, 2, 12, 9, 0)},
        {**market, "eval_no": "B", "rectified_at": datetime(2025, 2, 18, 9, 0), "comment": "-办事效率低"},
        {**market, "eval_no": "C", "supervised": True},
        {**market, "eval_no": "D", "rectified_at": datetime(2025, 2, 15, 9, 0)},
        {**market, "eval_no": "E", "evaluated_at": datetime(2025, 2, 10, 10, 0)},
        {**market, "eval_no": "F", "verification": "malicious", "appeal_result": "upheld"},
        {"eval_no": "G", "rating": 2, "department": "民政局", "evaluated_at": datetime(2025, 1, 21, 10, 0)},
        {"eval_no": "H", "rating": 5, "department": "民政局"},
    )
    workday_rules.apply_rectify_rule(seed.engine, force=True, announce=False)


def test_overdue_by_department_hand_computed(engine, seed):
    seed_overdue(seed)
    frame = overdue_by_department(engine, as_of=AS_OF, periods="2025Q1")
    assert frame[["department", "overdue", "open", "late", "supervised", "max_days"]].values.tolist() == [
        ["市场监管局", 3, 1, 2, 1, 5.0],  # B, C, D; C is open and under 督办; C is 5 working days over
        ["民政局", 1, 1, 0, 0, 4.0],      # G
    ]
    assert frame["mean_days"].tolist() == pytest.approx([(2 + 5 + 1) / 3, 4.0])
    assert set(frame["region_code"]) == {EAST}


def test_overdue_bad_evaluations_drill_to_one_department(engine, seed):
    seed_overdue(seed)
    listed = overdue_bad_evaluations(engine, as_of=AS_OF, periods="2025Q1", department="市场监管局")
    assert listed.attrs["total"] == 3
    assert listed[["eval_no", "status", "days_overdue", "supervised"]].values.tolist() == [
        ["C", OPEN_LATE, 5, True], ["B", RECTIFIED_LATE, 2, False], ["D", RECTIFIED_LATE, 1, False]]
    assert str(listed.loc[listed["eval_no"] == "C", "rectify_deadline"].iloc[0])[:10] == "2025-02-14"
    assert listed.loc[listed["eval_no"] == "B", "comment"].iloc[0] == "-办事效率低"  # stored verbatim


def test_overdue_later_as_of_day_adds_working_days_only(engine, seed):
    seed_overdue(seed)
    # Sat 2-22 and Sun 2-23 are rest days: on Sunday C counts as overdue up to Monday 2-24, 6 working days.
    frame = overdue_by_department(engine, as_of=date(2025, 2, 23), periods="2025Q1")
    assert frame.set_index("department").loc["市场监管局", "max_days"] == 6.0
    # On its deadline day an open 差评 is not overdue yet: only those rectified late are listed.
    early = overdue_by_department(engine, as_of=date(2025, 2, 14), periods="2025Q1")
    assert early[["department", "overdue", "open"]].values.tolist() == [["市场监管局", 2, 0]]


def test_workday_seq_beyond_the_table_counts_on_with_the_calendar(engine):
    calendar = WorkdayCalendar()
    with engine.begin() as conn:
        workdays.fill_workdays(conn, calendar, 2025, 2026)
        whole = {day: workdays.workday_seq(conn, day) for day in (date(2026, 1, 5), date(2026, 2, 15))}
        workdays.fill_workdays(conn, calendar, 2025, 2025)
        assert {day: workdays.workday_seq(conn, day) for day in whole} == whole
