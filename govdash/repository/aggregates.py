"""Pre-aggregated 好差评 counts: ``evaluation_tally`` per (period, region, batch), refreshed when batches change.

The metric queries sum the tally (one row per district and batch in a quarter) instead of grouping the
records (millions in a quarter). After an import, a replacement or an undo of 好差评,
``govdash.repository.materialized`` calls ``refresh_evaluation_tally`` for the periods the batches touched
(before it recomputes the stored metrics from the tally); nothing is rebuilt when a page is viewed. The tally is only read while it is known to be complete: its
watermark is the newest 好差评 batch it has seen, and a newer batch (written by something that bypassed the
refresh) sends the queries back to the records until the next refresh catches up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select

from govdash.models import AggregateState, Evaluation, EvaluationTally, UploadBatch, utcnow
from govdash.repository._sql import table_of

TALLY = table_of(EvaluationTally)
STATE = table_of(AggregateState)
TALLY_NAME = "evaluation_tally"
EVALUATION_KIND = "evaluations"
TALLY_COUNTS = ("evaluations", "good", "bad", "bad_rectified", "bad_on_time", "bad_called_back", "active",
                "bad_unfounded", "bad_real_name", "bad_real_name_called_back")

_BATCHES = table_of(UploadBatch).c
_RECORDS = table_of(Evaluation)


def _newest_batch(conn: Connection) -> int:
    """Id of the newest 好差评 batch ever written (0 when none)."""
    return int(conn.scalar(select(func.max(_BATCHES.id)).where(_BATCHES.kind == EVALUATION_KIND)) or 0)


def _watermark(conn: Connection) -> int | None:
    mark = conn.scalar(select(STATE.c.batch_watermark).where(STATE.c.name == TALLY_NAME))
    return None if mark is None else int(mark)


def tally_is_current(engine: Engine) -> bool:
    """Tell whether ``evaluation_tally`` reflects every 好差评 batch written so far."""
    with engine.connect() as conn:
        mark = _watermark(conn)
        return mark is not None and mark == _newest_batch(conn)


def _periods_to_refresh(conn: Connection, batch_ids: Sequence[int], periods: Iterable[str],
                        mark: int) -> set[str]:
    """Collect the periods named, those the tally holds for the batches, and those of batches after ``mark``.

    A batch's own period list may be cut short in ``upload_batch``; the tally and the records name them all.
    """
    wanted = set(periods)
    if batch_ids:
        wanted.update(conn.scalars(select(TALLY.c.period).where(TALLY.c.batch_id.in_(list(batch_ids))).distinct()))
    newer = select(_RECORDS.c.period).where(_RECORDS.c.batch_id > mark).distinct()
    wanted.update(conn.scalars(newer))
    return wanted


def _tally_select(periods: Sequence[str] | None) -> Select:
    """Group the records as the tally stores them (all periods, or only ``periods``)."""
    from govdash.repository.evaluations import E, outcome_counts

    stmt = (select(E.period, E.region_code, E.batch_id, *outcome_counts())
            .group_by(E.period, E.region_code, E.batch_id))
    return stmt if periods is None else stmt.where(E.period.in_(list(periods)))


def refresh_evaluation_tally(engine: Engine, batch_ids: Sequence[int] = (),
                             periods: Iterable[str] = ()) -> list[str] | None:
    """Rebuild the tally for the periods these batches touched, in one transaction.

    The first refresh (no watermark yet) builds the whole tally. Returns the periods rebuilt, sorted, or
    ``None`` for a full build.
    """
    with engine.begin() as conn:
        newest = _newest_batch(conn)
        mark = _watermark(conn)
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
        _set_watermark(conn, newest, exists=mark is not None)
    return rebuilt


def _set_watermark(conn: Connection, newest: int, *, exists: bool) -> None:
    values = {"batch_watermark": newest, "refreshed_at": utcnow()}
    if exists:
        conn.execute(update(STATE).where(STATE.c.name == TALLY_NAME).values(**values))
    else:
        conn.execute(insert(STATE).values(name=TALLY_NAME, **values))

