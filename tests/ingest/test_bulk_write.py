"""Rows written through the driver (``govdash.ingest.bulk``) are stored as SQLAlchemy's ``insert()`` stores them.

The import keeps its promises with the faster writes: the same stored values, every index back after a bulk
load into an empty table, nothing changed (indexes included) when an import is rejected after writing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from govdash.core import config, db, models
from govdash.ingest.bulk import BulkInsert
from govdash.services.imports import import_file
from tests.ingest.conftest import csv_bytes, table_counts

HEADER = "评价编号,区县代码,评价渠道,评价等级,是否实名,评价时间,评价内容,整改完成时间,回访时间,整体满意度"
ROWS = [
    "HP001,990101,窗口,非常满意,是,2025-03-05 10:21,办理很快,,,5",
    "HP002,990102,移动端,不满意,否,2025/3/7,材料要求不清楚,2025-03-20 09:00:30,2025-03-21,2",
    "HP003,990101,PC端,4,,2025年3月8日,,,,",
    "HP004,990102,短信,非常不满意,是,2025-03-10 08:00:00.250000,等待时间长,2025-04-30,,1",
]
EVALUATIONS = models.Evaluation.__table__  # type: ignore[attr-defined]


def _indexes(engine: Engine, table: str) -> list[tuple]:
    return sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspect(engine).get_indexes(table))


def _raw_rows(engine: Engine) -> list[tuple]:
    """The stored cells as the database holds them (SQLite: the text of times and dates, 0/1 for flags)."""
    columns = [c.name for c in EVALUATIONS.columns if c.name not in {"id", "batch_id"}]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM evaluation ORDER BY eval_no")]


def test_bulk_write_stores_what_core_insert_stores(regions, engine: Engine, tmp_path: Path):
    result = import_file(engine, "evaluations", csv_bytes(HEADER, ROWS), file_name="e.csv")
    assert result.status == "imported", result.report.to_frame()
    with engine.connect() as conn:
        typed = [dict(r) for r in conn.execute(select(EVALUATIONS).order_by(EVALUATIONS.c.eval_no)).mappings()]
        batches = [dict(r) for r in conn.execute(select(models.UploadBatch.__table__)).mappings()]  # type: ignore[attr-defined]
        stored_regions = [dict(r) for r in conn.execute(select(models.Region.__table__)).mappings()]  # type: ignore[attr-defined]
    other = db.make_engine(f"sqlite:///{tmp_path / 'core.db'}")
    db.upgrade_schema(other)
    with other.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=OFF"))
        conn.execute(insert(models.UploadBatch.__table__), batches)  # type: ignore[attr-defined]
        conn.execute(insert(models.Region.__table__), stored_regions)  # type: ignore[attr-defined]
        conn.execute(insert(EVALUATIONS), typed)
    try:
        if engine.dialect.name == "sqlite":
            assert _raw_rows(engine) == _raw_rows(other)
        with other.connect() as conn:
            again = [dict(r) for r in conn.execute(select(EVALUATIONS).order_by(EVALUATIONS.c.eval_no)).mappings()]
        assert again == typed
    finally:
        other.dispose()
    first = typed[0]
    assert first["evaluated_at"].isoformat() == "2025-03-05T10:21:00" and first["real_name"] is True
    assert typed[3]["evaluated_at"].microsecond == 250000 and typed[3]["rectified_on_time"] is False
    assert typed[2]["real_name"] is None and typed[2]["sub_overall"] is None


_LOADED = ("evaluation", "evaluation_cell", "evaluation_month_cell")


def test_bulk_load_into_empty_table_keeps_every_index(regions, engine: Engine):
    before = {table: _indexes(engine, table) for table in _LOADED}
    assert len(before["evaluation"]) >= 5 and len(before["evaluation_cell"]) >= 4
    result = import_file(engine, "evaluations", csv_bytes(HEADER, ROWS), file_name="e.csv")
    assert result.status == "imported", result.report.to_frame()
    assert {table: _indexes(engine, table) for table in _LOADED} == before
    # A second file goes into tables that already hold rows: the indexes are kept as they are.
    more = import_file(engine, "evaluations", csv_bytes(HEADER, ["HP005,990101,窗口,5,是,2025-03-11,,,,"]),
                       file_name="f.csv")
    assert more.status == "imported" and {table: _indexes(engine, table) for table in _LOADED} == before
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM evaluation")) == 5
        assert conn.scalar(text("SELECT sum(evaluations) FROM evaluation_cell")) == 5
        assert conn.scalar(text("SELECT sum(evaluations) FROM evaluation_month_cell")) == 5


def test_rejected_bulk_load_after_written_chunks_keeps_indexes_and_rows(regions, engine: Engine,
                                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GOVDASH_IMPORT_CHUNK_ROWS", "2")
    config.get_settings.cache_clear()
    indexes, counts = _indexes(engine, "evaluation"), table_counts(engine)
    rows = [*ROWS, "HP900,990101,窗口,9,是,2025-03-05,,,,"]
    result = import_file(engine, "evaluations", csv_bytes(HEADER, rows), file_name="bad.csv")
    assert result.status == "rejected" and [(i.row, i.column) for i in result.report.errors] == [(6, "评价等级")]
    assert _indexes(engine, "evaluation") == indexes
    assert table_counts(engine) == counts


def test_bulk_insert_reports_a_broken_constraint_as_integrity_error(regions, engine: Engine):
    result = import_file(engine, "evaluations", csv_bytes(HEADER, ROWS[:1]), file_name="e.csv")
    with engine.connect() as conn, conn.begin():
        writer = BulkInsert(conn, EVALUATIONS, ["eval_no", "region_code", "channel", "rating", "evaluated_at",
                                                "period", "month", "batch_id"])
        row = ("HP001", "990101", "window", 5, "2025-03-05 10:21:00.000000", "2025Q1", "2025-03", result.batch_id)
        with pytest.raises(IntegrityError) as caught:
            writer.insert([row])
    assert "eval_no" in str(caught.value.orig) or "unique" in str(caught.value.orig).lower()
