"""Score commands: on bad input they say what is wrong in Chinese and exit non-zero; CSV/JSON keep every digit."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from govdash import db, indexes
from govdash.cli import app
from govdash.frameworks import resolve_framework

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
