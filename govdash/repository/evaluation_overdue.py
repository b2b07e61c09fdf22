"""超期差评: the 差评 not rectified by their deadline, by 实施部门, with the working days they are overdue.

A 差评 is overdue when it was rectified after its 整改期限 (超期整改) or, as of a given day, is still not rectified
with the deadline passed (超期未整改). A 差评 struck off on appeal (``evaluations.UNFOUNDED``) has nothing to
rectify and is not listed. Days overdue are statutory working days (the ``workday`` table of
``govdash.repository.workdays``: chinesecalendar with 调休, under the administrator's 休/班 marks) after the
deadline up to the day of rectification or the as-of day, a rest day counting as the working day after it.

The tables are computed on each call, not stored: a 差评 still open is one working day more overdue each day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, Select

from govdash.core.models import Evaluation
from govdash.domain import vocab
from govdash.ingest.masking import mask_series
from govdash.repository._records import fetch_page
from govdash.repository._sql import REGIONS, member_quarters, normalize_periods, read_frame, table_of
from govdash.repository.evaluations import CALLED_BACK, UNFOUNDED, E
from govdash.repository.workdays import WORKDAYS, workday_seq

OPEN_LATE, RECTIFIED_LATE = "超期未整改", "超期整改"
NO_DEPARTMENT = "(未填实施部门)"
_DEADLINE = WORKDAYS.alias("deadline_day")
_RECTIFIED = WORKDAYS.alias("rectified_day")


def _overdue_rows(as_of: date, as_of_seq: int) -> tuple[Select, dict[str, ColumnElement[Any]]]:
    """Select the overdue 差评 joined to the working-day numbers of their deadline and rectification day.

    Returns the FROM/WHERE part and the derived columns: ``open`` (not rectified), ``days`` (working days overdue).
    """
    is_open = E.rectified_at.is_(None)
    late = or_(and_(~is_open, E.rectified_on_time.is_(False)), and_(is_open, E.rectify_deadline < as_of))
    rectified_seq = _RECTIFIED.c.seq + case((_RECTIFIED.c.is_workday.is_(True), 0), else_=1)
    days = case((is_open, literal(as_of_seq) - _DEADLINE.c.seq), else_=rectified_seq - _DEADLINE.c.seq)
    stmt = (select().select_from(table_of(Evaluation))
            .join(REGIONS, REGIONS.c.code == E.region_code)
            .join(_DEADLINE, _DEADLINE.c.day == E.rectify_deadline)
            .outerjoin(_RECTIFIED, _RECTIFIED.c.day == func.date(E.rectified_at))
            # "+ 0" as in ``bad_evaluations``: the period's rows by (period, evaluated_at), not every 差评's index entry.
            .where(E.rating + 0 <= vocab.BAD_RATING_MAX, ~UNFOUNDED, E.rectify_deadline.is_not(None), late))
    return stmt, {"open": is_open, "days": days}


def _scoped(stmt: Select, periods: str | Iterable[str] | None, region_code: str | None) -> Select:
    wanted = normalize_periods(periods)
    if wanted is not None:
        stmt = stmt.where(E.period.in_(member_quarters(wanted)))
    return stmt if region_code is None else stmt.where(E.region_code == region_code)


def _as_of_seq(engine: Engine, as_of: date) -> int:
    with engine.connect() as conn:
        return workday_seq(conn, as_of)


def overdue_by_department(engine: Engine, *, as_of: date, periods: str | Iterable[str] | None = None,
                          region_code: str | None = None) -> pd.DataFrame:
    """Overdue 差评 per (district, 实施部门) of the period, as of ``as_of``, most overdue first.

    Columns: region_code, region_name, department, overdue (all overdue 差评), open (超期未整改), late (超期整改),
    supervised (of them under 督办), max_days and mean_days (working days overdue).
    """
    stmt, derived = _overdue_rows(as_of, _as_of_seq(engine, as_of))
    department = func.coalesce(E.department, NO_DEPARTMENT)
    days = derived["days"]
    stmt = stmt.add_columns(
        E.region_code, func.max(REGIONS.c.name).label("region_name"), department.label("department"),
        func.count().label("overdue"),
        func.sum(case((derived["open"], 1), else_=0)).label("open"),
        func.sum(case((derived["open"], 0), else_=1)).label("late"),
        func.sum(case((E.supervised.is_(True), 1), else_=0)).label("supervised"),
        func.max(days).label("max_days"), func.avg(days * 1.0).label("mean_days"),
    ).group_by(E.region_code, department)
    frame = read_frame(engine, _scoped(stmt, periods, region_code))
    frame = frame.astype({"overdue": "int64", "open": "int64", "late": "int64", "supervised": "int64",
                          "max_days": "float64", "mean_days": "float64"})
    return frame.sort_values(["overdue", "max_days", "region_code", "department"],
                             ascending=[False, False, True, True], ignore_index=True)


def overdue_bad_evaluations(engine: Engine, *, as_of: date, periods: str | Iterable[str] | None = None,
                            region_code: str | None = None, department: str | None = None,
                            page: int = 1, page_size: int = 50) -> pd.DataFrame:
    """One page of the overdue 差评 (of one department when given), most working days overdue first.

    Columns: eval_no, region_code, region_name, item_code, department, rating, evaluated_at, comment (masked),
    rectify_deadline, rectified_at, status (超期未整改 / 超期整改), days_overdue, supervised, called_back,
    batch_id. The number of all matching 差评 is in ``frame.attrs['total']``.
    """
    stmt, derived = _overdue_rows(as_of, _as_of_seq(engine, as_of))
    stmt = stmt.add_columns(
        E.eval_no, E.region_code, REGIONS.c.name.label("region_name"), E.item_code,
        func.coalesce(E.department, NO_DEPARTMENT).label("department"), E.rating, E.evaluated_at, E.comment,
        E.rectify_deadline, E.rectified_at,
        case((derived["open"], literal(OPEN_LATE)), else_=literal(RECTIFIED_LATE)).label("status"),
        derived["days"].label("days_overdue"),
        case((E.supervised.is_(True), True), else_=False).label("supervised"),
        case((CALLED_BACK, True), else_=False).label("called_back"), E.batch_id,
    ).order_by(derived["days"].desc(), E.evaluated_at, E.eval_no)
    if department is not None:
        stmt = stmt.where(func.coalesce(E.department, NO_DEPARTMENT) == department)
    frame = fetch_page(engine, _scoped(stmt, periods, region_code), limit=page_size,
                       offset=(max(page, 1) - 1) * page_size)
    frame["comment"], _changed = mask_series(frame["comment"])
    frame["rating"] = frame["rating"].map(vocab.RATING_LABELS)
    frame["supervised"] = frame["supervised"].astype(bool)
    frame["called_back"] = frame["called_back"].astype(bool)
    return frame
