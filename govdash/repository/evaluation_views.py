"""The 好差评 page's tables: monthly trend, breakdowns, the worst-rated services and the list of 差评.

Each function filters by period (a period or a list of them; a year means its quarters) and optionally by
one district, groups in SQL and returns a DataFrame with counts and rates (percentages; NaN when there is
nothing to divide by).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select

from govdash.core.models import Evaluation, ServiceItem
from govdash.domain import vocab
from govdash.ingest.masking import mask_series
from govdash.repository import aggregates
from govdash.repository._frames import percent
from govdash.repository._records import fetch_page
from govdash.repository._sql import (
    REGIONS,
    in_subtree,
    member_quarters,
    normalize_periods,
    read_frame,
    table_of,
)
from govdash.repository.evaluations import CALLED_BACK, RECTIFIED, E, outcome_counts
from govdash.repository.materialized import StoredTables, builds_page_tables, stored_page_table

Breakdown = Literal["channel", "department", "item", "region"]
ITEMS_SHOWN = 1000  # the 好差评 page's item table: the items with the most evaluations
WORST_SHOWN = {"min_evaluations": 30, "limit": 10}  # the worst-rated services of the 好差评 page
HANDLING_LABELS = ("已整改", "超期整改", "未整改")


_HANDLING = case(
    (~RECTIFIED, literal("未整改")),
    (E.rectified_on_time.is_(False), literal("超期整改")),
    else_=literal("已整改"),
)


def _filtered(stmt: Select, periods: str | Iterable[str] | None, region_code: str | None) -> Select:
    wanted = normalize_periods(periods)
    if wanted is not None:
        stmt = stmt.where(E.period.in_(member_quarters(wanted)))
    if region_code is not None:
        stmt = stmt.where(in_subtree(E.region_code, region_code))
    return stmt


def with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Add 好评率, 差评率, 差评整改率, 按时整改率 and 回访率 (percent) to a frame of outcome counts.

    差评率 leaves out, on both sides, the 差评 struck off on appeal (``bad_unfounded``), as the metric does.
    """
    unfounded = frame["bad_unfounded"] if "bad_unfounded" in frame else 0
    return frame.assign(
        good_rate=percent(frame["good"], frame["evaluations"]),
        bad_rate=percent(frame["bad"] - unfounded, frame["evaluations"] - unfounded),
        bad_rectify_rate=percent(frame["bad_rectified"], frame["bad"]),
        bad_ontime_rate=percent(frame["bad_on_time"], frame["bad"]),
        callback_rate=percent(frame["bad_called_back"], frame["bad"]),
    )


def evaluation_trend(engine: Engine, *, periods: str | Iterable[str] | None = None,
                     region_code: str | None = None) -> pd.DataFrame:
    """Month by month (``month`` as ``2025-03``): outcome counts and the five rates of the 好差评 page.

    Several periods for all districts are put together from each quarter's stored months (a month belongs to
    one quarter).
    """
    wanted = normalize_periods(periods)
    if region_code is None and wanted is not None and len(wanted) > 1:
        months = [quarter_trend(engine, periods=q) for q in member_quarters(wanted)]
        months = [m for m in months if not m.empty]
        if months:
            return pd.concat(months, ignore_index=True).sort_values("month", ignore_index=True)
    return quarter_trend(engine, periods=periods, region_code=region_code)


@stored_page_table("evaluation_trend", source="evaluation")
def quarter_trend(engine: Engine, *, periods: str | Iterable[str] | None = None,
                  region_code: str | None = None) -> pd.DataFrame:
    """``evaluation_trend`` grouped from the records (stored per quarter for all districts)."""
    stmt = select(E.month, *outcome_counts()).group_by(E.month).order_by(E.month)
    return with_rates(read_frame(engine, _filtered(stmt, periods, region_code)))


def _item_names(periods: list[str] | None) -> Select:
    # An item keeps its code across snapshots: the snapshots of the periods asked are enough to name it, and
    # reading only them uses the (period, code) index instead of the whole item table.
    s = table_of(ServiceItem).c
    stmt = select(s.code, func.max(s.name).label("name")).group_by(s.code)
    if periods is not None:
        stmt = stmt.where(s.period.in_([*periods, *member_quarters(periods)]))
    return stmt


