"""The pre-aggregated 好差评 tally gives the same metrics as the records, and follows every batch change."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from govdash.repository import compute_metrics, evaluation_breakdown
from govdash.repository.aggregates import tally_is_current
from govdash.repository.evaluations import record_aggregates, tally_aggregates
from govdash.repository.stored_refresh import refresh_evaluation_tally
from govdash.services.imports import undo_batch
from tests.repository.factories import EAST, WEST, has_metric, metric_row

pytestmark = pytest.mark.pg

PERIODS = ["2025Q3", "2025Q4", "2025"]
AUGUST, NOVEMBER = datetime(2025, 8, 1, 10, 0), datetime(2025, 11, 3, 9, 30)
FIXED = datetime(2025, 8, 5, 9, 0)


def seed_two_quarters(seed) -> list[int]:
    """Evaluations of both districts over 2025Q3 and 2025Q4, in three batches."""
    return [
        seed.evaluations({"rating": 5}, {"rating": 2, "rectified_at": FIXED, "rectified_on_time": True},
                         {"rating": 1, "callback_at": FIXED}, {"rating": 3, "evaluated_at": NOVEMBER}),
        seed.evaluations({"rating": 4}, {"rating": 1, "rectified_at": FIXED, "rectified_on_time": False},
                         region=WEST),
        seed.evaluations({"rating": 5, "evaluated_at": NOVEMBER}, {"rating": 2, "evaluated_at": NOVEMBER}),
    ]


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)


def test_tally_aggregates_equal_record_aggregates(engine, seed):
    seed_two_quarters(seed)
    refresh_evaluation_tally(engine)
    pd.testing.assert_frame_equal(ordered(tally_aggregates(engine, PERIODS)),
                                  ordered(record_aggregates(engine, PERIODS)), check_dtype=False)


def test_tally_metrics_equal_record_metrics(engine, seed):
    seed_two_quarters(seed)
    from_records = compute_metrics(engine, periods=PERIODS)
    refresh_evaluation_tally(engine)
    assert tally_is_current(engine)
    pd.testing.assert_frame_equal(compute_metrics(engine, periods=PERIODS), from_records)
    assert metric_row(from_records, "evaluation.count", period="2025")["value"] == 6


@pytest.mark.parametrize("periods", ["2025Q3", "2025", None])
def test_tally_region_breakdown_equals_record_breakdown(engine, seed, periods):
    seed_two_quarters(seed)
    from_records = evaluation_breakdown(engine, by="region", periods=periods)
    refresh_evaluation_tally(engine)
    assert tally_is_current(engine)
    from_tally = evaluation_breakdown(engine, by="region", periods=periods)
    pd.testing.assert_frame_equal(from_tally, from_records, check_dtype=False)
    assert from_tally["evaluations"].sum() == (5 if periods == "2025Q3" else 8)


def test_tally_stale_after_batch_written_without_refresh(engine, seed):
    seed_two_quarters(seed)
    refresh_evaluation_tally(engine)
    seed.evaluations({"rating": 1}, region=WEST)
    assert not tally_is_current(engine)
    frame = compute_metrics(engine, periods=["2025Q3"], metrics=["evaluation.count"])
    assert metric_row(frame, "evaluation.count", region=WEST)["value"] == 3


def test_tally_refresh_catches_up_batches_it_missed(engine, seed):
    seed_two_quarters(seed)
    refresh_evaluation_tally(engine)
    seed.evaluations({"rating": 5, "evaluated_at": NOVEMBER}, region=WEST)
    seed.evaluations({"rating": 1}, region=WEST)
    assert refresh_evaluation_tally(engine) == ["2025Q3", "2025Q4"]
    assert tally_is_current(engine)
    frame = compute_metrics(engine, periods=["2025"], metrics=["evaluation.count"])
    assert metric_row(frame, "evaluation.count", region=WEST, period="2025")["value"] == 4


def test_tally_follows_undo_of_a_batch(engine, seed):
    batches = seed_two_quarters(seed)
    refresh_evaluation_tally(engine)
    assert undo_batch(engine, batches[1]).ok
    assert tally_is_current(engine)
    frame = compute_metrics(engine, periods=["2025Q3"])
    assert not has_metric(frame, "evaluation.count", region=WEST)
    assert metric_row(frame, "evaluation.bad_rate", region=EAST)["value"] == pytest.approx(200 / 3)
