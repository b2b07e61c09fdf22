import pytest
from sqlalchemy import inspect, text

from govdash import db
from govdash.periods import format_month, format_period, parse_period, period_bounds, previous_period

pytestmark = pytest.mark.pg


def test_db_schema_created_through_migrations(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"region", "upload_batch", "evaluation", "service_item", "catalog_entry", "survey_answer",
            "reported_value", "data_demand", "data_responsibility", "department", "alembic_version"} <= tables


def test_db_sqlite_pragmas_wal_foreign_keys_busy_timeout(engine):
    if not db.is_sqlite(str(engine.url)):
        pytest.skip("SQLite pragmas only")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_db_models_match_migrations(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import govdash.models  # noqa: F401

    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_db_upgrade_is_idempotent(engine):
    db.upgrade_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_periods_parse_and_format():
    assert parse_period("2025q3") == "2025Q3"
    assert parse_period("2025年第3季度") == "2025Q3"
    assert parse_period("2025年") == "2025"
    assert previous_period("2025Q1") == "2024Q4"
    assert previous_period("2025") == "2024"
    assert period_bounds("2025Q4")[1].isoformat() == "2025-12-31"
    assert period_bounds("2024Q1")[1].isoformat() == "2024-03-31"
    assert format_period("2025Q3") == "2025年第3季度"
    assert format_month("2025-03") == "2025年3月"
