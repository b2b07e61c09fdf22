"""On PostgreSQL the import writes its rows with COPY, and stores the same rows as on SQLite.

Runs under ``make test-pg`` (``GOVDASH_TEST_DATABASE_URL`` set); skipped otherwise. The sample's regions, service
items, 好差评 and long survey go through ``import_file`` into both databases.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from govdash.core import db, models
from govdash.services.imports import import_file
from tests.conftest import PG_URL, ROOT

pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(not PG_URL, reason="GOVDASH_TEST_DATABASE_URL 未设置:没有 PostgreSQL 可比较"),
]

SAMPLE = ROOT / "data" / "sample"
FILES = [("regions", "regions.csv"), ("service-items", "service_items.csv.gz"),
         ("evaluations", "evaluations.csv.gz"), ("surveys", "survey_a_long.csv.gz")]
TABLES = {models.Evaluation: "eval_no", models.ServiceItem: ("period", "code"),
          models.SurveyAnswer: ("survey_code", "response_code", "question_code")}


def _import_sample(engine: Engine) -> dict[str, int]:
    written = {}
    for kind, name in FILES:
        result = import_file(engine, kind, SAMPLE / name, file_name=name, max_bytes=1 << 30)
        assert result.status == "imported", result.report.to_frame()
        written[name] = result.rows_written
    return written


def _stored(engine: Engine, model: type, key: str | tuple[str, ...]) -> list[dict]:
    table = model.__table__  # type: ignore[attr-defined]
    keys = (key,) if isinstance(key, str) else key
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(*(table.c[k] for k in keys))).mappings().all()
    return [{k: v for k, v in row.items() if k not in {"id", "batch_id"}} for row in rows]


def test_postgres_import_copies_the_rows_sqlite_stores(engine: Engine, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    assert engine.dialect.name == "postgresql"
    copies: list[str] = []
    real_copy = psycopg.Cursor.copy

    def counted_copy(self, statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        copies.append(str(statement))
        return real_copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", counted_copy)
    pg_written = _import_sample(engine)
    monkeypatch.setattr(psycopg.Cursor, "copy", real_copy)
    assert any(c.startswith('COPY evaluation ') for c in copies)
    assert any(c.startswith('COPY service_item ') for c in copies)

    lite = db.make_engine(f"sqlite:///{tmp_path / 'sample.db'}")
    db.upgrade_schema(lite)
    try:
        assert _import_sample(lite) == pg_written
        assert pg_written["evaluations.csv.gz"] > 10_000
        for model, key in TABLES.items():
            assert _stored(engine, model, key) == _stored(lite, model, key), model.__name__
    finally:
        lite.dispose()
