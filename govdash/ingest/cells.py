"""The 好差评 cells of the batch being imported, counted from the very rows it writes.

A cell holds the outcome counts of one batch for one (period, region, service item, 实施部门), or for one (period,
month, channel, 实施部门): ``EvaluationCell`` and ``EvaluationMonthCell``. Counting them here, as each chunk is
written, costs a grouping of rows already in memory; counting them afterwards from the stored records costs a
sort of every record. The counts are those of ``govdash.repository.evaluations`` (好评 ≥ 4, 差评 ≤ 2, …) and
must stay equal to them: the tests compare the pages built from cells with the same pages counted from records.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from govdash.core.models import OUTCOME_COUNTS, EvaluationCell, EvaluationMonthCell
from govdash.domain import vocab
from govdash.ingest.bulk import BulkInsert, DeferredIndexes

CELL_KEYS = ["period", "region_code", "item_code", "department"]
MONTH_KEYS = ["period", "month", "channel", "department"]
CELL_TABLES: tuple[Table, ...] = (EvaluationCell.__table__, EvaluationMonthCell.__table__)  # type: ignore[attr-defined]
# Partial sums are merged once they hold this many rows, so that memory follows the cells, not the file.
_MERGE_ROWS = 400_000


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series(None, index=frame.index, dtype=object)


def _is_true(values: pd.Series) -> pd.Series:
    """``IS 1`` of SQL: true for a stored true flag only (never for a missing one)."""
    return values.astype(object).eq(True)


def outcome_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per record: 0/1 for each outcome the tally counts (``OUTCOME_COUNTS``), as the SQL counts them."""
    rating = pd.to_numeric(_column(frame, "rating"))
    good = rating >= vocab.GOOD_RATING_MIN
    bad = rating <= vocab.BAD_RATING_MAX
    rectified = _column(frame, "rectified_at").notna()
    called_back = _column(frame, "callback_at").notna()
    real_name = _is_true(_column(frame, "real_name"))
    verification = _column(frame, "verification").astype(object)
    appeal = _column(frame, "appeal_result").astype(object)
    unfounded = verification.isin(vocab.UNFOUNDED_VERIFICATIONS) & appeal.eq("upheld")
    flags: dict[str, pd.Series] = {
        "evaluations": pd.Series(1, index=frame.index),
        "good": good,
        "bad": bad,
        "bad_rectified": bad & rectified,
        "bad_on_time": bad & rectified & _is_true(_column(frame, "rectified_on_time")),
        "bad_called_back": bad & called_back,
        "active": ~_is_true(_column(frame, "is_default")),
        "bad_unfounded": bad & unfounded,
        "bad_real_name": bad & real_name,
        "bad_real_name_called_back": bad & real_name & called_back,
    }
    return pd.DataFrame({name: flags[name].astype("int8") for name in OUTCOME_COUNTS}, index=frame.index)


def _summed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.groupby(keys, dropna=False, sort=False, as_index=False)[list(OUTCOME_COUNTS)].sum()


@dataclass(frozen=True)
class CellParts:
    """The cells of one chunk: its partial sums per (period, region, item, 实施部门) and per (period, month, …)."""

    cells: pd.DataFrame
    months: pd.DataFrame


def count_chunk(frame: pd.DataFrame) -> CellParts:
    """Count the cells of one chunk (its columns as stored, defaults filled in); pure, so it runs where it reads."""
    keys = {name: _column(frame, name).astype(object) for name in {*CELL_KEYS, *MONTH_KEYS}}
    keyed = pd.concat([pd.DataFrame(keys, index=frame.index), outcome_counts(frame)], axis=1)
    return CellParts(_summed(keyed[[*CELL_KEYS, *OUTCOME_COUNTS]], CELL_KEYS),
                     _summed(keyed[[*MONTH_KEYS, *OUTCOME_COUNTS]], MONTH_KEYS))


class _Cells:
    """Partial sums of one kind of cell over the chunks written so far."""

    def __init__(self, table: Table, keys: list[str]) -> None:
        self.table = table
        self.keys = keys
        self.parts: list[pd.DataFrame] = []
        self.rows = 0
        self.merged = 0

    def add(self, part: pd.DataFrame) -> None:
        self.parts.append(part)
        self.rows += len(part)
        # Twice the merged rows at least: a city with more cells than _MERGE_ROWS is not merged at every chunk.
        if self.rows > max(_MERGE_ROWS, 2 * self.merged) and len(self.parts) > 1:
            self.parts = [self.total()]
            self.rows = self.merged = len(self.parts[0])

    def total(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=[*self.keys, *OUTCOME_COUNTS])
        return self.parts[0] if len(self.parts) == 1 else _summed(pd.concat(self.parts, ignore_index=True), self.keys)

    def write(self, conn: Connection, batch_id: int) -> int:
        """Insert the cells in key order; into a table still empty, with its indexes built afterwards.

        In key order, each index on (period, region, …) or (region, …) is filled nearly in order rather than
        at random places: at a province's 150,000 cells, half the time of the write.
        """
        cells = self.total()
        if cells.empty:
            return 0
        cells = cells.sort_values(self.keys, kind="stable", na_position="first", ignore_index=True)
        columns = [*self.keys, *OUTCOME_COUNTS]
        bulk = BulkInsert(conn, self.table, [*columns, "batch_id"])
        deferred = DeferredIndexes(conn, self.table) if DeferredIndexes.applies(conn) else None
        if deferred is not None and conn.execute(select(self.table.c.id).limit(1)).first() is None:
            deferred.drop()
        bulk.insert(bulk.rows(cells, {"batch_id": batch_id}))
        if deferred is not None:
            deferred.restore()
        return len(cells)


class CellCounter:
    """Sums the cells of one 好差评 batch chunk by chunk; ``write`` stores them in the import's transaction."""

    def __init__(self) -> None:
        self.cells = _Cells(CELL_TABLES[0], CELL_KEYS)
        self.months = _Cells(CELL_TABLES[1], MONTH_KEYS)

    def add(self, parts: CellParts) -> None:
        """Add the cells of one written chunk (``count_chunk``)."""
        self.cells.add(parts.cells)
        self.months.add(parts.months)

    def write(self, conn: Connection, batch_id: int) -> None:
        """Insert the batch's cells."""
        self.cells.write(conn, batch_id)
        self.months.write(conn, batch_id)
