"""Record identity: duplicate ids inside a file, and ids already stored by another batch."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from govdash.domain.kinds import Kind
from govdash.ingest.convert import Chunk
from govdash.ingest.report import ValidationReport

_QUERY_ROWS = 2000


def key_label(kind: Kind, chunk: Chunk | None = None) -> str:
    """How the report names a kind's identity, e.g. ``评价编号`` or ``期间 + 目录编码``."""
    names = [chunk.label(k) if chunk and k in chunk.labels else _zh(kind, k) for k in kind.unique]
    return " + ".join(names)


def _zh(kind: Kind, key: str) -> str:
    try:
        return kind.column(key).zh
    except KeyError:
        return key


def key_text(key: Hashable) -> str:
    """Write a key as the user wrote it: ``HP001`` or ``2025Q4 / 990101-0001``."""
    return " / ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


def chunk_keys(kind: Kind, frame: pd.DataFrame) -> list[Hashable]:
    """Return each row's identity: the value for one-column keys, else a tuple (None if incomplete)."""
    if not kind.unique or any(k not in frame for k in kind.unique):
        return [None] * len(frame)
    if len(kind.unique) == 1:
        return frame[kind.unique[0]].tolist()
    columns = [frame[k].tolist() for k in kind.unique]
    return [None if any(p is None for p in key) else key for key in zip(*columns, strict=True)]


class FileKeys:
    """Remembers the first row of each id seen in the file, so that a repeat names both rows."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.first_row: dict[Hashable, int] = {}

    def check(self, chunk: Chunk, keys: list[Hashable], report: ValidationReport) -> None:
        """Report every row whose id already appeared earlier in the file."""
        label = key_label(self.kind, chunk)
        first_row = self.first_row
        for row, key in zip(chunk.rows.tolist(), keys, strict=True):
            if key is None:
                continue
            first = first_row.setdefault(key, row)
            if first != row:
                report.error(f"{label}“{key_text(key)}”与第 {first} 行重复", row=row, column=label,
                             value=key_text(key))


def stored_keys(conn: Connection, table: Table, kind: Kind, frame: pd.DataFrame,
                keys: list[Hashable]) -> dict[Hashable, Any]:
    """Ids of this chunk already in the table, with the batch holding each."""
    wanted = {k for k in keys if k is not None}
    if not wanted or not kind.unique:
        return {}
    found: dict[Hashable, Any] = {}
    present = frame[list(kind.unique)].dropna()
    for start in range(0, len(present), _QUERY_ROWS):
        part = present.iloc[start:start + _QUERY_ROWS]
        conditions = [table.c[k].in_(part[k].unique().tolist()) for k in kind.unique]
        columns = [table.c[k] for k in kind.unique]
        for row in conn.execute(select(*columns, table.c.batch_id).where(*conditions)):
            key = row[0] if len(kind.unique) == 1 else tuple(row[:-1])
            if key in wanted:
                found[key] = row[-1]
    return found


def table_is_empty(conn: Connection, table: Table) -> bool:
    """Tell whether the table holds no row (then no id can collide and lookups are skipped)."""
    return conn.execute(select(table.c.batch_id).limit(1)).first() is None
