"""Screen tables round for reading and say so; the table behind them (and its downloads) keeps every digit."""

from __future__ import annotations

import pytest

from govdash.core import db
from govdash.frameworks import resolve_framework
from govdash.services import indexes
from govdash.ui.score_views import ROUNDING_HELP
from tests.ui.conftest import AppAt, exceptions


def test_index_ranking_keeps_full_scores_and_its_caption_says_where_it_rounds(app_at: AppAt, demo_database_url: str):
    at = app_at("pages/index_a.py", framework="digital_gov", period="2025Q4")

    assert exceptions(at) == []
    ranking = next(d.value for d in at.dataframe if "综合得分" in d.value.columns).set_index("区县代码")["综合得分"]
    expected = indexes.compute_scores(db.get_engine(demo_database_url), resolve_framework("digital_gov"),
                                      periods="2025Q4").overall.set_index("region_code")["score"]
    assert ranking.dropna().to_dict() == pytest.approx(expected.dropna().to_dict(), abs=1e-12)
    assert any(ROUNDING_HELP in c.value for c in at.caption)
