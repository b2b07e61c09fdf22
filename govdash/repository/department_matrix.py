"""条块: 实施部门 (the 条) × district (the 块) matrices of 好差评 and service-item metrics, and a cell's records.

Both matrices are grouped in SQL by (department, district): the page only lays out the returned cells. A
department that has no record in a district has no cell there (the page shows it blank, not as zero).

A 条 is a line department across districts: files name a district's department after the district
(滨江区民政局, 望湖区民政局), so the district's own name is taken off the front (民政局) and the same 条 lines up
in every 块. Names that do not start with the district's name are kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from govdash.domain import vocab
from govdash.ingest.masking import mask_series
from govdash.repository import aggregates
from govdash.repository._frames import percent
from govdash.repository._records import fetch_page, present
from govdash.repository._sql import REGIONS, member_quarters, normalize_periods, read_frame, region_filter
from govdash.repository.evaluation_views import _HANDLING, with_rates
from govdash.repository.evaluations import E, outcome_counts
from govdash.repository.service_items import T, _flow_rows, _snapshot_rows, _state_counts

EVALUATION_MEASURES: Final = {"bad_rate": "差评率", "bad_ontime_rate": "按时整改率", "evaluations": "评价量"}
SERVICE_MEASURES: Final = {"items": "事项数", "full_online_rate": "全程网办率",
                           "online_volume_ratio": "网上办件占比", "zero_visit_rate": "零跑动率"}
CELL_ROWS: Final = 500  # records shown for one cell; the total is in ``attrs['total']``


def evaluation_matrix(engine: Engine, *, period: str, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the 好差评 outcome counts and rates of each (实施部门, district) in ``period``.

    Columns: department, region_code, region_name, the outcome counts (evaluations, bad, bad_on_time …) and the
    five rates in percent. Evaluations without a department are left out. ``regions`` limits the districts.
    """
    # The cells hold these counts per (district, item, department) while they are current: summing them avoids
    # sorting every evaluation of the quarter (seconds at a million).
    cells = aggregates.cells_are_current(engine)
    source = aggregates.CELLS.c if cells else E
    counts = aggregates.summed_counts(aggregates.CELLS) if cells else outcome_counts()
    line = line_department(source.department)
    stmt = (select(line.label("department"), source.region_code, func.max(REGIONS.c.name).label("region_name"),
                   *counts)
            .join(REGIONS, REGIONS.c.code == source.region_code)
            .where(source.department.is_not(None), source.period.in_(_quarters(period)))
            .group_by(line, source.region_code).order_by(line, source.region_code))
    return with_rates(read_frame(engine, region_filter(stmt, source.region_code, regions)))


def service_item_matrix(engine: Engine, *, period: str, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the service-item counts and rates of each (实施部门, district) in ``period``.

    Item states follow the period's snapshot and volumes its flows, as the service metrics do. Columns:
    department, region_code, region_name, items, full_online_rate, zero_visit_rate, volume, online_volume,
    online_volume_ratio.
    """
    base, snap = _snapshot_rows([period], regions)
    line = line_department(T.department)
    named = base.join(REGIONS, REGIONS.c.code == snap.c.region_code).where(T.department.is_not(None))
    states = read_frame(engine, named.add_columns(
        line.label("department"), snap.c.region_code, func.max(REGIONS.c.name).label("region_name"),
        *_state_counts(["items", "full_online", "zero_visit"])).group_by(line, snap.c.region_code))
    base, snap = _flow_rows([period], regions)
    named = base.join(REGIONS, REGIONS.c.code == snap.c.region_code).where(T.department.is_not(None))
    flows = read_frame(engine, named.add_columns(
        line.label("department"), snap.c.region_code, func.sum(T.volume).label("volume"),
        func.sum(T.online_volume).label("online_volume")).group_by(line, snap.c.region_code))
    frame = states.merge(flows, on=["department", "region_code"], how="left")
    frame["full_online_rate"] = percent(frame.pop("full_online"), frame["items"])
    frame["zero_visit_rate"] = percent(frame.pop("zero_visit"), frame["items"])
    frame["online_volume_ratio"] = percent(frame["online_volume"], frame["volume"])
    return frame.sort_values(["department", "region_code"], ignore_index=True)


def evaluation_cell_records(engine: Engine, *, period: str, department: str, region_code: str,
                            limit: int = CELL_ROWS) -> pd.DataFrame:
    """Return the 好差评 records of one department in one district, 差评 first, then newest first.

    Headers are the upload template's; comments are masked; the count of all matching records is in
    ``attrs['total']``.
    """
    stmt = (select(E.eval_no, E.item_code, E.channel, E.rating, E.evaluated_at, E.comment, E.rectify_deadline,
                   E.rectified_at, _HANDLING.label("handling"), E.callback_at, E.batch_id)
            .join(REGIONS, REGIONS.c.code == E.region_code)
            .where(line_department(E.department) == department, E.region_code == region_code,
                   E.period.in_(_quarters(period)))
            .order_by(E.rating, E.evaluated_at.desc(), E.eval_no))
    frame = fetch_page(engine, stmt, limit=limit)
    frame["comment"], _changed = mask_series(frame["comment"])
    frame["handling"] = frame["handling"].where(frame["rating"] <= vocab.BAD_RATING_MAX, "—")
    shown = present(frame, "evaluations", {"channel": vocab.CHANNEL_LABELS, "rating": vocab.RATING_LABELS})
    shown.attrs = frame.attrs
    return shown


def service_item_cell_records(engine: Engine, *, period: str, department: str, region_code: str,
                              limit: int = CELL_ROWS) -> pd.DataFrame:
    """Return the service items of one department in one district as ``period``'s snapshot lists them."""
    base, snap = _snapshot_rows([period], [region_code])
    base = base.join(REGIONS, REGIONS.c.code == snap.c.region_code)
    columns: list[Any] = [T.code, T.name, T.department, T.region_code, T.period, T.online_depth, T.visits,
                          T.legal_days, T.promised_days, T.instant, T.mobile, T.volume, T.online_volume, T.batch_id]
    stmt = base.add_columns(*columns).where(snap.c.req == period, line_department(T.department) == department).order_by(T.code)
    frame = fetch_page(engine, stmt, limit=limit)
    shown = present(frame, "service-items", {"online_depth": vocab.ONLINE_DEPTH_LABELS}, flags=("instant", "mobile"))
    shown.attrs = frame.attrs
    return shown


def line_department(department: Any) -> ColumnElement[Any]:
    """Return ``department`` without its district's name in front (滨江区民政局 → 民政局); joins ``region``."""
    name = REGIONS.c.name
    prefixed = (func.length(department) > func.length(name)) & (
        func.substr(department, 1, func.length(name)) == name)
    return case((prefixed, func.substr(department, func.length(name) + 1)), else_=department)


def _quarters(period: str) -> list[str]:
    wanted = normalize_periods(period)
    assert wanted is not None
    return member_quarters(wanted)
