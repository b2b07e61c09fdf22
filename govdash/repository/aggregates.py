"""Pre-aggregated 好差评 counts: ``evaluation_tally`` per (period, region, batch), refreshed when batches change.

The metric queries sum the tally (one row per district and batch in a quarter) instead of grouping the
records (millions in a quarter). After an import, a replacement or an undo of 好差评,
``govdash.repository.stored_refresh`` rebuilds it for the periods the batches touched
(before it recomputes the stored metrics from the tally); nothing is rebuilt when a page is viewed. The tally is only read while it is known to be complete: its
watermark is the newest 好差评 batch it has seen, and a newer batch (written by something that bypassed the
refresh) sends the queries back to the records until the next refresh catches up.
"""

from __future__ import annotations

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection, Engine

from govdash.core.models import (
    OUTCOME_COUNTS,
    AggregateState,
    EvaluationTally,
    UploadBatch,
)
from govdash.ingest.cells import CELL_TABLES
from govdash.repository._sql import table_of

TALLY = table_of(EvaluationTally)
STATE = table_of(AggregateState)
TALLY_NAME = "evaluation_tally"
EVALUATION_KIND = "evaluations"
TALLY_COUNTS = OUTCOME_COUNTS

# The cells (``EvaluationCell``, ``EvaluationMonthCell``): counts per batch, finer than the tally, from which the
# tally, the 好差评 page tables and the coverage metrics are summed. Current under the same rule as the tally.
CELLS, MONTH_CELLS = CELL_TABLES
CELL_NAME = "evaluation_cell"

_BATCHES = table_of(UploadBatch).c


def _newest_batch(conn: Connection) -> int:
    """Id of the newest 好差评 batch ever written (0 when none)."""
    return int(conn.scalar(select(func.max(_BATCHES.id)).where(_BATCHES.kind == EVALUATION_KIND)) or 0)


def _watermark(conn: Connection, name: str = TALLY_NAME) -> int | None:
    mark = conn.scalar(select(STATE.c.batch_watermark).where(STATE.c.name == name))
    return None if mark is None else int(mark)


def tally_is_current(engine: Engine) -> bool:
    """Tell whether ``evaluation_tally`` reflects every 好差评 batch written so far."""
    with engine.connect() as conn:
        mark = _watermark(conn)
        return mark is not None and mark == _newest_batch(conn)


def cells_are_current(engine: Engine) -> bool:
    """Tell whether the cells hold every 好差评 batch written so far, each counted from its present records."""
    with engine.connect() as conn:
        mark = _watermark(conn, CELL_NAME)
        return mark is not None and mark == _newest_batch(conn)




def summed_counts(table: Table) -> list:
    """Return the outcome counts of a tally or cell table, summed and labelled as the record queries label them."""
    return [func.sum(table.c[name]).label(name) for name in TALLY_COUNTS]
