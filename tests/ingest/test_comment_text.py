"""Free text starting with = + - @ is stored as written and made inert only where it leaves: CSV and XLSX."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import text

from govdash.export.xlsx import csv_bytes, workbook_bytes
from govdash.repository import bad_evaluations
from tests.ingest.conftest import EVALUATION_HEADER

ROWS = 100_000
# Real comments that begin like a formula, and two that would run as one if exported raw.
COMMENTS = {7: "-办事效率很高", 54_321: "+1 窗口服务好", 88_888: "@工作人员 态度很好", 99_998: '=HYPERLINK("http://x","点此")'}


def _file() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EVALUATION_HEADER.split(","))
    for n in range(ROWS):
        rating = "不满意" if n in COMMENTS else "满意"
        writer.writerow([f"HP{n:06d}", "990101" if n % 2 else "990102", "窗口", rating,
                         f"2025-03-{1 + n % 28:02d} 10:00", COMMENTS.get(n, "办理顺利"), ""])
    return out.getvalue().encode("utf-8")


def test_import_formula_like_comments_stored_verbatim_in_100k_file(regions, import_bytes, engine):
    result = import_bytes("evaluations", _file(), "好差评.csv")
    assert result.status == "imported", result.report.to_frame().head()
    assert result.rows_written == ROWS
    with engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT eval_no, comment FROM evaluation WHERE rating <= 2")).all())
    assert stored == {f"HP{n:06d}": comment for n, comment in COMMENTS.items()}


def test_export_formula_like_comments_made_inert(regions, import_bytes, engine):
    rows = [f"HP{n},990101,窗口,不满意,2025-03-05 10:00,{comment}," for n, comment in
            enumerate(["-办事效率很高", "@工作人员 态度很好", "=1+2"])]
    import_bytes("evaluations", ("\r\n".join([EVALUATION_HEADER, *rows]) + "\r\n").encode())
    listed = bad_evaluations(engine, periods="2025Q1")
    assert set(listed["comment"]) == {"-办事效率很高", "@工作人员 态度很好", "=1+2"}
    cells = [c for row in csv.reader(io.StringIO(csv_bytes(listed).decode("utf-8-sig"))) for c in row]
    assert {"'-办事效率很高", "'@工作人员 态度很好", "'=1+2"} <= set(cells)
    assert "=1+2" not in cells
    sheet = load_workbook(io.BytesIO(workbook_bytes({"差评": listed}))).active
    assert sheet is not None
    values = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert {"'-办事效率很高", "'=1+2"} <= values and "=1+2" not in values
