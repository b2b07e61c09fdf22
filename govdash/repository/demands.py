"""数据需求 / 供需对接: 供需对接率 and 平均对接时长 (DOMAIN.md §4.1), and the demands behind them.

Demands are cumulative: a period counts every demand applied for on or before its last day. A demand's outcome
(已对接, 已驳回) counts from its 办结日期 on; one closed after the period's end was still open then. An outcome without
a 办结日期 counts as soon as the demand exists, since the file gives no later date. 依法驳回 = 已驳回 with a non-empty
驳回理由; those leave the denominator of 供需对接率.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement, FromClause

from govdash.core.models import DataDemand
from govdash.domain import vocab
from govdash.repository._frames import Formula, finish_metrics
from govdash.repository._records import fetch_page, present
from govdash.repository._sql import (
    as_float,
    count_if,
    days_between,
    period_ends,
    read_frame,
    sum_if,
    table_of,
)

Q = table_of(DataDemand).c
MATCHED = vocab.DEMAND_STATUSES["已对接"]
REJECTED = vocab.DEMAND_STATUSES["已驳回"]
MATCH_RATE = "demand.match_rate"
AVG_DAYS = "demand.avg_match_days"

FORMULAS: tuple[Formula, ...] = (
    Formula(MATCH_RATE, "rate", "matched", "eligible", "demands"),
    Formula(AVG_DAYS, "mean", "match_days", "matched_dated", "matched_dated"),
)


def settled_by(last_day: ColumnElement) -> ColumnElement[bool]:
    """Tell whether the demand's recorded outcome already held on ``last_day``."""
    return or_(Q.closed_on.is_(None), Q.closed_on <= last_day)


def outcome_conditions(last_day: ColumnElement) -> dict[str, ColumnElement[bool]]:
    """审核完毕 (对接 or 驳回), 已对接, 依法驳回 and 已对接 with a 办结日期, each as of ``last_day``."""
    settled = settled_by(last_day)
    matched = and_(Q.status == MATCHED, settled)
    return {
        "reviewed": and_(Q.status.in_([MATCHED, REJECTED]), settled),
        "matched": matched,
        "lawful_rejected": and_(Q.status == REJECTED, settled,
                                func.trim(func.coalesce(Q.reject_reason, "")) != ""),
        "matched_dated": and_(matched, Q.closed_on.is_not(None)),
    }


def demand_rows(periods: Sequence[str]) -> tuple[FromClause, FromClause]:
    """Join the demand table to each requested period it existed in: ``(joined, ends)``."""
    ends = period_ends(periods)
    joined = table_of(DataDemand).join(ends, Q.applied_on <= ends.c.last_day)
    return joined, ends


def demand_aggregates(engine: Engine, periods: Sequence[str],
                      regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period, batch): demands so far, 已对接, 依法驳回, and the days from application to 对接."""
    joined, ends = demand_rows(periods)
    cond = outcome_conditions(ends.c.last_day)
    stmt = (
        select(Q.region_code, ends.c.req.label("period"), Q.batch_id, func.count().label("demands"),
               count_if(cond["matched"]).label("matched"),
               count_if(cond["lawful_rejected"]).label("lawful_rejected"),
               count_if(cond["matched_dated"]).label("matched_dated"),
               as_float(sum_if(cond["matched_dated"], days_between(Q.applied_on, Q.closed_on)))
               .label("match_days"))
        .select_from(joined)
        .group_by(Q.region_code, ends.c.req, Q.batch_id)
    )
    if regions is not None:
        stmt = stmt.where(Q.region_code.in_(list(regions)))
    return read_frame(engine, stmt)


def demand_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                   metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """供需对接率 and 平均对接时长 per region and period, with provenance."""
    agg = demand_aggregates(engine, periods, regions)
    agg["eligible"] = agg["demands"] - agg["lawful_rejected"] if not agg.empty else 0
    formulas = [f for f in FORMULAS if metrics is None or f.metric in metrics]
    return finish_metrics(agg, formulas)


def demand_records(engine: Engine, metric: str, *, region_code: str, period: str,
                   limit: int = 500) -> pd.DataFrame:
    """Return the demands behind a ``demand.*`` metric of one region and period, and whether each counts."""
    joined, ends = demand_rows([period])
    cond = outcome_conditions(ends.c.last_day)
    counts = case((cond["matched"], True), else_=False)
    columns = [Q.demand_no, Q.region_code, Q.department, Q.catalog_code, Q.applied_on, Q.status, Q.closed_on,
               Q.reject_reason, Q.batch_id]
    stmt = select(*columns).select_from(joined).where(Q.region_code == region_code, ends.c.req == period)
    if metric == AVG_DAYS:
        stmt = (stmt.add_columns(days_between(Q.applied_on, Q.closed_on).label("days"))
                .where(cond["matched_dated"]).order_by(Q.applied_on, Q.demand_no))
    else:
        stmt = (stmt.add_columns(counts.label("counts")).where(~cond["lawful_rejected"])
                .order_by(counts, Q.applied_on, Q.demand_no))
    frame = fetch_page(engine, stmt, limit=limit)
    shown = present(frame, "demands", {"status": vocab.DEMAND_STATUS_LABELS}).rename(columns={"days": "对接天数"})
    shown.attrs = frame.attrs
    return shown
