"""The score pages offer the selected district's Word 成绩单 and a ZIP of every district's."""

from __future__ import annotations

import pytest

from tests.ui.conftest import AppAt, exceptions


def _labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


@pytest.mark.parametrize("page", ["pages/index_a.py", "pages/health.py"])
def test_score_page_offers_the_district_report_card(app_at: AppAt, page: str):
    at = app_at(page, region="990106", period="2025Q4")
    assert exceptions(at) == []
    labels = _labels(at)
    assert "下载新港区成绩单(Word)" in labels
    assert "下载全部区县成绩单(ZIP)" in labels


def test_score_page_without_a_district_offers_only_the_zip(app_at: AppAt):
    at = app_at("pages/index_a.py", period="2025Q4")
    assert exceptions(at) == []
    labels = _labels(at)
    assert "下载全部区县成绩单(ZIP)" in labels
    assert not [label for label in labels if label.endswith("成绩单(Word)")]
