"""Score commands on bad input: they say what is wrong in Chinese and exit non-zero."""

from __future__ import annotations

from typer.testing import CliRunner

from govdash.cli import app

runner = CliRunner()


def test_score_unknown_framework_exits_2_listing_the_known_ones(database_url):
    result = runner.invoke(app, ["score", "--framework", "nope", "--period", "2025Q4", "--db", database_url])

    assert result.exit_code == 2
    assert "未找到评估框架“nope”,可选:digital_gov、district_health" in result.output


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
