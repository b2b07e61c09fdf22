"""Stored scores equal a fresh scoring of the records, follow every batch change, and are never read when stale."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core.models import ScoreSnapshot
from govdash.frameworks.loader import scan_frameworks
from govdash.ingest import events
from govdash.repository import district_codes, materialized
from govdash.repository._sql import table_of
from govdash.scoring import ScoreResult
from govdash.services import refresh, stored_scores
from govdash.services.imports import import_file, undo_batch
from govdash.services.indexes import compute_scores
from tests.scale.conftest import NEW_EVALUATIONS


@pytest.fixture(scope="module")
def frameworks():
    return scan_frameworks()[0]


def assert_same_scores(stored: ScoreResult | None, fresh: ScoreResult) -> None:
    """The stored result is the fresh one: every table, column type and weight."""
    assert stored is not None, "no current stored scores"
    for name in ("indicators", "dimensions", "overall"):
        pd.testing.assert_frame_equal(getattr(stored, name), getattr(fresh, name), obj=name)
    assert stored.framework_code == fresh.framework_code
    assert stored.aggregation == fresh.aggregation
    assert dict(stored.indicator_weights) == dict(fresh.indicator_weights)
    assert dict(stored.dimension_weights) == dict(fresh.dimension_weights)


def snapshot_count(engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table_of(ScoreSnapshot))))


def test_the_demo_build_stores_every_frameworks_scores_equal_to_a_fresh_scoring(demo_copy, frameworks):
    assert snapshot_count(demo_copy) == len(frameworks) >= 2
    for framework in frameworks.values():
        stored = stored_scores.stored_scores(demo_copy, framework)
        assert_same_scores(stored, compute_scores(demo_copy, framework))
        assert stored is not None and stored.overall["score"].notna().sum() > 100  # 14 districts × periods
        assert all(isinstance(v, list) for v in stored.overall["weak_spots"])


def test_an_import_and_its_undo_store_the_changed_scores(demo_copy, frameworks):
    framework = frameworks["digital_gov"]
    before = stored_scores.stored_scores(demo_copy, framework)
    assert before is not None

    result = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
    assert result.status == "imported", result.message
    after = stored_scores.stored_scores(demo_copy, framework)
    assert_same_scores(after, compute_scores(demo_copy, framework))
    # 40 差评 more for 990102 in 2025Q4: its 好评率 (a raw value of the index) falls.
    keys = ["region_code", "period", "indicator_code"]
    raw_before = before.indicators.set_index(keys)["raw"]
    assert after is not None
    raw_after = after.indicators.set_index(keys)["raw"]
    changed = raw_after[raw_after.ne(raw_before) & raw_after.notna()]
    assert ("990102", "2025Q4") in {(r, p) for r, p, _ in changed.index}

    assert undo_batch(demo_copy, result.batch_id).ok
    undone = stored_scores.stored_scores(demo_copy, framework)
    assert_same_scores(undone, compute_scores(demo_copy, framework))
    assert_same_scores(undone, before)


def test_scores_are_not_read_after_a_batch_written_around_the_pipeline(demo_copy, frameworks):
    from tests.repository.factories import Seed

    framework = frameworks["digital_gov"]
    assert stored_scores.stored_scores(demo_copy, framework) is not None
    Seed(demo_copy).evaluations({"rating": 1}, region=district_codes(demo_copy)[0])  # no refresh runs
    assert stored_scores.stored_scores(demo_copy, framework) is None
    # ``scores`` then scores the records themselves.
    assert_same_scores(stored_scores.scores(demo_copy, framework), compute_scores(demo_copy, framework))


def test_an_edited_framework_is_scored_afresh_not_read(demo_copy, frameworks):
    framework = frameworks["digital_gov"]
    first = framework.dimensions[0]
    doubled = first.model_copy(update={"weight": first.weight * 2})
    edited = framework.model_copy(update={"dimensions": (doubled, *framework.dimensions[1:])})
    assert stored_scores.framework_digest(edited) != stored_scores.framework_digest(framework)
    assert stored_scores.stored_scores(demo_copy, edited) is None
    assert stored_scores.stored_scores(demo_copy, framework) is not None


def test_govdash_refresh_stores_the_scores_again(demo_copy, frameworks):
    from tests.repository.factories import Seed

    Seed(demo_copy).evaluations({"rating": 5}, region=district_codes(demo_copy)[1])
    assert all(stored_scores.stored_scores(demo_copy, f) is None for f in frameworks.values())
    outcome = CliRunner().invoke(app, ["refresh", "--db", demo_copy.url.render_as_string(hide_password=False)])
    assert outcome.exit_code == 0, outcome.output
    assert f"{len(frameworks)} 个评估框架的得分" in outcome.output
    for framework in frameworks.values():
        assert_same_scores(stored_scores.stored_scores(demo_copy, framework), compute_scores(demo_copy, framework))
    assert materialized.is_current(demo_copy)


def test_held_changes_are_announced_once_after_the_block(demo_copy):
    seen: list[tuple[str, list[int]]] = []

    def record(_engine, kind, batch_ids, _periods):
        seen.append((kind, list(batch_ids)))

    events.on_batch_change(record)
    try:
        with refresh.changes_held(demo_copy):
            first = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
            assert seen == []  # nothing is announced while held
            assert not materialized.is_current(demo_copy)
        assert seen == [(events.EVERY_KIND, [first.batch_id])]
        assert materialized.is_current(demo_copy)
        assert stored_scores.stored_scores(demo_copy, scan_frameworks()[0]["digital_gov"]) is not None

        seen.clear()
        with pytest.raises(RuntimeError), refresh.changes_held(demo_copy):
            raise RuntimeError("interrupted")
        assert seen == []
    finally:
        events.remove_batch_change_callback(record)


def test_an_upgrade_of_the_scoring_makes_the_stored_scores_unreadable(demo_copy, frameworks, monkeypatch):
    framework = frameworks["digital_gov"]
    assert stored_scores.stored_scores(demo_copy, framework) is not None
    monkeypatch.setattr(stored_scores, "VERSION", stored_scores.VERSION + 1)
    assert stored_scores.stored_scores(demo_copy, framework) is None
