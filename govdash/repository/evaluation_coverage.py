"""事项覆盖度 and 部门覆盖度 of 好差评: how much of a district's service list the evaluations reach.

国办发〔2019〕51号 asks that every 政务服务事项 and every 评价对象 can be rated. 事项覆盖度 divides the items of the
district's service-item list for the period (its snapshot, as the ``service.*`` metrics read it) that received
at least one evaluation in the period by all items of that list. 部门覆盖度 does the same for the 实施部门 named in
that list: a department counts when an evaluation of the period names it (an evaluation without a department
takes its item's, at import). Both differ from 评价覆盖率, which divides evaluations by 办件量.

A district with a service list but no evaluations in the period gets no value, never 0: its 好差评 are missing,
not absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, literal, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, FromClause

from govdash.core.models import Evaluation
from govdash.repository import aggregates
from govdash.repository._frames import KEYS, join_batch_ids
from govdash.repository._records import BATCH_HEADER, COUNTS_HEADER, fetch_page
from govdash.repository._sql import calendar, count_if, member_quarters, read_frame, table_of
from govdash.repository.service_items import T, snapshot_rows

ITEM_COVERAGE = "evaluation.item_coverage"
DEPARTMENT_COVERAGE = "evaluation.department_coverage"
COVERAGE_METRICS = (ITEM_COVERAGE, DEPARTMENT_COVERAGE)
_EVALUATIONS = table_of(Evaluation)
_E = _EVALUATIONS.c


def _evaluated(periods: Sequence[str], regions: Sequence[str] | None, value: str, name: str) -> FromClause:
    """Select the distinct ``(region_code, req, value)`` of the column ``value`` over the records of each period.

    While the cells are not current: one grouped pass over the evaluations, which the service list is then
    joined to (probing the records once per item instead costs seconds on a city's data). The pass collapses
    each stored period to its distinct values first, and only those are spread over the periods asked: joining
    the calendar first would group every row once per period it feeds (a quarter and its year, twice). Their
    calendar is named apart from the snapshot's.
    """
    cal = calendar(periods, name="eval_cal")
    members = sorted({member for period in periods for member in (period, *member_quarters([period]))})
    column = _E[value]
    distinct = (select(_E.region_code, _E.period, column.label("value"))
                .where(_E.period.in_(members), column.is_not(None))
                .group_by(_E.region_code, _E.period, column))
    if regions is not None:
        distinct = distinct.where(_E.region_code.in_(list(regions)))
    per_period = distinct.subquery(f"{name}_by_period")
    stmt = (select(per_period.c.region_code, cal.c.req, per_period.c.value)
            .select_from(per_period.join(cal, per_period.c.period == cal.c.member))
            .group_by(per_period.c.region_code, cal.c.req, per_period.c.value))
    return stmt.subquery(name)


def _probed(periods: Sequence[str], req: Any, region: Any, value: str, wanted: Any) -> ColumnElement[bool]:
    """Whether a cell of the district names ``wanted`` in its column ``value`` in a period feeding ``req``.

    An index of the cells by (region, column, period) answers each probe: one per item of the list is cheaper
    than grouping the cells of every period asked and joining the list to the groups.
    """
    cal = calendar(periods, name="probe_cal")
    c = aggregates.CELLS.c
    return (select(literal(1)).select_from(aggregates.CELLS).join(cal, c.period == cal.c.member)
            .where(cal.c.req == req, c.region_code == region, c[value] == wanted).exists())


def item_coverage_counts(engine: Engine, periods: Sequence[str],
                         regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period, item batch): the items of the list (``items``) and those evaluated (``evaluated``)."""
    base, snap = snapshot_rows(periods, regions)
    columns = [snap.c.region_code, snap.c.req.label("period"), T.batch_id, func.count().label("items")]
    if aggregates.cells_are_current(engine):
        reached = _probed(periods, snap.c.req, snap.c.region_code, "item_code", T.code)
        stmt = base.add_columns(*columns, count_if(reached).label("evaluated"))
    else:
        evaluated = _evaluated(periods, regions, "item_code", "evaluated_items")
        joined = and_(evaluated.c.region_code == snap.c.region_code, evaluated.c.req == snap.c.req,
                      evaluated.c.value == T.code)
        stmt = base.outerjoin(evaluated, joined).add_columns(
            *columns, count_if(evaluated.c.value.is_not(None)).label("evaluated"))
    return read_frame(engine, stmt.group_by(snap.c.region_code, snap.c.req, T.batch_id))


def _listed_departments(periods: Sequence[str], regions: Sequence[str] | None) -> FromClause:
    """Select the distinct ``(region_code, req, department)`` of the service lists answering for each period."""
    base, snap = snapshot_rows(periods, regions)
    return (base.add_columns(snap.c.region_code, snap.c.req, T.department.label("department"))
            .where(T.department.is_not(None)).distinct().subquery("listed_departments"))


def department_coverage_counts(engine: Engine, periods: Sequence[str],
                               regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period): the 实施部门 of the service list (``departments``) and those evaluated (``evaluated``)."""
    listed = _listed_departments(periods, regions)
    columns = [listed.c.region_code, listed.c.req.label("period"), func.count().label("departments")]
    if aggregates.cells_are_current(engine):
        reached = _probed(periods, listed.c.req, listed.c.region_code, "department", listed.c.department)
        stmt = select(*columns, count_if(reached).label("evaluated")).select_from(listed)
    else:
        evaluated = _evaluated(periods, regions, "department", "evaluated_departments")
        joined = and_(evaluated.c.region_code == listed.c.region_code, evaluated.c.req == listed.c.req,
                      evaluated.c.value == listed.c.department)
        stmt = select(*columns, count_if(evaluated.c.value.is_not(None)).label("evaluated")).select_from(
            listed.outerjoin(evaluated, joined))
    return read_frame(engine, stmt.group_by(listed.c.region_code, listed.c.req))


def _rows(counts: pd.DataFrame, metric: str, whole: str, batch_ids: pd.Series) -> pd.DataFrame:
    counts = counts[counts[whole] > 0]
    counts = counts.drop(columns="batch_ids", errors="ignore").join(batch_ids, on=KEYS, how="inner")
    return counts.assign(metric=metric, value=100.0 * counts["evaluated"] / counts[whole],
                         numerator=counts["evaluated"].astype("float64"),
                         denominator=counts[whole].astype("float64"),
                         record_count=counts[whole].astype("int64"))


def coverage_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None,
                     evaluation_batches: pd.DataFrame, metrics: Sequence[str]) -> list[pd.DataFrame]:
    """Rows of ``metrics`` (of ``COVERAGE_METRICS``) in ``compute_metrics``' columns, for the districts evaluated.

    ``evaluation_batches`` holds ``(region_code, period, batch_id)`` of the evaluations: only those (region,
    period) get a value, and their batches join the service list's in the provenance. The record count is the
    number of items (or departments) divided by.
    """
    evaluated_keys = evaluation_batches[KEYS].drop_duplicates()
    frames = []
    items = item_coverage_counts(engine, periods, regions).merge(evaluated_keys, on=KEYS)
    batches = join_batch_ids(pd.concat([items[[*KEYS, "batch_id"]], evaluation_batches[[*KEYS, "batch_id"]]]),
                             KEYS)
    if ITEM_COVERAGE in metrics and not items.empty:
        summed = items.groupby(KEYS, as_index=False)[["items", "evaluated"]].sum()
        frames.append(_rows(summed, ITEM_COVERAGE, "items", batches))
    if DEPARTMENT_COVERAGE in metrics and not items.empty:
        departments = department_coverage_counts(engine, periods, regions).merge(evaluated_keys, on=KEYS)
        frames.append(_rows(departments, DEPARTMENT_COVERAGE, "departments", batches))
    return frames


def _evaluation_count(period: str, region_code: str, condition: ColumnElement[bool]) -> Any:
    """Count the evaluations of one district and period meeting ``condition`` (a correlated subquery)."""
    return (select(func.count()).select_from(_EVALUATIONS)
            .where(_E.region_code == region_code, _E.period.in_(member_quarters([period])), condition)
            .scalar_subquery())


def coverage_records(engine: Engine, metric: str, *, region_code: str, period: str,
                     limit: int = 500) -> pd.DataFrame:
    """Return the items (事项覆盖度) or departments (部门覆盖度) divided by, each with its evaluations.

    Those without an evaluation come first: they are what a district has to reach. Total in ``attrs['total']``.
    """
    if metric not in COVERAGE_METRICS:
        raise ValueError(f"unknown coverage metric {metric!r}")
    if metric == ITEM_COVERAGE:
        base, snap = snapshot_rows([period], [region_code])
        count = _evaluation_count(period, region_code, _E.item_code == T.code)
        stmt = base.add_columns(T.code.label("事项编码"), T.name.label("事项名称"), T.department.label("实施部门"),
                                count.label("评价数"), T.batch_id.label(BATCH_HEADER)).where(snap.c.req == period)
        stmt = stmt.order_by(count > 0, T.code)
    else:
        listed = _listed_departments([period], [region_code])
        count = _evaluation_count(period, region_code, _E.department == listed.c.department)
        stmt = (select(listed.c.department.label("实施部门"), count.label("评价数"))
                .where(listed.c.req == period).order_by(count > 0, listed.c.department))
    frame = fetch_page(engine, stmt, limit=limit)
    total = frame.attrs["total"]
    frame[COUNTS_HEADER] = frame["评价数"].gt(0).map({True: "是", False: "否"})
    frame.attrs["total"] = total
    return frame
