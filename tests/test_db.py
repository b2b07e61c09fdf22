import pytest
from sqlalchemy import inspect, text

from govdash.core import db
from govdash.core.periods import format_month, format_period, parse_period, period_bounds, previous_period

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

    import govdash.core.models  # noqa: F401

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


def test_db_upgrade_from_0013_keeps_rows_and_widens_region_codes(database_url):
    from alembic import command

    eng = db.get_engine(database_url)
    command.upgrade(db.alembic_config(eng), "0013")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO upload_batch (id, kind, file_name, sha256, uploader, created_at, status, "
                          "rows_total, rows_written, rows_rejected, warnings) VALUES (1, 'regions', 'r.csv', "
                          "'x', 'system', '2025-01-01', 'active', 2, 2, 0, 0)"))
        conn.execute(text("INSERT INTO region (code, name, level, parent_code, batch_id) VALUES "
                          "('990100', '示例市', 'city', NULL, 1), ('990101', '滨江区', 'district', '990100', 1)"))
        conn.execute(text("INSERT INTO reported_value (batch_id, region_code, period, indicator_code, value) "
                          "VALUES (1, '990101', '2025', 'x', 1.5)"))
    db.upgrade_schema(eng)
    with eng.begin() as conn:
        regions = conn.execute(text("SELECT code, parent_code, peer_group FROM region ORDER BY code")).all()
        assert [tuple(r) for r in regions] == [("990100", None, None), ("990101", "990100", None)]
        assert conn.execute(text("SELECT region_code, value FROM reported_value")).one() == ("990101", 1.5)
        conn.execute(text("INSERT INTO region (code, name, level, parent_code, peer_group) VALUES "
                          "('990101001', '江滨街道', 'street', '990101', '中心城区')"))
        conn.execute(text("INSERT INTO reported_value (batch_id, region_code, period, indicator_code, value) "
                          "VALUES (1, '990101001', '2025', 'x', 2.0)"))
    inspector = inspect(eng)
    widths = {(t, c["name"]): c["type"].length for t in ("region", "evaluation", "metric_value")
              for c in inspector.get_columns(t) if c["name"] in ("code", "region_code", "parent_code")}
    assert set(widths.values()) == {12}
    if db.is_sqlite(database_url):
        with eng.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    eng.dispose()
