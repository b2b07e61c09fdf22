"""The server computes every framework's scores before the first visitor asks, and again after an import."""

from __future__ import annotations

import pytest

from govdash import indexes
from govdash.ui import data


@pytest.fixture
def counted_scoring(demo_database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each framework scored from the database, on a cleared score cache."""
    calls: list[str] = []
    real = indexes.compute_scores

    def compute(engine, framework, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(framework.framework.code)
        return real(engine, framework, **kwargs)

    monkeypatch.setattr(indexes, "compute_scores", compute)
    data.clear_caches()
    yield calls
    data.clear_caches()


def test_warming_scores_every_framework_once_and_pages_then_read_the_cache(counted_scoring: list[str]):
    data.start_warming().join(timeout=120)
    assert sorted(counted_scoring) == sorted(data.frameworks())
    for code in data.frameworks():
        assert not data.scores(code).overall.empty
    assert sorted(counted_scoring) == sorted(data.frameworks())  # nothing scored a second time


def test_an_import_clears_the_scores_and_the_server_warms_them_again(counted_scoring: list[str],
                                                                       monkeypatch: pytest.MonkeyPatch):
    data.warm_caches()
    monkeypatch.setattr(data, "warm_in_background", True)
    warmed: list[bool] = []
    monkeypatch.setattr(data, "start_warming", lambda: warmed.append(True))
    data._on_batch_change("evaluations", [1], ["2025Q4"])
    assert warmed == [True]
    counted_scoring.clear()
    data.scores(next(iter(data.frameworks())))
    assert len(counted_scoring) == 1  # the import cleared the cached scores
