"""Bounds on reading one upload, and the cheap checks that enforce them before and while a file is parsed.

A hostile file is small on the wire and huge once read: a sheet declaring cells a million rows apart, a
deflate bomb, one endless CSV line, a header of 200,000 columns. Each bound is a setting; each refusal names
the file, the bound and the ``GOVDASH_`` variable that changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from govdash.core.config import Settings
from govdash.ingest.report import FileRejected

_SETTING = {
    "columns": "GOVDASH_UPLOAD_MAX_COLUMNS",
    "line": "GOVDASH_UPLOAD_MAX_LINE_KB",
    "rows": "GOVDASH_UPLOAD_MAX_ROWS",
    "cells": "GOVDASH_UPLOAD_MAX_CELLS",
    "unpacked": "GOVDASH_UPLOAD_MAX_UNPACKED_MB",
    "seconds": "GOVDASH_UPLOAD_MAX_SECONDS",
    "memory": "GOVDASH_UPLOAD_MAX_MEMORY_MB",
}


@dataclass(frozen=True)
class Limits:
    """The bounds of one upload (plain values, so that the reading process receives them as they are)."""

    max_columns: int = 500
    max_line_bytes: int = 1024 * 1024
    max_rows: int = 20_000_000
    max_cells: int = 5_000_000
    max_unpacked_bytes: int = 512 * 1024 * 1024
    max_seconds: int = 300
    max_memory_mb: int = 2048

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """Read the bounds from the settings."""
        return cls(max_columns=settings.upload_max_columns, max_line_bytes=settings.upload_max_line_kb * 1024,
                   max_rows=settings.upload_max_rows, max_cells=settings.upload_max_cells,
                   max_unpacked_bytes=settings.upload_max_unpacked_mb * 1024 * 1024,
                   max_seconds=settings.upload_max_seconds, max_memory_mb=settings.upload_max_memory_mb)


def refuse(name: str, what: str, bound: str) -> FileRejected:
    """Build a refusal naming the file, what exceeds which bound, and the setting that raises it."""
    return FileRejected(f"文件“{name}”{what},未导入任何数据。如确属正常数据,请拆分后分别上传,"
                        f"或由管理员调大 {_SETTING[bound]}")


def check_columns(name: str, count: int, limits: Limits, *, complete: bool = True) -> None:
    """Refuse a header wider than the column bound (``complete=False``: only its start was counted)."""
    if count > limits.max_columns:
        counted = f"{count:,}" if complete else f"至少 {count:,}"
        raise refuse(name, f"的表头有 {counted} 列,超过列数上限 {limits.max_columns:,} 列", "columns")


class LineGuard:
    """A byte stream that stops at the first line longer than the bound and at too many lines.

    It sits under the CSV parser, so that an endless line or a flood of lines is refused after reading
    one bound's worth of bytes, not after the parser has buffered all of it.
    """

    def __init__(self, raw: BinaryIO, name: str, limits: Limits) -> None:
        self._raw = raw
        self._name = name
        self._limits = limits
        self._run = 0  # bytes of the current, unfinished line
        self._lines = 0

    def read(self, size: int = -1) -> bytes:
        """Read like the wrapped stream, checking what passes."""
        block = self._raw.read(size)
        first = block.find(b"\n")
        if first < 0:
            self._run += len(block)
        else:
            last = block.rfind(b"\n")
            inner = block[first + 1:last].split(b"\n") if last > first else []
            self._check_line(max(self._run + first, *map(len, inner), 0))
            self._run = len(block) - last - 1
            self._lines += block.count(b"\n")
        self._check_line(self._run)
        # The header is one line; the row bound counts data lines.
        if self._lines - 1 > self._limits.max_rows:
            raise refuse(self._name, f"超过 {self._limits.max_rows:,} 行的行数上限(按换行计)", "rows")
        return block

    def _check_line(self, length: int) -> None:
        limit = self._limits.max_line_bytes
        if length > limit:
            raise refuse(self._name, f"第 {self._lines + 1:,} 行附近有一行超过 {limit // 1024:,} KB 的单行长度上限"
                         "(可能缺少换行符,或不是逐行的表格数据)", "line")
