"""政务服务事项: the metrics of DOMAIN.md §4.2, the records behind them, and the summary tables of the pages.

Service items are snapshots: each period's list describes the items as they stand then. An item's state (网办深度,
跑动次数, 时限, 即办, 掌上办) is read from the one snapshot answering for the period (a year: its own snapshot, else
the latest quarter's). Volumes (办件量, 网上办件量) are flows of the snapshot's period, so a year without its own
snapshot adds up its quarterly snapshots.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from types import SimpleNamespace
from typing import Any, Literal

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from govdash.core.models import ServiceItem
from govdash.core.periods import is_quarter
from govdash.domain import vocab
from govdash.repository._frames import KEYS, Formula, finish_metrics, percent
from govdash.repository._records import RecordView, counted, fetch_page, present
from govdash.repository._sql import (
    REGIONS,
    calendar,
    count_if,
    read_frame,
    region_filter,
    snapshot_map,
    sum_if,
    table_of,
)
from govdash.repository.materialized import stored_page_table

T = table_of(ServiceItem).c
_HAS_DAYS = and_(T.legal_days.is_not(None), T.promised_days.is_not(None))
_ZERO_VISIT = or_(T.visits == 0, T.online_depth == 4)

FORMULAS: tuple[Formula, ...] = (
    Formula("service.full_online_rate", "rate", "full_online", "items", "items"),
    Formula("service.zero_visit_rate", "rate", "zero_visit", "items", "items"),
    Formula("service.online_capable_rate", "rate", "online_capable", "items", "items"),
    Formula("service.max_one_visit_rate", "rate", "max_one_visit", "items", "items"),
    Formula("service.promise_compression_rate", "complement_rate", "promised_days", "legal_days",
            "timed_items"),
    Formula("service.instant_ratio", "rate", "instant", "items", "items"),
    Formula("service.mobile_rate", "rate", "mobile", "items", "items"),
    Formula("service.online_volume_ratio", "rate", "online_volume", "volume", "volume_items"),
    Formula("service.item_count", "total", "items", None, "items"),
)

RECORD_VIEWS: dict[str, RecordView] = {
    "service.full_online_rate": RecordView(counts=T.online_depth == 4),
    "service.zero_visit_rate": RecordView(counts=_ZERO_VISIT),
    "service.online_capable_rate": RecordView(counts=T.online_depth >= 2),
    "service.max_one_visit_rate": RecordView(counts=T.visits <= 1),
    "service.promise_compression_rate": RecordView(base=_HAS_DAYS),
    "service.instant_ratio": RecordView(counts=T.instant.is_(True)),
    "service.mobile_rate": RecordView(counts=T.mobile.is_(True)),
    "service.online_volume_ratio": RecordView(flow=True),
    "service.item_count": RecordView(),
}


def _quarter_rows(periods: Sequence[str], regions: Sequence[str] | None) -> tuple[Select, Any]:
    """Item rows of the quarters asked, with ``region_code`` and ``req`` columns as the snapshot joins give.

    A quarter is answered by its own list, for its states and its volumes alike: nothing needs choosing, and
    reading the quarter's rows directly spares grouping the table to pick snapshots and joining back to it.
    """
    cal = calendar(periods)
    stmt = select().select_from(table_of(ServiceItem)).join(cal, T.period == cal.c.member)
    return region_filter(stmt, T.region_code, regions), SimpleNamespace(
        c=SimpleNamespace(region_code=T.region_code, req=cal.c.req))


def _snapshot_rows(periods: Sequence[str], regions: Sequence[str] | None) -> tuple[Select, Any]:
    """Build a FROM clause joining each item row to the requested period its snapshot answers for."""
    if all(is_quarter(p) for p in periods):
        return _quarter_rows(periods, regions)
    snap = snapshot_map(T.period, T.region_code, calendar(periods), regions)
    stmt = select().select_from(table_of(ServiceItem)).join(
        snap, and_(T.region_code == snap.c.region_code, T.period == snap.c.snap))
    return stmt, snap


def snapshot_rows(periods: Sequence[str], regions: Sequence[str] | None = None) -> tuple[Select, Any]:
    """Item rows of the snapshot answering for each requested period; the second element has ``region_code``, ``req``.

    For other tables' queries that count over the service list as the ``service.*`` metrics read it.
    """
    return _snapshot_rows(periods, regions)


def _flow_rows(periods: Sequence[str], regions: Sequence[str] | None) -> tuple[Select, Any]:
    """Item rows feeding each requested period's volumes: the year's own snapshot, else all its quarters'."""
    if all(is_quarter(p) for p in periods):
        return _quarter_rows(periods, regions)
    cal = calendar(periods)
    snap = snapshot_map(T.period, T.region_code, cal, regions)
    own = T.period == cal.c.req
    answered_by_own = snap.c.snap == cal.c.req
    stmt = (
        select().select_from(table_of(ServiceItem))
        .join(cal, T.period == cal.c.member)
        .join(snap, and_(snap.c.region_code == T.region_code, snap.c.req == cal.c.req))
        .where(or_(and_(own, answered_by_own), and_(~own, ~answered_by_own)))
    )
    return stmt, snap


def _state_counts(wanted: Collection[str] | None = None) -> list[Any]:
    """Item counts by each state condition and the time-limit sums, labelled (``wanted``: only those)."""
    counts = [
        func.count().label("items"),
        count_if(T.online_depth == 4).label("full_online"),
        count_if(_ZERO_VISIT).label("zero_visit"),
        count_if(T.online_depth >= 2).label("online_capable"),
        count_if(T.visits <= 1).label("max_one_visit"),
        count_if(T.instant.is_(True)).label("instant"),
        count_if(T.mobile.is_(True)).label("mobile"),
        count_if(_HAS_DAYS).label("timed_items"),
        sum_if(_HAS_DAYS, T.promised_days).label("promised_days"),
        sum_if(_HAS_DAYS, T.legal_days).label("legal_days"),
    ]
    return counts if wanted is None else [c for c in counts if c.name in wanted]


