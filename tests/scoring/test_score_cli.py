"""Score commands: on bad input they say what is wrong in Chinese and exit non-zero; CSV/JSON keep every digit."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core import db
from govdash.frameworks import resolve_framework
from govdash.services import indexes

runner = CliRunner()


def test_score_unknown_framework_exits_2_listing_the_known_ones(database_url):
    result = runner.invoke(app, ["score", "--framework", "nope", "--period", "2025Q4", "--db", database_url])

    assert result.exit_code == 2
    assert "未找到评估框架“nope”,可选:digital_gov、district_health、example_rules" in result.output


def test_score_bad_period_exits_2(database_url):
    result = runner.invoke(app, ["score", "--framework", "digital_gov", "--period", "25Q9", "--db", database_url])

    assert result.exit_code == 2
    assert "无法识别的期间“25Q9”" in result.output


def test_score_empty_database_says_to_import_first(database_url):
    result = runner.invoke(app, ["score", "-f", "district_health", "-p", "2025Q4", "--db", database_url])

    assert result.exit_code == 1
    assert "2025年第4季度没有可用于“区级“三网一基一指数”运行管理健康指数”的数据,请先导入数据。" in result.output


def test_sensitivity_empty_database_exits_1(database_url):
    result = runner.invoke(app, ["sensitivity", "-f", "digital_gov", "-p", "2025Q4", "--db", database_url])

    assert result.exit_code == 1
    assert "没有可排名的区县" in result.output


def test_score_framework_file_with_a_typo_names_file_and_key(database_url, tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text('[framework]\ncode = "x"\nname = "x"\nagregation = "geometric"\n', encoding="utf-8")

    result = runner.invoke(app, ["score", "-f", str(path), "-p", "2025Q4", "--db", database_url])

    assert result.exit_code == 2
    assert "typo.toml: framework.agregation: 无法识别的键,是否应为“aggregation”?" in result.output


def test_score_csv_and_json_keep_full_precision_the_table_says_it_rounds(demo_database_url):
    framework = resolve_framework("digital_gov")
    expected = indexes.compute_scores(db.get_engine(demo_database_url), framework, periods="2025Q4").overall
    expected = expected.set_index("region_code")["score"].dropna()
    base = ["score", "-f", "digital_gov", "-p", "2025Q4", "--db", demo_database_url]

    csv = pd.read_csv(io.StringIO(runner.invoke(app, [*base, "--format", "csv"]).stdout), dtype={"区县代码": str})
    records = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    table = runner.invoke(app, base).stdout

    from_csv = csv.set_index("区县代码")["综合得分"].dropna()
    assert (from_csv.round(1) != from_csv).any()  # more digits than the 0.1 shown on screen
    assert from_csv.to_dict() == pytest.approx(expected.to_dict(), abs=1e-12)
    from_json = {r["region_code"]: r["score"] for r in records if r["score"] is not None}
    assert from_json == pytest.approx(expected.to_dict(), abs=1e-12)
    assert "表中得分四舍五入保留 1 位小数(原始值 2 位);--format csv 或 json 输出未经舍入的完整数值。" in table


EGDI_BANDS = """
[[bands]]
label = "非常高"
min = 75
split = ["V1", "V2", "V3", "VH"]

[[bands]]
label = "高"
min = 50
split = ["H1", "H2", "H3", "HV"]

[[bands]]
label = "中"
min = 25

