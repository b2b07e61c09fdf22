"""Findings the briefing adds: one dimension across districts, one district in a dimension, 好差评 highlights."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from govdash.report import findings
from tests.score_fixtures import mini_framework, mini_result

Q4 = "2025Q4"


def test_dimension_findings_average_best_worst_weak_spots_and_gaps():
    # 运行管理 in 2025Q4: 滨江区 95, 新港区 (60 + 25) / 2 = 42.5, 雁山县 40 (fix missing), 鹤鸣县 no data.
    lines = findings.dimension_findings(mini_result(), mini_framework(), Q4, "ops")
    assert lines[0] == "运行管理全市平均 59.2 分,滨江区最高(95.0 分),雁山县最低(40.0 分)"
    assert lines[1] == "2 个区县低于 60 分,为短板:雁山县、新港区"
    assert lines[-1] == "鹤鸣县本维度数据不足"


def test_dimension_findings_without_weak_spots_says_so():
    result = mini_result()
    only_best = replace(result, dimensions=result.dimensions[result.dimensions["region_code"] == "r1"])
    lines = findings.dimension_findings(only_best, mini_framework(), Q4, "service")
    assert lines == ["政务服务全市平均 95.0 分", "没有区县低于 60 分"]


def test_dimension_findings_one_weak_spot():
    lines = findings.dimension_findings(mini_result(), mini_framework(), Q4, "service")
    assert lines[1] == "1 个区县低于 60 分,为短板:雁山县"


def test_dimension_findings_name_the_indicator_most_districts_share_as_their_drag():
    result = mini_result()
    dims = result.dimensions.copy()
    dims.loc[dims["dimension"] == "service", "worst_indicator"] = "speed"
    lines = findings.dimension_findings(replace(result, dimensions=dims), mini_framework(), Q4, "service")
    assert "“即办率”是 4 个区县在本维度拖累最大的指标" in lines


def test_region_dimension_findings_place_gap_drag_and_weak_spot():
    lines = findings.region_dimension_findings(mini_result(), mini_framework(), Q4, "ops", "r2")
    assert lines == ["新港区运行管理 42.5 分,在 3 个区县中列第 2 位,低于全市平均 16.7 分",
                     "拖累最大的指标是“整改率”(25.0 分)", "低于 60 分,为短板"]


def test_region_dimension_findings_without_score_says_data_insufficient():
    lines = findings.region_dimension_findings(mini_result(), mini_framework(), Q4, "ops", "r3")
    assert lines == ["鹤鸣县运行管理数据不足,未计算维度得分"]


def _evaluations() -> pd.DataFrame:
    rows = [("990102", "滨江区", 1000, 970, 10, 10, 10, 9), ("990126", "雁山县", 200, 180, 10, 8, 6, 5),
            ("990125", "苇塘县", 20, 10, 5, 5, 5, 5)]
    frame = pd.DataFrame(rows, columns=["key", "label", "evaluations", "good", "bad", "bad_rectified",
                                        "bad_on_time", "bad_called_back"])
    return frame.assign(good_rate=100 * frame["good"] / frame["evaluations"],
                        bad_ontime_rate=100 * frame["bad_on_time"] / frame["bad"])


def test_evaluation_findings_city_volume_best_worst_and_handling():
    # 1,220 evaluations, 1,160 good (95.1%), 25 bad (2.0%); 苇塘县 has fewer than 30, so it is not ranked.
    lines = findings.evaluation_findings(_evaluations())
    assert lines == [
        "本期共收到好差评 1,220 条,好评率 95.1%,差评 25 条(差评率 2.0%)。",
        "好评率最高的是滨江区,为 97.0%;最低的是雁山县,为 90.0%。",
        "差评整改率 92.0%,差评按时整改率 84.0%,回访率 76.0%。",
        "雁山县差评按时整改率最低,为 60.0%(6/10 条)。",
        "仍有 2 条差评未整改,涉及 1 个区县。",
    ]


def test_evaluation_findings_one_district_against_the_city():
    lines = findings.evaluation_findings(_evaluations(), region_code="990126")
    assert lines == ["雁山县本期收到好差评 200 条,好评率 90.0%(全市 95.1%),在 3 个区县中列第 2 位。",
                     "差评 10 条:已整改 8 条,其中按时整改 6 条;已回访 5 条。", "仍有 2 条差评未整改,需跟进。"]


def test_evaluation_findings_without_records():
    assert findings.evaluation_findings(_evaluations().iloc[0:0]) == ["本期没有导入好差评记录。"]
    assert findings.evaluation_findings(_evaluations(), region_code="990101", region_name="甲区") == [
        "甲区本期没有好差评记录。"]
