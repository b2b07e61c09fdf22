"""A framework file that imputes shows its estimates as 估算 in the CLI, the explain tree and the workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core import db
from govdash.export.workbook import score_sheets
from govdash.frameworks import FrameworkError, load_framework
from govdash.report.methodology import method_notes
from govdash.services.indexes import compute_scores

FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"
runner = CliRunner()


@pytest.fixture
def imputing(tmp_path: Path) -> Path:
    text = (FRAMEWORKS / "digital_gov.toml").read_text(encoding="utf-8")
    path = tmp_path / "imputing.toml"
    path.write_text(text.replace('method = "none"', 'method = "mean"', 1), encoding="utf-8")
    return path


def test_score_cli_counts_estimated_indicators(demo_database_url, imputing):
    result = runner.invoke(app, ["score", "-f", str(imputing), "-p", "2025Q4", "--format", "json",
                                 "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    # The sample has one district without a reported sheet: its reported indicators are estimated.
    estimated = [r for r in rows if r["imputed_indicators"]]
    assert estimated and all(r["status"] == "缺失/估算" for r in estimated)
    assert all(r["missing_indicators"] == 0 for r in estimated)
    table = runner.invoke(app, ["score", "-f", str(imputing), "-p", "2025Q4", "--db", demo_database_url])
    assert "估算指标" in table.output


def test_explain_cli_marks_the_estimated_raw_values(demo_database_url, imputing):
    framework = load_framework(imputing)
    scores = compute_scores(db.get_engine(demo_database_url), framework, periods="2025Q4")
    code = scores.overall.loc[scores.overall["imputed_indicators"] > 0, "region_code"].iloc[0]

    result = runner.invoke(app, ["explain", "-f", str(imputing), "-p", "2025Q4", "-r", code,
                                 "--db", demo_database_url])

    assert result.exit_code == 0, result.output
    assert "(估算)" in result.output and "估算:同期各区县均值" in result.output


def test_workbook_lists_estimates_and_states_the_method(demo_database_url, imputing):
    framework = load_framework(imputing)
    scores = compute_scores(db.get_engine(demo_database_url), framework, periods="2025Q4")

    sheets = score_sheets(framework, scores, period="2025Q4")

    assert sheets["总览"]["估算指标"].sum() == scores.overall["imputed_indicators"].sum() > 0
    readiness = sheets["基础准备度"]
    assert readiness["估算(原始值为估计值)"].str.contains("专项规划与政策文件").any()
    notes = dict(sheets["方法说明"].to_numpy().tolist())
    assert notes["缺失值估算"].startswith("缺失值按同期各区县均值估算")
    assert notes["异常值处理"] == "不处理异常值:按原始值归一化"


def test_shipped_frameworks_state_todays_method():
    framework = load_framework(FRAMEWORKS / "district_health.toml")

    notes = dict(method_notes(framework, "arithmetic", period="2025Q4"))

    assert notes["数据筛选"] == "不筛除区县:有数据的区县都参与评分"
    assert notes["缺失值估算"].startswith("不估算")


def test_method_typo_names_the_key(tmp_path: Path):
    text = (FRAMEWORKS / "digital_gov.toml").read_text(encoding="utf-8")
    path = tmp_path / "typo.toml"
    path.write_text(text.replace("max_winsorised = 5", "max_winsorized = 5", 1), encoding="utf-8")

    with pytest.raises(FrameworkError, match=r"method\.treatment\.max_winsorized: 无法识别的键,是否应为“max_winsorised”"):
        load_framework(path)
