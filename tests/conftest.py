"""Shared fixtures: a fresh database per test, settings pointed at it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from govdash.core import config, db

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"

# `make test-pg` sets this to a throwaway PostgreSQL database; every test then gets an emptied schema there.
PG_URL = os.environ.get("GOVDASH_TEST_DATABASE_URL")


def _reset_postgres(url: str) -> None:
    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(autouse=True)
def _settings_read_afresh() -> Iterator[None]:
    """Forget the cached settings after each test, before its patched environment is restored.

    A test that sets a ``GOVDASH_*`` variable and reads the settings after clearing them would otherwise leave
    its values cached for the tests that follow (a 5-working-day rule, say).
    """
    yield
    config.get_settings.cache_clear()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new empty database for this test (a SQLite file, or PostgreSQL under `make test-pg`).

    The settings and the shared engine point at it.
    """
    if PG_URL:
        _reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'govdash.db'}"
    monkeypatch.setenv("GOVDASH_DATABASE_URL", url)
    config.get_settings.cache_clear()
    db.dispose_engines()
    yield url
    # Pooled connections would keep the SQLite file open, and PostgreSQL cannot drop a schema under them.
    db.dispose_engines()
    config.get_settings.cache_clear()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a migrated, empty database."""
    eng = db.get_engine(database_url)
    db.upgrade_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the empty database (not committed unless the test commits)."""
    with Session(engine, expire_on_commit=False) as sess:
        yield sess


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and exported files for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def demo_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo database built from ``data/sample``, once per test session.

    Page and browser tests only read it; tests that write make their own copy (``shutil.copy``).
    """
    from govdash.services.demo import build_demo_database

    path = tmp_path_factory.mktemp("demo") / "govdash-demo.db"
    engine = db.make_engine(f"sqlite:///{path}")
    build_demo_database(engine)
    engine.dispose()
    return path


@pytest.fixture
def demo_database_url(demo_database_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the settings and the shared engine at the session's demo database."""
    url = f"sqlite:///{demo_database_file}"
    monkeypatch.setenv("GOVDASH_DATABASE_URL", url)
    config.get_settings.cache_clear()
    db.dispose_engines()
    yield url
    db.dispose_engines()
    config.get_settings.cache_clear()
