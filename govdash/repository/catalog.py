"""政务数据资源目录 and its lists: the catalog metrics of DOMAIN.md §4.1 and the records behind them.

The catalog is a snapshot per period (a year: its own snapshot, else the latest quarter's). 更新及时率 is judged
as of the period's last day with ``govdash.domain.vocab.UPDATE_CYCLE_MAX_DAYS``; 不定期 entries are not in its
denominator. 部门编目覆盖率 divides the departments with at least one entry by the region's departments: the
department roster together with every department named in the region's catalog, service items, demands
(applied by the period's end) and responsibility list.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from types import SimpleNamespace
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, func, literal, select, union
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, CompoundSelect, FromClause, Select

from govdash.core.models import CatalogEntry, DataDemand, DataResponsibility, Department, ServiceItem
from govdash.core.periods import is_quarter
from govdash.domain import vocab
from govdash.repository._frames import KEYS, Formula, finish_metrics, join_batch_ids
from govdash.repository._records import RecordView, counted, fetch_page, present
from govdash.repository._sql import (
    calendar,
    count_if,
    days_between,
    read_frame,
    region_filter,
    snapshot_map,
    sum_if,
    table_of,
)

C = table_of(CatalogEntry).c
SHAREABLE = C.share_type.in_([vocab.SHARE_TYPES["无条件共享"], vocab.SHARE_TYPES["有条件共享"]])
UNCONDITIONAL = C.share_type == vocab.SHARE_TYPES["无条件共享"]
OPEN = C.open_type.in_([vocab.OPEN_TYPES["无条件开放"], vocab.OPEN_TYPES["有条件开放"]])
FIXED_CYCLE = C.update_cycle.in_(list(vocab.UPDATE_CYCLE_MAX_DAYS))
NEGATIVE = C.on_negative_list.is_(True)
DEPT_COVERAGE = "catalog.dept_coverage"

FORMULAS: tuple[Formula, ...] = (
    Formula("catalog.entry_count", "total", "entries", None, "entries"),
    Formula("catalog.shareable_rate", "rate", "shareable", "entries", "entries"),
    Formula("catalog.unconditional_share_ratio", "rate", "unconditional", "entries", "entries"),
    Formula("catalog.open_rate", "rate", "open", "entries", "entries"),
    Formula("catalog.update_timeliness_rate", "rate", "timely", "fixed_cycle", "fixed_cycle"),
    Formula("catalog.call_volume", "total", "calls", None, "entries"),
    Formula("catalog.negative_list_count", "total", "negative", None, "entries"),
)


def timely(last_day: ColumnElement) -> ColumnElement[bool]:
    """Select an entry with a fixed cycle whose last update lies within its cycle as of ``last_day``."""
    max_days = case(dict(vocab.UPDATE_CYCLE_MAX_DAYS), value=C.update_cycle)
    return and_(FIXED_CYCLE, C.last_updated.is_not(None), days_between(C.last_updated, last_day) <= max_days)


def snapshot_rows(periods: Sequence[str], regions: Sequence[str] | None = None) -> tuple[Select, Any]:
    """Build a FROM clause joining each catalog entry to the requested period its snapshot answers for.

    The second element has the columns ``region_code``, ``req`` and ``last_day``. A quarter is answered by its
    own catalog, so for quarters alone the quarters' rows are read directly, without grouping the table to
    choose snapshots and joining back to it.
    """
    if not all(is_quarter(p) for p in periods):
        return _chosen_snapshot_rows(periods, regions)
    cal = calendar(periods)
    stmt = select().select_from(table_of(CatalogEntry)).join(cal, C.period == cal.c.member)
    return region_filter(stmt, C.region_code, regions), SimpleNamespace(
        c=SimpleNamespace(region_code=C.region_code, req=cal.c.req, last_day=cal.c.last_day))


def _chosen_snapshot_rows(periods: Sequence[str], regions: Sequence[str] | None) -> tuple[Select, FromClause]:
    """``snapshot_rows`` through the snapshot map, whose rows are the (region, period) pairs with a catalog."""
    snap = snapshot_map(C.period, C.region_code, calendar(periods), regions)
    stmt = select().select_from(table_of(CatalogEntry)).join(
        snap, and_(C.region_code == snap.c.region_code, C.period == snap.c.snap))
    return stmt, snap


def _entry_counts(last_day: ColumnElement) -> list[ColumnElement]:
    """Entry counts by share, open and negative-list status, timeliness as of ``last_day`` and calls, labelled."""
    return [
        func.count().label("entries"),
        count_if(SHAREABLE).label("shareable"),
        count_if(UNCONDITIONAL).label("unconditional"),
        count_if(OPEN).label("open"),
        count_if(FIXED_CYCLE).label("fixed_cycle"),
        count_if(timely(last_day)).label("timely"),
        sum_if(C.call_count.is_not(None), C.call_count).label("calls"),
        count_if(NEGATIVE).label("negative"),
    ]


def catalog_aggregates(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                       columns: Collection[str] | None = None) -> pd.DataFrame:
    """Per (region, period, batch): entries by share, open and negative-list status, timeliness and calls.

    ``columns`` names the counts to compute besides ``entries`` (default: all); each one is a conditional sum
    over every entry of the snapshot.
    """
    base, snap = snapshot_rows(periods, regions)
    counts = [c for c in _entry_counts(snap.c.last_day)
              if columns is None or c.name == "entries" or c.name in columns]
    stmt = base.add_columns(snap.c.region_code, snap.c.req.label("period"), C.batch_id, *counts).group_by(
        snap.c.region_code, snap.c.req, C.batch_id)
    return read_frame(engine, stmt)


def _department_sources(periods: Sequence[str],
                        regions: Sequence[str] | None) -> tuple[CompoundSelect, FromClause]:
    """``(region_code, req, department)`` from every list naming a department, for regions with a catalog.

    The catalog rows and the regions having one are common table expressions: the database picks the catalog
    snapshots once for the union, the three lists joined to those regions and the covered departments.
    """
    base, snap = _chosen_snapshot_rows(periods, regions)
    cataloged = base.add_columns(snap.c.region_code, snap.c.req, C.department.label("department")).cte("cataloged")
    pairs = select(snap.c.region_code, snap.c.req, snap.c.last_day).cte("with_catalog")
    s = table_of(ServiceItem).c
    s_snap = snapshot_map(s.period, s.region_code, calendar(periods), regions)
    items = (select(s_snap.c.region_code, s_snap.c.req, s.department).select_from(table_of(ServiceItem))
             .join(s_snap, and_(s.region_code == s_snap.c.region_code, s.period == s_snap.c.snap)))
    d, r, q = table_of(Department), table_of(DataResponsibility), table_of(DataDemand)
    roster = (select(pairs.c.region_code, pairs.c.req, d.c.name)
              .join(d, d.c.region_code == pairs.c.region_code))
    duties = (select(pairs.c.region_code, pairs.c.req, r.c.department)
              .join(r, r.c.region_code == pairs.c.region_code))
    demands = select(pairs.c.region_code, pairs.c.req, q.c.department).join(
        q, and_(q.c.region_code == pairs.c.region_code, q.c.applied_on <= pairs.c.last_day))
    listed = select(cataloged.c.region_code, cataloged.c.req, cataloged.c.department)
    return union(listed, items, roster, duties, demands), cataloged


def dept_coverage_counts(engine: Engine, periods: Sequence[str],
                         regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period) with a catalog: departments with an entry (``covered``) and all departments."""
    all_names, cataloged = _department_sources(periods, regions)
    every = all_names.subquery("departments")
    total = (select(every.c.region_code, every.c.req, func.count().label("departments"))
             .group_by(every.c.region_code, every.c.req)).subquery("total")
    covered = (select(cataloged.c.region_code, cataloged.c.req,
                      func.count(func.distinct(cataloged.c.department)).label("covered"))
               .group_by(cataloged.c.region_code, cataloged.c.req)).subquery("covered")
    stmt = (select(covered.c.region_code, covered.c.req.label("period"), covered.c.covered, total.c.departments)
            .join(total, and_(total.c.region_code == covered.c.region_code, total.c.req == covered.c.req))
            .order_by(covered.c.region_code, covered.c.req))
    return read_frame(engine, stmt)


