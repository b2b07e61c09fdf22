"""Hostile files: each is refused promptly, in bounded memory, with a message naming the file and the bound.

Nothing is written, and the process that imports survives: the reading happens in a child process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from govdash.core import config
from govdash.ingest.report import FileRejected
from tests import hostile_files as hostile
from tests.ingest.conftest import EVALUATION_HEADER, EVALUATION_ROWS, csv_bytes, table_counts

# Generous margins over what the checks need (milliseconds): a refusal must not cost a server's time or memory.
REFUSED_WITHIN_SECONDS = 10
PEAK_MEMORY_KB = 1024 * 1024


@dataclass
class Hostile:
    make: Callable[[], bytes]
    name: str
    message: str
    setting: str | None = None


CASES = {
    "sparse_far_apart_cells": Hostile(lambda: hostile.sparse_cells("Z"), "稀疏.xlsx",
                                      "1,048,576 行 × 26 列 = 27,262,976 个单元格", "GOVDASH_UPLOAD_MAX_CELLS"),
    "sparse_far_apart_columns": Hostile(hostile.sparse_cells, "稀疏.xlsx", "有 16,384 列,超过列数上限 500 列",
                                        "GOVDASH_UPLOAD_MAX_COLUMNS"),
    "deflate_bomb": Hostile(hostile.deflate_bomb, "炸弹.xlsx", "疑似压缩炸弹"),
    "gzip_bomb": Hostile(hostile.gzip_bomb, "炸弹.csv.gz", "解压后超过上传上限"),
    "one_huge_line": Hostile(hostile.one_endless_line, "一行.csv", "单行长度上限", "GOVDASH_UPLOAD_MAX_LINE_KB"),
    "very_many_columns": Hostile(hostile.very_many_columns, "多列.csv", "列,超过列数上限 500 列",
                                 "GOVDASH_UPLOAD_MAX_COLUMNS"),
    "deeply_nested_xml": Hostile(hostile.deeply_nested, "嵌套.xlsx", "XML 嵌套超过 64 层"),
    "malformed_xml": Hostile(hostile.malformed_xml, "残缺.xlsx", "不是格式正确的 XML"),
    "entity_expansion": Hostile(hostile.entity_expansion, "实体.xlsx", "文档类型或实体声明"),
    "shared_strings_bomb": Hostile(lambda: hostile.shared_strings(6_000_000), "字符串.xlsx", "疑似压缩炸弹"),
}


@pytest.fixture(autouse=True)
def one_gigabyte_reader(monkeypatch):
    """The reading process may use at most 1 GB, the bound these tests assert."""
    monkeypatch.setenv("GOVDASH_UPLOAD_MAX_MEMORY_MB", "1024")
    config.get_settings.cache_clear()
    yield
    config.get_settings.cache_clear()


def _memory_kb(field: str) -> int:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith(f"{field}:"))
    return int(line.split()[1])


def _reset_peak_memory() -> int:
    """Start measuring the peak resident memory afresh (Linux: ``clear_refs`` 5); return the memory in use now.

    The suite's earlier tests leave their own peak in ``ru_maxrss``; only the import's own growth is measured.
    """
    Path("/proc/self/clear_refs").write_text("5")
    return _memory_kb("VmRSS")


def _refused(import_bytes, engine, data: bytes, name: str):
    before = table_counts(engine)
    in_use = _reset_peak_memory()
    started = time.monotonic()
    result = import_bytes("evaluations", data, name)
    elapsed = time.monotonic() - started
    assert result.status == "rejected"
    assert elapsed < REFUSED_WITHIN_SECONDS
    assert _memory_kb("VmHWM") - in_use < PEAK_MEMORY_KB
    assert table_counts(engine) == before
    return result


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_import_hostile_file_refused_quickly_naming_file_and_bound(regions, engine, import_bytes, case_name):
    case = CASES[case_name]
    result = _refused(import_bytes, engine, case.make(), case.name)
    [issue] = result.report.errors
    assert case.message in issue.message and f"“{case.name}”" in issue.message, issue.message
    if case.setting:
        assert case.setting in issue.message
    # The same process goes on importing good files.
    assert import_bytes("evaluations", csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS)).status == "imported"


def test_import_shared_strings_over_cell_bound_refused(regions, engine, import_bytes, monkeypatch):
    monkeypatch.setenv("GOVDASH_UPLOAD_MAX_CELLS", "1000")
    config.get_settings.cache_clear()
    result = _refused(import_bytes, engine, hostile.shared_strings(5000), "字符串.xlsx")
    assert "共享字符串表超过 1,000 项" in result.report.errors[0].message


def test_import_declared_dimension_over_bound_refused(regions, engine, import_bytes):
    data = hostile.workbook(hostile.sheet(hostile.HEADER_ROW, dimension="A1:XFD1048576"))
    result = _refused(import_bytes, engine, data, "范围.xlsx")
    assert "工作表声明有 16,384 列" in result.report.errors[0].message


def test_import_csv_rows_over_bound_refused(regions, engine, import_bytes, monkeypatch):
    monkeypatch.setenv("GOVDASH_UPLOAD_MAX_ROWS", "2")
    config.get_settings.cache_clear()
    result = _refused(import_bytes, engine, csv_bytes(EVALUATION_HEADER, EVALUATION_ROWS), "三行.csv")
    assert "超过 2 行的行数上限" in result.report.errors[0].message
    assert "GOVDASH_UPLOAD_MAX_ROWS" in result.report.errors[0].message


def test_import_sparse_cells_past_the_checks_stopped_by_memory_limit(regions, engine, import_bytes, monkeypatch):
    """With the checks set out of the way, the reader's own allocation fails in the child, not here."""
    for name in ("GOVDASH_UPLOAD_MAX_CELLS", "GOVDASH_UPLOAD_MAX_COLUMNS", "GOVDASH_UPLOAD_MAX_ROWS"):
        monkeypatch.setenv(name, str(10**12))
    config.get_settings.cache_clear()
    result = _refused(import_bytes, engine, hostile.sparse_cells(), "稀疏.xlsx")
    message = result.report.errors[0].message
    assert "“稀疏.xlsx”读取时超出 1,024 MB 的内存上限" in message and "GOVDASH_UPLOAD_MAX_MEMORY_MB" in message


