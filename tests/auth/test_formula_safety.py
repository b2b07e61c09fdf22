"""Downloads of user-supplied text stay inert in Excel: the validation report, the audit log, the batch list."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from govdash.auth import authenticate
from govdash.auth.audit import audit_entries, audit_table
from govdash.cli import app
from govdash.export.xlsx import csv_bytes, workbook_bytes
from govdash.services.imports import list_batches
from govdash.services.uploads import authorized_import
from tests.auth.conftest import REGIONS_CSV

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)"]


def bad_ratings() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["评价编号", "区县代码", "评价渠道", "评价等级", "评价时间"])
    writer.writerows([f"HP{i}", "990101", "移动端", value, "2025-11-03 10:00"] for i, value in enumerate(FORMULAS))
    return out.getvalue().encode("gbk")


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]


def assert_inert(cells: list[str], values: list[str]) -> None:
    for value in values:
        assert value not in cells, f"{value!r} left live"
        assert f"'{value}" in cells


@pytest.mark.parametrize("write", [csv_bytes, lambda f: workbook_bytes({"校验报告": f})], ids=["csv", "xlsx"])
def test_validation_report_download_keeps_formulas_as_text(engine, evaluator, regions, write):
    result = authorized_import(engine, evaluator, "evaluations", bad_ratings(), file_name="hp.csv", dry_run=True)
    frame = result.report.to_frame()
    assert sorted(frame["值"]) == sorted(FORMULAS)
    data = write(frame)
    assert_inert(csv_cells(data) if write is csv_bytes else xlsx_cells(data), FORMULAS)


def test_batch_list_and_audit_downloads_keep_formula_names_as_text(engine, admin):
    name = "=HYPERLINK(1).csv"
    assert authorized_import(engine, admin, "regions", REGIONS_CSV, file_name=name).ok
    assert_inert(csv_cells(csv_bytes(list_batches(engine))), [name])
    assert_inert(xlsx_cells(workbook_bytes({"上传记录": list_batches(engine)})), [name])
    typed = "=1+2"
    assert not authenticate(engine, typed, "wrong-password").ok  # a failed sign-in keeps the typed name
    audit = audit_table(audit_entries(engine))
    assert_inert(csv_cells(csv_bytes(audit)), [typed])
    assert_inert(xlsx_cells(workbook_bytes({"审计日志": audit})), [typed])


def test_audit_command_csv_keeps_a_typed_formula_as_text(engine):
    assert not authenticate(engine, "@SUM(A1)", "wrong-password").ok
    out = CliRunner().invoke(app, ["audit", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert_inert([c for row in csv.reader(io.StringIO(out.output)) for c in row], ["@SUM(A1)"])