def catalog_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                    metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Every ``catalog.*`` metric per region and period, with provenance.

    For 部门编目覆盖率 the record count is the number of departments; its batches are the catalog's.
    """
    formulas = [f for f in FORMULAS if metrics is None or f.metric in metrics]
    needed = {c for f in formulas for c in (f.numerator, f.denominator, f.records) if c is not None}
    agg = catalog_aggregates(engine, periods, regions, needed)
    result = finish_metrics(agg, formulas)
    if agg.empty or (metrics is not None and DEPT_COVERAGE not in metrics):
        return result
    counts = dept_coverage_counts(engine, periods, regions)
    counts = counts[counts["departments"] > 0].join(join_batch_ids(agg, KEYS), on=KEYS)
    coverage = counts.assign(metric=DEPT_COVERAGE, value=100.0 * counts["covered"] / counts["departments"],
                             numerator=counts["covered"].astype("float64"),
                             denominator=counts["departments"].astype("float64"),
                             record_count=counts["departments"].astype("int64"))
    return pd.concat([result, coverage[result.columns]], ignore_index=True)


RECORD_VIEWS: dict[str, RecordView] = {
    "catalog.entry_count": RecordView(),
    "catalog.shareable_rate": RecordView(counts=SHAREABLE),
    "catalog.unconditional_share_ratio": RecordView(counts=UNCONDITIONAL),
    "catalog.open_rate": RecordView(counts=OPEN),
    "catalog.update_timeliness_rate": RecordView(base=FIXED_CYCLE),
    "catalog.call_volume": RecordView(),
    "catalog.negative_list_count": RecordView(counts=NEGATIVE),
}
CATALOG_LABELS = {"share_type": vocab.SHARE_TYPE_LABELS, "open_type": vocab.OPEN_TYPE_LABELS,
                  "update_cycle": vocab.UPDATE_CYCLE_LABELS}


def catalog_records(engine: Engine, metric: str, *, region_code: str, period: str,
                    limit: int = 500) -> pd.DataFrame:
    """Return the entries behind a ``catalog.*`` metric of one region and period (departments for 覆盖率)."""
    if metric == DEPT_COVERAGE:
        return department_records(engine, region_code=region_code, period=period)
    view = RECORD_VIEWS[metric]
    base, snap = snapshot_rows([period], [region_code])
    counts_on = timely(snap.c.last_day) if metric == "catalog.update_timeliness_rate" else view.counts
    columns = [C.code, C.name, C.department, C.region_code, C.period, C.domain, C.share_type, C.open_type,
               C.update_cycle, C.last_updated, C.call_count, C.on_negative_list, C.negative_reason,
               C.batch_id]
    order = [C.code]
    columns, order = counted(columns, order, counts_on)
    stmt = base.add_columns(*columns).where(snap.c.req == period).order_by(*order)
    if view.base is not None:
        stmt = stmt.where(view.base)
    frame = fetch_page(engine, stmt, limit=limit)
    shown = present(frame, "catalog", CATALOG_LABELS, flags=("on_negative_list",))
    shown.attrs = frame.attrs
    return shown


def department_records(engine: Engine, *, region_code: str, period: str) -> pd.DataFrame:
    """Return the departments behind 部门编目覆盖率, each with its catalog entries and whether it counts."""
    all_names, cataloged = _department_sources([period], [region_code])
    every = all_names.subquery("departments")
    entries = (select(cataloged.c.department, func.count().label("entries"))
               .where(cataloged.c.req == period).group_by(cataloged.c.department).subquery("entries"))
    stmt = (select(every.c.department.label("部门"), func.coalesce(entries.c.entries, literal(0)).label("目录数"))
            .outerjoin(entries, entries.c.department == every.c.department)
            .where(every.c.req == period).order_by(every.c.department))
    frame = read_frame(engine, stmt)
    frame["计入分子"] = frame["目录数"].gt(0).map({True: "是", False: "否"})
    frame.attrs["total"] = len(frame)
    return frame.sort_values(["计入分子", "部门"]).reset_index(drop=True)
