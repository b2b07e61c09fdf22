"""The briefing deck as data, from a small scored framework: order, words, cards, one district, no 好差评."""

from __future__ import annotations

import pandas as pd

from govdash.report.slides import build_deck, district_cards, footer_text, plan_deck
from tests.score_fixtures import mini_framework, mini_result

Q4 = "2025Q4"


def _evaluations() -> pd.DataFrame:
    frame = pd.DataFrame([("r1", "滨江区", 100, 95, 2, 2, 2, 2), ("r2", "新港区", 50, 40, 5, 4, 3, 3)],
                         columns=["key", "label", "evaluations", "good", "bad", "bad_rectified", "bad_on_time",
                                  "bad_called_back"])
    return frame.assign(good_rate=100 * frame["good"] / frame["evaluations"],
                        bad_rate=100 * frame["bad"] / frame["evaluations"],
                        bad_ontime_rate=100 * frame["bad_on_time"] / frame["bad"])


def test_build_deck_orders_the_slides():
    deck = build_deck(mini_framework(), mini_result(), period=Q4, evaluations=_evaluations(), sample=True)
    assert [(s.kind, s.title) for s in deck] == [
        ("title", "测试指数"), ("ranking", "综合排名"), ("heatmap", "各维度得分一览"), ("dimension", "政务服务"),
        ("dimension", "运行管理"), ("cards", "区县卡片"), ("evaluations", "好差评要点"), ("findings", "主要发现"),
        ("methodology", "评估方法"),
    ]
    assert deck[0].subtitle == "2025年第4季度 · 全部区县"
    assert "虚构" in deck[0].note
    assert all(s.chart is not None for s in deck[1:5])
    assert deck[6].chart is not None


def test_the_plan_names_each_slide_as_drawn_and_draws_one_on_its_own():
    plan = plan_deck(mini_framework(), mini_result(), period=Q4, region_code="r2", evaluations=_evaluations())
    deck = build_deck(mini_framework(), mini_result(), period=Q4, region_code="r2", evaluations=_evaluations())
    assert [(p.kind, p.title) for p in plan] == [(s.kind, s.title) for s in deck]
    fourth = plan[3].build()  # the first dimension, drawn without the slides before it
    assert (fourth.kind, fourth.title, fourth.subtitle, fourth.bullets) == (
        deck[3].kind, deck[3].title, deck[3].subtitle, deck[3].bullets)
    assert fourth.chart is not None


def test_build_deck_words_come_from_the_numbers():
    deck = build_deck(mini_framework(), mini_result(), period=Q4)
    ranking, dimension = deck[1], deck[4]
    assert "滨江区综合得分最高,为 95.0 分。" in ranking.bullets
    assert dimension.bullets[0] == "运行管理全市平均 59.2 分,滨江区最高(95.0 分),雁山县最低(40.0 分)。"
    assert dimension.subtitle == "权重 50% · 2 项指标"
    assert "鹤鸣县数据不足(缺 2 项指标),未计算综合得分。" in deck[7].bullets
    assert all(line.endswith("。") for s in deck for line in s.bullets)


def test_build_deck_charts_fit_a_slide():
    deck = build_deck(mini_framework(), mini_result(), period=Q4)
    for slide in deck[1:5]:
        assert slide.chart.layout.title.text is None  # the slide's own title says it
        assert slide.chart.layout.height == 560


def test_build_deck_without_evaluations_says_none_were_imported():
    slide = build_deck(mini_framework(), mini_result(), period=Q4)[6]
    assert slide.chart is None
    assert slide.bullets == ("本期没有导入好差评记录。",)


def test_build_deck_one_district():
    deck = build_deck(mini_framework(), mini_result(), period=Q4, region_code="r2", evaluations=_evaluations())
    assert deck[0].subtitle == "2025年第4季度 · 新港区"
    assert deck[1].bullets[0] == "新港区综合得分 61.2 分(中),较上期下降 3.8 分,排名第 2 / 3 名。"
    assert deck[4].bullets[0].startswith("新港区运行管理 42.5 分,在 3 个区县中列第 2 位")
    assert [card.title for card in deck[5].cards] == ["新港区"]
    assert deck[5].cards[0].lines[:2] == ("政务服务 80.0 分", "运行管理 42.5 分")
    assert deck[6].bullets[0].startswith("新港区本期收到好差评 50 条")
    colors = dict(zip(deck[4].chart.data[0].y, deck[4].chart.data[0].marker.color, strict=True))
    assert colors["滨江区"] != colors["新港区"]  # picked out


def test_district_cards_best_first_weak_spots_and_missing_data():
    result, framework = mini_result(), mini_framework()
    overall = result.overall[result.overall["period"] == Q4]
    dims = result.dimensions[result.dimensions["period"] == Q4]
    cards = {card.title: card for card in district_cards(framework, overall, dims)}
    assert list(cards) == ["滨江区", "新港区", "雁山县", "鹤鸣县"]
    assert (cards["滨江区"].value, cards["滨江区"].label, cards["滨江区"].color) == ("95.0 分", "高", "#1a7f37")
    assert not cards["滨江区"].flagged
    assert cards["新港区"].flagged
    assert cards["新港区"].lines[:2] == ("短板 1 个:运行管理", "运行管理 42.5 分,主要受“整改率”拖累")
    assert (cards["鹤鸣县"].value, cards["鹤鸣县"].flagged) == ("数据不足", True)
    assert "缺失指标 2 个" in cards["鹤鸣县"].lines


def test_footer_text_names_framework_and_period():
    assert footer_text(mini_framework(), Q4) == "测试指数 · 2025年第4季度"


def test_build_deck_with_map_puts_the_district_map_after_the_ranking():
    deck = build_deck(mini_framework(), mini_result(), period=Q4, with_map=True)
    assert [s.kind for s in deck[:4]] == ["title", "ranking", "map", "heatmap"]
    slide = deck[2]
    assert slide.title == "区县分布图"
    assert "六边形示意图" in slide.subtitle  # no boundaries given: hex tiles, and the slide says so
    assert slide.bullets == ("高 1 个:滨江区。", "中 1 个:新港区。", "低 1 个:雁山县。", "1 个区县数据不足,以灰色表示。")
    assert slide.chart.layout.height == 560
    assert slide.chart.layout.annotations[0].text.startswith("示意图:尚未导入区县边界")


def test_build_deck_regional_difference_slide_after_the_overview():
    from govdash.report.disparity import disparity_trend

    result = mini_result()
    deck = build_deck(mini_framework(), result, period=Q4, disparity=disparity_trend(result, Q4))
    assert [s.kind for s in deck][2:4] == ["heatmap", "disparity"]
    slide = deck[3]
    # 2025Q4 scores 95.0, 61.25, 40.0 (鹤鸣县 数据不足): μ = 65.417; ordered pairs Σ|xᵢ − xⱼ| = 2 × (33.75 + 55 + 21.25)
    # = 220; Gini = 220 / (2 × 3² × 65.417) = 0.187. 2025Q3 (90, 65, 70, 40): Gini 0.146, range 50.
    assert slide.bullets[0] == ("2025年第4季度各区县综合得分最高为滨江区 95.0 分,最低为雁山县 40.0 分,极差 55.0 分;"
                                "变异系数 0.346,泰尔指数 0.060,基尼系数 0.187。")
    assert slide.bullets[1] == "与2025年第3季度相比,基尼系数上升 0.041,极差上升 5.0 分,区域差距扩大。"
    assert slide.chart is not None and len(slide.chart.data) == 6
