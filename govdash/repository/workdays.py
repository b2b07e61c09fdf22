"""The working-day calendar in the database: overrides, the ``workday`` table and the 差评 deadlines built on it.

Imports fix each 差评's 整改期限 (the N-th working day after the evaluation) with ``govdash.core.workdays`` in
vectorised pandas. When the deadline setting (``GOVDASH_RECTIFY_WORKING_DAYS``) or the calendar changes (an
override marked, a newer ``chinesecalendar``), ``recount_deadlines`` counts every stored deadline again in SQL
against the ``workday`` table; ``govdash.services.workday_rules`` then announces the change, so that the 好差评
tally, the stored metrics and the stored scores are rebuilt for every period with 好差评. ``rectify_rule``
remembers what was applied last.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
from sqlalchemy import and_, case, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from govdash.core.config import get_settings
from govdash.core.models import Evaluation, RectifyRule, Workday, WorkdayOverride, utcnow
from govdash.core.periods import period_sort_key
from govdash.core.workdays import WorkdayCalendar
from govdash.domain import vocab
from govdash.repository import aggregates
from govdash.repository._sql import table_of

OVERRIDES = table_of(WorkdayOverride)
WORKDAYS = table_of(Workday)
RULE = table_of(RectifyRule)
RULE_NAME = "current"
EVALUATION_KIND = "evaluations"
_E = table_of(Evaluation).c


# ------------------------------------------------------------------------------------------------ overrides

def load_calendar(conn: Connection) -> WorkdayCalendar:
    """Return the calendar as it stands: the package under every stored override."""
    rows = conn.execute(select(OVERRIDES.c.day, OVERRIDES.c.is_workday)).all()
    return WorkdayCalendar({as_date(day): bool(working) for day, working in rows})


def list_overrides(engine: Engine) -> pd.DataFrame:
    """Every override, oldest date first: 日期, 休/班, note, who and when."""
    stmt = select(OVERRIDES).order_by(OVERRIDES.c.day)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=list(OVERRIDES.c.keys()))
    frame["mark"] = frame["is_workday"].map(lambda working: "班" if working else "休")
    return frame


# ---------------------------------------------------------------------------------------------- the rule

def evaluation_years(conn: Connection) -> list[int]:
    """Years with stored 好差评, and the year after the last (a deadline can fall into it)."""
    # Two statements: SQLite answers a lone min() or max() from the index, but scans the table for both at once.
    low = conn.scalar(select(func.min(_E.period)))
    high = conn.scalar(select(func.max(_E.period)))
    if low is None or high is None:
        return []
    return list(range(int(str(low)[:4]), int(str(high)[:4]) + 2))


def uncovered_years(engine: Engine) -> list[int]:
    """Years of the stored 好差评 whose holidays no calendar knows: their deadlines skip weekends only."""
    with engine.connect() as conn:
        years = evaluation_years(conn)
        calendar = load_calendar(conn)
        last_deadline = conn.scalar(select(func.max(_E.rectify_deadline)))
    needed = set(years[:-1])
    if last_deadline is not None:
        needed.add(as_date(last_deadline).year)
    return calendar.uncovered_years(needed)


def recount_deadlines(engine: Engine, *, force: bool = False) -> list[str] | None:
    """Count every stored 差评 deadline again when the rule or the calendar changed (or ``force``).

    Returns the periods whose deadlines were recounted, in order, or ``None`` when the stored deadlines already
    follow the current rule. The stored results built on them are not touched here: the working-day rule
    service (``govdash.services.workday_rules``) announces the periods so that they follow.
    """
    working_days = get_settings().rectify_working_days
    with engine.begin() as conn:
        calendar = load_calendar(conn)
        digest = calendar.digest()
        stored = conn.execute(select(RULE.c.working_days, RULE.c.calendar_digest)
                              .where(RULE.c.name == RULE_NAME)).first()
        years = evaluation_years(conn)
        if not force and stored is not None and tuple(stored) == (working_days, digest) and _covers(conn, years):
            return None
        periods = [str(p) for p in conn.scalars(select(_E.period).distinct())]
        if years:
            fill_workdays(conn, calendar, years[0], years[-1])
            _count_deadlines(conn, working_days)
        conn.execute(delete(RULE).where(RULE.c.name == RULE_NAME))
        conn.execute(insert(RULE).values(name=RULE_NAME, working_days=working_days, calendar_digest=digest,
                                         applied_at=utcnow()))
    return sorted(periods, key=period_sort_key)


def _covers(conn: Connection, years: Sequence[int]) -> bool:
    """Tell whether the ``workday`` table holds every date of ``years`` (a year of 好差评 imported later may not)."""
    if not years:
        return True
    first, last = conn.execute(select(func.min(WORKDAYS.c.day), func.max(WORKDAYS.c.day))).one()
    return (first is not None and as_date(first) <= date(years[0], 1, 1)
            and as_date(last) >= date(years[-1], 12, 31))


def workday_seq(conn: Connection, day: date) -> int:
    """Return the ``seq`` of ``day`` as if the ``workday`` table went on to it, a rest day counting as the next workday.

    So ``workday_seq(day) − seq(deadline)`` is the number of working days past a deadline up to ``day``. A day
    after the table's last is counted on from it with the calendar (the page's "as of today" can be years after
    the last 好差评); a day before its first is 0.
    """
    row = conn.execute(select(WORKDAYS.c.seq, WORKDAYS.c.is_workday).where(WORKDAYS.c.day == day)).first()
    if row is not None:
        return int(row[0]) + (0 if row[1] else 1)
    last = conn.execute(select(WORKDAYS.c.day, WORKDAYS.c.seq).order_by(WORKDAYS.c.day.desc()).limit(1)).first()
    if last is None or as_date(last[0]) > day:
        return 0
    _days, working, _source = load_calendar(conn).days(as_date(last[0]), day)
    ahead = int(working[1:].sum())
    return int(last[1]) + ahead + (0 if working[-1] else 1)


def fill_workdays(conn: Connection, calendar: WorkdayCalendar, first_year: int, last_year: int) -> int:
    """Write the ``workday`` table for the years given (replacing what it held); return the dates written."""
    days, working, source = calendar.days(date(first_year, 1, 1), date(last_year, 12, 31))
    seq = working.cumsum()
    rows = [{"day": d, "is_workday": bool(w), "source": s, "seq": int(n)}
            for d, w, s, n in zip(days.astype(date), working, source, seq, strict=True)]
    conn.execute(delete(WORKDAYS))
    conn.execute(insert(WORKDAYS), rows)
    return len(rows)


def _count_deadlines(conn: Connection, working_days: int) -> None:
    """Set each 差评's deadline to the N-th working day after its day, and whether it was rectified by then.

    The cells of the batches whose 按时整改 changed are dropped, with the cells' watermark: the queries read the
    records until the refresh that follows counts those cells again. A recount that changes no 按时整改 (the
    first rule recorded over records imported under it) leaves the cells as they are.
    """
    start, end = WORKDAYS.alias("start"), WORKDAYS.alias("end")
    deadline = (select(end.c.day)
                .select_from(start.join(end, end.c.seq == start.c.seq + working_days))
                .where(start.c.day == func.date(_E.evaluated_at), end.c.is_workday.is_(True))
                .scalar_subquery())
    bad = _E.rating <= vocab.BAD_RATING_MAX
    conn.execute(update(Evaluation).where(bad).values(rectify_deadline=deadline))
    on_time = case((_E.rectified_at.is_(None), None), else_=func.date(_E.rectified_at) <= _E.rectify_deadline)
    changed = and_(bad, _E.rectified_on_time.is_distinct_from(on_time))
    batches = list(conn.scalars(select(_E.batch_id).where(changed).distinct()))
    if not batches:
        return
    conn.execute(update(Evaluation).where(changed).values(rectified_on_time=on_time))
    for table in (aggregates.CELLS, aggregates.MONTH_CELLS):
        conn.execute(delete(table).where(table.c.batch_id.in_(batches)))
    conn.execute(delete(aggregates.STATE).where(aggregates.STATE.c.name == aggregates.CELL_NAME))


def rule_in_force() -> int:
    """Return the deadline in working days the settings give now."""
    return get_settings().rectify_working_days


def as_date(value: object) -> date:
    """Return a stored date (SQLite gives text) as a ``date``."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def uncovered_message(years: Sequence[int]) -> str:
    """Return the Chinese warning for years of stored 好差评 counted by weekends only."""
    named = "、".join(f"{y} 年" for y in years)
    return (f"节假日日历中没有 {named}的放假和调休安排,这些年份差评的整改期限和按时整改率暂按只跳过周末计算,"
            f"可能不准。请管理员在“用户与审计 → 工作日日历”(或用 govdash workdays set)录入该年的休/班日期,"
            f"录入后自动重算。")


def recomputed_message(periods: Sequence[str] | None) -> str:
    """Return what to tell the user after the deadlines were recounted (``recount_deadlines``)."""
    if periods is None:
        return "差评整改期限已按当前规则计算,无需重算。"
    if not periods:
        return "整改规则已记录;暂无好差评数据需要重算。"
    return f"已按 {rule_in_force()} 个工作日重新计算 {len(periods)} 个期间的差评整改期限、指标和得分。"
