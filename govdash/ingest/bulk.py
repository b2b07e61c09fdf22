"""Bulk writes of validated rows through the database driver, inside the import's transaction.

SQLAlchemy's ``insert()`` with a list of dicts spends more time building and processing each row's parameters
than SQLite spends storing it. Here each column is turned into the driver's values in one vectorised step
(the text SQLAlchemy itself would store: ``2025-03-05 10:21:00.000000`` for a time, ``2025-03-05`` for a date,
0/1 for a flag), and the rows go to the driver as plain tuples: one ``executemany`` per chunk on SQLite, one
``COPY ... FROM STDIN`` on PostgreSQL. The rows stored are the same as through ``insert()``.

On SQLite, a table that is empty when the import starts has its secondary indexes dropped before the first
chunk and built again, from the sorted rows, before the commit: much cheaper than updating six B-trees row by
row. Both happen inside the import's transaction, so a rejected or failed import rolls them back with the rows
(readers keep seeing the committed table and its indexes throughout, as WAL gives them a snapshot).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, Date, DateTime, Table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


def column_values(values: pd.Series, column_type: Any) -> list:
    """Return one column as the driver's values: None for missing, text for times and dates, 0/1 for flags."""
    if isinstance(column_type, DateTime) or values.dtype.kind == "M":
        return _datetime_text(values)
    if isinstance(column_type, Date):
        return _date_text(values)
    if isinstance(column_type, Boolean):
        return _flag_values(values)
    if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) and values.dtype.kind in "iub":
        return values.astype(object).where(values.notna(), None).tolist()
    if values.dtype.kind == "f":
        return values.astype(object).where(values.notna(), None).tolist()
    if values.dtype.kind in "iub":
        return values.tolist()
    return values.astype(object).where(values.notna(), None).tolist()


def column_defaults(table: Table, omitted: Sequence[str]) -> dict[str, Any]:
    """Values of the omitted columns that have a Python-side default (what ``insert()`` would have filled in)."""
    values: dict[str, Any] = {}
    for name in omitted:
        default = table.c[name].default
        if default is None or not hasattr(default, "arg"):
            continue
        if default.is_scalar:
            values[name] = default.arg
        elif default.is_callable:
            values[name] = default.arg(None)  # type: ignore[operator]
    return values


def frame_defaults(table: Table, frame: pd.DataFrame) -> dict[str, Any]:
    """Defaults of the table's columns that ``frame`` lacks (besides the id and the batch set by the writer)."""
    return column_defaults(table, [c.name for c in table.columns
                                   if c.name not in frame.columns and c.name not in {"id", "batch_id"}])


def _flag_values(values: pd.Series) -> list:
    """0/1 for a flag, None for a missing one; a column of plain booleans is converted without a Python loop."""
    if pd.api.types.infer_dtype(values, skipna=True) == "boolean":
        present = values.notna().to_numpy()
        flags = values.to_numpy(dtype=object)
        out = np.full(len(flags), None, dtype=object)
        out[present] = 0
        out[np.flatnonzero(present)[flags[present] == True]] = 1  # noqa: E712 (element-wise, on objects)
        return out.tolist()
    return [None if v is None or v is pd.NA or v != v else int(bool(v)) for v in values.tolist()]


def _datetime_text(values: pd.Series) -> list:
    moments = pd.to_datetime(values).astype("datetime64[us]").to_numpy()
    present = ~np.isnat(moments)
    out = np.full(len(moments), None, dtype=object)
    if present.any():
        text = np.datetime_as_string(moments[present], unit="us")
        out[present] = [t.replace("T", " ") for t in text.tolist()]
    return out.tolist()


def _date_text(values: pd.Series) -> list:
    if values.dtype.kind == "M":
        return [None if t is None else t[:10] for t in _datetime_text(values)]
    return [None if v is None or v is pd.NaT or v != v else v.isoformat()[:10] for v in values.tolist()]


@dataclass(frozen=True)
class StoredRows:
    """A chunk's rows as the driver takes them, with the columns they fill (in order)."""

    columns: list[str]
    rows: Iterator[tuple]


