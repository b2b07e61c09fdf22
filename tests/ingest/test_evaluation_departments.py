"""好差评 without 实施部门: the department comes from the stored service item's latest snapshot."""

from __future__ import annotations

import pytest

from tests.ingest.conftest import csv_bytes, rows_of

pytestmark = pytest.mark.pg

ITEMS_HEADER = "期间,事项编码,事项名称,实施部门,区县代码,网办深度,跑动次数"
ITEMS_ROWS = [
    "2025Q3,SX990101-0001,个体工商户设立登记,滨江区工商局,990101,4,0",
    "2025Q4,SX990101-0001,个体工商户设立登记,滨江区市场监督管理局,990101,4,0",
    "2025Q4,SX990102-0001,居民身份证换领,江北区公安分局,990102,3,1",
]


@pytest.fixture
def service_items(regions, import_bytes):
    result = import_bytes("service-items", csv_bytes(ITEMS_HEADER, ITEMS_ROWS), "items.csv")
    assert result.status == "imported", result.report.to_frame()


def _departments(engine) -> dict[str, str | None]:
    return {r["eval_no"]: r["department"] for r in rows_of(engine, "evaluation")}


def test_evaluations_without_department_column_take_the_latest_snapshot(service_items, engine, import_bytes):
    data = csv_bytes("评价编号,区县代码,事项编码,评价渠道,评价等级,评价时间", [
        "HP1,990101,SX990101-0001,移动端,5,2025-11-03 10:00",
        "HP2,990102,SX990102-0001,窗口,4,2025-11-04 11:00",
    ])
    result = import_bytes("evaluations", data, "evaluations.csv")
    assert result.status == "imported", result.report.to_frame()
    assert _departments(engine) == {"HP1": "滨江区市场监督管理局", "HP2": "江北区公安分局"}


def test_evaluations_keep_a_given_department_and_fill_blank_ones(service_items, engine, import_bytes):
    data = csv_bytes("评价编号,区县代码,事项编码,实施部门,评价渠道,评价等级,评价时间", [
        "HP1,990101,SX990101-0001,滨江区政务服务中心,移动端,5,2025-11-03 10:00",
        "HP2,990101,SX990101-0001,,PC端,4,2025-11-03 11:00",
    ])
    result = import_bytes("evaluations", data, "evaluations.csv")
    assert result.status == "imported", result.report.to_frame()
    assert _departments(engine) == {"HP1": "滨江区政务服务中心", "HP2": "滨江区市场监督管理局"}


def test_evaluations_of_an_unknown_item_leave_the_department_blank(service_items, engine, import_bytes):
    data = csv_bytes("评价编号,区县代码,事项编码,评价渠道,评价等级,评价时间", [
        "HP1,990101,SX990101-9999,移动端,5,2025-11-03 10:00",
        "HP2,990101,,窗口,5,2025-11-03 10:30",
    ])
    result = import_bytes("evaluations", data, "evaluations.csv")
    assert result.status == "imported" and result.report.error_count == 0
    assert _departments(engine) == {"HP1": None, "HP2": None}
