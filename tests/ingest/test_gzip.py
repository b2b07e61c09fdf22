"""Gzip-compressed CSV (``.csv.gz``): read decompressed, refused precisely when broken or too big."""

from __future__ import annotations

import gzip
import struct

import pytest
from typer.testing import CliRunner

from govdash.cli import app
from govdash.services.imports import inspect_file, undo_batch
from tests.ingest.conftest import (
    EVALUATION_HEADER,
    EVALUATION_ROWS,
    csv_bytes,
    rows_of,
    table_counts,
    xlsx_bytes,
)

# Database code: `make test-pg` runs these against PostgreSQL too.
pytestmark = pytest.mark.pg

GBK_FILE = csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS, "gbk")
MANY_ROWS = [f"HP{i:06d},990101,窗口,5,2025-03-05 10:21,办理顺利,," for i in range(40_000)]


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def test_import_gzipped_gbk_csv_stores_same_rows_as_plain(regions, import_bytes, engine):
    plain = import_bytes("evaluations", GBK_FILE, "好差评.csv")
    assert plain.status == "imported", plain.report.to_frame()
    plain_rows = rows_of(engine, "evaluation")
    assert undo_batch(engine, plain.batch_id).ok
    packed = import_bytes("evaluations", _gzip(GBK_FILE), "好差评.csv.gz")
    assert packed.status == "imported", packed.report.to_frame()
    assert (packed.encoding, packed.file_name) == ("gb18030", "好差评.csv.gz")
    assert rows_of(engine, "evaluation") == plain_rows


def test_import_truncated_gzip_is_refused_and_writes_nothing(regions, import_bytes, engine):
    whole = _gzip(csv_bytes(EVALUATION_HEADER, MANY_ROWS))
    before = table_counts(engine)
    result = import_bytes("evaluations", whole[: len(whole) * 2 // 3], "好差评.csv.gz")
    assert result.status == "rejected"
    message = result.report.errors[0].message
    assert message.startswith("gzip 压缩文件“好差评.csv.gz”不完整:压缩数据提前结束,文件可能在下载或复制时被截断")
    assert "未导入任何数据" in message
    assert table_counts(engine) == before


def test_import_corrupt_gzip_names_the_checksum(regions, import_bytes, engine):
    damaged = bytearray(_gzip(GBK_FILE))
    damaged[-6] ^= 0xFF  # a byte of the CRC-32 in the trailer
    before = table_counts(engine)
    result = import_bytes("evaluations", bytes(damaged), "好差评.csv.gz")
    assert result.status == "rejected"
    assert "gzip 压缩文件“好差评.csv.gz”已损坏:校验失败" in result.report.errors[0].message
    assert table_counts(engine) == before


def test_import_size_limit_counts_decompressed_bytes(regions, import_bytes, engine):
    content = csv_bytes(EVALUATION_HEADER, MANY_ROWS)
    packed = _gzip(content)
    limit = 1 << 20
    assert len(packed) < limit < len(content)
    before = table_counts(engine)
    result = import_bytes("evaluations", packed, "好差评.csv.gz", max_bytes=limit)
    assert result.status == "rejected"
    assert result.report.errors[0].message.startswith("压缩文件“好差评.csv.gz”解压后超过上传上限 1.0 MB")
    assert table_counts(engine) == before


def test_import_size_limit_holds_when_gzip_trailer_understates_size(regions, import_bytes, engine):
    # The trailer's length field is the only size a gzip file states; a crafted one lies about it.
    packed = _gzip(csv_bytes(EVALUATION_HEADER, MANY_ROWS))
    forged = packed[:-4] + struct.pack("<I", 100)
    result = import_bytes("evaluations", forged, "bomb.csv.gz", max_bytes=1 << 20)
    assert result.status == "rejected"
    assert "解压后超过上传上限 1.0 MB" in result.report.errors[0].message


def test_import_gzipped_workbook_is_refused_with_hint(regions, import_bytes):
    workbook = xlsx_bytes({"明细": [EVALUATION_HEADER.split(","), *[r.split(",") for r in EVALUATION_ROWS]]})
    result = import_bytes("evaluations", _gzip(workbook), "好差评.xlsx.gz")
    assert result.status == "rejected"
    assert "里是 Excel 工作簿" in result.report.errors[0].message


def test_inspect_file_reads_gzipped_csv():
    preview = inspect_file(_gzip(GBK_FILE), file_name="好差评.csv.gz")
    assert preview.error is None
    assert (preview.compressed, preview.kind, preview.encoding_label) == (True, "evaluations", "GBK/GB18030")
    assert len(preview.rows) == len(EVALUATION_ROWS) and not preview.missing


def test_inspect_file_reports_truncated_gzip():
    preview = inspect_file(_gzip(GBK_FILE)[:-12], file_name="好差评.csv.gz")
    assert preview.error is not None and "不完整" in preview.error


def test_cli_imports_csv_gz_file(database_url, tmp_path):
    runner = CliRunner()
    regions = tmp_path / "regions.csv"
    regions.write_text("区划代码,区划名称,层级,上级代码\n990100,示例市,市,\n990101,滨江区,区县,990100\n"
                       "990102,江北区,区县,990100\n", encoding="utf-8")
    packed = tmp_path / "好差评.csv.gz"
    packed.write_bytes(_gzip(GBK_FILE))
    assert runner.invoke(app, ["import", "regions", str(regions), "--db", database_url]).exit_code == 0
    result = runner.invoke(app, ["import", "evaluations", str(packed), "--db", database_url])
    assert result.exit_code == 0, result.output
    assert "导入成功:批次 #2,写入 3 行" in result.output