def stored_rows(table: Table, frame: pd.DataFrame, batch_id: int) -> StoredRows:
    """Return the rows of ``frame`` to insert into ``table`` for a batch: its columns, then batch and defaults."""
    extra = {"batch_id": batch_id, **frame_defaults(table, frame)}
    skipped = {"id", *extra}
    columns = [*(c.name for c in table.columns if c.name in frame.columns and c.name not in skipped), *extra]
    return StoredRows(columns, driver_rows(table, columns, frame, extra))


def driver_rows(table: Table, columns: Sequence[str], frame: pd.DataFrame,
                extra: dict[str, Any]) -> Iterator[tuple]:
    """Return the frame's rows as tuples in ``columns`` order; ``extra`` gives the values the frame lacks.

    The tuples are made as the driver takes them: a list of them all costs memory and a little time.
    """
    lists = []
    for name in columns:
        if name in extra:
            value = column_values(pd.Series([extra[name]], dtype=object), table.c[name].type)[0]
            lists.append([value] * len(frame))
        else:
            lists.append(column_values(frame[name], table.c[name].type))
    return zip(*lists, strict=True)


class BulkInsert:
    """Appends rows of one table's columns through the driver of the import's connection."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        self.conn = conn
        self.table = table
        self.columns = list(columns)
        self.dialect = conn.dialect.name
        names = ", ".join(self._quoted(c) for c in self.columns)
        if self.dialect == "postgresql":
            self.statement = f"COPY {self._quoted(table.name)} ({names}) FROM STDIN"
        else:
            marks = ", ".join([self._mark()] * len(self.columns))
            self.statement = f"INSERT INTO {self._quoted(table.name)} ({names}) VALUES ({marks})"

    def _quoted(self, name: str) -> str:
        return self.conn.dialect.identifier_preparer.quote(name)

    def _mark(self) -> str:
        return "?" if self.conn.dialect.paramstyle == "qmark" else "%s"

    def rows(self, frame: pd.DataFrame, extra: dict[str, Any]) -> Iterator[tuple]:
        """Return the frame's rows as tuples in ``columns`` order; ``extra`` gives columns the frame lacks."""
        return driver_rows(self.table, self.columns, frame, extra)

    def insert(self, rows: Iterable[tuple]) -> None:
        """Send the rows; a driver error comes back as SQLAlchemy's (``IntegrityError`` for a broken constraint)."""
        dbapi = self.conn.connection.dbapi_connection
        assert dbapi is not None
        cursor = dbapi.cursor()
        try:
            if self.dialect == "postgresql":
                with cursor.copy(self.statement) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.statement, cast(Any, rows))  # sqlite3 takes any iterable of rows
        except self.conn.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(self.statement, None, exc, self.conn.dialect.loaded_dbapi.Error) from exc
        finally:
            cursor.close()


class DeferredIndexes:
    """Drop a table's secondary indexes for a bulk load into it, and build them again (SQLite only).

    Only the indexes created with ``CREATE INDEX`` are dropped; those behind a ``UNIQUE`` or primary key
    constraint stay, so duplicates are still refused as each row is inserted.
    """

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn = conn
        self.table = table
        self.dropped: list[tuple[str, str]] | None = None

    @staticmethod
    def applies(conn: Connection) -> bool:
        """Tell whether indexes can be deferred here: SQLite, inside an open transaction."""
        if conn.dialect.name != "sqlite":
            return False
        driver = conn.connection.dbapi_connection
        return bool(getattr(driver, "in_transaction", False))

    def drop(self) -> None:
        """Drop the secondary indexes (remembering how to build them); only the first call does anything."""
        if self.dropped is not None:
            return
        self.dropped = []
        rows = self.conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (self.table.name,)).all()
        for name, sql in rows:
            self.conn.exec_driver_sql(f"DROP INDEX {self.conn.dialect.identifier_preparer.quote(name)}")
            self.dropped.append((name, sql))

    def restore(self) -> None:
        """Build the dropped indexes again, from the rows now in the table."""
        for _name, sql in self.dropped or []:
            self.conn.exec_driver_sql(sql)
        self.dropped = None
