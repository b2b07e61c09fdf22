"""Upload batches: recording them, finding duplicates, listing the history, and undoing a batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from govdash import models, vocab
from govdash.db import is_lock_conflict
from govdash.ingest.kinds import KINDS, get_kind
from govdash.ingest.scope import DataScope, batch_refusal, batch_regions, outside
from govdash.ingest.writer import region_references, table_of
from govdash.periods import period_sort_key
from govdash.ui.format import local_time

BATCHES = table_of(models.UploadBatch)
_ACTIVE = "active"


@dataclass(frozen=True)
class BatchInfo:
    """What the messages say about an earlier batch."""

    id: int
    file_name: str
    created_at: datetime
    status: str
    periods: str | None

    def describe(self) -> str:
        """``批次 #3(文件“a.csv”,2025年3月5日 18:21 导入)``, in Beijing time."""
        return f"批次 #{self.id}(文件“{self.file_name}”,{local_time(self.created_at)} 导入)"


def batch_info(conn: Connection, batch_id: int) -> BatchInfo | None:
    """Look up one batch."""
    row = conn.execute(select(BATCHES.c.id, BATCHES.c.file_name, BATCHES.c.created_at, BATCHES.c.status,
                              BATCHES.c.periods).where(BATCHES.c.id == batch_id)).first()
    return BatchInfo(*row) if row else None


def active_duplicate(conn: Connection, kind: str, sha256: str) -> BatchInfo | None:
    """Find the active batch of this kind that holds the very same file, if any."""
    batch_id = conn.scalar(select(BATCHES.c.id).where(
        BATCHES.c.kind == kind, BATCHES.c.sha256 == sha256, BATCHES.c.status == _ACTIVE).limit(1))
    return batch_info(conn, batch_id) if batch_id is not None else None


def create_batch(conn: Connection, **values: object) -> int:
    """Insert the batch record (its counts are filled in when the import completes)."""
    result = conn.execute(insert(BATCHES).values(status=_ACTIVE, created_at=models.utcnow(), **values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def join_periods(periods: set[str]) -> tuple[str | None, str | None]:
    """Return the batch's ``period`` (when single) and ``periods`` (all, in order, comma-separated)."""
    ordered = sorted(periods, key=period_sort_key)
    joined = ",".join(ordered)
    if len(joined) > 255:
        joined = joined[:252] + "..."
    return (ordered[0] if len(ordered) == 1 else None), (joined or None)


def mark_replaced(conn: Connection, old_ids: list[int]) -> None:
    """Mark the batches an import replaced."""
    if old_ids:
        conn.execute(update(BATCHES).where(BATCHES.c.id.in_(old_ids)).values(status="replaced"))


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
    from govdash.refresh import batches_changed

    batches_changed(engine, row["kind"], [batch_id], periods)
    return UndoResult("undone", batch_id, kind=row["kind"], rows_deleted=deleted, periods=periods, message=message)


def _undo_refusal(conn: Connection, row) -> str | None:
    status = row["status"]
    if status != _ACTIVE:
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


_LIST_COLUMNS = {
    "id": "批次", "kind": "数据类型", "file_name": "文件名", "status": "状态", "periods": "期间",
    "rows_written": "写入行数", "warnings": "警告数", "uploader": "上传人", "created_at": "上传时间(UTC)",
    "encoding": "编码", "sheet": "工作表", "replaces_batch_id": "替换的批次", "undone_at": "撤销时间(UTC)",
    "undone_by": "撤销人", "sha256": "SHA-256", "note": "备注",
}


def list_batches(engine: Engine, *, kind: str | None = None) -> pd.DataFrame:
    """Return the upload history, newest first, with Chinese column names and labels, ready to show."""
    query = select(*(BATCHES.c[name] for name in _LIST_COLUMNS)).order_by(BATCHES.c.id.desc())
    if kind is not None:
        query = query.where(BATCHES.c.kind == get_kind(kind).key)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=list(_LIST_COLUMNS))
    frame["kind"] = frame["kind"].map(lambda k: KINDS[k].label if k in KINDS else k)
    frame["status"] = frame["status"].map(lambda s: vocab.BATCH_STATUS_LABELS.get(s, s))
    frame["replaces_batch_id"] = frame["replaces_batch_id"].astype("Int64")
    return frame.rename(columns=_LIST_COLUMNS)
