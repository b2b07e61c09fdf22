"""区县填报: the values districts report for indicators no record can give (DOMAIN.md §4.5).

A reported value describes the state at the time of the sheet, so it is read like a snapshot: a quarter takes
the value reported for that quarter; a year the value reported for the year, else the latest quarter's of that
year.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from govdash.models import ReportedValue
from govdash.repository._records import present
from govdash.repository._sql import calendar, read_frame, snapshot_map, table_of

V = table_of(ReportedValue).c


def reported_values(engine: Engine, periods: Sequence[str], *, regions: Sequence[str] | None = None,
                    indicator_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the reported values per (region, requested period, indicator).

    Columns: region_code, period (as requested), indicator_code, value, unit, note, batch_id, reported_period
    (the period the value was reported for).
    """
    snap = snapshot_map(V.period, V.region_code, calendar(periods), regions, extra=[V.indicator_code])
    stmt = (
        select(V.region_code, snap.c.req.label("period"), V.indicator_code, V.value, V.unit, V.note,
               V.batch_id, V.period.label("reported_period"))
        .join(snap, and_(V.region_code == snap.c.region_code, V.indicator_code == snap.c.indicator_code,
                         V.period == snap.c.snap))
        .order_by(V.region_code, snap.c.req, V.indicator_code)
    )
    if indicator_codes is not None:
        stmt = stmt.where(V.indicator_code.in_(list(indicator_codes)))
    return read_frame(engine, stmt)


def reported_records(engine: Engine, indicator_code: str, *, region_code: str, period: str) -> pd.DataFrame:
    """Return the reported row behind an indicator of one region and period, with its batch."""
    frame = reported_values(engine, [period], regions=[region_code], indicator_codes=[indicator_code])
    frame = frame.drop(columns=["period"]).rename(columns={"reported_period": "period"})
    columns = ["region_code", "period", "indicator_code", "value", "unit", "note", "batch_id"]
    shown = present(frame[columns], "reported")
    shown.attrs["total"] = len(frame)
    return shown