def state_aggregates(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                     columns: Collection[str] | None = None) -> pd.DataFrame:
    """Per (region, period, batch): item counts by each state condition, and the time-limit sums.

    ``columns`` names the counts to compute (default: all); each one is a conditional sum over every item.
    """
    base, snap = _snapshot_rows(periods, regions)
    stmt = (base.add_columns(snap.c.region_code, snap.c.req.label("period"), T.batch_id, *_state_counts(columns))
            .group_by(snap.c.region_code, snap.c.req, T.batch_id))
    return read_frame(engine, stmt)


def volume_aggregates(engine: Engine, periods: Sequence[str],
                      regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Per (region, period, batch): Σ办件量, Σ网上办件量 and the number of item rows they come from."""
    base, snap = _flow_rows(periods, regions)
    stmt = base.add_columns(
        snap.c.region_code, snap.c.req.label("period"), T.batch_id,
        func.count().label("volume_items"),
        func.sum(T.volume).label("volume"),
        func.sum(T.online_volume).label("online_volume"),
    ).group_by(snap.c.region_code, snap.c.req, T.batch_id)
    return read_frame(engine, stmt)


def service_item_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None = None,
                         metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Every ``service.*`` metric per region and period, with provenance (columns of ``compute_metrics``)."""
    formulas = [f for f in FORMULAS if metrics is None or f.metric in metrics]
    needed = {c for f in formulas for c in (f.numerator, f.denominator, f.records) if c is not None}
    flows = None
    if any(f.metric == "service.online_volume_ratio" for f in formulas):
        flows = volume_aggregates(engine, periods, regions)
        needed -= set(flows.columns)
    if not needed and flows is not None:
        return finish_metrics(flows, formulas)
    state = state_aggregates(engine, periods, regions, needed)
    if flows is not None:
        state = state.merge(flows, on=[*KEYS, "batch_id"], how="outer")
    else:
        state = state.assign(volume_items=0, volume=0, online_volume=0)
    return finish_metrics(state.fillna(0), formulas)


def service_item_records(engine: Engine, metric: str, *, region_code: str, period: str,
                         limit: int = 500) -> pd.DataFrame:
    """Return the items behind a ``service.*`` metric of one region and period, as the template shows them."""
    view = RECORD_VIEWS[metric]
    base, snap = (_flow_rows if view.flow else _snapshot_rows)([period], [region_code])
    columns = [T.code, T.name, T.department, T.region_code, T.period, T.online_depth, T.visits,
               T.visit_reason, T.legal_days, T.promised_days, T.instant, T.mobile, T.volume, T.online_volume,
               T.batch_id]
    order = [T.period, T.code]
    columns, order = counted(columns, order, view.counts)
    stmt = base.add_columns(*columns).where(snap.c.req == period).order_by(*order)
    if view.base is not None:
        stmt = stmt.where(view.base)
    frame = fetch_page(engine, stmt, limit=limit)
    shown = present(frame, "service-items", {"online_depth": vocab.ONLINE_DEPTH_LABELS},
                    flags=("instant", "mobile"))
    shown.attrs = frame.attrs
    return shown


SummaryGroup = Literal["region", "department"]
_RATES = {"full_online": "full_online_rate", "zero_visit": "zero_visit_rate",
          "online_capable": "online_capable_rate", "max_one_visit": "max_one_visit_rate",
          "mobile": "mobile_rate", "instant": "instant_ratio"}


@stored_page_table("service_item_summary", source="service", period_arg="period",
                   variants=[{"by": "region"}])
def service_item_summary(engine: Engine, *, period: str, region_code: str | None = None,
                         by: SummaryGroup = "region") -> pd.DataFrame:
    """Items and their rates per district (``by="region"``) or per 实施部门 (``by="department"``) for a period.

    Columns: region_code, region_name (and department), items, full_online_rate, zero_visit_rate,
    online_capable_rate, max_one_visit_rate, mobile_rate, instant_ratio, volume, online_volume,
    online_volume_ratio. Item states follow the period's snapshot, volumes the period's flows, as the metrics
    do.
    """
    regions = None if region_code is None else [region_code]
    keys = ["region_code", "department"] if by == "department" else ["region_code"]
    base, snap = _snapshot_rows([period], regions)
    group = [snap.c.region_code, *([T.department] if by == "department" else [])]
    states = read_frame(engine, base.add_columns(*group, *_state_counts()).group_by(*group))
    base, snap = _flow_rows([period], regions)
    group = [snap.c.region_code, *([T.department] if by == "department" else [])]
    flows = read_frame(engine, base.add_columns(
        *group, func.sum(T.volume).label("volume"), func.sum(T.online_volume).label("online_volume"),
    ).group_by(*group))
    names_stmt: Any = select(REGIONS.c.code.label("region_code"), REGIONS.c.name.label("region_name"))
    names = read_frame(engine, names_stmt)
    frame = names.merge(states, on="region_code").merge(flows, on=keys, how="left")
    for column, rate in _RATES.items():
        frame[rate] = percent(frame.pop(column), frame["items"])
    frame["online_volume_ratio"] = percent(frame["online_volume"], frame["volume"])
    frame = frame.drop(columns=["timed_items", "promised_days", "legal_days"])
    return frame.sort_values(keys, ignore_index=True)
