"""Scoring rules as data — 目标值, 名次计分, 第一名满分, 扣分项, 加分项, 一票否决 — each worked out by hand."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from govdash.frameworks import FrameworkError, load_framework
from govdash.scoring import explain, score
from govdash.scoring.rules import a_apply, a_points, a_veto, places, r_best_share, r_rank_points, r_target
from tests.scoring.factories import (
    dimension_of,
    indicator,
    indicator_of,
    make_framework,
    overall_of,
    raw_values,
)

NAN = np.nan


def test_target_full_marks_at_the_target_proportional_below():
    # Target 95: 100 and 95 reach it (100); 76 / 95 = 0.8 → 80; 0 → 0; missing stays missing.
    assert r_target(np.array([100, 95, 76, 0, NAN]), 95) == pytest.approx([100, 100, 80, 0, NAN], nan_ok=True)


def test_target_lower_is_better_scores_target_over_value():
    # Target 24 h: 12 h is within it (100); 30 h → 24 / 30 = 0.8 → 80; 48 h → 24 / 48 → 50.
    assert r_target(np.array([12, 24, 30, 48]), 24, negative=True) == pytest.approx([100, 100, 80, 50])


def test_places_share_the_better_place_on_ties():
    assert places(np.array([90, 85, 85, 80, NAN])) == pytest.approx([1, 2, 2, 4, NAN], nan_ok=True)
    assert places(np.array([3, 1, 2]), negative=True) == pytest.approx([3, 1, 2])


def test_rank_points_table_then_three_points_less_per_place():
    # Places 1, 2, 2, 4, 5, 6, 7 → 60, 57, 57, 51, 48, then beyond the table 48 − 3 = 45 and 48 − 6 = 42.
    # As a share of the top 60: 100, 95, 95, 85, 80, 75, 70.
    values = np.array([90, 85, 85, 80, 70, 60, 50, NAN])
    assert r_rank_points(values, [60, 57, 54, 51, 48], step=3) == pytest.approx(
        [100, 95, 95, 85, 80, 75, 70, NAN], nan_ok=True)


def test_rank_points_beyond_the_table_keep_the_last_entry_without_a_step():
    # Places 6 and 7 get the last entry 48 → 48 / 60 = 80.
    values = np.array([90, 85, 80, 75, 70, 60, 50])
    assert r_rank_points(values, [60, 57, 54, 51, 48])[-2:] == pytest.approx([80, 80])


def test_rank_points_floor_at_zero():
    # Table [10], step 6: places 2 and 3 get 10 − 6 = 4 and max(10 − 12, 0) = 0 → 40 and 0.
    assert r_rank_points(np.array([3, 2, 1]), [10], step=6) == pytest.approx([100, 40, 0])


def test_best_share_first_full_others_in_proportion():
    # Best 80: 60 / 80 = 75, 40 / 80 = 50.
    assert r_best_share(np.array([80, 60, 40, NAN])) == pytest.approx([100, 75, 50, NAN], nan_ok=True)
    # Lower is better, best 2: 2 / 4 = 50, 2 / 8 = 25.
    assert r_best_share(np.array([2, 4, 8]), negative=True) == pytest.approx([100, 50, 25])
    # Nobody above 0: no share to take, every district at the best scores 100.
    assert r_best_share(np.array([0, 0])) == pytest.approx([100, 100])


def test_points_per_occurrence_capped_and_missing_is_nothing():
    # 2 points per incident, at most 10: 3 → 6, 7 → 14 capped at 10, missing → 0.
    assert a_points(np.array([3, 7, NAN, 0]), 2, cap=10) == pytest.approx([6, 10, 0, 0])


def test_apply_keeps_scores_within_0_100_and_reports_what_moved():
    score_after, applied = a_apply(np.array([50, 4, 99, NAN]), np.array([-6, -10, 3, -5]))
    # 50 − 6 = 44; 4 − 10 floored at 0 (moved −4); 99 + 3 capped at 100 (moved +1); missing stays missing.
    assert score_after == pytest.approx([44, 0, 100, NAN], nan_ok=True)
    assert applied == pytest.approx([-6, -4, 1, 0])


def test_veto_condition():
    assert list(a_veto(np.array([0, 1, 2, NAN]), ">= 1")) == [False, True, True, False]


def _adjusting_framework():
    return make_framework({"d": (1, [
        indicator("x"),
        {"code": "incidents", "name": "安全事件数", "unit": "起", "source": "reported",
         "adjust": {"kind": "deduction", "per": 2, "cap": 10}},
        {"code": "awards", "name": "获奖数", "unit": "项", "source": "reported",
         "adjust": {"kind": "bonus", "per": 1, "cap": 3}},
        {"code": "major", "name": "重大事故", "unit": "0/1", "source": "reported",
         "adjust": {"kind": "veto", "when": ">= 1", "band": "差", "score_cap": 59, "reason": "发生重大安全事故"}},
    ])})


def test_deductions_bonus_and_veto_on_the_index():
    raw = raw_values({
        "A": {"x": 80, "incidents": 3, "awards": 5, "major": 0},  # 80 − 3 × 2 + min(5 × 1, 3) = 77 → 良 (60–80)
        "B": {"x": 95, "incidents": 0, "awards": 0, "major": 1},  # 95, vetoed: capped at 59 and graded 差
        "C": {"x": 4, "incidents": 10, "major": 0},                # 4 − min(10 × 2, 10) floored at 0: moved −4
    })
    result = score(_adjusting_framework(), raw)

    a, b, c = (overall_of(result, r) for r in "ABC")
    assert (a["score"], a["band"], pd.isna(a["veto"])) == (pytest.approx(77), "良", True)
    assert (b["score"], b["band"], b["veto"]) == (pytest.approx(59), "差", "发生重大安全事故")
    assert (c["score"], c["band"]) == (pytest.approx(0), "差")
    # The weighted dimension is untouched: only x is weighted in (80, 95, 4).
    assert dimension_of(result, "A", "d")["score"] == pytest.approx(80)
    # Contributions still add up to the index: 80 − 6 + 3 = 77; 95 − 36 = 59; 4 − 4 = 0.
    for region, parts in {"A": [80, -6, 3, 0], "B": [95, 0, 0, -36], "C": [4, -4, 0, 0]}.items():
        got = [indicator_of(result, region, code)["index_contribution"] for code in ("x", "incidents", "awards", "major")]
        assert got == pytest.approx(parts)
    assert indicator_of(result, "A", "incidents")["score_note"] == "扣分项:扣 6 分"
    assert indicator_of(result, "A", "awards")["score_note"] == "加分项:加 3 分"
    assert indicator_of(result, "B", "major")["score_note"] == "一票否决:已触发,等级定为“差”"
    assert indicator_of(result, "C", "awards")["score_note"] == "无数据,加分项未计"
    assert (a["missing_indicators"], c["missing_indicators"]) == (0, 1)


def test_a_deduction_on_its_dimension_moves_the_dimension_and_then_the_index():
    framework = make_framework({
        "d1": (1, [indicator("x"), {"code": "late", "name": "逾期件", "unit": "件", "source": "reported",
                                    "adjust": {"kind": "deduction", "per": 5, "applies_to": "dimension"}}]),
        "d2": (1, [indicator("w")]),
    })
    result = score(framework, raw_values({"A": {"x": 80, "late": 2, "w": 50}}))

    # d1 = 80 − 2 × 5 = 70; index (70 + 50) / 2 = 60.
    assert dimension_of(result, "A", "d1")["score"] == pytest.approx(70)
    assert overall_of(result, "A")["score"] == pytest.approx(60)
    # Index parts: x 80 / 2 = 40, late −10 / 2 = −5, w 25; they add up to 60.
    parts = [indicator_of(result, "A", c)["index_contribution"] for c in ("x", "late", "w")]
    assert parts == pytest.approx([40, -5, 25])


def test_rules_chosen_per_framework_dimension_and_indicator():
    framework = make_framework({"d1": (1, [indicator("a"), indicator("b", normalization="goalpost")]),
                                "d2": (1, [indicator("c")])})
    data = framework.model_dump()
    data["framework"]["normalization"] = "best_share"
    data["dimensions"][1]["normalization"] = "target"
    data["dimensions"][1]["indicators"][0]["target"] = 50
    for dim in data["dimensions"]:
        for ind in dim["indicators"]:
            if ind["code"] != "b":
                ind.pop("normalization")
    chosen = type(framework).model_validate(data)

    assert {i.code: i.normalization for _d, i in chosen.indicators} == {"a": "best_share", "b": "goalpost",
                                                                         "c": "target"}
    result = score(chosen, raw_values({"A": {"a": 40, "b": 40, "c": 40}, "B": {"a": 80, "b": 80, "c": 80}}))
    # a: 40 / 80 = 50; b on goalposts 0–100: 40; c: 40 / 50 = 80 (B reaches the target: 100).
    assert [indicator_of(result, "A", c)["normalized"] for c in "abc"] == pytest.approx([50, 40, 80])
    assert indicator_of(result, "B", "c")["normalized"] == pytest.approx(100)


def test_explain_shows_the_rule_of_every_indicator():
    result = score(_adjusting_framework(), raw_values({"A": {"x": 80, "incidents": 3, "awards": 5, "major": 0}}))

    rules = explain(_adjusting_framework(), result, region_code="A", period="2025Q4").set_index("code")["rule"]

    assert rules["x"] == "上下限法:0 记 0 分,100 记 100 分,其间线性换算,超出截断"
    assert rules["incidents"] == "扣分项:每起扣 2 分,最多扣 10 分(从综合得分中扣除,扣后不低于 0 分)"
    assert rules["awards"] == "加分项:每项加 1 分,最多加 3 分(加到综合得分上,不超过 100 分)"
    assert rules["major"] == "一票否决:重大事故 >= 1 时,等级定为“差”,得分不超过 59 分(发生重大安全事故)"


@pytest.mark.parametrize(("spec", "message"), [
    ('normalization = "target"', "target(目标值)归一化须给出 target = 目标值"),
    ('normalization = "rank_points"\npoints = [48, 51]', "points 须从第 1 名起逐名不增"),
    ('adjust = { kind = "veto", when = "about 1", band = "好" }', "条件“about 1”无法识别"),
    ('adjust = { kind = "bonus", per = 1 }', "加分项须给出 cap"),
    ('adjust = { kind = "veto", when = ">= 1", band = "优秀" }', "一票否决等级“优秀”不是本框架的等级之一"),
])
def test_bad_rules_are_refused_naming_the_key(tmp_path, spec, message):
    path = tmp_path / "rules.toml"
    path.write_text(f"""[framework]
code = "rules"
name = "规则"

[[bands]]
label = "好"
min = 0

[[dimensions]]
code = "d"
name = "维度"
weight = 1

[[dimensions.indicators]]
code = "x"
name = "指标"
lo = 0
hi = 100
source = "reported"

[[dimensions.indicators]]
code = "y"
name = "规则指标"
source = "reported"
{spec}
""", encoding="utf-8")
    with pytest.raises(FrameworkError, match=re.escape(message)):
        load_framework(path)


def test_a_dimension_of_only_adjustments_is_refused():
    with pytest.raises(ValueError, match="维度中至少要有一个参与加权的指标"):
        make_framework({"d": (1, [{"code": "y", "name": "y", "source": "reported",
                                   "adjust": {"kind": "deduction", "per": 1}}])})