def test_reader_that_never_answers_stopped_by_time_limit():
    """A reader stuck past the time bound (without using CPU, so its CPU limit never fires) is stopped."""
    from govdash.ingest import isolation
    from govdash.ingest.limits import Limits

    receiver, sender = isolation._CONTEXT.Pipe(duplex=False)
    child = isolation._ReaderProcess(target=hostile.stuck_reader, args=(sender,), daemon=True)  # as imports start it
    child.start()
    sender.close()
    link = isolation._Link(child, receiver, "卡住.csv", Limits(max_seconds=1))
    started = time.monotonic()
    with pytest.raises(FileRejected) as refused:
        link.receive()
    assert time.monotonic() - started < REFUSED_WITHIN_SECONDS
    assert "“卡住.csv”的读取超过 1 秒的时间上限" in str(refused.value)
    assert "GOVDASH_UPLOAD_MAX_SECONDS" in str(refused.value)
    assert not child.is_alive()


def test_preview_of_hostile_file_reports_error(regions):
    from govdash.services.imports import inspect_file

    preview = inspect_file(hostile.sparse_cells(), file_name="稀疏.xlsx")
    assert preview.error is not None and "超过列数上限" in preview.error


def test_cli_import_hostile_file_exits_1_naming_the_bound(regions, database_url, engine, tmp_path):
    from typer.testing import CliRunner

    from govdash.cli import app

    path = tmp_path / "一行.csv"
    path.write_bytes(hostile.one_endless_line(4))
    before = table_counts(engine)
    result = CliRunner().invoke(app, ["import", "evaluations", str(path), "--db", database_url])
    assert result.exit_code == 1
    assert "文件“一行.csv”" in result.output and "GOVDASH_UPLOAD_MAX_LINE_KB" in result.output
    assert table_counts(engine) == before
