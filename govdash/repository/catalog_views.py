"""The 数据共享开放 page's tables: sharing and opening ratios, negative list, demand pipeline, timeliness, calls.

Catalog tables read the snapshot answering for the period (a year: its own, else its latest quarter's); the
demand pipeline counts every demand applied for by the period's end, as the metrics do.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from govdash.domain import vocab
from govdash.repository._frames import percent
from govdash.repository._sql import REGIONS, as_float, count_if, days_between, read_frame, sum_if
from govdash.repository.catalog import FIXED_CYCLE, NEGATIVE, OPEN, SHAREABLE, UNCONDITIONAL, C, snapshot_rows
from govdash.repository.catalog import timely as timely_condition
from govdash.repository.demands import Q, demand_rows, outcome_conditions
from govdash.repository.materialized import stored_page_table

SharingGroup = Literal["region", "department"]
ROWS_SHOWN = 1000  # departments and 负面清单 entries listed on the page for all districts
PIPELINE_STAGES = ("提出", "审核", "对接")


def _regions(region_code: str | None) -> list[str] | None:
    return None if region_code is None else [region_code]


@stored_page_table("sharing_ratios", source="catalog", period_arg="period",
                   variants=[{"by": "region", "limit": None}, {"by": "department", "limit": ROWS_SHOWN}])
def sharing_ratios(engine: Engine, *, period: str, region_code: str | None = None,
                   by: SharingGroup = "region", limit: int | None = None) -> pd.DataFrame:
    """Entries, 可共享率, 无条件共享占比, 开放率, negative-list entries and calls per district or 提供部门.

    Columns: region_code, region_name (and department), entries, shareable_rate, unconditional_share_ratio,
    open_rate, negative, calls. With ``limit``, the groups with the most entries (a province has tens of
    thousands of district departments).
    """
    base, snap = snapshot_rows([period], _regions(region_code))
    group = [snap.c.region_code, REGIONS.c.name] + ([C.department] if by == "department" else [])
    stmt = base.join(REGIONS, REGIONS.c.code == snap.c.region_code).add_columns(
        snap.c.region_code, REGIONS.c.name.label("region_name"),
        *([C.department] if by == "department" else []),
        func.count().label("entries"), count_if(SHAREABLE).label("shareable"),
        count_if(UNCONDITIONAL).label("unconditional"), count_if(OPEN).label("open"),
        count_if(NEGATIVE).label("negative"), sum_if(C.call_count.is_not(None), C.call_count).label("calls"),
    ).group_by(*group)
    stmt = stmt.order_by(*group) if limit is None else stmt.order_by(func.count().desc(), *group).limit(limit)
    frame = read_frame(engine, stmt)
    frame["shareable_rate"] = percent(frame.pop("shareable"), frame["entries"])
    frame["unconditional_share_ratio"] = percent(frame.pop("unconditional"), frame["entries"])
    frame["open_rate"] = percent(frame.pop("open"), frame["entries"])
    return frame


@stored_page_table("negative_list", source="catalog", period_arg="period", variants=[{"limit": ROWS_SHOWN}])
def negative_list(engine: Engine, *, period: str, region_code: str | None = None,
                  limit: int | None = None) -> pd.DataFrame:
    """List the entries on the 负面清单 with their 依据 (the first ``limit`` by district and code).

    Columns: region_code, region_name, code, name, department, share_type and open_type (Chinese words),
    negative_reason, batch_id.
    """
    base, snap = snapshot_rows([period], _regions(region_code))
    stmt = base.join(REGIONS, REGIONS.c.code == snap.c.region_code).add_columns(
        snap.c.region_code, REGIONS.c.name.label("region_name"), C.code, C.name, C.department, C.share_type,
        C.open_type, C.negative_reason, C.batch_id,
    ).where(NEGATIVE).order_by(snap.c.region_code, C.code).limit(limit)
    frame = read_frame(engine, stmt)
    frame["share_type"] = frame["share_type"].map(vocab.SHARE_TYPE_LABELS).fillna(frame["share_type"])
    frame["open_type"] = frame["open_type"].map(vocab.OPEN_TYPE_LABELS).fillna(frame["open_type"])
    return frame


@stored_page_table("update_timeliness", source="catalog", period_arg="period")
def update_timeliness(engine: Engine, *, period: str, region_code: str | None = None) -> pd.DataFrame:
    """Per update cycle: entries, timely entries as of the period's end and 更新及时率 (NaN for 不定期).

    Columns: update_cycle, cycle_label, max_days, entries, timely, timeliness_rate.
    """
    base, snap = snapshot_rows([period], _regions(region_code))
    stmt = base.add_columns(
        C.update_cycle, func.count().label("entries"),
        count_if(timely_condition(snap.c.last_day)).label("timely"), count_if(FIXED_CYCLE).label("fixed"),
    ).group_by(C.update_cycle)
    frame = read_frame(engine, stmt)
    frame["timeliness_rate"] = percent(frame["timely"], frame.pop("fixed"))
    labels = frame["update_cycle"].map(vocab.UPDATE_CYCLE_LABELS).fillna(frame["update_cycle"])
    frame.insert(1, "cycle_label", labels)
    frame.insert(2, "max_days", frame["update_cycle"].map(vocab.UPDATE_CYCLE_MAX_DAYS))
    order = {code: n for n, code in enumerate(vocab.UPDATE_CYCLE_LABELS)}
    return frame.sort_values("update_cycle", key=lambda s: s.map(order)).reset_index(drop=True)


def call_volume_by_region(engine: Engine, *, period: str, region_code: str | None = None) -> pd.DataFrame:
    """Σ调用次数 per district (for a log-scale chart): region_code, region_name, entries, calls."""
    frame = sharing_ratios(engine, period=period, region_code=region_code)
    return frame[["region_code", "region_name", "entries", "calls"]].sort_values("calls", ascending=False,
                                                                                   ignore_index=True)


@stored_page_table("demand_pipeline", source="demand", period_arg="period")
def demand_pipeline(engine: Engine, *, period: str, region_code: str | None = None) -> pd.DataFrame:
    """Count the demand funnel 提出 → 审核 → 对接 as of the period's end, with average handling days.

    Rows: 提出 (every demand), 审核 (reviewed: 对接 or 驳回), 对接 (已对接). Columns: stage, demands, share (of 提出,
    percent), avg_days (application to 办结, for the stage's demands with a 办结日期; none for 提出).
    """
    joined, ends = demand_rows([period])
    cond = outcome_conditions(ends.c.last_day)
    reviewed, reviewed_dated = cond["reviewed"], and_(cond["reviewed"], Q.closed_on.is_not(None))
    days = days_between(Q.applied_on, Q.closed_on)
    stmt = select(
        func.count().label("submitted"), count_if(reviewed).label("reviewed"),
        count_if(cond["matched"]).label("matched"), count_if(reviewed_dated).label("reviewed_dated"),
        as_float(sum_if(reviewed_dated, days)).label("reviewed_days"),
        count_if(cond["matched_dated"]).label("matched_dated"),
        as_float(sum_if(cond["matched_dated"], days)).label("matched_days"),
    ).select_from(joined).where(ends.c.req == period)
    if region_code is not None:
        stmt = stmt.where(Q.region_code == region_code)
    row = read_frame(engine, stmt).fillna(0).iloc[0]
    frame = pd.DataFrame({
        "stage": list(PIPELINE_STAGES),
        "demands": [int(row["submitted"]), int(row["reviewed"]), int(row["matched"])],
        "avg_days": [float("nan"), _mean(row["reviewed_days"], row["reviewed_dated"]),
                     _mean(row["matched_days"], row["matched_dated"])],
    })
    frame.insert(2, "share", percent(frame["demands"], pd.Series([frame["demands"].iloc[0]] * 3)))
    return frame


def _mean(total: float, count: float) -> float:
    return float(total) / float(count) if count else float("nan")