[[bands]]
label = "低"
min = 0
"""


def test_score_shows_group_and_rating_class_in_table_csv_and_json(demo_database_url, tmp_path):
    text = (Path(__file__).resolve().parents[2] / "data" / "frameworks" / "digital_gov.toml").read_text("utf-8")
    start, end = text.index("[[bands]]"), text.index("# ------", text.index("[[bands]]"))
    own = tmp_path / "egdi_style.toml"
    own.write_text(text[:start] + EGDI_BANDS + text[end:], encoding="utf-8")
    base = ["score", "-f", str(own), "-p", "2025Q4", "--db", demo_database_url]
    expected = indexes.compute_scores(db.get_engine(demo_database_url), resolve_framework(str(own)),
                                      periods="2025Q4").overall.set_index("region_code")
    best = expected["score"].idxmax()
    # The best district scores 91.6: very high (≥ 75), and 87.5 ≤ 91.6 < 93.75 is class V3.
    assert (expected.loc[best, "band"], expected.loc[best, "band_class"]) == ("非常高", "V3")

    table = runner.invoke(app, base).stdout
    csv = pd.read_csv(io.StringIO(runner.invoke(app, [*base, "--format", "csv"]).stdout), dtype={"区县代码": str})
    records = {r["region_code"]: r for r in json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)}

    header = table.splitlines()[1].split()
    shown = dict(zip(header, next(line for line in table.splitlines() if best in line).split(), strict=False))
    assert (shown["等级"], shown["细分等级"]) == ("非常高", "V3")
    row = csv.set_index("区县代码").loc[best]
    assert (row["等级"], row["细分等级"]) == ("非常高", "V3")
    assert (records[best]["band"], records[best]["band_class"]) == ("非常高", "V3")


def test_score_a_half_year_says_which_period_it_compares_with(demo_database_url):
    result = runner.invoke(app, ["score", "-f", "district_health", "-p", "2025年上半年", "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("区级“三网一基一指数”运行管理健康指数 · 2025年上半年 · 加权算术平均")
    assert "较上期:与2024年下半年比较" in result.stdout


def test_score_compare_with_a_chosen_period(demo_database_url):
    base = ["score", "-f", "digital_gov", "-p", "2025", "--db", demo_database_url, "--format", "json"]
    expected = indexes.compute_scores(db.get_engine(demo_database_url), resolve_framework("digital_gov"),
                                      periods=["2023", "2024", "2025"]).overall

    chosen = json.loads(runner.invoke(app, [*base, "--compare-with", "2024"]).stdout)

    scores = expected.set_index(["region_code", "period"])["score"]
    for record in chosen:
        if record["score"] is not None and not pd.isna(scores.get((record["region_code"], "2024"))):
            assert record["change"] == pytest.approx(record["score"] - scores[(record["region_code"], "2024")])


def test_audit_indicators_lists_every_indicator_with_flags_first(demo_database_url):
    result = runner.invoke(app, ["audit-indicators", "-f", "digital_gov", "-p", "2025Q4", "--format", "json",
                                 "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.output)
    assert len(rows) == 30
    # The synthetic service indicators move together: 全程网办率 and 零跑动率 correlate above 0.9.
    full_online = next(r for r in rows if r["indicator_code"] == "full_online_rate")
    assert full_online["closest"] == "zero_visit_rate" and "高度相关" in full_online["flags"]
    assert all(r["rank_shift"] >= 0 for r in rows)


def test_audit_indicators_table_states_the_rules(demo_database_url):
    result = runner.invoke(app, ["audit-indicators", "-f", "digital_gov", "-p", "2025Q4", "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    assert "指标诊断" in result.output and "去掉后平均排名变化" in result.output
    assert "覆盖不足:有观测值的区县少于 66%" in result.output


def test_audit_indicators_empty_database_exits_1(database_url):
    result = runner.invoke(app, ["audit-indicators", "-f", "digital_gov", "-p", "2025Q4", "--db", database_url])

    assert result.exit_code == 1
    assert "无法进行指标诊断" in result.output


def test_uncertainty_prints_sobol_indices_and_a_sentence_per_district(demo_database_url):
    result = runner.invoke(app, ["uncertainty", "-f", "digital_gov", "-p", "2025Q4", "--samples", "32",
                                 "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    assert "排名不确定性(Sobol,192 次模拟)" in result.output
    for label in ("权重", "归一化方法", "汇总方法", "缺失值估算"):
        assert label in result.output
    assert "总效应指数 ST(%)" in result.output
    assert "在各种合理的权重和方法下都排第 1 名" in result.output or "稳定在第 1–" in result.output


def test_uncertainty_json_for_one_district(demo_database_url):
    import json

    result = runner.invoke(app, ["uncertainty", "-f", "district_health", "-p", "2025Q4", "--samples", "16",
                                 "--region", "990106", "--format", "json", "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)[0]
    assert [d["region_code"] for d in payload["districts"]] == ["990106"]
    district = payload["districts"][0]
    assert district["rank_low"] <= district["rank"] <= district["rank_high"]
    assert {i["source"] for i in payload["indices"]} == {"weights", "normalization", "aggregation", "imputation"}
    assert payload["runs"] == 96


def test_uncertainty_bad_samples_exits_1(demo_database_url):
    result = runner.invoke(app, ["uncertainty", "-f", "digital_gov", "-p", "2025Q4", "--samples", "100",
                                 "--db", demo_database_url])

    assert result.exit_code == 1
    assert "2 的幂" in result.output
