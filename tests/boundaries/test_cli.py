"""The boundary commands: import-boundaries (with its report), boundaries, undo-boundaries."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from govdash.cli import app
from tests.boundaries.conftest import EAST, WEST, collection, feature

runner = CliRunner()
REGIONS_CSV = "区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990102,滨江区,区,990100\n990103,望湖区,区,990100\n"


@pytest.fixture
def files(tmp_path, database_url):
    (tmp_path / "regions.csv").write_text(REGIONS_CSV, encoding="utf-8")
    assert runner.invoke(app, ["import", "regions", str(tmp_path / "regions.csv"), "--db", database_url]).exit_code == 0
    (tmp_path / "good.geojson").write_bytes(collection(feature("990102", WEST), feature("110101", EAST)))
    (tmp_path / "bad.geojson").write_bytes(collection(feature("990102", WEST, geometry_type="Point")))
    return tmp_path


def test_cli_import_boundaries_reports_and_lists(files, database_url):
    result = runner.invoke(app, ["import-boundaries", str(files / "good.geojson"), "--caption", "GS(2024)1号",
                                 "--db", database_url])
    assert result.exit_code == 0, result.output
    assert "已导入边界 #1" in result.output
    assert "未匹配  第 2 个要素:区划代码 110101 不是已登记的区县" in result.output
    assert "无边界  990103 望湖区" in result.output
    listing = runner.invoke(app, ["boundaries", "--db", database_url])
    assert "good.geojson" in listing.output and "GS(2024)1号" in listing.output and "使用中" in listing.output


def test_cli_import_boundaries_bad_file_exits_1_naming_the_feature(files, database_url):
    result = runner.invoke(app, ["import-boundaries", str(files / "bad.geojson"), "--db", database_url])
    assert result.exit_code == 1
    assert "第 1 个要素(属性“geometry”):几何类型是 Point" in result.output
    assert "还没有导入区县边界" in runner.invoke(app, ["boundaries", "--db", database_url]).output


def test_cli_undo_boundaries(files, database_url):
    runner.invoke(app, ["import-boundaries", str(files / "good.geojson"), "--db", database_url])
    result = runner.invoke(app, ["undo-boundaries", "1", "--db", database_url])
    assert result.exit_code == 0 and "已撤销边界 #1" in result.output
    assert runner.invoke(app, ["undo-boundaries", "1", "--db", database_url]).exit_code == 1
