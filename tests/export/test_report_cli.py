"""``govdash report`` on the demo database: the Word files a leader receives, opened with python-docx."""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from govdash.cli import app

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def all_cards(demo_database_file, renderer, tmp_path_factory):
    out = tmp_path_factory.mktemp("cards")
    result = runner.invoke(app, ["report", "-f", "district_health", "-p", "2025Q4", "--all", "--out", str(out),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 0, result.output
    return result, out


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_report_all_writes_one_card_per_district(all_cards):
    result, out = all_cards
    files = sorted(out.glob("*.docx"))
    assert len(files) == 14  # the demo city's districts, 鹤鸣县 (数据不足) included
    assert "已生成 14 份成绩单" in result.output
    assert (out / "990106_新港区_2025年第4季度_成绩单.docx").exists()


def test_report_card_names_district_rank_scores_and_weak_spot(all_cards):
    _result, out = all_cards
    document = docx.Document(str(out / "990106_新港区_2025年第4季度_成绩单.docx"))
    text = _text(document)
    assert document.paragraphs[0].text == "区级“三网一基一指数”运行管理健康指数成绩单"
    assert "新港区(990106)" in text and "报告期:2025年第4季度" in text
    assert re.search(r"第 \d+ / 13 名", text)
    assert re.search(r"运行管理健康指数 \d+\.\d 分", text)
    assert re.search(r"郊区 第 \d+ / 4 名", text)  # 新港区 among the 郊区 of the region table
    assert "运行管理" in text and "短板" in text  # the pillar below 60
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"三、优势与短板指标", "五、政务服务“好差评”", "七、评估方法", "附:数据来源批次"} <= set(headings)
    assert "好评率" in text and "%" in text


def test_report_card_ends_with_the_batches_behind_its_figures(all_cards):
    _result, out = all_cards
    document = docx.Document(str(out / "990102_滨江区_2025年第4季度_成绩单.docx"))
    batches = document.tables[-1]
    assert batches.rows[0].cells[0].text == "批次号"
    kinds = {row.cells[1].text for row in batches.rows[1:]}
    assert {"政务服务“好差评”", "区县填报指标", "政务服务事项"} <= kinds
    listed = {row.cells[0].text for row in batches.rows[1:]}
    # Every batch named in the indicator tables appears in the batch table.
    named = {b for table in document.tables if table.rows[0].cells[-1].text == "批次"
             for row in table.rows[1:] for b in row.cells[-1].text.split(",") if b != "—"}
    assert named and named <= listed


def test_report_card_charts_are_png_pictures(all_cards):
    _result, out = all_cards
    document = docx.Document(str(out / "990106_新港区_2025年第4季度_成绩单.docx"))
    # Ranking, dimensions, trend, and the map of the demo's invented boundaries.
    assert len(document.inline_shapes) == 4
    assert "区县位置与得分分布" in _text(document)
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 4
    assert all(part.blob.startswith(PNG) and len(part.blob) > 10_000 for part in images)


def test_report_card_styles_name_the_east_asian_typeface(all_cards):
    _result, out = all_cards
    document = docx.Document(str(out / "990106_新港区_2025年第4季度_成绩单.docx"))
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:asciiTheme")) is None
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_report_one_district(demo_database_file, renderer, tmp_path):
    result = runner.invoke(app, ["report", "-f", "digital_gov", "-p", "2025Q4", "-r", "990106", "-o", str(tmp_path),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.docx")
    text = _text(docx.Document(str(path)))
    assert "数字政府建设成效评估指数成绩单" in text and re.search(r"综合得分 \d+\.\d 分", text)
    assert "四、三网一基一指数" in text and "健康等级" in text  # the other framework's levels, in the same card


def test_report_needs_region_or_all(demo_database_file, tmp_path):
    result = runner.invoke(app, ["report", "-f", "digital_gov", "-p", "2025Q4", "-o", str(tmp_path),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 2
    assert "--region" in result.output and "--all" in result.output


def test_report_unknown_district_exits_1(demo_database_file, tmp_path):
    result = runner.invoke(app, ["report", "-f", "digital_gov", "-p", "2025Q4", "-r", "123456", "-o", str(tmp_path),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 1
    assert "区县代码 123456 不存在" in result.output
    assert not list(tmp_path.glob("*.docx"))
