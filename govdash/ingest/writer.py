"""Write validated rows inside the import's transaction, chunk by chunk (``govdash.ingest.bulk`` for the rows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Connection

from govdash.core import models
from govdash.ingest.bulk import BulkInsert, DeferredIndexes, frame_defaults, stored_rows
from govdash.ingest.cells import CELL_TABLES, CellCounter, count_chunk
from govdash.ingest.values import to_python

if TYPE_CHECKING:  # the writer is handed prepared chunks; prepare imports the rules, which import this module
    from govdash.ingest.prepare import PreparedChunk

_REGION_TABLE: Table = models.Region.__table__  # type: ignore[attr-defined]


def table_of(model: type) -> Table:
    """Return the core table behind a model class."""
    return model.__table__  # type: ignore[attr-defined]


def records(frame: pd.DataFrame, columns: list[str], batch_id: int) -> list[dict]:
    """Rows of ``frame`` as dicts of the given columns plus ``batch_id``, with None for missing values."""
    lists = [to_python(frame[c]) for c in columns]
    names = [*columns, "batch_id"]
    batch = [batch_id] * len(frame)
    return [dict(zip(names, row, strict=True)) for row in zip(*lists, batch, strict=True)]


class RowWriter:
    """Writes a kind's rows chunk by chunk; deletes the rows of batches being replaced.

    ``bulk_load``: the table was empty when the import began, so its secondary indexes are built once at the
    end instead of row by row (SQLite; see ``govdash.ingest.bulk``).
    """

    def __init__(self, conn: Connection, table: Table, batch_id: int, *, bulk_load: bool = False) -> None:
        self.conn = conn
        self.table = table
        self.batch_id = batch_id
        self.columns = [c.name for c in table.columns if c.name not in {"id", "batch_id"}]
        self.written = 0
        self.deferred = DeferredIndexes(conn, table) if bulk_load and DeferredIndexes.applies(conn) else None
        self._bulk: BulkInsert | None = None

    def replace_batch(self, old_batch_id: int) -> None:
        """Remove the rows of a batch this import replaces (before any colliding row is written)."""
        self.conn.execute(delete(self.table).where(self.table.c.batch_id == old_batch_id))

    def defaults(self, frame: pd.DataFrame) -> dict:
        """Values of the columns ``frame`` lacks that have a default (what ``insert()`` would fill in)."""
        return frame_defaults(self.table, frame)

    def write(self, prepared: PreparedChunk) -> None:
        """Insert one chunk."""
        frame = prepared.frame
        if frame.empty:
            return
        rows = stored_rows(self.table, frame, self.batch_id)
        if self._bulk is None or self._bulk.columns != rows.columns:
            self._bulk = BulkInsert(self.conn, self.table, rows.columns)
        if self.deferred is not None:
            self.deferred.drop()
        self._bulk.insert(rows.rows)
        self.written += len(frame)

    def finish(self) -> list[str]:
        """Complete the writes (build the deferred indexes); return problems found only now (Chinese messages)."""
        if self.deferred is not None:
            self.deferred.restore()
        return []


class EvaluationWriter(RowWriter):
    """Writes 好差评 and counts the batch's cells (``govdash.ingest.cells``) from the same chunks."""

    def __init__(self, conn: Connection, table: Table, batch_id: int, *, bulk_load: bool = False) -> None:
        super().__init__(conn, table, batch_id, bulk_load=bulk_load)
        self.cells = CellCounter()

    def replace_batch(self, old_batch_id: int) -> None:
        """Remove the replaced batch's records and its cells."""
        super().replace_batch(old_batch_id)
        for cell_table in CELL_TABLES:
            self.conn.execute(delete(cell_table).where(cell_table.c.batch_id == old_batch_id))

    def write(self, prepared: PreparedChunk) -> None:
        """Insert one chunk and add its cells (counted here when the preparer did not)."""
        super().write(prepared)
        frame = prepared.frame
        if not frame.empty:
            self.cells.add(prepared.cells or count_chunk(frame.assign(**self.defaults(frame))))

    def finish(self) -> list[str]:
        """Store the cells, then complete the writes."""
        self.cells.write(self.conn, self.batch_id)
        return super().finish()


class RegionWriter(RowWriter):
    """Regions refer to each other (上级代码), so they are written at the end, parents first.

    Replacing a regions batch updates the regions in place instead of deleting them, because records
    of other kinds point at them.
    """

    def __init__(self, conn: Connection, table: Table, batch_id: int) -> None:
        super().__init__(conn, table, batch_id)
        self.frames: list[pd.DataFrame] = []
        self.replaced: list[int] = []

    def replace_batch(self, old_batch_id: int) -> None:
        """Defer: the old regions are updated or removed in ``finish``."""
        self.replaced.append(old_batch_id)

    def write(self, prepared: PreparedChunk) -> None:
        """Keep the chunk until the whole file is known."""
        self.frames.append(prepared.frame)

    def finish(self) -> list[str]:
        """Update the regions kept from replaced batches, drop the others, insert the new ones parents first."""
        if not self.frames:
            return []
        frame = pd.concat(self.frames)
        columns = [c for c in self.columns if c in frame.columns]
        rows = records(frame, columns, self.batch_id)
        kept = self._stored_codes_of_replaced()
        for row in sorted((r for r in rows if r["code"] in kept), key=lambda r: r["code"]):
            self.conn.execute(update(self.table).where(self.table.c.code == row["code"]).values(**row))
        problems = self._drop_replaced({r["code"] for r in rows})
        fresh = [r for r in rows if r["code"] not in kept]
        for level in _parent_first(fresh):
            self.conn.execute(insert(self.table), level)
        self.written = len(rows)
        return problems

    def _stored_codes_of_replaced(self) -> set[str]:
        if not self.replaced:
            return set()
        query = select(self.table.c.code).where(self.table.c.batch_id.in_(self.replaced))
        return set(self.conn.scalars(query))

    def _drop_replaced(self, new_codes: set[str]) -> list[str]:
        if not self.replaced:
            return []
        stale = select(self.table.c.code).where(self.table.c.batch_id.in_(self.replaced),
                                                self.table.c.code.not_in(new_codes))
        stale_codes = list(self.conn.scalars(stale))
        used = region_references(self.conn, stale_codes)
        if used:
            return [f"新文件去掉了区划 {'、'.join(used[:10])},但仍有记录引用它们;请保留这些区划或先撤销相关数据"]
        if stale_codes:
            self.conn.execute(delete(self.table).where(self.table.c.code.in_(stale_codes)))
        return []


def _parent_first(rows: list[dict]) -> list[list[dict]]:
    """Split rows into levels so that each region's parent is inserted before it."""
    pending = {r["code"]: r for r in rows}
    levels: list[list[dict]] = []
    while pending:
        level = [r for r in pending.values() if r.get("parent_code") not in pending]
        if not level:  # a cycle: insert the rest together and let the database judge
            level = list(pending.values())
        levels.append(level)
        for row in level:
            pending.pop(row["code"])
    return levels


def region_references(conn: Connection, codes: list[str]) -> list[str]:
    """Which of ``codes`` are still used by records or by other regions as their parent."""
    if not codes:
        return []
    used: set[str] = set()
    for model in models.RECORD_TABLES:
        table = table_of(model)
        used.update(conn.scalars(select(table.c.region_code).where(table.c.region_code.in_(codes)).distinct()))
    children = select(_REGION_TABLE.c.parent_code).where(
        _REGION_TABLE.c.parent_code.in_(codes), _REGION_TABLE.c.code.not_in(codes)).distinct()
    used.update(conn.scalars(children))
    return sorted(used)
