"""Score charts at province scale: above ``MANY_REGIONS`` they draw the ends of the ranking, not every district."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govdash.charts import scores
from govdash.scoring import ScoreResult, score
from tests.score_fixtures import mini_framework

Q3, Q4 = "2025Q3", "2025Q4"
COUNT = 3_000


@pytest.fixture(scope="module")
def province() -> ScoreResult:
    """3,000 districts scored on the mini framework over two quarters; the last 10 report one indicator in Q4."""
    rng = np.random.default_rng(7)
    codes = [f"{i:06d}" for i in range(1, COUNT + 1)]
    rows = [{"region_code": code, "period": period, "indicator_code": indicator, "value": float(value)}
            for period in (Q3, Q4) for code in codes for indicator, value
            in zip(("online", "speed", "security", "fix"), rng.uniform(20, 100, 4), strict=True)
            if not (period == Q4 and code in codes[-10:] and indicator != "online")]
    result = score(mini_framework(), pd.DataFrame(rows))
    for frame in (result.indicators, result.dimensions, result.overall):
        frame.insert(1, "region_name", "区县" + frame["region_code"])
    return result


def _q4(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["period"] == Q4]


def test_ranking_of_3000_draws_top_15_and_bottom_15_and_says_how_many_are_left_out(province: ScoreResult):
    overall = _q4(province.overall)
    fig = scores.make_ranking_figure(overall, mini_framework())
    names = list(fig.data[0].y)
    ranked = overall.dropna(subset=["score"]).sort_values("rank")
    assert len(names) == 31  # 15 + the gap + 15
    assert names[-15:] == list(ranked["region_name"].head(15))[::-1]  # best on top
    assert names[:15] == list(ranked["region_name"].tail(15))[::-1]
    assert names[15] == "… 第 16–2,975 名,共 2,960 个区县 …"
    assert "共 3,000 个区县,图中为前 15 名和后 15 名" in fig.layout.title.text
    assert "10 个区县数据不足" in fig.layout.title.text
    assert fig.layout.height < 1_400


def test_ranking_of_3000_keeps_the_selected_district_wherever_it_ranks(province: ScoreResult):
    overall = _q4(province.overall)
    middle = overall.dropna(subset=["score"]).sort_values("rank").iloc[1_000]
    fig = scores.make_ranking_figure(overall, mini_framework(), region_code=middle["region_code"])
    names = list(fig.data[0].y)
    assert len(names) == 33  # 15 + gap + the selected one + gap + 15
    assert names[16] == middle["region_name"]
    assert names[15].startswith("… 第 1,002–") and names[17].startswith("… 第 16–1,000 名")


def test_small_ranking_draws_every_district_without_a_note(province: ScoreResult):
    overall = _q4(province.overall).head(scores.MANY_REGIONS)
    fig = scores.make_ranking_figure(overall, mini_framework(), region_code="000001")
    assert len(fig.data[0].y) == scores.MANY_REGIONS
    assert fig.layout.title.text == "综合得分排名"


def test_heatmap_of_3000_has_the_ranking_rows(province: ScoreResult):
    overall = _q4(province.overall)
    order = list(overall.sort_values(["rank", "region_code"], na_position="last")["region_code"])
    ranked = set(overall.dropna(subset=["score"])["region_code"])
    fig = scores.make_health_heatmap_figure(_q4(province.dimensions), mini_framework(), order=order, ranked=ranked)
    heat = fig.data[0]
    ranked = overall.dropna(subset=["score"]).sort_values("rank")["region_name"]
    assert list(heat.y[:15]) == list(ranked.head(15)) and list(heat.y[16:]) == list(ranked.tail(15))
    assert heat.y[15].startswith("… 第 16–") and list(heat.text[15]) == ["", ""]
    assert "图中为前 15 名和后 15 名" in fig.layout.title.text


def test_trend_of_3000_draws_the_highlighted_districts_and_the_average_only(province: ScoreResult):
    fig = scores.make_trend_figure(province.overall, mini_framework(), highlight=["000001", "000002"])
    assert [t.name for t in fig.data] == ["区县000001", "区县000002", "全市平均"]
    assert "共 3,000 个区县" in fig.layout.title.text


def test_dimension_ranking_of_3000_draws_the_ends(province: ScoreResult):
    fig = scores.make_dimension_ranking_figure(_q4(province.dimensions), mini_framework(), "ops")
    assert len(fig.data[0].y) == 31


def test_ranking_ends_names_the_gaps_around_the_picked_district():
    codes = [str(i) for i in range(100)]
    rows = scores.ranking_ends(codes, picked="50")
    gaps = [r for r in rows if isinstance(r, scores.RankGap)]
    assert gaps == [scores.RankGap(16, 50), scores.RankGap(52, 85)]
    assert [r for r in rows if isinstance(r, str)] == [*codes[:15], "50", *codes[85:]]


def test_briefing_of_3000_has_readable_charts_cards_and_findings(province: ScoreResult):
    from govdash.report.slides import build_deck

    deck = {slide.kind: slide for slide in build_deck(mini_framework(), province, period=Q4)}
    assert deck["ranking"].chart is not None and len(deck["ranking"].chart.data[0].y) == 31
    assert deck["heatmap"].chart is not None and len(deck["heatmap"].chart.data[0].y) == 31
    cards = deck["cards"]
    assert len(cards.cards) == 15
    assert "共 3,000 个区县,卡片为前 5 名和后 10 名" in cards.subtitle
    dimension = next(slide for slide in build_deck(mini_framework(), province, period=Q4) if slide.kind == "dimension")
    assert all(len(line) < 300 for line in dimension.bullets)
    assert any("等 " in line and "个区县" in line for line in dimension.bullets)


def test_districts_of_one_name_keep_their_own_bars_and_the_band_axis_its_ticks(province: ScoreResult):
    overall = _q4(province.overall).assign(region_name="城关区")
    fig = scores.make_ranking_figure(overall, mini_framework())
    assert len(set(fig.data[0].y)) == 31
    assert fig.data[0].y[-1].startswith("城关区(")
    bands = scores.make_band_distribution_figure(overall, mini_framework())
    assert bands.layout.yaxis.dtick is None
