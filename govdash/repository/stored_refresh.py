"""Refreshing the stored results: the 好差评 tally, every metric and the page tables, after batches change.

``govdash.repository.materialized`` declares what is stored and reads it; this module computes it, from the
metric sources (``govdash.repository.metrics``) and the page tables the view modules declare. Keeping the two
apart keeps the imports one-way: the queries read stored rows through ``materialized`` and never import the
code that writes them. ``govdash.services.refresh`` calls ``refresh_after_change`` after every import, replacement, undo
and change of the working-day rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select

from govdash.core.models import Evaluation, utcnow
from govdash.core.periods import is_quarter, period_sort_key
from govdash.ingest.bulk import BulkInsert
from govdash.ingest.cells import CELL_KEYS, MONTH_KEYS
from govdash.ingest.events import EVERY_KIND

# The view modules declare their page tables (``stored_page_table``, ``builds_page_tables``) as they are
# imported; importing them here is what puts every table in a refresh.
from govdash.repository import catalog_views, evaluation_views, service_items, surveys  # noqa: F401
from govdash.repository._frames import METRIC_COLUMNS
from govdash.repository._sql import table_of
from govdash.repository.aggregates import (
    CELL_NAME,
    CELLS,
    EVALUATION_KIND,
    MONTH_CELLS,
    STATE,
    TALLY,
    TALLY_COUNTS,
    TALLY_NAME,
    _newest_batch,
    _watermark,
    summed_counts,
)
from govdash.repository.evaluations import E, outcome_counts
from govdash.repository.materialized import (
    _BATCHES,
    _BUILDERS,
    _DEPENDENTS,
    ALL_SOURCES,
    METRIC_VALUES,
    PAGE_TABLES,
    PAGE_VIEWS,
    _data_version,
    _Dependents,
    _save_version,
    _stored_version,
    _variant_key,
    encode_frame,
    forget,
)
from govdash.repository.metrics import SOURCES
from govdash.repository.regions import list_periods

# ------------------------------------------------------------------------------------------- 好差评 tally

_RECORDS = table_of(Evaluation)


def _periods_to_refresh(conn: Connection, batch_ids: Sequence[int], periods: Iterable[str],
                        mark: int) -> set[str]:
    """Collect the periods named, those the tally holds for the batches, and those of batches after ``mark``.

    A batch's own period list may be cut short in ``upload_batch``; the tally and the cells name them all.
    """
    wanted = set(periods)
    if batch_ids:
        wanted.update(conn.scalars(select(TALLY.c.period).where(TALLY.c.batch_id.in_(list(batch_ids))).distinct()))
    wanted.update(conn.scalars(select(CELLS.c.period).where(CELLS.c.batch_id > mark).distinct()))
    return wanted


_CELL_KEYS = ((CELLS, CELL_KEYS), (MONTH_CELLS, MONTH_KEYS))


def _count_cells(conn: Connection, batch_ids: Sequence[int]) -> None:
    """Count the cells of these batches from their records (a batch written around the import, or recounted)."""
    for table, keys in _CELL_KEYS:
        conn.execute(delete(table).where(table.c.batch_id.in_(list(batch_ids))))
        groups = [E[key] for key in keys]
        counted = (select(E.batch_id, *groups, *outcome_counts())
                   .where(E.batch_id.in_(list(batch_ids))).group_by(E.batch_id, *groups))
        conn.execute(insert(table).from_select(["batch_id", *keys, *TALLY_COUNTS], counted))


def sync_cells(conn: Connection, *, recount: bool = False) -> None:
    """Give every batch that has 好差评 records its cells, drop those of batches that have none, mark them current.

    The import stores its batch's cells with the records; a batch without cells (written around the import,
    stored before the cells existed, or whose deadlines were counted again) is counted from its records here,
    and so is every batch with ``recount``.
    """
    stored = set(conn.scalars(select(_RECORDS.c.batch_id).distinct()))
    with_cells = set(conn.scalars(select(CELLS.c.batch_id).distinct()))
    with_months = set(conn.scalars(select(MONTH_CELLS.c.batch_id).distinct()))
    complete = set() if recount else with_cells & with_months
    stale = (with_cells | with_months) - (stored & complete)
    missing = stored - complete
    for table, _keys in _CELL_KEYS:
        if stale - missing:
            conn.execute(delete(table).where(table.c.batch_id.in_(sorted(stale - missing))))
    if missing:
        _count_cells(conn, sorted(missing))
    _set_watermark(conn, _newest_batch(conn), CELL_NAME)


def _tally_select(periods: Sequence[str] | None) -> Select:
    """Sum the cells as the tally stores them (all periods, or only ``periods``)."""
    c = CELLS.c
    stmt = select(c.period, c.region_code, c.batch_id, *summed_counts(CELLS)).group_by(c.period, c.region_code, c.batch_id)
    return stmt if periods is None else stmt.where(c.period.in_(list(periods)))


def refresh_evaluation_tally(engine: Engine, batch_ids: Sequence[int] = (),
                             periods: Iterable[str] = (), *, recount: bool = False) -> list[str] | None:
    """Bring the cells in step with the records, then rebuild the tally for the periods these batches touched.

    One transaction. The first refresh (no watermark yet) builds the whole tally; ``recount`` counts every
    batch's cells from its records again (``rebuild``). Returns the periods rebuilt, sorted, or ``None`` for a
    full build.
    """
    with engine.begin() as conn:
        newest = _newest_batch(conn)
        mark = _watermark(conn)
        sync_cells(conn, recount=recount)
        columns = ["period", "region_code", "batch_id", *TALLY_COUNTS]
        if mark is None:
            conn.execute(delete(TALLY))
            conn.execute(insert(TALLY).from_select(columns, _tally_select(None)))
            rebuilt = None
        else:
            wanted = sorted(_periods_to_refresh(conn, batch_ids, periods, mark))
            if wanted:
                conn.execute(delete(TALLY).where(TALLY.c.period.in_(wanted)))
                conn.execute(insert(TALLY).from_select(columns, _tally_select(wanted)))
            rebuilt = wanted
        _set_watermark(conn, newest, TALLY_NAME)
    return rebuilt


def _set_watermark(conn: Connection, newest: int, name: str) -> None:
    values = {"batch_watermark": newest, "refreshed_at": utcnow()}
    if _watermark(conn, name) is not None:
        conn.execute(update(STATE).where(STATE.c.name == name).values(**values))
    else:
        conn.execute(insert(STATE).values(name=name, **values))


# ------------------------------------------------------------------------------------------------ metrics

def _with_years(periods: Iterable[str]) -> list[str]:
    """Return the periods and the years of their quarters (a year's metrics add up or pick from its quarters)."""
    wanted: set[str] = set()
    for period in periods:
        wanted.add(period)
        if is_quarter(period):
            wanted.add(period[:4])
    return sorted(wanted, key=period_sort_key)


def _periods_of_batches(conn: Connection, batch_ids: Sequence[int]) -> set[str]:
    """Return the periods whose stored metrics name one of these batches in their provenance."""
    found: set[str] = set()
    m = METRIC_VALUES.c
    for batch_id in batch_ids:
        pattern = f"%,{int(batch_id)},%"
        stmt = select(m.period).where(("," + m.batch_ids + ",").like(pattern)).distinct()
        found.update(conn.scalars(stmt))
    return found


def _periods_since(conn: Connection, newest_seen: int) -> set[str] | None:
    """Return the periods named by batches written after the last refresh; None when one does not name them all.

    A batch's list is cut short (ending in "...") when it is long, and a batch written around the import
    pipeline may name none.
    """
    rows = conn.execute(select(_BATCHES.period, _BATCHES.periods).where(_BATCHES.id > newest_seen)).all()
    found: set[str] = set()
    for period, periods in rows:
        named = [p for p in (periods or period or "").split(",") if p]
        if not named or any(p.endswith("...") for p in named):
            return None
        found.update(named)
    return found


def refresh(engine: Engine, kind: str | None = None, batch_ids: Sequence[int] = (),
            periods: Iterable[str] = ()) -> list[str]:
    """Recompute the stored metrics and page tables a change of ``kind`` batches can have touched.

    Without ``kind``, or when nothing was stored yet (or by another ``VERSION``), everything is rebuilt. Returns
    the periods recomputed. One transaction: readers see the old rows or the new ones.
    """
    with engine.connect() as conn:
        stored = _stored_version(conn)
        version = _data_version(conn)
    everything = kind is None or stored is None
    dependents = _DEPENDENTS.get(kind or "", _Dependents(ALL_SOURCES, every_period=True))
    sources = ALL_SOURCES if everything else dependents.sources
    known = list_periods(engine)
    if everything or dependents.every_period:
        targets = known
    else:
        with engine.connect() as conn:
            touched = set(periods) | _periods_of_batches(conn, batch_ids)
            unseen = _periods_since(conn, stored[0] if stored else 0)
        if unseen is None or any(p.endswith("...") for p in periods):
            touched = set(known)
        targets = _with_years(touched | (unseen or set()))
    chosen = [s for s in SOURCES if s.prefix in sources]
    # The page tables are read beside the metrics: SQLite leaves Python's lock while it runs a query, so the
    # two sets of queries share the machine's cores.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="govdash-page-tables") as pool:
        pending = pool.submit(_page_tables, engine, sources, targets)
        frames = [s.compute(engine, targets, None, None) for s in chosen] if targets else []
        tables = pending.result()
    names = [metric for s in chosen for metric in s.metrics]
    with engine.begin() as conn:
        if everything:
            conn.execute(delete(METRIC_VALUES))
            conn.execute(delete(PAGE_TABLES))
        elif targets:
            conn.execute(delete(METRIC_VALUES).where(METRIC_VALUES.c.period.in_(targets),
                                                     METRIC_VALUES.c.metric.in_(names)))
            views = [v.name for v in PAGE_VIEWS.values() if set(v.sources) & set(sources)]
            conn.execute(delete(PAGE_TABLES).where(PAGE_TABLES.c.period.in_(targets),
                                                   PAGE_TABLES.c.name.in_(views)))
        metric_rows = [frame[METRIC_COLUMNS] for frame in frames if not frame.empty]
        if metric_rows:
            # Through the driver, as the import writes: 60,000 rows of a province's quarter and year spent more
            # time in building each row's parameters than in storing it.
            writer = BulkInsert(conn, METRIC_VALUES, METRIC_COLUMNS)
            writer.insert(writer.rows(pd.concat(metric_rows, ignore_index=True), {}))
        if tables:
            conn.execute(insert(PAGE_TABLES), tables)
        _save_version(conn, version, exists=stored is not None)
    return targets


def rebuild(engine: Engine) -> list[str]:
    """Rebuild the 好差评 tally, every stored metric and every page table from the records; return the periods."""
    refresh_evaluation_tally(engine, periods=list_periods(engine), recount=True)
    try:
        return refresh(engine)
    except Exception:
        forget(engine)
        raise


def _page_tables(engine: Engine, sources: Sequence[str], periods: Sequence[str]) -> list[dict[str, Any]]:
    if not periods:
        return []
    wanted = {name for name, view in PAGE_VIEWS.items() if set(view.sources) & set(sources)}
    built: dict[tuple[str, str, str], pd.DataFrame] = {}
    for builder, names in _BUILDERS.values():
        if names & wanted:
            for name, variant, period, frame in builder(engine, periods):
                built[(name, _variant_key(variant), period)] = frame
    rows = []
    for name in sorted(wanted):
        view = PAGE_VIEWS[name]
        for period in periods:
            for variant in view.variants:
                key = (name, _variant_key(variant), period)
                frame = built[key] if key in built else view.live(engine, **{view.period_arg: period}, **variant)
                rows.append({"name": name, "variant": key[1], "period": period, "payload": encode_frame(frame)})
    return rows


def refresh_after_change(engine: Engine, kind: str, batch_ids: Sequence[int], periods: Sequence[str]) -> None:
    """Bring the 好差评 tally, the stored metrics and the page tables in step with a change of ``kind`` batches.

    ``EVERY_KIND`` (several changes announced as one) rebuilds everything.
    """
    if kind == EVERY_KIND:
        rebuild(engine)
        return
    if kind == EVALUATION_KIND:
        refresh_evaluation_tally(engine, batch_ids, periods)
    try:
        refresh(engine, kind, batch_ids, periods)
    except Exception:
        # The change is committed; without a state the next refresh rebuilds everything, and until then the
        # queries read the records.
        forget(engine)
        raise

