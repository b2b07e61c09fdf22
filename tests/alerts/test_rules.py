"""Warning rules: the shipped file loads, bad files are refused in Chinese naming file and rule, and each rule
type finds exactly the districts a reader would pick out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govdash.alerts import AlertRuleError, evaluate_rules, load_rules
from govdash.alerts.rules import MetricRule, RankLastRule, ScoreDropRule
from govdash.scoring import score
from tests.scoring.factories import indicator, make_framework, raw_values

RULES = Path(__file__).resolve().parents[2] / "data" / "warnings" / "rules.toml"
NAMES = {"990101": "甲区", "990102": "乙区", "990103": "丙区"}


def test_shipped_rules_load_with_every_rule_type():
    rules = load_rules(RULES)
    assert {type(r) for r in rules} == {MetricRule, RankLastRule, ScoreDropRule}
    assert len({r.code for r in rules}) == len(rules)


@pytest.mark.parametrize(("body", "message"), [
    ('metric = "evaluation.no_such"\nop = "<"\nthreshold = 1', "rules.toml: rule[x].metric: 未知的指标“evaluation.no_such”"),
    ('metric = "evaluation.good_rate"\nop = "≈"\nthreshold = 1', "rules.toml: rule[x].op"),
    ('metric = "evaluation.good_rate"\nop = "<"', "rules.toml: rule[x].threshold: 缺少必填项"),
])
def test_bad_metric_rule_is_refused_naming_file_and_rule(tmp_path: Path, body: str, message: str):
    path = tmp_path / "rules.toml"
    path.write_text(f'[[rule]]\ncode = "x"\nname = "n"\nlevel = "红"\ntype = "metric"\n{body}\n', encoding="utf-8")
    with pytest.raises(AlertRuleError, match="rules.toml") as caught:
        load_rules(path)
    assert message in str(caught.value)


def test_unknown_level_and_doubled_codes_are_refused(tmp_path: Path):
    rule = '[[rule]]\ncode = "x"\nname = "n"\nlevel = "{}"\ntype = "rank_last"\nframework = "f"\n'
    path = tmp_path / "rules.toml"
    path.write_text(rule.format("紫"), encoding="utf-8")
    with pytest.raises(AlertRuleError, match="level"):
        load_rules(path)
    path.write_text(rule.format("红") * 2, encoding="utf-8")
    with pytest.raises(AlertRuleError, match="规则代码重复:x"):
        load_rules(path)


def _metric_rows(values: dict[str, float], metric: str = "evaluation.bad_ontime_rate") -> pd.DataFrame:
    return pd.DataFrame({"region_code": list(values), "period": "2025Q4", "metric": metric,
                         "value": list(values.values())})


def test_metric_rule_hits_districts_below_threshold_with_a_records_link():
    rule = MetricRule(code="ontime", name="按时整改率低", level="红", type="metric",
                      metric="evaluation.bad_ontime_rate", op="<", threshold=80)
    hits = evaluate_rules([rule], period="2025Q4", metrics=_metric_rows({"990101": 79.9, "990102": 80.0}),
                          scored={}, names=NAMES)
    assert list(hits["region_name"]) == ["甲区"]  # 80.0 is not below 80
    assert hits.iloc[0]["value"] == "79.9%" and hits.iloc[0]["threshold"] == "< 80.0%"
    assert hits.iloc[0]["link"] == "evaluations?period=2025Q4&region=990101"


def _scored():
    framework = make_framework({"service": (100, [indicator("a"), indicator("b")])})
    # 甲区 a: 90 → 70 (−20); 乙区 last in both quarters; 丙区 rises.
    raw = pd.concat([raw_values({"990101": {"a": 90, "b": 90}, "990102": {"a": 10, "b": 10},
                                 "990103": {"a": 50, "b": 50}}, period="2025Q3"),
                     raw_values({"990101": {"a": 70, "b": 90}, "990102": {"a": 20, "b": 20},
                                 "990103": {"a": 60, "b": 50}}, period="2025Q4")], ignore_index=True)
    return {framework.code: (framework, score(framework, raw))}, framework.code


def test_rank_last_rule_needs_every_period_running():
    scored, code = _scored()
    two = RankLastRule(code="last2", name="连续两期末位", level="红", type="rank_last", framework=code, periods=2)
    three = RankLastRule(code="last3", name="连续三期末位", level="红", type="rank_last", framework=code, periods=3)
    hits = evaluate_rules([two, three], period="2025Q4", metrics=_metric_rows({}), scored=scored, names=NAMES)
    # 乙区 is last in 2025Q3 and 2025Q4; there is no 2025Q2, so nobody is last three quarters running.
    assert list(zip(hits["rule_code"], hits["region_name"], strict=True)) == [("last2", "乙区")]
    assert "district=990102" in hits.iloc[0]["link"]


def test_score_drop_rule_on_index_and_on_indicators():
    scored, code = _scored()
    overall = ScoreDropRule(code="drop", name="总分下降", level="橙", type="score_drop", framework=code,
                            target="overall", points=5)
    items = ScoreDropRule(code="item", name="指标下降", level="黄", type="score_drop", framework=code,
                          target="indicators", points=15)
    hits = evaluate_rules([items, overall], period="2025Q4", metrics=_metric_rows({}), scored=scored, names=NAMES)
    # 甲区: index (90 + 90) / 2 = 90 → (70 + 90) / 2 = 80, down 10 > 5; indicator a down 20 > 15.
    assert list(hits["rule_code"]) == ["drop", "item"]  # 橙 before 黄
    assert hits.iloc[0]["value"] == "-10.0 分"
    assert hits.iloc[1]["detail"] == "a 90.0 分 → 70.0 分"
    assert hits.iloc[0]["link"].endswith("district=990101")
    assert hits.iloc[1]["link"].endswith("district=990101&indicator=a")  # opens the indicator's records
