"""SQL building blocks of the repository modules: periods as a relation, snapshots, portable date maths.

Everything here is SQLAlchemy Core that compiles on SQLite and PostgreSQL alike. Requested periods become a
small literal relation (``calendar``) that queries join, so one statement answers for many periods at once,
quarters and years mixed, and each source table is read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Date, Float, String, Table, case, column, func, literal, select, text, union_all
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, FromClause, Select
from sqlalchemy.sql.functions import FunctionElement

from govdash.core.models import Region
from govdash.core.periods import is_quarter, parse_period, period_bounds, period_sort_key, quarters_of

# A year sorts after its quarters when "Q9" is appended to it, so MAX() over this key picks a year snapshot
# when there is one, else the latest quarter.
_YEAR_KEY_SUFFIX = "Q9"
_HALF_KEY_SUFFIX = "~"


def table_of(model: type) -> Table:
    """Return the Core table of a SQLModel class (typed, unlike ``Model.__table__``)."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


REGIONS = table_of(Region)


# The codes of a region and of every region under it (街道 of a 区县, 社区 of a 街道), by a recursive query.
_SUBTREE_SQL = ("WITH RECURSIVE subtree(code) AS (SELECT code FROM region WHERE code = :subtree_root"
                " UNION ALL SELECT child.code FROM region AS child JOIN subtree ON child.parent_code = subtree.code)"
                " SELECT code FROM subtree")


def in_subtree(region_column: ColumnElement[Any], region_code: str) -> ColumnElement[bool]:
    """Return the condition that ``region_column`` is ``region_code`` or a region under it.

    A 区县's records then include those of its 街道, as its rolled-up metrics do.
    """
    subtree = text(_SUBTREE_SQL).bindparams(subtree_root=region_code).columns(column("code", String))
    return region_column.in_(subtree)


def read_frame(engine: Engine, stmt: Select | Any) -> pd.DataFrame:
    """Run a statement and return its rows as a DataFrame (columns named as the statement labels them)."""
    with engine.connect() as conn:
        result = conn.execute(stmt)
        columns = list(result.keys())
        if _driver_values_final(stmt, conn.dialect):
            # No column's value is converted on the way out (text, integers, floats): the driver's own tuples,
            # without a Row made for each of 150,000 rows and taken apart again.
            return pd.DataFrame(result.cursor.fetchall(), columns=columns)
        # Plain tuples: pandas probes each Row for namedtuple attributes, which costs seconds at 100,000 rows.
        return pd.DataFrame([tuple(row) for row in result.fetchall()], columns=columns)


def _driver_values_final(stmt: Select | Any, dialect: Dialect) -> bool:
    """Tell whether every column the statement selects comes back from SQLite's driver as SQLAlchemy gives it.

    A time or a flag has a result processor (text to ``datetime``, 0/1 to ``bool``); a statement with one, or
    whose columns are not known, is read through SQLAlchemy's rows, and so is every statement on PostgreSQL,
    whose driver's numeric types SQLAlchemy converts by the type the server reports.
    """
    selected = getattr(stmt, "selected_columns", None)
    if selected is None or dialect.name != "sqlite":
        return False
    return all(c.type.dialect_impl(dialect).result_processor(dialect, None) is None for c in selected)


def normalize_periods(periods: str | Iterable[str] | None) -> list[str] | None:
    """Parse and de-duplicate requested periods, sorted; ``None`` stays ``None`` (all periods)."""
    if periods is None:
        return None
    if isinstance(periods, str):
        periods = [periods]
    return sorted({parse_period(p) for p in periods}, key=period_sort_key)


def member_quarters(periods: Sequence[str]) -> list[str]:
    """Return the quarters a list of periods covers (a half-year covers two quarters, a year four)."""
    found: set[str] = set()
    for period in periods:
        found.update(quarters_of(period))
    return sorted(found, key=period_sort_key)


def calendar(periods: Sequence[str], name: str = "cal") -> FromClause:
    """Return the requested periods as a relation ``(req, member, first_day, last_day)``.

    ``member`` is a stored period that feeds ``req``: the quarter itself for a quarter; the half-year and its two
    quarters for a half-year; the year and its four quarters for a year. Event tables join ``period = member`` and group by ``req``; snapshot tables pick one
    member. ``name`` tells apart a second calendar inside a subquery of a statement that joins one already.
    """
    rows: list[Any] = []
    for period in periods:
        first, last = period_bounds(period)
        members = [period] if is_quarter(period) else [period, *quarters_of(period)]
        rows.extend(
            select(
                literal(period, String).label("req"),
                literal(member, String).label("member"),
                literal(first, Date).label("first_day"),
                literal(last, Date).label("last_day"),
            )
            for member in members
        )
    return _relation(rows, name)


