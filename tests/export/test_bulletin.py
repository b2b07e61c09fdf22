"""The monthly 通报 on the demo database: ranking, hits by rule, changes since last month, charts."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from typer.testing import CliRunner

from govdash.cli import app
from govdash.report.bulletin import parse_month, previous_month

runner = CliRunner()


@pytest.fixture(scope="module")
def december(demo_database_file, renderer, tmp_path_factory):
    out = tmp_path_factory.mktemp("bulletin") / "通报.docx"
    result = runner.invoke(app, ["bulletin", "--month", "2025-12", "--out", str(out),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 0, result.output
    return docx.Document(str(out))


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_bulletin_ranks_the_districts_of_the_month_s_quarter(december):
    assert december.paragraphs[0].text == "数字政府建设成效评估指数月度通报"
    text = "\n".join(p.text for p in december.paragraphs)
    assert "2025年12月" in text and "评估期:2025年第4季度" in text
    ranking = _cells(december.tables[0])
    assert ranking[0][:3] == ["排名", "区县", "综合得分"]
    assert ranking[1][0] == "1" and ranking[1][2].endswith(" 分")
    assert ranking[-1][3] == "数据不足"  # 鹤鸣县 is listed, last, without a rank
    assert len(december.inline_shapes) == 2


def test_bulletin_lists_hits_by_rule_and_in_detail(december):
    by_rule = _cells(december.tables[1])
    assert by_rule[0] == ["规则", "等级", "区县数", "区县"]
    last = next(row for row in by_rule if row[0] == "连续两个季度综合得分排名末位")
    assert last[1:] == ["红", "1", "雁山县"]
    detail = _cells(december.tables[2])
    assert [row[0] for row in detail[1:]] == sorted((row[0] for row in detail[1:]), key="红橙黄".index)


def test_bulletin_compares_december_with_november(december):
    text = "\n".join(p.text for p in december.paragraphs)
    assert "上月与本月同属一个评估期" in text  # November and December are both 2025Q4
    months = _cells(december.tables[-1])
    assert months[0] == ["指标", "2025年12月", "2025年11月", "变化"]
    assert months[2][0] == "好评率" and months[2][1].endswith("%") and "个百分点" in months[2][3]


def test_bulletin_refuses_a_bad_month(demo_database_file, tmp_path):
    result = runner.invoke(app, ["bulletin", "--month", "2025-13", "--out", str(tmp_path / "t.docx"),
                                 "--db", f"sqlite:///{demo_database_file}"])
    assert result.exit_code == 2
    assert "无法识别的月份" in result.output


def test_months_parse_and_step_back_over_the_year():
    assert parse_month("2025年1月") == date(2025, 1, 1)
    assert previous_month(parse_month("2025-01")) == date(2024, 12, 1)
