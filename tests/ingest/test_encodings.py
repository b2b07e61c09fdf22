"""The same content saved by different programs imports to the same stored rows."""

from __future__ import annotations

from datetime import datetime

import pytest

from govdash.ingest.encoding import detect_encoding
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, rows_of, xlsx_bytes

# Database code: `make test-pg` runs these against PostgreSQL too.
pytestmark = pytest.mark.pg

ROWS = [*EVALUATION_ROWS, "HP004,990102,12345热线,基本满意,2025-03-09 08:00,䶮字与生僻字“𠀀”都能保存,"]


def _imported_rows(import_bytes, engine, data: bytes, name: str = "upload.csv", **options):
    result = import_bytes("evaluations", data, name, **options)
    assert result.status == "imported", result.report.to_frame().to_string()
    stored = rows_of(engine, "evaluation")
    # Undo so the next variant of the same rows can be imported into the same database.
    from govdash.services.imports import undo_batch

    assert undo_batch(engine, result.batch_id).ok
    return result, stored


def _utf16_tab(rows: list[str]) -> bytes:
    text = "\r\n".join(line.replace(",", "\t") for line in [EVALUATION_HEADER, *rows]) + "\r\n"
    return text.encode("utf-16")


def test_import_gbk_bom_utf16_and_utf8_store_identical_rows(regions, import_bytes, engine):
    gbk_rows = [r for r in ROWS if "𠀀" not in r]  # GBK itself has no room for that character
    gbk, gbk_rows_stored = _imported_rows(import_bytes, engine, csv_bytes(EVALUATION_HEADER, gbk_rows, "gbk"))
    bom, bom_rows_stored = _imported_rows(import_bytes, engine, csv_bytes(EVALUATION_HEADER, gbk_rows, "utf-8-sig"))
    assert (gbk.encoding, bom.encoding) == ("gb18030", "utf-8-sig")
    assert gbk_rows_stored == bom_rows_stored
    wide, wide_rows = _imported_rows(import_bytes, engine, csv_bytes(EVALUATION_HEADER, ROWS, "gb18030"))
    utf16, utf16_rows = _imported_rows(import_bytes, engine, _utf16_tab(ROWS), "unicode.txt.csv")
    assert utf16.encoding == "utf-16"
    assert wide_rows == utf16_rows
    assert wide_rows[3]["comment"] == "䶮字与生僻字“𠀀”都能保存"


def test_import_declared_gbk_encoding_is_used(regions, import_bytes):
    result = import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS, "gbk"), encoding="GBK")
    assert result.status == "imported" and result.encoding == "gb18030"


def test_import_declared_gbk_for_utf8_file_is_refused(regions, import_bytes):
    result = import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS), encoding="gbk")
    assert result.status == "rejected"
    assert "指定的编码 GBK/GB18030 与文件不符:文件是 UTF-8 编码" in result.report.errors[0].message


def test_import_semicolon_delimited_file(regions, import_bytes, engine):
    text = "\n".join(line.replace(",", ";") for line in [EVALUATION_HEADER, *EVALUATION_ROWS])
    result = import_bytes("evaluations", text.encode())
    assert result.status == "imported" and result.rows_written == 3


def test_import_xlsx_matches_csv(regions, import_bytes, engine):
    _csv, csv_rows = _imported_rows(import_bytes, engine, csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS))
    sheet = [EVALUATION_HEADER.split(",")]
    for line in EVALUATION_ROWS:
        cells: list[object] = line.split(",")
        cells[1] = float(cells[1])  # Excel stores a typed-in region code as a number
        sheet.append([c if c != "" else None for c in cells])
    sheet[1][4] = datetime(2025, 3, 5, 10, 21)  # a real date cell
    sheet[2][4] = 45723  # the day number Excel shows for 2025-03-07 when the cell is not formatted
    sheet[2][6] = datetime(2025, 3, 20, 9, 0)
    workbook = xlsx_bytes({"好差评": sheet})
    result, xlsx_rows = _imported_rows(import_bytes, engine, workbook, "upload.xlsx")
    assert result.sheet == "好差评" and result.encoding is None
    assert xlsx_rows == csv_rows


def test_import_xlsx_named_sheet_and_title_row(regions, import_bytes, engine):
    rows = [["2025年3月好差评明细"], EVALUATION_HEADER.split(","), EVALUATION_ROWS[0].split(",")]
    workbook = xlsx_bytes({"说明": [["本表由系统导出"]], "明细": rows})
    result = import_bytes("evaluations", workbook, "upload.xlsx", sheet="明细")
    assert result.status == "imported", result.report.to_frame()
    assert rows_of(engine, "evaluation")[0]["eval_no"] == "HP001"


def test_import_xlsx_unknown_sheet_lists_the_sheets(regions, import_bytes):
    workbook = xlsx_bytes({"说明": [["x"]], "明细": [["a", "b"]]})
    result = import_bytes("evaluations", workbook, "upload.xlsx", sheet="数据")
    assert result.report.errors[0].message == "工作簿中没有名为“数据”的工作表;现有工作表:说明、明细"


@pytest.mark.parametrize(("data", "expected"), [
    ("区县代码,评价等级\n990101,满意\n".encode("gbk"), "gb18030"),
    ("区县代码,评价等级\n990101,满意\n".encode("utf-8-sig"), "utf-8-sig"),
    ("区县代码,评价等级\n990101,满意\n".encode("utf-16"), "utf-16"),
    ("区县代码,评价等级\n990101,满意\n".encode("utf-16-le"), "utf-16-le"),
    (b"code,name\n990101,abc\n", "utf-8"),
])
def test_detect_encoding_short_samples(data, expected):
    assert detect_encoding(data) == expected