def period_ends(periods: Sequence[str]) -> FromClause:
    """Return the requested periods as a relation ``(req, last_day)``, for counts as of a period's end."""
    rows: list[Any] = [
        select(literal(p, String).label("req"), literal(period_bounds(p)[1], Date).label("last_day"))
        for p in periods
    ]
    return _relation(rows, "ends")


def _relation(rows: list[Any], name: str) -> FromClause:
    """Stack literal one-row selects into a named subquery (``UNION ALL`` is portable, ``VALUES`` is not)."""
    if not rows:
        raise ValueError(f"{name}: at least one period is needed")
    compound: Any = rows[0] if len(rows) == 1 else union_all(*rows)
    return compound.subquery(name)


def snapshot_key(period_col: Any) -> ColumnElement[Any]:
    """Order a region's snapshots of a year or half-year: its quarters, then the period's own snapshot after them.

    ``2025H1`` sorts as ``2025Q2`` followed by a suffix, so a half-year's own snapshot comes after its quarters.
    """
    half = func.replace(func.replace(period_col, "H1", "Q2"), "H2", "Q4") + _HALF_KEY_SUFFIX
    return case((func.length(period_col) == 4, period_col + _YEAR_KEY_SUFFIX),
                (period_col.like("%H%"), half), else_=period_col)


def snapshot_map(period_col: Any, region_col: Any, cal: FromClause, regions: Sequence[str] | None = None,
                 extra: Sequence[Any] = ()) -> FromClause:
    """Tell which stored snapshot answers for each (region, requested period).

    Returns ``(region_code, req, last_day, snap)``. A quarter is answered by its own snapshot; a year by the
    year's own snapshot when the region has one, else by the region's latest quarterly snapshot of that year.
    Reads only ``(region_code, period)``, which an index covers.
    ``extra`` columns refine the key (a reported value is a snapshot per region and indicator).
    """
    # The stored (period, region) pairs first, read off the index in its order: grouping every row once per
    # period it may answer for sorted 400,000 rows of a province's service list to pick 6,000 snapshots.
    stored = (select(period_col.label("period"), region_col.label("region_code"), *extra)
              .where(period_col.in_(select(cal.c.member)))
              .group_by(period_col, region_col, *extra))
    if regions is not None:
        stored = stored.where(region_col.in_(list(regions)))
    pairs = stored.subquery("stored_snapshots")
    extra_stored = [pairs.c[col.name] for col in extra]
    inner = (
        select(pairs.c.region_code, *extra_stored, cal.c.req, cal.c.last_day,
               func.max(snapshot_key(pairs.c.period)).label("snap_key"))
        .join(cal, pairs.c.period == cal.c.member)
        .group_by(pairs.c.region_code, *extra_stored, cal.c.req, cal.c.last_day)
    )
    inner_sq = inner.subquery("snap_keys")
    snap = case(
        (inner_sq.c.snap_key.like(f"%{_YEAR_KEY_SUFFIX}"), func.substr(inner_sq.c.snap_key, 1, 4)),
        else_=inner_sq.c.snap_key,
    )
    extra_cols = [inner_sq.c[col.name] for col in extra]
    return select(inner_sq.c.region_code, *extra_cols, inner_sq.c.req, inner_sq.c.last_day,
                  snap.label("snap")).subquery("snap")


def region_filter(stmt: Select, region_col: Any, regions: Sequence[str] | None) -> Select:
    """Restrict a statement to some regions (``None``: all)."""
    return stmt if regions is None else stmt.where(region_col.in_(list(regions)))


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    """``SUM(CASE WHEN condition THEN 1 ELSE 0 END)``: a conditional count."""
    return func.sum(case((condition, 1), else_=0))


def sum_if(condition: ColumnElement[bool], value: Any) -> ColumnElement[Any]:
    """``SUM(CASE WHEN condition THEN value ELSE 0 END)``: a conditional sum."""
    return func.sum(case((condition, value), else_=0))


def as_float(expr: Any) -> ColumnElement[Any]:
    """Cast to a float so that SQLite and PostgreSQL return the same Python type."""
    return expr.cast(Float)


class days_between(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """Whole days from the first date to the second (``end - start``), on SQLite and PostgreSQL."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element, compiler, **kw):  # type: ignore[no-untyped-def]
    start, end = list(element.clauses)
    return f"(CAST({compiler.process(end, **kw)} AS DATE) - CAST({compiler.process(start, **kw)} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]
    start, end = list(element.clauses)
    return f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"