def _record_breakdown(by: Breakdown, periods: str | Iterable[str] | None,
                      region_code: str | None) -> Select:
    """Group the records by channel or 实施部门, or by district when the tally cannot answer."""
    key: Any
    label: Any
    if by == "region":
        key, label = E.region_code, func.max(REGIONS.c.name)
        stmt = select().select_from(table_of(Evaluation)).join(REGIONS, REGIONS.c.code == E.region_code)
    elif by in ("channel", "department"):
        key = label = E.channel if by == "channel" else E.department
        stmt = select().where(key.is_not(None))
    else:
        raise ValueError(f"unknown breakdown {by!r}")
    stmt = stmt.add_columns(key.label("key"), label.label("label"), *outcome_counts())
    return _filtered(stmt.group_by(key).order_by(func.count().desc(), key), periods, region_code)


def _item_breakdown(periods: str | Iterable[str] | None, region_code: str | None, limit: int | None,
                    min_evaluations: int = 0) -> Select:
    """Group the records by item, then name the groups: naming the items shown, not every record."""
    grouped = select(E.item_code.label("key"), *outcome_counts()).where(E.item_code.is_not(None))
    grouped = grouped.group_by(E.item_code).order_by(func.count().desc(), E.item_code).limit(limit)
    if min_evaluations > 0:
        grouped = grouped.having(func.count() >= min_evaluations)
    counts = _filtered(grouped, periods, region_code).subquery("item_counts")
    names = _item_names(normalize_periods(periods)).subquery("item_names")
    return (select(counts.c.key, names.c.name.label("label"),
                   *(counts.c[name] for name in aggregates.TALLY_COUNTS))
            .outerjoin(names, names.c.code == counts.c.key)
            .order_by(counts.c.evaluations.desc(), counts.c.key))


def _tally_region_breakdown(periods: str | Iterable[str] | None, region_code: str | None) -> Select:
    """Sum ``evaluation_tally`` by district: a few thousand rows per quarter instead of every record."""
    t = aggregates.TALLY.c
    stmt = (select(t.region_code.label("key"), func.max(REGIONS.c.name).label("label"),
                   *(func.sum(t[name]).label(name) for name in aggregates.TALLY_COUNTS))
            .join(REGIONS, REGIONS.c.code == t.region_code)
            .group_by(t.region_code).order_by(func.sum(t.evaluations).desc(), t.region_code))
    wanted = normalize_periods(periods)
    if wanted is not None:
        stmt = stmt.where(t.period.in_(member_quarters(wanted)))
    return stmt if region_code is None else stmt.where(in_subtree(t.region_code, region_code))


@stored_page_table("evaluation_breakdown", source="evaluation",
                   variants=[{"by": "channel", "limit": None}, {"by": "department", "limit": None},
                             {"by": "region", "limit": None}, {"by": "item", "limit": ITEMS_SHOWN}])
