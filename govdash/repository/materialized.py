"""Stored results: every metric and the all-district page tables of each period, refreshed when batches change.

The dashboards ask the same questions on every view: every metric of a period for every district, the month
trend of 好差评, the survey results by district. At a province's volumes (millions of records) each of those is
a scan. So after every import, replacement and undo, ``stored_refresh`` recomputes, from the records and only for what
the change can have touched, the metrics into ``metric_value`` and the page tables into ``page_table``; the
queries then read those rows. A page view never aggregates records, except for one district (an indexed range)
or while the stored results are not known to be complete.

What a change touches follows from its kind (``_DEPENDENTS``): 好差评 feed the 好差评 metrics and tables, service
items feed theirs and 评价覆盖率, a catalog feeds the catalog's, and so on. Most kinds touch only the quarters of
the batch and their years; demands count cumulatively and regions underlie everything, so those rebuild every
period.

The stored rows are read only while they are complete: ``aggregate_state`` keeps, under ``STATE_NAME``, the
newest batch id and the number of undone or replaced batches the last refresh saw. Any batch written, undone or
replaced without a refresh (a failed refresh, or a write that bypassed ``govdash.ingest``) makes them differ from
``upload_batch``, and the queries go back to the records until the next refresh catches up. ``VERSION`` is part
of the state's name: after an upgrade that changes what a metric or table means, rows stored by the older code
are not read; ``govdash refresh`` (or the next import) rebuilds them.
"""

from __future__ import annotations

import functools
import inspect
import io
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from govdash.core.models import AggregateState, MetricValue, PageTable, UploadBatch, utcnow
from govdash.repository._sql import normalize_periods, table_of

VERSION = 2  # 2: 事项覆盖度 and 部门覆盖度 among the 好差评 metrics
STATE_NAME = f"materialized.v{VERSION}"
ALL_SOURCES = ("service", "evaluation", "survey", "catalog", "demand")

METRIC_VALUES = table_of(MetricValue)
PAGE_TABLES = table_of(PageTable)
_STATE = table_of(AggregateState)
_BATCHES = table_of(UploadBatch).c
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Dependents:
    """The metric sources (``govdash.repository.metrics.SOURCES`` prefixes) a kind feeds, and how far back."""

    sources: tuple[str, ...]
    every_period: bool = False


_DEPENDENTS: dict[str, _Dependents] = {
    "evaluations": _Dependents(("evaluation",)),
    "service-items": _Dependents(("service", "evaluation")),  # 办件量 is the denominator of 评价覆盖率
    "surveys": _Dependents(("survey",)),
    "catalog": _Dependents(("catalog",)),
    "departments": _Dependents(("catalog",), every_period=True),  # 部门编目覆盖率 of every period
    "responsibilities": _Dependents(("catalog",), every_period=True),
    "demands": _Dependents(("demand",), every_period=True),  # demands are cumulative
    "regions": _Dependents(ALL_SOURCES, every_period=True),
    "reported": _Dependents(()),  # reported values are read as they are stored
}


# ---------------------------------------------------------------------------------------------------- state

def _data_version(conn: Connection) -> tuple[int, int]:
    """Return the newest batch id and the number of batches undone or replaced: what a refresh has to have seen."""
    newest, inactive = conn.execute(
        select(func.max(_BATCHES.id), func.count().filter(_BATCHES.status != "active"))).one()
    return int(newest or 0), int(inactive or 0)


def _stored_version(conn: Connection) -> tuple[int, int] | None:
    row = conn.execute(select(_STATE.c.batch_watermark, _STATE.c.inactive_batches)
                       .where(_STATE.c.name == STATE_NAME)).first()
    return None if row is None else (int(row[0]), int(row[1]))


def data_version(engine: Engine) -> tuple[int, int]:
    """Return the newest batch id and the number of batches undone or replaced (what any stored result has to match)."""
    with engine.connect() as conn:
        return _data_version(conn)


def is_current(engine: Engine) -> bool:
    """Tell whether the stored metrics and page tables reflect every batch written, undone and replaced."""
    with engine.connect() as conn:
        return _stored_version(conn) == _data_version(conn)


def _save_version(conn: Connection, version: tuple[int, int], *, exists: bool) -> None:
    values = {"batch_watermark": version[0], "inactive_batches": version[1], "refreshed_at": utcnow()}
    if exists:
        conn.execute(update(_STATE).where(_STATE.c.name == STATE_NAME).values(**values))
    else:
        conn.execute(insert(_STATE).values(name=STATE_NAME, **values))


def forget(engine: Engine) -> None:
    """Drop the refresh state, so that queries read the records until a full ``refresh`` rebuilds everything."""
    with engine.begin() as conn:
        conn.execute(delete(_STATE).where(_STATE.c.name == STATE_NAME))


# ---------------------------------------------------------------------------------------------- page tables

@dataclass
class PageView:
    """A page table stored per period for all districts, for the argument ``variants`` the pages use."""

    name: str
    live: Callable[..., pd.DataFrame]
    sources: tuple[str, ...]
    period_arg: str
    variants: tuple[dict[str, Any], ...]
    signature: inspect.Signature = field(init=False)

    def __post_init__(self) -> None:
        self.signature = inspect.signature(self.live)

    def variant_key(self, arguments: dict[str, Any]) -> str | None:
        """Return the stored variant these arguments (all of them, defaults applied) ask for, or None."""
        key = _variant_key(arguments)
        return key if key in {_variant_key(v) for v in self.variants} else None


