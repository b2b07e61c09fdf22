"""The server loads every framework's scores before the first visitor asks, and again after an import."""

from __future__ import annotations

import logging

import pytest

from govdash.services import stored_scores
from govdash.ui import data


@pytest.fixture
def counted_scoring(demo_database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each framework whose scores are read (stored) or computed from the database, on a cleared cache."""
    calls: list[str] = []
    real = stored_scores.scores

    def scores(engine, framework):  # type: ignore[no-untyped-def]
        calls.append(framework.framework.code)
        return real(engine, framework)

    monkeypatch.setattr(stored_scores, "scores", scores)
    data.clear_caches()
    yield calls
    data.clear_caches()


def test_warming_loads_every_framework_once_and_pages_then_read_the_cache(counted_scoring: list[str]):
    data.start_warming().join(timeout=120)
    assert sorted(counted_scoring) == sorted(data.frameworks())
    for code in data.frameworks():
        assert not data.scores(code).overall.empty
    assert sorted(counted_scoring) == sorted(data.frameworks())  # nothing loaded a second time


def test_warming_reads_the_stored_scores_of_the_demo_database(demo_database_url: str,
                                                             monkeypatch: pytest.MonkeyPatch):
    def no_scoring(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("scored from the records although current scores are stored")

    monkeypatch.setattr(stored_scores, "compute_scores", no_scoring)
    data.clear_caches()
    try:
        data.warm_caches()
        for code in data.frameworks():
            assert data.scores(code).overall["score"].notna().any()
    finally:
        data.clear_caches()


def test_the_warming_thread_does_not_log_streamlits_session_warning(counted_scoring: list[str],
                                                                     caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.WARNING):
        data.start_warming().join(timeout=120)
    assert counted_scoring  # it did read the scores
    assert not [r for r in caplog.records if "ScriptRunContext" in r.getMessage()]


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
