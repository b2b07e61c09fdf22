"""Findings worded from a small scored framework: scores, changes, leaders, movers, weak spots, data gaps."""

from __future__ import annotations

import math
from dataclasses import replace

from govdash import findings
from tests.score_fixtures import NAMES, mini_framework, mini_result

Q4 = "2025Q4"


def test_change_phrase_words_rise_fall_steady_and_missing():
    assert findings.change_phrase(3.14) == "较上期提升 3.1 分"
    assert findings.change_phrase(-0.6) == "较上期下降 0.6 分"
    assert findings.change_phrase(0.01) == "与上期持平"
    assert findings.change_phrase(math.nan) == "上期无可比得分"
    assert findings.change_phrase(None) == "上期无可比得分"


def test_score_sentence_gives_score_band_change_and_rank():
    result = mini_result()
    row = result.overall[(result.overall["region_code"] == "r1") & (result.overall["period"] == Q4)].iloc[0]
    assert findings.score_sentence(row.to_dict(), mini_framework()) == (
        "滨江区综合得分 95.0 分(高),较上期提升 5.0 分,排名第 1 / 3 名")


def test_score_sentence_region_without_score_says_data_insufficient():
    result = mini_result()
    row = result.overall[(result.overall["region_code"] == "r3") & (result.overall["period"] == Q4)].iloc[0]
    assert findings.score_sentence(row.to_dict(), mini_framework()) == "鹤鸣县数据不足,未计算综合得分"


def test_leaders_names_best_and_worst_with_gap():
    lines = findings.leaders(mini_result(), mini_framework(), Q4)
    assert lines == ["滨江区综合得分最高,为 95.0 分", "雁山县综合得分最低,为 40.0 分,与第一名相差 55.0 分"]


def test_movers_rise_first_then_fall_and_skip_steady():
    lines = findings.movers(mini_result(), mini_framework(), Q4)
    assert lines[0].startswith("滨江区综合得分较上期提升 5.0 分")
    assert lines[1].startswith("新港区综合得分较上期下降 3.8 分")
    assert not any("雁山县" in line for line in lines)  # unchanged


def test_weak_spots_name_dimension_and_the_indicator_pulling_it_down():
    lines = findings.weak_spots(mini_result(), mini_framework(), Q4, region_code="r2")
    assert lines == ["新港区运行管理维度 42.5 分,为短板,主要受“整改率”(25.0 分)拖累"]


def test_data_gaps_name_missing_score_and_estimates():
    lines = findings.data_gaps(mini_result(), mini_framework(), Q4)
    assert lines == ["鹤鸣县数据不足(缺 2 项指标),未计算综合得分", "雁山县缺 1 项指标,综合得分按现有指标估算"]


def test_city_summary_counts_scored_regions_and_top_band():
    assert findings.city_summary(mini_result(), mini_framework(), Q4) == (
        "4 个区县中 3 个完成评分,平均综合得分 65.4 分,1 个为“高”")


def test_key_findings_use_names_mapping_when_result_has_no_names():
    lines = findings.key_findings(mini_result(with_names=False), mini_framework(), Q4, NAMES)
    assert any(line.startswith("滨江区综合得分最高") for line in lines)
    assert not any("r1" in line for line in lines)


def test_key_findings_empty_period_gives_nothing():
    assert findings.key_findings(mini_result(), mini_framework(), "2020Q1") == []


def test_region_findings_unknown_region_gives_nothing():
    assert findings.region_findings(mini_result(), mini_framework(), Q4, "nowhere") == []


def test_year_on_year_names_the_fastest_climber_against_the_same_quarter():
    result = mini_result()
    # The fixture's earlier quarter relabelled as a year before 2025Q4.
    overall = result.overall.assign(period=result.overall["period"].replace({"2025Q3": "2024Q4"}))
    lines = findings.year_on_year(replace(result, overall=overall), mini_framework(), Q4)
    assert lines == ["滨江区综合得分较去年同期提升 5.0 分,进步最快"]


def test_year_on_year_without_the_earlier_year_gives_nothing():
    assert findings.year_on_year(mini_result(), mini_framework(), Q4) == []
