"""A framework whose bands are split into rating classes shows group and class in the ranking and the headline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govdash.core import config, db
from govdash.frameworks import load_framework
from govdash.services import indexes
from tests.scoring.test_score_cli import EGDI_BANDS
from tests.ui.conftest import AppAt, exceptions

FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"


def test_index_page_ranking_and_headline_show_group_and_class(app_at: AppAt, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               demo_database_url: str):
    shutil.copy(FRAMEWORKS / "district_health.toml", tmp_path)
    text = (FRAMEWORKS / "digital_gov.toml").read_text(encoding="utf-8")
    start, end = text.index("[[bands]]"), text.index("# ------", text.index("[[bands]]"))
    (tmp_path / "digital_gov.toml").write_text(text[:start] + EGDI_BANDS + text[end:], encoding="utf-8")
    monkeypatch.setenv("GOVDASH_FRAMEWORKS_DIR", str(tmp_path))
    config.get_settings.cache_clear()
    overall = indexes.compute_scores(db.get_engine(demo_database_url), load_framework(tmp_path / "digital_gov.toml"),
                                     periods="2025Q4").overall.set_index("region_code")
    best = overall["score"].idxmax()
    expected = f"{overall.loc[best, 'band']} · {overall.loc[best, 'band_class']}"

    at = app_at("pages/index_a.py", framework="digital_gov", period="2025Q4", region=best)

    assert exceptions(at) == []
    ranking = next(d.value for d in at.dataframe if "等级" in d.value.columns).set_index("区县代码")
    assert (ranking.loc[best, "等级"], ranking.loc[best, "细分等级"]) == (overall.loc[best, "band"],
                                                                      overall.loc[best, "band_class"])
    assert next(m.value for m in at.metric if m.label == "等级") == expected
