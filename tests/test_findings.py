"""Findings worded from a small scored framework: scores, changes, leaders, movers, weak spots, data gaps."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from govdash.domain.vocab import distinct_region_names
from govdash.report import findings
from tests.score_fixtures import NAMES, mini_framework, mini_result

Q4 = "2025Q4"


def test_change_phrase_words_rise_fall_steady_and_missing():
    assert findings.change_phrase(3.14) == "较上期提升 3.1 分"
    assert findings.change_phrase(-0.6) == "较上期下降 0.6 分"
    assert findings.change_phrase(0.01) == "与上期持平"
    assert findings.change_phrase(math.nan) == "上期无可比得分"
    assert findings.change_phrase(None) == "上期无可比得分"


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


# --- two districts of one name (a province has many 城关区) ---------------------------------------------------

def _twin_names(result):
    """The fixture with 雁山县 (r4) renamed 滨江区, so that two districts share the name of r1."""
    def renamed(frame):
        return frame.assign(region_name=frame["region_name"].where(frame["region_code"] != "r4", "滨江区"))
    return replace(result, overall=renamed(result.overall), dimensions=renamed(result.dimensions),
                   indicators=renamed(result.indicators))


def test_findings_name_two_districts_of_one_name_with_their_codes():
    result, framework = _twin_names(mini_result()), mini_framework()
    assert findings.leaders(result, framework, Q4) == [
        "滨江区(r1)综合得分最高,为 95.0 分", "滨江区(r4)综合得分最低,为 40.0 分,与第一名相差 55.0 分"]
    # a name only one district holds stays as it is
    assert findings.data_gaps(result, framework, Q4) == [
        "鹤鸣县数据不足(缺 2 项指标),未计算综合得分", "滨江区(r4)缺 1 项指标,综合得分按现有指标估算"]
    assert findings.movers(result, framework, Q4)[1].startswith("新港区综合得分较上期下降")


def test_findings_of_one_district_of_a_shared_name_carry_its_code():
    result, framework = _twin_names(mini_result()), mini_framework()
    assert findings.region_findings(result, framework, Q4, "r1")[0].startswith("滨江区(r1)综合得分 95.0 分")
    assert findings.region_dimension_findings(result, framework, Q4, "ops", "r4")[0].startswith(
        "滨江区(r4)运行管理 40.0 分")


def test_dimension_findings_list_districts_of_a_shared_name_with_their_codes():
    lines = findings.dimension_findings(_twin_names(mini_result()), mini_framework(), Q4, "ops")
    assert lines[0] == "运行管理全市平均 59.2 分,滨江区(r1)最高(95.0 分),滨江区(r4)最低(40.0 分)"
    assert lines[1] == "2 个区县低于 60 分,为短板:滨江区(r4)、新港区"


def test_findings_names_mapping_with_a_shared_name_adds_the_codes():
    names = {**NAMES, "r4": "滨江区"}
    lines = findings.key_findings(mini_result(with_names=False), mini_framework(), Q4, names)
    assert "滨江区(r1)综合得分最高,为 95.0 分" in lines
    assert not any(line.startswith("滨江区综合得分") for line in lines)


def test_findings_unique_names_get_no_code():
    lines = findings.key_findings(mini_result(), mini_framework(), Q4)
    assert "滨江区综合得分最高,为 95.0 分" in lines
    assert not any("(r" in line for line in lines)


def test_evaluation_findings_name_districts_of_a_shared_name_with_their_codes():
    rows = [("440106", "石洲区", 1000, 970, 10, 10, 10, 10), ("440306", "石洲区", 200, 180, 10, 10, 6, 10)]
    frame = pd.DataFrame(rows, columns=["key", "label", "evaluations", "good", "bad", "bad_rectified",
                                        "bad_on_time", "bad_called_back"])
    frame = frame.assign(good_rate=100 * frame["good"] / frame["evaluations"],
                         bad_ontime_rate=100 * frame["bad_on_time"] / frame["bad"])
    lines = findings.evaluation_findings(frame)
    assert "好评率最高的是石洲区(440106),为 97.0%;最低的是石洲区(440306),为 90.0%。" in lines
    assert "石洲区(440306)差评按时整改率最低,为 60.0%(6/10 条)。" in lines
    assert findings.evaluation_findings(frame, region_code="440306")[0].startswith("石洲区(440306)本期收到好差评")


def test_distinct_region_names_add_the_code_only_to_shared_names():
    assert distinct_region_names({"440106": "石洲区", "440306": "石洲区", "440104": "越秀区"}) == {
        "440106": "石洲区(440106)", "440306": "石洲区(440306)", "440104": "越秀区"}


def test_data_gaps_word_imputed_indicators_as_estimates():
    from govdash.report.findings import data_gaps
    from govdash.scoring import score
    from tests.scoring.factories import indicator, make_framework, raw_values

    base = make_framework({"a": (1, [indicator("x"), indicator("y")])})
    framework = base.model_copy(update={"method": base.method.model_validate({"imputation": {"method": "mean"}})})
    result = score(framework, raw_values({"1": {"x": 10, "y": 20}, "2": {"x": 30, "y": 40}, "3": {"x": 50}}))

    lines = data_gaps(result, framework, "2025Q4", {"1": "甲区", "2": "乙区", "3": "丙区"})

    assert lines == ["丙区有 1 项指标为估算值,综合得分按现有指标估算"]
