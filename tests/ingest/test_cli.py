"""The data commands: exit status and what they print."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from govdash.cli import app
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, REGIONS_CSV, csv_bytes, table_counts

runner = CliRunner()


@pytest.fixture
def files(tmp_path):
    (tmp_path / "regions.csv").write_text(REGIONS_CSV, encoding="utf-8")
    (tmp_path / "good.csv").write_bytes(csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS, "gbk"))
    bad_rows = [EVALUATION_ROWS[0], "HP009,990101,窗口,6,2025-03-05,,"]
    (tmp_path / "bad.csv").write_bytes(csv_bytes(EVALUATION_HEADER, bad_rows))
    return tmp_path


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_cli_import_good_file_exits_0_with_batch_id(database_url, files):
    assert _run("import", "regions", str(files / "regions.csv"), "--db", database_url).exit_code == 0
    result = _run("import", "evaluations", str(files / "good.csv"), "--db", database_url, "--uploader", "评估员")
    assert result.exit_code == 0, result.output
    assert "导入成功:批次 #2,写入 3 行" in result.output
    assert "编码 gb18030" in result.output


def test_cli_import_bad_file_exits_1_with_report(database_url, files, engine):
    _run("import", "regions", str(files / "regions.csv"), "--db", database_url)
    before = table_counts(engine)
    result = _run("import", "evaluations", str(files / "bad.csv"), "--db", database_url)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["行号", "列", "值", "级别", "问题"]
    assert lines[2].split()[:4] == ["3", "评价等级", "6", "错误"]
    assert "不是有效的“评价等级”" in lines[2]
    assert "发现 1 个错误,数据未写入" in result.output
    assert table_counts(engine) == before


def test_cli_import_same_file_twice_exits_1(database_url, files):
    _run("import", "regions", str(files / "regions.csv"), "--db", database_url)
    result = _run("import", "regions", str(files / "regions.csv"), "--db", database_url)
    assert result.exit_code == 1 and "同一文件已导入过" in result.output


def test_cli_validate_writes_nothing(database_url, files, engine):
    _run("import", "regions", str(files / "regions.csv"), "--db", database_url)
    before = table_counts(engine)
    result = _run("validate", "evaluations", str(files / "good.csv"), "--db", database_url)
    assert result.exit_code == 0 and "校验通过:共 3 行" in result.output
    assert table_counts(engine) == before
    assert _run("validate", "evaluations", str(files / "bad.csv"), "--db", database_url).exit_code == 1


def test_cli_batches_and_undo(database_url, files):
    _run("import", "regions", str(files / "regions.csv"), "--db", database_url)
    _run("import", "evaluations", str(files / "good.csv"), "--db", database_url)
    listing = _run("batches", "--db", database_url)
    assert listing.exit_code == 0
    assert listing.output.splitlines()[2].split()[:4] == ["2", "政务服务“好差评”", "good.csv", "有效"]
    assert "上传时间(北京时间)" in listing.output and "UTC" not in listing.output
    undone = _run("undo", "2", "--db", database_url)
    assert undone.exit_code == 0 and "已撤销批次 #2(good.csv),删除 3 条记录" in undone.output
    refused = _run("undo", "1", "--db", database_url)
    assert refused.exit_code == 0  # nothing refers to the regions any more
    assert _run("undo", "1", "--db", database_url).exit_code == 1
    assert "已撤销" in _run("batches", "--kind", "regions", "--db", database_url).output


def test_cli_import_over_size_limit(database_url, files):
    big = files / "big.csv"
    big.write_bytes(EVALUATION_HEADER.encode() + b"\n" + b"0" * (2 * 1024 * 1024))
    result = _run("import", "evaluations", str(big), "--max-size-mb", "1", "--db", database_url)
    assert result.exit_code == 1 and "文件大小 2.0 MB 超过上传上限 1.0 MB" in result.output


def test_cli_unknown_kind_lists_the_kinds(database_url, files):
    result = _run("import", "ratings", str(files / "good.csv"), "--db", database_url)
    assert result.exit_code == 2 and "未知的数据类型“ratings”" in result.output and "evaluations" in result.output


def test_cli_new_database_gets_schema(database_url, tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert _run("batches", "--db", url).output.strip() == "还没有导入任何数据。"
