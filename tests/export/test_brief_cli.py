"""``govdash brief`` and ``govdash export-xlsx`` on the demo database, and their refusals in Chinese."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from typer.testing import CliRunner

from govdash.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_brief(demo_database_file, renderer, tmp_path_factory):
    out = tmp_path_factory.mktemp("brief") / "简报.pptx"
    result = runner.invoke(app, ["brief", "-f", "district_health", "-p", "2025Q4", "--out", str(out),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 0, result.output
    return result, Presentation(str(out))


def _text(slides) -> str:
    return "\n".join(p.text for slide in slides for s in slide.shapes if s.has_text_frame
                     for p in s.text_frame.paragraphs)


def test_brief_writes_the_deck_with_charts_and_findings(demo_brief):
    result, briefing = demo_brief
    titles = [slide.shapes.title.text for slide in briefing.slides]
    assert f"{len(titles)} 页" in result.output
    assert titles[0] == "区级“三网一基一指数”运行管理健康指数"
    assert {"综合排名", "区域差异", "区县卡片", "好差评要点", "主要发现", "评估方法"} <= set(titles)
    assert "基尼系数" in _text([briefing.slides[titles.index("区域差异")]])
    pictures = [s for slide in briefing.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) >= 7  # the ranking, the heatmap, one per pillar (five)
    text = _text(briefing.slides)
    assert "滨江区" in text and "新港区" in text and "鹤鸣县" in text


def test_brief_for_one_district_names_it(demo_database_file, renderer, tmp_path):
    out = tmp_path / "b.pptx"
    result = runner.invoke(app, ["brief", "-f", "digital_gov", "-p", "2025Q4", "-r", "990106", "-o", str(out),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 0, result.output
    assert "新港区" in _text([Presentation(str(out)).slides[0]])


def test_brief_unknown_district_exits_1(demo_database_file, tmp_path):
    result = runner.invoke(app, ["brief", "-f", "digital_gov", "-p", "2025Q4", "-r", "123456",
                                 "-o", str(tmp_path / "b.pptx"), "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 1
    assert "区县代码 123456 不存在" in result.output
    assert not (tmp_path / "b.pptx").exists()


def test_brief_empty_database_says_to_import_first(database_url, tmp_path):
    result = runner.invoke(app, ["brief", "-f", "digital_gov", "-p", "2025Q4", "-o", str(tmp_path / "b.pptx"),
                                 "--db", database_url])
    assert result.exit_code == 1
    assert "2025年第4季度没有可用于“数字政府建设成效评估指数”的数据,请先导入数据。" in result.output


def test_brief_wrong_suffix_exits_2(database_url, tmp_path):
    result = runner.invoke(app, ["brief", "-f", "digital_gov", "-p", "2025Q4", "-o", str(tmp_path / "b.pdf"),
                                 "--db", database_url])
    assert result.exit_code == 2
    assert "输出文件须以 .pptx 结尾" in result.output


def test_export_xlsx_writes_overview_dimensions_and_method(demo_database_file, tmp_path):
    out = tmp_path / "得分.xlsx"
    result = runner.invoke(app, ["export-xlsx", "-f", "district_health", "-p", "2025Q4", "-o", str(out),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(io.BytesIO(out.read_bytes()))
    assert workbook.sheetnames == ["总览", "一网通办", "一网统管", "一网协同", "数字基础", "运行管理", "方法说明",
                                   "指标与权重"]
    rows = list(workbook["总览"].values)
    assert rows[0][:3] == ("排名", "区县代码", "区县") and rows[1][:3] == (1, "990102", "滨江区")  # first place
    assert len(rows) == 1 + 14


def test_brief_map_slide_holds_the_district_map_picture(demo_brief):
    import numpy as np
    from PIL import Image

    _, briefing = demo_brief
    slide = next(s for s in briefing.slides if s.shapes.title.text == "区县分布图")
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    image = Image.open(io.BytesIO(picture.image.blob))
    assert image.size == (1920, 1080)
    pixels = np.asarray(image.convert("RGB")).astype(int)
    healthy = (np.abs(pixels - np.array((0x1A, 0x7F, 0x37))).sum(axis=2) < 12).mean()  # 健康's green
    assert healthy > 0.005  # the healthy districts are filled, on their boundaries
    assert "区县边界" in _text([slide])  # the subtitle says the map is drawn on real boundaries
