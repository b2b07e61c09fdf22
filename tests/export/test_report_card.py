"""The report card's content (pure) on a small hand-scored framework, and the peer-group ranking."""

from __future__ import annotations

import pandas as pd

from govdash.report.report_card import CardInputs, build_report_card
from govdash.repository.peers import NO_PEER_GROUP, peer_rank

BATCHES = pd.DataFrame({"批次号": [1, 2], "数据类型": ["区县填报指标", "政务服务“好差评”"]})


def _inputs(small_framework, small_scores, **extra) -> CardInputs:
    return CardInputs(framework=small_framework, scores=small_scores, period="2025Q4",
                      evaluations=pd.DataFrame(columns=["key"]), batches=BATCHES, **extra)


def test_report_card_states_score_rank_and_dimensions(small_framework, small_scores):
    card = build_report_card(_inputs(small_framework, small_scores), "990101")
    figures = dict(card.headline)
    # 甲区: 0.6 × 80 + 0.4 × 90 = 84.0, first of the two scored districts.
    assert figures["综合得分"] == "84.0 分"
    assert figures["全市排名"] == "第 1 / 2 名"
    assert figures["同类组排名"] == f"{NO_PEER_GROUP}(按全市排名)"
    assert card.title.endswith("成绩单") and card.period_label == "2025年第4季度"
    assert list(card.dimensions["得分"]) == ["80.0 分", "90.0 分"]
    # City averages: 服务 (80 + 40 + 60) / 3 = 60, 治理 (90 + 60) / 2 = 75 (丙区 has no 治理 score).
    assert list(card.dimensions["全市平均"]) == ["60.0 分", "75.0 分"]


def test_report_card_lists_strongest_and_weakest_indicators(small_framework, small_scores):
    card = build_report_card(_inputs(small_framework, small_scores), "990102")
    # 乙区: a 50, b 30, c = 100 − 40 = 60 (negative direction).
    assert list(card.strongest["标准化得分"]) == ["60.0 分", "50.0 分", "30.0 分"]
    assert list(card.weakest["标准化得分"]) == ["30.0 分", "50.0 分", "60.0 分"]
    assert "短板" in set(card.dimensions["状态"])  # 服务 40 < 60
    assert list(card.batches["批次号"]) == [1]  # the factory's values all come from batch 1


def test_report_card_of_an_unscored_district_says_so(small_framework, small_scores):
    card = build_report_card(_inputs(small_framework, small_scores), "990103")
    assert dict(card.headline)["综合得分"] == "数据不足"


def test_report_card_ranks_within_the_peer_group(small_framework, small_scores):
    peers = {"990101": "中心城区", "990102": "中心城区", "990103": "县"}
    card = build_report_card(_inputs(small_framework, small_scores, peers=peers), "990102")
    assert dict(card.headline)["同类组排名"] == "中心城区 第 2 / 2 名"


def test_peer_rank_ignores_districts_without_group_or_score():
    overall = pd.DataFrame({"region_code": ["a", "b", "c", "d"], "score": [70.0, 80.0, None, 90.0]})
    groups = {"a": "县", "b": "县", "c": "县"}
    assert peer_rank(overall, groups, "a") == ("县", 2, 2)
    assert peer_rank(overall, groups, "d") is None
    assert peer_rank(overall, groups, "c") is None


def test_report_card_compares_the_district_s_evaluations_with_the_city(small_framework, small_scores):
    evaluations = pd.DataFrame({
        "key": ["990101", "990102"], "evaluations": [100, 300], "good": [90, 240], "bad": [5, 15],
        "bad_rectified": [5, 12], "bad_on_time": [4, 9], "bad_called_back": [5, 15],
        "good_rate": [90.0, 80.0], "bad_rate": [5.0, 5.0], "bad_rectify_rate": [100.0, 80.0],
        "bad_ontime_rate": [80.0, 60.0], "callback_rate": [100.0, 100.0]})
    coverage = pd.DataFrame({"region_code": ["990101", "990102"], "value": [50.0, 75.0],
                             "numerator": [100.0, 300.0], "denominator": [200.0, 400.0]})
    inputs = _inputs(small_framework, small_scores)
    card = build_report_card(CardInputs(**{**inputs.__dict__, "evaluations": evaluations, "coverage": coverage}),
                             "990101")
    table = card.evaluations.set_index("项目")
    # City: 好评 (90 + 240) / 400 = 82.5%; 按时整改 (4 + 9) / (5 + 15) = 65%; 主动评价率 400 / 600 = 66.7%.
    assert tuple(table.loc["好评率"]) == ("90.0%", "82.5%")
    assert tuple(table.loc["差评按时整改率"]) == ("80.0%", "65.0%")
    assert tuple(table.loc["主动评价率(评价覆盖率)"]) == ("50.0%", "66.7%")
    assert tuple(table.loc["评价数"]) == ("100", "400")
