"""差评 deadlines in statutory working days: the holiday package, the overrides, the setting, the recount."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from govdash.auth import Actor
from govdash.core import config
from govdash.core.workdays import WorkdayCalendar, package_years
from govdash.repository import materialized, workdays
from govdash.repository.metrics import compute_metrics
from govdash.services import workday_rules
from tests.ingest.conftest import EVALUATION_HEADER, csv_bytes, rows_of

# 2025-01-20 is a Monday before 春节: 1月28日–2月4日 off, Sunday 1月26日 and Saturday 2月8日 worked (调休).
SPRING_FESTIVAL_ROWS = ["HP101,990101,窗口,不满意,2025-01-20 09:30,等候太久,2025-02-12 16:00"]


def _day(text: str) -> np.ndarray:
    return np.array([text], dtype="datetime64[D]")


def test_workday_calendar_spring_festival_moves_the_deadline():
    deadline = WorkdayCalendar().nth_workday_after(_day("2025-01-20"), 15)[0]
    # Working days after 1月20日: 21–24 (4), 26 调休 (5), 27 (6), 2月5–8 (10), 10–14 (15).
    assert deadline == np.datetime64("2025-02-14")
    # Counting weekends only would say 2月10日, and a 差评 rectified on 2月12日 would be late.
    assert np.busday_offset(np.datetime64("2025-01-20"), 15) == np.datetime64("2025-02-10")


def test_workday_calendar_override_wins_over_package_and_weekend():
    calendar = WorkdayCalendar({date(2025, 1, 21): False, date(2025, 1, 25): True})
    assert calendar.nth_workday_after(_day("2025-01-20"), 1)[0] == np.datetime64("2025-01-22")
    assert calendar.nth_workday_after(_day("2025-01-24"), 1)[0] == np.datetime64("2025-01-25")


def test_workday_calendar_years_covered_by_package_or_overrides():
    assert 2025 in package_years() and 2026 in package_years()
    last = package_years()[-1]
    assert WorkdayCalendar().uncovered_years([2025, last + 1]) == [last + 1]
    assert WorkdayCalendar({date(last + 1, 1, 1): False}).uncovered_years([last + 1]) == []


def test_import_spring_festival_bad_rating_rectified_on_time(regions, import_bytes, engine):
    result = import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, SPRING_FESTIVAL_ROWS))
    assert result.status == "imported", result.report.to_frame()
    (row,) = rows_of(engine, "evaluation")
    assert date.fromisoformat(str(row["rectify_deadline"])) == date(2025, 2, 14)
    assert bool(row["rectified_on_time"]) is True
    rate = compute_metrics(engine, periods="2025Q1", regions="990101", metrics="evaluation.bad_ontime_rate")
    assert rate["value"].tolist() == [100.0]


def test_import_year_without_calendar_warns_in_chinese(regions, import_bytes, engine):
    year = package_years()[-1] + 1
    rows = [f"HP201,990101,窗口,非常不满意,{year}-03-02 10:00,太慢,{year}-03-20 10:00"]
    result = import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, rows))
    assert result.status == "imported"
    warnings = result.report.to_frame()
    assert warnings["问题"].str.contains(f"没有 {year} 年的放假和调休安排").any()
    assert workdays.uncovered_years(engine) == [year]


def test_override_for_uncovered_year_recounts_stored_deadline(regions, import_bytes, engine):
    year = package_years()[-1] + 1
    rows = [f"HP301,990101,窗口,不满意,{year}-03-02 10:00,太慢,{year}-03-23 10:00"]
    import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, rows))
    (row,) = rows_of(engine, "evaluation")
    assert date.fromisoformat(str(row["rectify_deadline"])) == date(year, 3, 23)  # weekends only
    workday_rules.set_override(engine, Actor.system_actor("测试"), date(year, 3, 10), is_workday=False, note="地方假日")
    assert workday_rules.apply_rectify_rule(engine) == [f"{year}Q1"]
    (row,) = rows_of(engine, "evaluation")
    assert date.fromisoformat(str(row["rectify_deadline"])) == date(year, 3, 24)
    assert workdays.uncovered_years(engine) == []
    assert workday_rules.apply_rectify_rule(engine) is None  # nothing changed since


def test_deadline_setting_change_recomputes_stored_metrics(regions, import_bytes, engine, monkeypatch):
    import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, SPRING_FESTIVAL_ROWS))
    monkeypatch.setenv("GOVDASH_RECTIFY_WORKING_DAYS", "5")
    config.get_settings.cache_clear()
    assert workday_rules.apply_rectify_rule(engine) == ["2025Q1"]
    (row,) = rows_of(engine, "evaluation")
    # Five working days after 1月20日: 21, 22, 23, 24, 26 (the Sunday worked before 春节).
    assert date.fromisoformat(str(row["rectify_deadline"])) == date(2025, 1, 26)
    assert bool(row["rectified_on_time"]) is False
    assert materialized.is_current(engine)
    rate = compute_metrics(engine, periods="2025Q1", regions="990101", metrics="evaluation.bad_ontime_rate")
    assert rate["value"].tolist() == [0.0]


@pytest.mark.parametrize("days", [0, 61])
def test_deadline_setting_out_of_range_refused(monkeypatch, days):
    monkeypatch.setenv("GOVDASH_RECTIFY_WORKING_DAYS", str(days))
    with pytest.raises(ValueError):
        config.Settings()


def test_cli_workdays_set_marks_day_and_recounts(regions, import_bytes, engine, database_url):
    from typer.testing import CliRunner

    from govdash.cli import app

    year = package_years()[-1] + 1
    rows = [f"HP401,990101,窗口,不满意,{year}-03-02 10:00,太慢,{year}-03-23 10:00"]
    import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, rows))
    runner = CliRunner()
    shown = runner.invoke(app, ["workdays", "show"])
    assert shown.exit_code == 0 and f"没有 {year} 年的放假和调休安排" in shown.output
    marked = runner.invoke(app, ["workdays", "set", f"{year}-03-10", "休", "--note", "地方假日"])
    assert marked.exit_code == 0, marked.output
    assert "重新计算 1 个期间" in marked.output
    (row,) = rows_of(engine, "evaluation")
    assert date.fromisoformat(str(row["rectify_deadline"])) == date(year, 3, 24)
    assert runner.invoke(app, ["workdays", "set", f"{year}-03-11", "假"]).exit_code == 2
    assert runner.invoke(app, ["workdays", "remove", f"{year}-04-01"]).exit_code == 1
    assert "地方假日" in runner.invoke(app, ["workdays", "show"]).output
