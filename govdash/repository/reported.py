"""区县填报: the values districts report for indicators no record can give (DOMAIN.md §4.5).

A reported value describes the state at the time of the sheet, so it is read like a snapshot: a quarter takes
the value reported for that quarter; a year the value reported for the year, else the latest quarter's of that
year.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from govdash.core.models import ReportedValue
from govdash.core.periods import is_quarter
from govdash.repository._records import present
from govdash.repository._sql import calendar, read_frame, snapshot_key, table_of

V = table_of(ReportedValue).c


def reported_values(engine: Engine, periods: Sequence[str], *, regions: Sequence[str] | None = None,
                    indicator_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the reported values per (region, requested period, indicator).

    Columns: region_code, period (as requested), indicator_code, value, unit, note, batch_id, reported_period
    (the period the value was reported for).
    """
    quarters = [p for p in periods if is_quarter(p)]
    years = [p for p in periods if not is_quarter(p)]
    parts: list[Select] = []
    if quarters:  # a quarter is answered by its own sheet: read those rows directly
        stmt = select(V.region_code, V.period.label("period"), *_VALUE_COLUMNS).where(V.period.in_(quarters))
        parts.append(_filtered(stmt, regions, indicator_codes))
    if years:  # the year's own sheet, else its latest quarter's: one ranking pass instead of group and join back
        cal = calendar(years)
        ranked = (select(V.region_code, cal.c.req.label("period"), *_VALUE_COLUMNS,
                         func.row_number().over(partition_by=[V.region_code, V.indicator_code, cal.c.req],
                                                order_by=snapshot_key(V.period).desc()).label("pick"))
                  .join(cal, V.period == cal.c.member))
        picked = _filtered(ranked, regions, indicator_codes).subquery("picked")
        parts.append(select(*(picked.c[c] for c in _COLUMNS)).where(picked.c.pick == 1))
    if not parts:
        return pd.DataFrame(columns=_COLUMNS)
    both = parts[0] if len(parts) == 1 else union_all(*parts)
    sq = both.subquery("reported")
    return read_frame(engine, select(sq).order_by(sq.c.region_code, sq.c.period, sq.c.indicator_code))


_VALUE_COLUMNS = (V.indicator_code, V.value, V.unit, V.note, V.batch_id, V.period.label("reported_period"))
_COLUMNS = ["region_code", "period", *(c.name for c in _VALUE_COLUMNS)]


def _filtered(stmt: Select, regions: Sequence[str] | None, indicator_codes: Sequence[str] | None) -> Select:
    if regions is not None:
        stmt = stmt.where(V.region_code.in_(list(regions)))
    if indicator_codes is not None:
        stmt = stmt.where(V.indicator_code.in_(list(indicator_codes)))
    return stmt


def reported_records(engine: Engine, indicator_code: str, *, region_code: str, period: str) -> pd.DataFrame:
    """Return the reported row behind an indicator of one region and period, with its batch."""
    frame = reported_values(engine, [period], regions=[region_code], indicator_codes=[indicator_code])
    frame = frame.drop(columns=["period"]).rename(columns={"reported_period": "period"})
    columns = ["region_code", "period", "indicator_code", "value", "unit", "note", "batch_id"]
    shown = present(frame[columns], "reported")
    shown.attrs["total"] = len(frame)
    return shown
