import io

import pytest
from openpyxl import load_workbook

from govdash.export.workbook import score_sheets, score_workbook
from govdash.scoring import score
from tests.scoring.factories import raw_values


def _rows(sheet):
    header, *rows = list(sheet.values)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_score_workbook_has_overview_one_sheet_per_dimension_and_the_method(small_framework, small_scores):
    workbook = load_workbook(io.BytesIO(score_workbook(small_framework, small_scores, period="2025Q4")))
    assert workbook.sheetnames == ["总览", "服务", "治理", "方法说明", "指标与权重"]


def test_score_workbook_overview_holds_scores_ranks_and_dimension_scores(small_framework, small_scores):
    workbook = load_workbook(io.BytesIO(score_workbook(small_framework, small_scores, period="2025Q4")))
    rows = {row["区县代码"]: row for row in _rows(workbook["总览"])}
    assert rows["990101"]["综合得分"] == pytest.approx(84.0)
    assert rows["990101"]["排名"] == 1
    assert rows["990102"]["综合得分"] == pytest.approx(48.0)
    assert rows["990102"]["短板"] == "服务"
    assert (rows["990102"]["服务"], rows["990102"]["治理"]) == (pytest.approx(40.0), pytest.approx(60.0))
    assert rows["990103"]["综合得分"] is None
    assert rows["990103"]["状态"] == "数据不足"


def test_score_workbook_dimension_sheet_lists_raw_values_and_scores(small_framework, small_scores):
    sheets = score_sheets(small_framework, small_scores, period="2025Q4")
    service = sheets["服务"].set_index("区县代码")
    assert service.loc["990101", "维度得分"] == pytest.approx(80.0)
    assert service.loc["990102", "a(%)"] == pytest.approx(50.0)
    assert service.loc["990102", "b 得分"] == pytest.approx(30.0)
    assert list(sheets["服务"]["区县代码"])[0] == "990101"  # best first
    governance = sheets["治理"].set_index("区县代码")
    assert governance.loc["990101", "c 得分"] == pytest.approx(90.0)  # lower is better: 100 − 10


def test_score_workbook_one_district(small_framework, small_scores):
    sheets = score_sheets(small_framework, small_scores, period="2025Q4", region_code="990102")
    assert list(sheets["总览"]["区县"]) == ["乙区"]
    assert list(sheets["治理"]["区县"]) == ["乙区"]


def test_score_workbook_method_sheets_state_weights_and_rules(small_framework, small_scores):
    sheets = score_sheets(small_framework, small_scores, period="2025Q4")
    notes = dict(zip(sheets["方法说明"]["项目"], sheets["方法说明"]["说明"], strict=True))
    assert notes["评估期"] == "2025年第4季度"
    assert notes["维度与权重"] == "服务 60%、治理 40%"
    assert notes["等级划分"] == "优 ≥ 80 分;良 60–80 分;差 < 60 分"
    assert "低于 60 分" in notes["短板"]
    indicators = sheets["指标与权重"].set_index("指标")
    assert indicators.loc["c", "方向"] == "越低越好"
    assert indicators.loc["a", "维度内权重(%)"] == pytest.approx(50.0)


def test_score_workbook_district_name_like_a_formula_stays_text(small_framework, small_scores):
    workbook = load_workbook(io.BytesIO(score_workbook(small_framework, small_scores, period="2025Q4")))
    for name in ("总览", "服务"):
        cells = [c for row in workbook[name].iter_rows() for c in row if isinstance(c.value, str)
                 and "HYPERLINK" in c.value]
        assert cells, name
        assert all(c.value.startswith("'=") and c.data_type == "s" for c in cells)


def test_score_workbook_keeps_full_precision_and_rounds_only_for_display(small_framework):
    # 服务 (90.123456 + 70) / 2 = 80.061728, 治理 100 − 10 = 90, index 0.6 × 80.061728 + 0.4 × 90 = 84.0370368.
    result = score(small_framework, raw_values({"990101": {"a": 90.123456, "b": 70, "c": 10}}))
    for key in ("overall", "dimensions", "indicators"):
        getattr(result, key).insert(1, "region_name", "甲区")

    workbook = load_workbook(io.BytesIO(score_workbook(small_framework, result, period="2025Q4")))

    overview = workbook["总览"]
    header = [c.value for c in overview[1]]
    index_cell = overview.cell(row=2, column=header.index("综合得分") + 1)
    assert index_cell.value == pytest.approx(84.0370368, abs=1e-9)
    assert index_cell.number_format == "0.0"
    service = workbook["服务"]
    header = [c.value for c in service[1]]
    raw_cell = service.cell(row=2, column=header.index("a(%)") + 1)
    assert raw_cell.value == pytest.approx(90.123456, abs=1e-12)
    assert raw_cell.number_format == "#,##0.00"
    assert service.cell(row=2, column=header.index("维度得分") + 1).value == pytest.approx(80.061728, abs=1e-9)
