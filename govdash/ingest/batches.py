"""Upload batches: recording them, finding duplicates and listing the history (undoing one is ``govdash.services.undo``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from govdash.core import models
from govdash.core.periods import period_sort_key
from govdash.domain import vocab
from govdash.domain.format import local_time
from govdash.domain.kinds import KINDS, get_kind
from govdash.ingest.writer import table_of

BATCHES = table_of(models.UploadBatch)
ACTIVE = "active"


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
        BATCHES.c.kind == kind, BATCHES.c.sha256 == sha256, BATCHES.c.status == ACTIVE).limit(1))
    return batch_info(conn, batch_id) if batch_id is not None else None


def create_batch(conn: Connection, **values: object) -> int:
    """Insert the batch record (its counts are filled in when the import completes)."""
    result = conn.execute(insert(BATCHES).values(status=ACTIVE, created_at=models.utcnow(), **values))
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
