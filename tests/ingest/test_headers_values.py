"""Header matching, cell parsing, and the file preview."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from govdash.domain import vocab
from govdash.domain.kinds import get_kind
from govdash.ingest.headers import map_headers, suggest
from govdash.ingest.values import parse_datetime, parse_enum, parse_region
from govdash.services.imports import inspect_file
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, rows_of


def test_map_headers_tolerates_width_blanks_suffixes_and_english():
    kind = get_kind("service-items")
    headers = ["期间", "事项编码", "事项名称", "实施部门", "region_code", " 网办深度 ", "*跑动次数",
               "法定时限（工作日）", "承诺时限(天)", "ＯＮＬＩＮＥ＿ＶＯＬＵＭＥ"]
    header_map = map_headers(kind, headers)
    assert header_map.missing == [] and header_map.unknown == {}
    assert header_map.matched["legal_days"] == 7 and header_map.matched["promised_days"] == 8
    assert header_map.matched["online_volume"] == 9


def test_map_headers_explicit_mapping_wins():
    kind = get_kind("evaluations")
    headers = ["流水号", "区县代码", "评价渠道", "评价等级", "评价时间"]
    header_map = map_headers(kind, headers, {"流水号": "评价编号"})
    assert header_map.matched["eval_no"] == 0 and header_map.missing == []


def test_suggest_prefers_the_kind_columns():
    assert suggest("评价等极", get_kind("evaluations")) == ["评价等级"]
    assert {"评价等级", "评价编号"} <= set(suggest("评价登记", get_kind("evaluations")))
    assert suggest("完全不相干的表头", get_kind("evaluations")) == []


def test_import_with_column_mapping(regions, engine, import_bytes):
    header = EVALUATION_HEADER.replace("评价编号", "流水号")
    result = import_bytes("evaluations", csv_bytes(header, EVALUATION_ROWS), column_mapping={"流水号": "eval_no"})
    assert result.status == "imported"
    assert [r["eval_no"] for r in rows_of(engine, "evaluation")] == ["HP001", "HP002", "HP003"]


def test_import_unknown_header_is_a_warning_with_hint(regions, import_bytes):
    header = EVALUATION_HEADER + ",回仿时间"
    rows = [r + ",2025-03-21" for r in EVALUATION_ROWS]
    result = import_bytes("evaluations", csv_bytes(header, rows))
    assert result.status == "imported"
    assert result.report.warnings[0].message == "无法识别的列“回仿时间”,已忽略(您是否想写“回访时间”?)"


def test_parse_datetime_chinese_forms():
    text = pd.Series(["2025-03-05", "2025/3/5", "2025年3月5日", "2025.3.5 8:05", "20250305", "2025年3月5日 14时30分",
                      "", "3/5/2025", "2025-02-29"])
    values, bad = parse_datetime(text)
    day = datetime(2025, 3, 5)
    assert values[:6].tolist() == [day, day, day, datetime(2025, 3, 5, 8, 5), day, datetime(2025, 3, 5, 14, 30)]
    assert bad.tolist() == [False] * 7 + [True, True]


def test_parse_datetime_excel_serials_only_for_xlsx():
    text = pd.Series(["45721", "45721.5"])
    values, bad = parse_datetime(text, excel_serials=True)
    assert values.tolist() == [datetime(2025, 3, 5), datetime(2025, 3, 5, 12)]
    assert parse_datetime(text)[1].tolist() == [True, True]


def test_parse_region_restores_numbers_excel_made():
    codes, bad = parse_region(pd.Series(["440106", "440106.0", "44010", "四四〇一〇六", ""]))
    assert codes.tolist()[:2] == ["440106", "440106"]
    assert bad.tolist() == [False, False, True, True, False]


def test_parse_enum_words_digits_and_excel_numbers():
    values, bad = parse_enum(pd.Series(["非常满意", "4", "2.0", "6", "好"]), vocab.RATINGS)
    assert values.tolist()[:3] == [5, 4, 2]
    assert bad.tolist() == [False, False, False, True, True]


def test_inspect_file_guesses_kind_and_reports_headers():
    header = EVALUATION_HEADER.replace("评价等级", "评价登记") + ",备注说明"
    preview = inspect_file(csv_bytes(header, [r + ",x" for r in EVALUATION_ROWS], "gbk"), file_name="a.csv")
    assert preview.error is None
    assert (preview.kind, preview.encoding, preview.encoding_label) == ("evaluations", "gb18030", "GBK/GB18030")
    assert preview.matched["评价编号"] == "评价编号"
    assert "评价等级" in preview.unknown["评价登记"]
    assert preview.missing == ["评价等级"]
    assert list(preview.rows.columns)[:2] == ["评价编号", "区县代码"] and len(preview.rows) == 3


def test_inspect_file_reports_unreadable_file():
    preview = inspect_file(b"", file_name="a.csv")
    assert preview.error == "文件为空(0 字节),请检查是否选错了文件"


@pytest.mark.parametrize("kind", ["regions", "evaluations", "reported"])
def test_every_kind_column_names_map_to_themselves(kind):
    definition = get_kind(kind)
    for column in definition.columns:
        for name in column.names:
            assert map_headers(definition, [name]).matched == {column.key: 0}, name
