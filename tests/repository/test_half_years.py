"""A half-year rolls up from its two quarters: events add up, snapshots take the later quarter's list."""

from __future__ import annotations

import pytest

from govdash.core import db
from govdash.repository import compute_metrics

DISTRICT = "990102"


def _by(frame, period, metric, column="value"):
    row = frame[(frame["period"] == period) & (frame["metric"] == metric)]
    return row.iloc[0][column]


def test_half_year_metrics_roll_up_from_their_quarters(demo_database_url):
    metrics = ["evaluation.count", "evaluation.good_rate", "service.full_online_rate", "service.online_volume_ratio"]
    frame = compute_metrics(db.get_engine(demo_database_url), periods=["2025Q1", "2025Q2", "2025H1"],
                            regions=[DISTRICT], metrics=metrics)

    # 好差评 are events: H1's counts are Q1's plus Q2's, and its rate is their pooled ratio.
    count = _by(frame, "2025Q1", "evaluation.count") + _by(frame, "2025Q2", "evaluation.count")
    assert _by(frame, "2025H1", "evaluation.count") == count
    good = _by(frame, "2025Q1", "evaluation.good_rate", "numerator") + _by(frame, "2025Q2", "evaluation.good_rate",
                                                                             "numerator")
    assert _by(frame, "2025H1", "evaluation.good_rate") == pytest.approx(100 * good / count)
    # Service items are a list per quarter: H1's depth is Q2's list (the latest), its volumes Q1's plus Q2's.
    assert _by(frame, "2025H1", "service.full_online_rate") == _by(frame, "2025Q2", "service.full_online_rate")
    volume = sum(_by(frame, q, "service.online_volume_ratio", "denominator") for q in ("2025Q1", "2025Q2"))
    assert _by(frame, "2025H1", "service.online_volume_ratio", "denominator") == volume
