"""Factories for import tests: small files built in the test, a regions table, table row counts."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import Workbook
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from govdash.services.imports import ImportResult, import_file

REGIONS_CSV = (
    "区划代码,区划名称,层级,上级代码\n"
    "990100,示例市,市,\n"
    "990101,滨江区,区县,990100\n"
    "990102,江北区,区县,990100\n"
)

EVALUATION_HEADER = "评价编号,区县代码,评价渠道,评价等级,评价时间,评价内容,整改完成时间"
EVALUATION_ROWS = [
    "HP001,990101,窗口,非常满意,2025-03-05 10:21,办理很快,",
    "HP002,990102,移动端,不满意,2025/3/7,材料要求不清楚,2025-03-20 09:00",
    "HP003,990101,PC端,4,2025年3月8日,,",
]


def csv_bytes(header: str, rows: list[str], encoding: str = "utf-8") -> bytes:
    """A CSV file as Excel would save it (CRLF line ends)."""
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with the given sheets, each a list of rows (the first row is the header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_counts(engine: Engine) -> dict[str, int]:
    """Row count of every table, to prove a rejected import changed nothing."""
    names = [n for n in inspect(engine).get_table_names() if n != "alembic_version"]
    with engine.connect() as conn:
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def rows_of(engine: Engine, table: str, *, order_by: str = "id", drop: tuple[str, ...] = ("id", "batch_id")):
    """Stored rows of a table as dicts, without the surrogate columns."""
    with engine.connect() as conn:
        result = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order_by}')).mappings().all()
    return [{k: v for k, v in row.items() if k not in drop} for row in result]


@pytest.fixture
def regions(engine: Engine) -> ImportResult:
    """The regions table filled with a city and two districts."""
    result = import_file(engine, "regions", REGIONS_CSV.encode(), file_name="regions.csv")
    assert result.status == "imported", result.report.to_frame()
    return result


@pytest.fixture
def import_bytes(engine: Engine) -> Callable[..., ImportResult]:
    """Import bytes as a named file."""

    def run(kind: str, data: bytes, name: str = "upload.csv", **options) -> ImportResult:
        return import_file(engine, kind, data, file_name=name, **options)

    return run
