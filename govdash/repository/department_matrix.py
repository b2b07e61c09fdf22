"""条块: 实施部门 (the 条) × district (the 块) matrices of 好差评 and service-item metrics, and a cell's records.

Both matrices are grouped in SQL by (department, district): the page only lays out the returned cells. A
department that has no record in a district has no cell there (the page shows it blank, not as zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from govdash import vocab
from govdash.ingest.masking import mask_series
from govdash.repository._records import fetch_page, present
from govdash.repository._sql import REGIONS, member_quarters, normalize_periods, read_frame, region_filter
from govdash.repository.evaluation_views import _HANDLING, with_rates
from govdash.repository.evaluations import E, outcome_counts
from govdash.repository.service_items import T, _snapshot_rows, service_item_summary

EVALUATION_MEASURES: Final = {"bad_rate": "差评率", "bad_ontime_rate": "按时整改率", "evaluations": "评价量"}
SERVICE_MEASURES: Final = {"items": "事项数", "full_online_rate": "全程网办率",
                           "online_volume_ratio": "网上办件占比", "zero_visit_rate": "零跑动率"}
CELL_ROWS: Final = 500  # records shown for one cell; the total is in ``attrs['total']``


def evaluation_matrix(engine: Engine, *, period: str, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the 好差评 outcome counts and rates of each (实施部门, district) in ``period``.

    Columns: department, region_code, region_name, the outcome counts (evaluations, bad, bad_on_time …) and the
    five rates in percent. Evaluations without a department are left out. ``regions`` limits the districts.
    """
    stmt = (select(E.department.label("department"), E.region_code, func.max(REGIONS.c.name).label("region_name"),
                   *outcome_counts())
            .join(REGIONS, REGIONS.c.code == E.region_code)
            .where(E.department.is_not(None), E.period.in_(_quarters(period)))
            .group_by(E.department, E.region_code).order_by(E.department, E.region_code))
    return with_rates(read_frame(engine, region_filter(stmt, E.region_code, regions)))


def service_item_matrix(engine: Engine, *, period: str, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the service-item counts and rates of each (实施部门, district) in ``period``'s snapshot.

    Columns: department, region_code, region_name, items, full_online_rate, zero_visit_rate, online_capable_rate,
    max_one_visit_rate, mobile_rate, instant_ratio, volume, online_volume, online_volume_ratio.
    """
    frame = service_item_summary(engine, period=period, by="department")
    if regions is not None:
        frame = frame[frame["region_code"].isin(list(regions))]
    return frame.sort_values(["department", "region_code"], ignore_index=True)


def evaluation_cell_records(engine: Engine, *, period: str, department: str, region_code: str,
                            limit: int = CELL_ROWS) -> pd.DataFrame:
    """Return the 好差评 records of one department in one district, 差评 first, then newest first.

    Headers are the upload template's; comments are masked; the count of all matching records is in
    ``attrs['total']``.
    """
    stmt = (select(E.eval_no, E.item_code, E.channel, E.rating, E.evaluated_at, E.comment, E.rectify_deadline,
                   E.rectified_at, _HANDLING.label("handling"), E.callback_at, E.batch_id)
            .where(E.department == department, E.region_code == region_code, E.period.in_(_quarters(period)))
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
    columns: list[Any] = [T.code, T.name, T.department, T.region_code, T.period, T.online_depth, T.visits,
                          T.legal_days, T.promised_days, T.instant, T.mobile, T.volume, T.online_volume, T.batch_id]
    stmt = base.add_columns(*columns).where(snap.c.req == period, T.department == department).order_by(T.code)
    frame = fetch_page(engine, stmt, limit=limit)
    shown = present(frame, "service-items", {"online_depth": vocab.ONLINE_DEPTH_LABELS}, flags=("instant", "mobile"))
    shown.attrs = frame.attrs
    return shown


def _quarters(period: str) -> list[str]:
    wanted = normalize_periods(period)
    assert wanted is not None
    return member_quarters(wanted)
