"""The sample data gives the same metrics, raw indicator values and scores on PostgreSQL as on SQLite.

Runs under ``make test-pg`` (``GOVDASH_TEST_DATABASE_URL`` set); skipped otherwise. Both databases are built
from ``data/sample`` through the import pipeline, so the pre-aggregation refresh runs on both.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from govdash.core import db
from govdash.frameworks.loader import scan_frameworks
from govdash.repository import compute_metrics, indicator_values
from govdash.repository.aggregates import tally_is_current
from govdash.scoring import score
from govdash.services.demo import build_demo_database
from tests.conftest import PG_URL

pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(not PG_URL, reason="GOVDASH_TEST_DATABASE_URL 未设置:没有 PostgreSQL 可比较"),
]

KEYS = ["region_code", "period", "metric"]


@pytest.fixture
def sqlite_engine(tmp_path: Path):
    """The sample data in a SQLite file."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'sample.db'}")
    build_demo_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(engine: Engine) -> Engine:
    """The sample data in the PostgreSQL test database."""
    build_demo_database(engine)
    return engine


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def test_postgres_metrics_equal_sqlite_metrics(sqlite_engine, postgres_engine):
    assert postgres_engine.dialect.name == "postgresql"
    assert tally_is_current(postgres_engine) and tally_is_current(sqlite_engine)
    lite = _sorted(compute_metrics(sqlite_engine), KEYS)
    pg = _sorted(compute_metrics(postgres_engine), KEYS)
    assert len(lite) > 1000
    pd.testing.assert_frame_equal(pg, lite, check_dtype=False, rtol=1e-9, atol=1e-9)


def test_postgres_scores_equal_sqlite_scores(sqlite_engine, postgres_engine):
    for framework in scan_frameworks()[0].values():
        keys = ["region_code", "period", "indicator_code"]
        lite = _sorted(indicator_values(sqlite_engine, framework), keys)
        pg = _sorted(indicator_values(postgres_engine, framework), keys)
        pd.testing.assert_frame_equal(pg, lite, check_dtype=False, rtol=1e-9, atol=1e-9)
        lite_scores = score(framework, lite).overall.sort_values(["region_code", "period"]).reset_index(drop=True)
        pg_scores = score(framework, pg).overall.sort_values(["region_code", "period"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(pg_scores, lite_scores, check_dtype=False, rtol=1e-9, atol=1e-9)


def test_postgres_stores_the_scores_as_sqlite_does(sqlite_engine, postgres_engine):
    from govdash.services import stored_scores
    from govdash.services.indexes import compute_scores

    for framework in scan_frameworks()[0].values():
        pg = stored_scores.stored_scores(postgres_engine, framework)
        lite = stored_scores.stored_scores(sqlite_engine, framework)
        assert pg is not None and lite is not None  # the demo build stored them on both
        fresh = compute_scores(postgres_engine, framework)
        for name in ("indicators", "dimensions", "overall"):
            pd.testing.assert_frame_equal(getattr(pg, name), getattr(fresh, name), obj=f"PostgreSQL {name}")
            pd.testing.assert_frame_equal(getattr(pg, name), getattr(lite, name), check_exact=False, rtol=1e-9,
                                          obj=f"PostgreSQL vs SQLite {name}")
