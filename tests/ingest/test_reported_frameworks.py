"""Reported sheets while a framework file in the folder is broken: the other frameworks' indicators import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govdash.cli import app
from govdash.core import config
from tests.ingest.conftest import REGIONS_CSV, csv_bytes, rows_of

FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"
runner = CliRunner()


@pytest.fixture
def broken_digital_gov(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """district_health.toml as shipped, digital_gov.toml cut off in the middle of a table header."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(FRAMEWORKS / "district_health.toml", folder)
    text = (FRAMEWORKS / "digital_gov.toml").read_text(encoding="utf-8")
    (folder / "digital_gov.toml").write_text(text + "\n[[dimensions\n", encoding="utf-8")
    monkeypatch.setenv("GOVDASH_FRAMEWORKS_DIR", str(folder))
    config.get_settings.cache_clear()
    (tmp_path / "regions.csv").write_text(REGIONS_CSV, encoding="utf-8")
    return tmp_path


def test_cli_import_reported_still_imports_indicators_of_good_frameworks(database_url, engine, broken_digital_gov):
    files = broken_digital_gov
    (files / "health.csv").write_bytes(csv_bytes("区县代码,期间,指标,数值", ["990101,2025Q4,接入部门数,30"]))
    assert runner.invoke(app, ["import", "regions", str(files / "regions.csv"), "--db", database_url]).exit_code == 0

    result = runner.invoke(app, ["import", "reported", str(files / "health.csv"), "--db", database_url])

    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "注意:框架文件有错误,已跳过:digital_gov.toml: TOML 格式错误,第 " in result.stderr
    assert [r["indicator_code"] for r in rows_of(engine, "reported_value")] == ["connected_departments"]


def test_cli_import_reported_indicator_of_the_broken_file_names_the_file(database_url, engine, broken_digital_gov):
    files = broken_digital_gov
    (files / "readiness.csv").write_bytes(csv_bytes("区县代码,期间,指标,数值", ["990101,2025Q4,plan_documents,6"]))
    runner.invoke(app, ["import", "regions", str(files / "regions.csv"), "--db", database_url])

    result = runner.invoke(app, ["import", "reported", str(files / "readiness.csv"), "--db", database_url])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "框架文件 digital_gov.toml 有错误未能加载,若该指标定义在其中,请先修正该文件" in result.stdout
    assert rows_of(engine, "reported_value") == []


def test_cli_score_of_the_broken_framework_says_why_without_a_traceback(database_url, engine, broken_digital_gov):
    result = runner.invoke(app, ["score", "-f", "digital_gov", "-p", "2025Q4", "--db", database_url])

    assert result.exit_code == 2
    assert "未找到评估框架“digital_gov”,可选:district_health" in result.stderr
    assert "digital_gov.toml: TOML 格式错误" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
