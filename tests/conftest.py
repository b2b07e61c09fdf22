"""Shared fixtures: a fresh database per test, settings pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from govdash import config, db

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new SQLite file for this test; the settings and the shared engine point at it."""
    url = f"sqlite:///{tmp_path / 'govdash.db'}"
    monkeypatch.setenv("GOVDASH_DATABASE_URL", url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield url
    db.get_engine.cache_clear()
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