def evaluation_breakdown(engine: Engine, *, by: Breakdown, periods: str | Iterable[str] | None = None,
                         region_code: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Outcome counts and rates per channel, 实施部门, service item or district, largest volume first.

    Columns: ``key`` (channel code, department, item code or region code), ``label`` (Chinese words: channel
    name, department, item name, district name), the outcome counts and the five rates. Districts are summed
    from the pre-aggregated tally while it is current. ``limit`` keeps the largest groups (items only: the
    other groupings are a few dozen rows).
    """
    if by == "item":
        stmt = _item_breakdown(periods, region_code, limit)
    elif by == "region" and aggregates.tally_is_current(engine):
        stmt = _tally_region_breakdown(periods, region_code)
    else:
        stmt = _record_breakdown(by, periods, region_code)
    frame = with_rates(read_frame(engine, stmt))
    if by == "channel":
        frame["label"] = frame["key"].map(vocab.CHANNEL_LABELS).fillna(frame["key"])
    frame["label"] = frame["label"].fillna(frame["key"])
    return frame


@stored_page_table("worst_rated_services", source="evaluation", variants=[WORST_SHOWN])
def worst_rated_services(engine: Engine, *, periods: str | Iterable[str] | None = None,
                         region_code: str | None = None, min_evaluations: int = 30,
                         limit: int = 10) -> pd.DataFrame:
    """Return the items with the highest 差评率 among those with at least ``min_evaluations`` evaluations.

    Ties are broken by the lower 好评率, then by volume. Columns as ``evaluation_breakdown(by="item")``.
    """
    stmt = _item_breakdown(periods, region_code, None, min_evaluations)
    frame = with_rates(read_frame(engine, stmt))
    frame["label"] = frame["label"].fillna(frame["key"])
    frame = frame.sort_values(["bad_rate", "good_rate", "evaluations"], ascending=[False, True, False])
    return frame.head(limit).reset_index(drop=True)


def _ranked(frame: pd.DataFrame, key: str, limit: int | None = None) -> pd.DataFrame:
    """Sum the outcome counts per ``key``, largest volume first (ties by key), as the grouped queries order them."""
    counts = list(aggregates.TALLY_COUNTS)
    summed = frame.groupby(key, as_index=False, sort=False)[counts].sum().rename(columns={key: "key"})
    summed = summed.sort_values(["evaluations", "key"], ascending=[False, True], kind="stable", ignore_index=True)
    return summed if limit is None else summed.head(limit)


def _named(frame: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Put the label column second, as the queries return it, filled from ``names`` (else the key)."""
    label = frame["key"].map(names) if not names.empty else pd.Series(None, index=frame.index, dtype=object)
    frame.insert(1, "label", label.astype(object).where(label.notna(), None))
    return frame


@builds_page_tables("evaluation_trend", "evaluation_breakdown", "worst_rated_services")
def _stored_tables(engine: Engine, periods: Sequence[str]) -> StoredTables:
    """Compute the 好差评 tables of each period for all districts from two groupings.

    One groups by quarter, month, channel and 实施部门 (the trend and two breakdowns are its sums), the other by
    quarter and item (the item table and the worst-rated services). Both sum the cells while they are current,
    else the records. A year sums its quarters.
    """
    quarters = member_quarters(list(periods))
    if aggregates.cells_are_current(engine):
        m, c = aggregates.MONTH_CELLS.c, aggregates.CELLS.c
        by_month = read_frame(engine, select(m.period, m.month, m.channel, m.department,
                                             *aggregates.summed_counts(aggregates.MONTH_CELLS))
                              .where(m.period.in_(quarters)).group_by(m.period, m.month, m.channel, m.department))
        by_item = read_frame(engine, select(c.period, c.item_code, *aggregates.summed_counts(aggregates.CELLS))
                             .where(c.period.in_(quarters), c.item_code.is_not(None))
                             .group_by(c.period, c.item_code))
    else:
        by_month = read_frame(engine, select(E.period, E.month, E.channel, E.department, *outcome_counts())
                              .where(E.period.in_(quarters)).group_by(E.period, E.month, E.channel, E.department))
        by_item = read_frame(engine, select(E.period, E.item_code, *outcome_counts())
                             .where(E.period.in_(quarters), E.item_code.is_not(None))
                             .group_by(E.period, E.item_code))
    counts = list(aggregates.TALLY_COUNTS)
    for period in periods:
        members = member_quarters([period])
        months = by_month[by_month["period"].isin(members)]
        trend = months.groupby("month", as_index=False, dropna=False)[counts].sum().sort_values("month")
        yield "evaluation_trend", {}, period, with_rates(trend.reset_index(drop=True))
        channels = _ranked(months.dropna(subset=["channel"]), "channel")
        channels.insert(1, "label", channels["key"].map(vocab.CHANNEL_LABELS).fillna(channels["key"]))
        yield "evaluation_breakdown", {"by": "channel", "limit": None}, period, with_rates(channels)
        departments = _ranked(months.dropna(subset=["department"]), "department")
        departments.insert(1, "label", departments["key"])
        yield "evaluation_breakdown", {"by": "department", "limit": None}, period, with_rates(departments)
        items = by_item[by_item["period"].isin(members)]
        top = with_rates(_ranked(items, "item_code", ITEMS_SHOWN))
        busy = _ranked(items, "item_code")
        busy = with_rates(busy[busy["evaluations"] >= WORST_SHOWN["min_evaluations"]].reset_index(drop=True))
        worst = (busy.sort_values(["bad_rate", "good_rate", "evaluations"], ascending=[False, True, False])
                 .head(WORST_SHOWN["limit"]).reset_index(drop=True))
        # Only the items shown are named: reading every item's name cost a second at 200,000 items.
        names = _shown_item_names(engine, [*top["key"], *worst["key"]], period)
        for table, variant in ((top, {"by": "item", "limit": ITEMS_SHOWN}), (worst, WORST_SHOWN)):
            table = _named(table, names)
            table["label"] = table["label"].fillna(table["key"])
            yield ("evaluation_breakdown" if "by" in variant else "worst_rated_services"), variant, period, table


def _shown_item_names(engine: Engine, codes: Sequence[str], period: str) -> pd.Series:
    """Name of each item code shown for ``period``, as the live table names it (``_item_names``)."""
    if not codes:
        return pd.Series(dtype=object)
    s = table_of(ServiceItem).c
    stmt = _item_names([period]).where(s.code.in_(sorted(set(codes))))
    return read_frame(engine, stmt).set_index("code")["name"]


def _bad_total(engine: Engine, periods: str | Iterable[str] | None, region_code: str | None) -> int | None:
    """Count the 差评 from the tally while it is current (None: count the records)."""
    if not aggregates.tally_is_current(engine):
        return None
    t = aggregates.TALLY.c
    stmt = select(func.coalesce(func.sum(t.bad), 0))
    wanted = normalize_periods(periods)
    if wanted is not None:
        stmt = stmt.where(t.period.in_(member_quarters(wanted)))
    if region_code is not None:
        stmt = stmt.where(in_subtree(t.region_code, region_code))
    with engine.connect() as conn:
        return int(conn.scalar(stmt) or 0)


def bad_evaluations(engine: Engine, *, periods: str | Iterable[str] | None = None,
                    region_code: str | None = None, handling: str | None = None,
                    called_back: bool | None = None, page: int = 1, page_size: int = 50) -> pd.DataFrame:
    """One page of 差评, newest first, with masked comments and how each was handled.

    ``handling`` filters on 已整改 / 超期整改 / 未整改; ``called_back`` on 已回访 or not. The total number of
    matching 差评 is in ``frame.attrs['total']``.
    """
    if handling is not None and handling not in HANDLING_LABELS:
        raise ValueError(f"处理状态须为 {'、'.join(HANDLING_LABELS)} 之一,收到“{handling}”")
    stmt = (
        select(E.eval_no, E.region_code, REGIONS.c.name.label("region_name"), E.item_code, E.department,
               E.channel, E.rating, E.evaluated_at, E.comment, E.rectify_deadline, E.rectified_at,
               _HANDLING.label("handling"), E.callback_at,
               case((CALLED_BACK, True), else_=False).label("called_back"), E.batch_id)
        .join(REGIONS, REGIONS.c.code == E.region_code)
        # "+ 0" keeps SQLite from reading the (period, rating) index and sorting every 差评 of the period: walking
        # (period, evaluated_at) from the newest end finds a page of 差评 at once.
        .where(E.rating + 0 <= vocab.BAD_RATING_MAX)
        .order_by(E.evaluated_at.desc(), E.eval_no)
    )
    if handling is not None:
        stmt = stmt.where(_HANDLING == handling)
    if called_back is not None:
        stmt = stmt.where(CALLED_BACK if called_back else ~CALLED_BACK)
    page = max(page, 1)
    total = _bad_total(engine, periods, region_code) if handling is None and called_back is None else None
    frame = fetch_page(engine, _filtered(stmt, periods, region_code), limit=page_size,
                       offset=(page - 1) * page_size, total=total)
    # Comments are masked on import; masking again costs little and protects rows stored before that rule.
    frame["comment"], _changed = mask_series(frame["comment"])
    frame["channel"] = frame["channel"].map(vocab.CHANNEL_LABELS).fillna(frame["channel"])
    frame["rating"] = frame["rating"].map(vocab.RATING_LABELS)
    frame["called_back"] = frame["called_back"].astype(bool)
    return frame

