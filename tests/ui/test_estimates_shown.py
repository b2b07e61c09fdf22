"""The page tables mark imputed values 估算: the ranking counts them, the indicator tree labels the raw value."""

from __future__ import annotations

from govdash.report.tables import ranking_table
from govdash.scoring import explain, score
from govdash.ui.score_views import tree_frame
from tests.scoring.factories import indicator, make_framework, raw_values


def test_ranking_and_tree_show_the_estimate():
    base = make_framework({"a": (1, [indicator("x", unit="%"), indicator("y", unit="%")])})
    framework = base.model_copy(update={"method": base.method.model_validate({"imputation": {"method": "mean"}})})
    raw = raw_values({"1": {"x": 10, "y": 20}, "2": {"x": 30, "y": 40}, "3": {"x": 50, "y": None}})
    result = score(framework, raw)
    overall = result.overall.assign(region_name=result.overall["region_code"])

    ranking = ranking_table(framework, overall).set_index("区县代码")
    tree = tree_frame(explain(framework, result, region_code="3", period="2025Q4"))

    assert ranking.loc["3", "估算指标"] == 1 and ranking.loc["1", "估算指标"] == 0
    # y of district 3 = (20 + 40) / 2 = 30.
    assert "30.0%(估算)" in tree["原始值"].tolist()
    assert any("估算:同期各区县均值" in flag for flag in tree["标记"])


def test_ranking_has_no_estimate_column_when_the_file_does_not_impute():
    framework = make_framework({"a": (1, [indicator("x")])})
    result = score(framework, raw_values({"1": {"x": 10}, "2": {"x": 30}}))

    assert "估算指标" not in ranking_table(framework, result.overall.assign(region_name="甲")).columns