PAGE_VIEWS: dict[str, PageView] = {}

# (page table name, variant arguments, period, frame) for each period asked.
StoredTables = Iterable[tuple[str, dict[str, Any], str, pd.DataFrame]]
TableBuilder = Callable[[Engine, Sequence[str]], StoredTables]
# Builders that make several stored tables from one pass over the records, in place of one query per table.
_BUILDERS: dict[str, tuple[TableBuilder, frozenset[str]]] = {}


def builds_page_tables(*names: str) -> Callable[[TableBuilder], TableBuilder]:
    """Register a function that computes the stored variants of the page tables ``names`` for given periods.

    Its results must equal the tables' own queries (the tests compare them); it exists to share one scan of the
    records among several tables when a refresh runs.
    """
    def register(builder: TableBuilder) -> TableBuilder:
        _BUILDERS[builder.__qualname__] = (builder, frozenset(names))
        return builder

    return register


def _variant_key(arguments: dict[str, Any]) -> str:
    return json.dumps(arguments, sort_keys=True, ensure_ascii=False, default=str)


def _single_period(value: Any) -> str | None:
    periods = normalize_periods(value)
    return periods[0] if periods is not None and len(periods) == 1 else None


def stored_page_table(name: str, *, source: str, period_arg: str = "periods",
                      variants: Sequence[dict[str, Any]] = ({},)) -> Callable[[Callable[..., pd.DataFrame]],
                                                                             Callable[..., pd.DataFrame]]:
    """Store a page table's all-district result per period, and read it back when the call asks for it.

    ``source`` is the metric source whose kinds feed the table. ``variants`` are the keyword arguments (besides
    the period and ``region_code``) whose results are stored; other arguments, one district, several periods
    or stale stored results run the query itself (kept as the wrapper's ``live``).
    """
    def wrap(live: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        view = PageView(name, live, (source,), period_arg, tuple(variants))
        PAGE_VIEWS[name] = view

        @functools.wraps(live)
        def read(engine: Engine, **kwargs: Any) -> pd.DataFrame:
            bound = view.signature.bind(engine, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.pop("engine", None)
            period = _single_period(arguments.pop(period_arg, None))
            region = arguments.pop("region_code", None)
            key = view.variant_key(arguments)
            if period is not None and region is None and key is not None and is_current(engine):
                return _read_page_table(engine, name, key, period)
            return live(engine, **kwargs)

        read.live = live  # type: ignore[attr-defined]
        return read

    return wrap


def _read_page_table(engine: Engine, name: str, variant: str, period: str) -> pd.DataFrame:
    """Return the stored table, or the query's answer for a period nothing was stored for (it has no data)."""
    with engine.connect() as conn:
        payload = conn.scalar(select(PAGE_TABLES.c.payload).where(
            PAGE_TABLES.c.name == name, PAGE_TABLES.c.variant == variant, PAGE_TABLES.c.period == period))
    if payload is None:
        view = PAGE_VIEWS[name]
        return view.live(engine, **{view.period_arg: period}, **json.loads(variant))
    return decode_frame(payload)


def encode_frame(frame: pd.DataFrame) -> str:
    """Return the JSON of a frame with its column types (pandas' table schema), for ``decode_frame``."""
    return frame.to_json(orient="table", index=False, date_format="iso", force_ascii=False)


def decode_frame(payload: str) -> pd.DataFrame:
    """Return the frame ``encode_frame`` stored, with its columns' types."""
    frame = pd.read_json(io.StringIO(payload), orient="table")
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


# ------------------------------------------------------------------------------------------------ metrics

def stored_metrics(engine: Engine, periods: Sequence[str], regions: Sequence[str] | None,
                   metrics: Sequence[str] | None) -> pd.DataFrame | None:
    """Return the stored metric rows asked for, in ``compute_metrics``' columns; None when they are not current."""
    from govdash.repository._frames import METRIC_COLUMNS
    from govdash.repository._sql import read_frame

    if not is_current(engine):
        return None
    m = METRIC_VALUES.c
    stmt = select(*(m[c] for c in METRIC_COLUMNS)).where(m.period.in_(list(periods)))
    if metrics is not None:
        stmt = stmt.where(m.metric.in_(list(metrics)))
    if regions is not None:
        stmt = stmt.where(m.region_code.in_(list(regions)))
    frame = read_frame(engine, stmt)
    return frame.astype({"value": "float64", "numerator": "float64", "denominator": "float64",
                         "record_count": "int64"})


# A period with records of a kind has at least this metric: the record count of that kind.
_PRESENCE_METRICS = ("evaluation.count", "service.item_count", "catalog.entry_count", "survey.responses")


def stored_periods(engine: Engine) -> set[str] | None:
    """Return the periods the stored metrics say have records (and their years), or None when not current.

    Reading four metrics through the (metric, period) index replaces a DISTINCT over every record table.
    """
    if not is_current(engine):
        return None
    m = METRIC_VALUES.c
    with engine.connect() as conn:
        return set(conn.scalars(select(m.period).where(m.metric.in_(_PRESENCE_METRICS)).distinct()))
