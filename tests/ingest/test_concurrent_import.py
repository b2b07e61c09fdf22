"""Two writers at once: an import or undo that cannot get the database says so in Chinese and writes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core import config
from govdash.services.imports import import_file, list_batches, undo_batch
from tests.conftest import PG_URL
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, table_counts

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="holds a SQLite write lock from a second connection")

BUSY = "数据库正被另一项导入占用,请稍后重试"
EVALUATIONS = csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS)


@pytest.fixture
def database_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test database, with a busy timeout short enough that a held lock fails the import quickly."""
    monkeypatch.setenv("GOVDASH_SQLITE_BUSY_TIMEOUT_MS", "200")
    config.get_settings.cache_clear()
    return database_url


@contextmanager
def write_lock(database_url: str) -> Iterator[None]:
    """Hold the database's write lock from another connection, as a second import in progress does."""
    other = sqlite3.connect(make_url(database_url).database or "", timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_import_while_another_import_writes_is_refused_in_chinese_then_succeeds(regions, engine, database_url):
    before = table_counts(engine)
    with write_lock(database_url):
        blocked = import_file(engine, "evaluations", EVALUATIONS, file_name="好差评.csv")
        assert not blocked.ok
        assert blocked.message == f"{BUSY}(本次导入未写入任何数据)。"
        assert "locked" not in blocked.message
        assert blocked.batch_id is None
        assert table_counts(engine) == before
    assert table_counts(engine) == before

    retried = import_file(engine, "evaluations", EVALUATIONS, file_name="好差评.csv")
    assert retried.status == "imported", retried.message
    assert retried.rows_written == 3
    assert table_counts(engine)["evaluation"] == before["evaluation"] + 3


def test_validate_while_another_import_writes_still_checks_the_file(regions, engine, database_url):
    with write_lock(database_url):
        checked = import_file(engine, "evaluations", EVALUATIONS, file_name="好差评.csv", dry_run=True)
    assert checked.status == "dry_run", checked.message
    assert checked.rows_total == 3


def test_undo_while_another_import_writes_keeps_the_batch(regions, engine, database_url):
    done = import_file(engine, "evaluations", EVALUATIONS, file_name="好差评.csv")
    before = table_counts(engine)
    with write_lock(database_url):
        blocked = undo_batch(engine, done.batch_id or 0, user="评估员")
    assert not blocked.ok
    assert blocked.message == f"{BUSY}(本次撤销未删除任何数据)。"
    assert table_counts(engine) == before
    assert list_batches(engine).set_index("批次").loc[done.batch_id, "状态"] == "有效"

    assert undo_batch(engine, done.batch_id or 0, user="评估员").ok


def test_cli_import_while_another_import_writes_prints_the_chinese_message(database_url, engine, regions, tmp_path):
    path = tmp_path / "好差评.csv"
    path.write_bytes(EVALUATIONS)
    before = table_counts(engine)
    with write_lock(database_url):
        result = CliRunner().invoke(app, ["import", "evaluations", str(path), "--db", database_url])
    assert result.exit_code == 1
    assert f"{BUSY}(本次导入未写入任何数据)。" in result.output
    assert "database is locked" not in result.output
    assert table_counts(engine) == before
