"""Fixtures of the scale tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from govdash.core import db
from tests.repository.factories import Seed

#: 好差评 of 990102 in 2025Q4, all 非常不满意, as Chinese Excel saves a CSV (GBK).
NEW_ROWS = 40
NEW_EVALUATIONS = (
    "评价编号,区县代码,评价渠道,评价等级,评价时间,评价内容\n"
    + "".join(f"NEW-{i},990102,移动端,非常不满意,2025-11-10 09:30,窗口排队太久\n" for i in range(NEW_ROWS))
).encode("gbk")


@pytest.fixture
def demo_copy(demo_database_file: Path, tmp_path: Path) -> Iterator[Engine]:
    """A writable copy of the session's demo database (built through the import pipeline)."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_database_file, path)
    engine = db.make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def seed(engine: Engine) -> Seed:
    """A ``Seed`` on the test database, with the city 990100 and its districts 东区 990101 and 西区 990102."""
    seeder = Seed(engine)
    seeder.regions()
    return seeder
