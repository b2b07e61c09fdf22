"""Fixtures of the scale tests."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from tests.repository.factories import Seed


@pytest.fixture
def seed(engine: Engine) -> Seed:
    """A ``Seed`` on the test database, with the city 990100 and its districts 东区 990101 and 西区 990102."""
    seeder = Seed(engine)
    seeder.regions()
    return seeder
