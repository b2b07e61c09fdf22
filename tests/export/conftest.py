"""Export fixtures: one kaleido browser per test session, and a small scored framework with district names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from govdash.export.png import start_renderer, stop_renderer
from govdash.frameworks import Framework
from govdash.scoring import ScoreResult, score
from tests.scoring.factories import indicator, make_framework, raw_values

NAMES = {"990101": "甲区", "990102": "乙区", "990103": "=HYPERLINK(\"http://x\")县"}


@pytest.fixture(scope="session")
def renderer() -> Iterator[None]:
    """Start kaleido's server (and its chromium) once for every image of the session."""
    start_renderer()
    yield
    stop_renderer()


@pytest.fixture
def small_framework() -> Framework:
    """Two dimensions: 服务 (weight 60: a, b) and 治理 (weight 40: c), weak spot below 60."""
    framework = make_framework({"service": (60, [indicator("a", unit="%"), indicator("b")]),
                                "governance": (40, [indicator("c", direction="negative")])}, weak_spot=60)
    dimensions = tuple(d.model_copy(update={"name": name})
                       for d, name in zip(framework.dimensions, ("服务", "治理"), strict=True))
    return framework.model_copy(update={"dimensions": dimensions})


@pytest.fixture
def small_scores(small_framework: Framework) -> ScoreResult:
    """Scores of three districts in 2025Q4, with names as ``compute_scores`` adds them.

    甲区: 服务 (90 + 70) / 2 = 80, 治理 100 − 10 = 90, index 0.6 × 80 + 0.4 × 90 = 84.
    乙区: 服务 (50 + 30) / 2 = 40 (a weak spot), 治理 100 − 40 = 60, index 0.6 × 40 + 0.4 × 60 = 48.
    The third district has no value for c: 治理 has no score, so neither has its index.
    """
    raw = raw_values({"990101": {"a": 90, "b": 70, "c": 10}, "990102": {"a": 50, "b": 30, "c": 40},
                      "990103": {"a": 60, "b": 60, "c": None}})
    result = score(small_framework, raw)
    frames = {}
    for key in ("indicators", "dimensions", "overall"):
        frame = getattr(result, key).copy()
        frame.insert(1, "region_name", frame["region_code"].map(NAMES))
        frames[key] = frame
    return replace(result, **frames)
