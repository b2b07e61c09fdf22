"""Undoing an upload batch.

Its records are deleted and the batch marked undone in one transaction; then the stored results are refreshed
for the periods it held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from govdash.core import models
from govdash.core.db import is_lock_conflict
from govdash.domain import vocab
from govdash.domain.kinds import get_kind
from govdash.ingest.batches import ACTIVE, BATCHES
from govdash.ingest.scope import DataScope, batch_refusal, batch_regions, outside
from govdash.ingest.writer import region_references, table_of
from govdash.services import refresh


@dataclass
class UndoResult:
    """The outcome of undoing a batch."""

    status: str  # "undone" | "refused" | "not_found" | "busy"
    batch_id: int
    kind: str | None = None
    rows_deleted: int = 0
    periods: list[str] = field(default_factory=list)
    message: str = ""
    scope_regions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the batch was undone."""
        return self.status == "undone"


def undo_batch(engine: Engine, batch_id: int, *, user: str = "system",
               scope: DataScope | None = None) -> UndoResult:
    """Delete a batch's rows and mark it undone, in one transaction; then refresh the stored results.

    When another import holds the database past the busy timeout, nothing is deleted (status ``busy``). With a
    ``scope``, a batch holding records of regions outside it is refused (``scope_regions`` names them).
    """
    try:
        return _undo(engine, batch_id, user, scope)
    except DBAPIError as exc:
        if not is_lock_conflict(exc):
            raise
        return UndoResult("busy", batch_id,
                          message="数据库正被另一项导入占用,请稍后重试(本次撤销未删除任何数据)。")


def _undo(engine: Engine, batch_id: int, user: str, scope: DataScope | None) -> UndoResult:
    with engine.begin() as conn:
        row = conn.execute(select(BATCHES).where(BATCHES.c.id == batch_id)).mappings().first()
        if row is None:
            return UndoResult("not_found", batch_id, message=f"没有编号为 {batch_id} 的导入批次")
        refusal = _undo_refusal(conn, row)
        if refusal:
            return UndoResult("refused", batch_id, kind=row["kind"], message=refusal)
        foreign = outside(scope, batch_regions(conn, row["kind"], [batch_id])) if scope is not None else {}
        if scope is not None and foreign:
            return UndoResult("refused", batch_id, kind=row["kind"], scope_regions=list(foreign),
                              message=batch_refusal(scope, batch_id, foreign, operation="撤销"))
        table = table_of(get_kind(row["kind"]).model)
        deleted = conn.execute(delete(table).where(table.c.batch_id == batch_id)).rowcount
        conn.execute(update(BATCHES).where(BATCHES.c.id == batch_id).values(
            status="undone", undone_at=models.utcnow(), undone_by=user))
    periods = row["periods"].split(",") if row["periods"] else []
    message = f"已撤销批次 #{batch_id}({row['file_name']}),删除 {deleted} 条记录。"
    if row["replaces_batch_id"] is not None:
        message += (f"注意:撤销不会恢复被它替换的批次 #{row['replaces_batch_id']} 的数据;"
                    "如需恢复,请重新导入原文件。")
    refresh.batches_changed(engine, row["kind"], [batch_id], periods)
    return UndoResult("undone", batch_id, kind=row["kind"], rows_deleted=deleted, periods=periods, message=message)


def _undo_refusal(conn: Connection, row) -> str | None:
    status = row["status"]
    if status != ACTIVE:
        label = vocab.BATCH_STATUS_LABELS.get(status, status)
        return f"批次 #{row['id']} 的状态是“{label}”,只能撤销有效的批次"
    if row["kind"] == "regions":
        table = table_of(models.Region)
        codes = list(conn.scalars(select(table.c.code).where(table.c.batch_id == row["id"])))
        used = region_references(conn, codes)
        if used:
            shown = "、".join(used[:10]) + ("等" if len(used) > 10 else "")
            return (f"不能撤销行政区划批次 #{row['id']}:区划 {shown} 仍被其他数据引用;"
                    "请先撤销引用这些区划的数据批次")
    return None
