"""Region codes by level: 6-digit counties, 9-digit townships, 12-digit communities, and their parents."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from govdash.domain import region_codes
from govdash.services.imports import import_file
from tests.ingest.conftest import csv_bytes, xlsx_bytes

HEADER = "区划代码,区划名称,层级,上级代码,同类组"


def _import(engine, rows: list[str], header: str = HEADER, **options):
    return import_file(engine, "regions", csv_bytes(header, rows), file_name="regions.csv", **options)


def _regions(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT code, level, parent_code, peer_group FROM region ORDER BY code"))]


def _messages(result) -> list[str]:
    return [issue.message for issue in result.report.errors]


@pytest.mark.parametrize(("code", "level", "problem"), [
    ("440000", "province", None), ("440100", "city", None), ("440106", "district", None),
    ("440106001", "street", None), ("440106001001", "community", None),
    ("440106", "street", "街道的区划代码应为 9 位数字"), ("440106001", "district", "区县的区划代码应为 6 位数字"),
    ("440100", "district", "后 2 位不能为 00"), ("440106", "city", "后 2 位应为 00"),
    ("440100", "province", "后 4 位应为 0000"),
])
def test_region_codes_code_problem_by_level(code, level, problem):
    found = region_codes.code_problem(code, level)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(("code", "level", "parent", "parent_level", "problem"), [
    ("440106001", "street", "440106", "district", None),
    ("440106001001", "community", "440106001", "street", None),
    ("440106", "district", "440100", "city", None),
    ("110101", "district", "110000", "province", None),
    ("440106001", "street", "440107", "district", "前 6 位应与上级代码“440107”一致"),
    ("440106001", "street", "440100", "city", "街道的上级应为区县"),
    ("440106001001", "community", "440106", "district", "社区/村的上级应为街道"),
    ("440106", "district", "450100", "city", "前 4 位应与上级代码“450100”一致"),
])
def test_region_codes_parent_problem(code, level, parent, parent_level, problem):
    found = region_codes.parent_problem(code, level, parent, parent_level)
    assert (found is None) if problem is None else (problem in found)


def test_import_regions_streets_and_communities_with_levels_inferred_and_parents_from_prefix(engine):
    result = _import(engine, ["990100,示例市,市,,", "990101,滨江区,区县,990100,中心城区",
                              "990101001,江滨街道,,,", "990101001002,临江社区,,990101001,"])
    assert result.status == "imported", result.report.to_frame()
    assert _regions(engine) == [("990100", "city", None, None), ("990101", "district", "990100", "中心城区"),
                                ("990101001", "street", "990101", None),
                                ("990101001002", "community", "990101001", None)]


def test_import_regions_street_under_stored_district_checked_against_stored_level(engine):
    assert _import(engine, ["990100,示例市,市,,", "990101,滨江区,区县,990100,"]).status == "imported"
    good = _import(engine, ["990101003,江滨街道,街道,990101,"], header=HEADER)
    assert good.status == "imported", good.report.to_frame()
    bad = _import(engine, ["990100004,错挂街道,街道,990100,"])
    assert bad.status == "rejected"
    assert any("街道的上级应为区县,上级代码“990100”是市" in m for m in _messages(bad))


@pytest.mark.parametrize(("row", "message"), [
    ("990101001,江滨街道,区县,990101,", "区县的区划代码应为 6 位数字"),
    ("99010100,八位代码,,,", "区划代码应为 6 位(省/市/区县,GB/T 2260)、9 位(街道/乡镇)或 12 位"),
    ("990102001,他区街道,街道,990101,", "前 6 位应与上级代码“990101”一致"),
    ("990109001,孤立街道,街道,,", "上级代码既不在本文件中,也不在已有的行政区划表中"),
])
def test_import_regions_wrong_code_for_level_or_parent_is_rejected(engine, row, message):
    result = _import(engine, ["990100,示例市,市,,", "990101,滨江区,区县,990100,", row])
    assert result.status == "rejected"
    assert any(message in m for m in _messages(result)), _messages(result)
    assert _regions(engine) == []


def test_import_xlsx_codes_excel_turned_into_numbers_for_9_and_12_digits(engine):
    rows = [["区划代码", "区划名称", "层级", "上级代码"], [990100, "示例市", "市", None],
            [990101, "滨江区", "区县", 990100.0], [990101001.0, "江滨街道", "街道", 990101],
            [990101001002.0, "临江社区", "社区", 990101001.0]]
    result = import_file(engine, "regions", xlsx_bytes({"区划": rows}), file_name="regions.xlsx")
    assert result.status == "imported", result.report.to_frame()
    assert [r[0] for r in _regions(engine)] == ["990100", "990101", "990101001", "990101001002"]


def test_import_records_of_a_street_accept_its_9_digit_code(engine):
    assert _import(engine, ["990100,示例市,市,,", "990101,滨江区,区县,990100,", "990101001,江滨街道,,,"]
                   ).status == "imported"
    result = import_file(engine, "evaluations", csv_bytes(
        "评价编号,区县代码,评价渠道,评价等级,评价时间", ["HP1,990101001.0,窗口,5,2025-03-05 10:21",
                                                  "HP2,99010100,窗口,5,2025-03-05 10:21"]),
        file_name="e.csv")
    assert result.status == "rejected"
    assert [(i.row, i.column) for i in result.report.errors] == [(3, "区县代码")]
    fixed = import_file(engine, "evaluations", csv_bytes(
        "评价编号,区县代码,评价渠道,评价等级,评价时间", ["HP1,990101001.0,窗口,5,2025-03-05 10:21"]),
        file_name="e2.csv")
    assert fixed.status == "imported", fixed.report.to_frame()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT region_code FROM evaluation")).scalar() == "990101001"


def test_a_set_of_codes_is_named_by_its_common_level():
    assert region_codes.unit_of_codes(["990102001", "990121100"]) == "街道"
    assert region_codes.unit_of_codes(["990102", "990103"]) == "区县"
    assert region_codes.unit_of_codes(["990102001001"]) == "社区/村"
    assert region_codes.unit_of_codes(["990102", "990102001"]) == "区县"  # mixed levels keep the default
    assert region_codes.unit_of_codes([]) == "区县"
