"""Look inside an XLSX workbook before the Excel reader does: zip directory, then the sheet XML, streamed.

The reader allocates the whole rectangle from the first to the last cell at once, so two cells a million rows
apart in a 1 KB file exhaust memory. Here the zip directory is checked (entries, declared sizes, compression
ratio), then the chosen sheet and the shared strings are read as a stream of XML events, never as a tree, and
the sheet's extent is compared with the bounds before anything else reads it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from xml.parsers import expat

from defusedxml import ElementTree

from govdash.ingest.limits import Limits, refuse
from govdash.ingest.report import FileRejected

MAX_ENTRIES = 10_000
MAX_RATIO = 200  # an XML part rarely compresses better than 1:20; a deflate bomb compresses 1:1000
RATIO_FLOOR = 1 << 20  # small parts may compress well, they are harmless
MAX_DEPTH = 64  # a sheet nests about 7 elements deep
_SMALL_PART = 8 << 20
_READ_BLOCK = 1 << 16
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def check_workbook(raw: BinaryIO, name: str, sheet: str | None, limits: Limits) -> None:
    """Refuse a workbook whose zip directory, chosen sheet or shared strings exceed the bounds."""
    try:
        archive = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports a broken file in its own words
    with archive:
        _check_directory(archive, name, limits)
        for part in _sheet_parts(archive, sheet):
            _SheetScan(name, limits).run(archive, part)
        if "xl/sharedStrings.xml" in archive.NameToInfo:
            _StringsScan(name, limits).run(archive, "xl/sharedStrings.xml")


def _check_directory(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise FileRejected(f"文件“{name}”含有 {len(entries):,} 个压缩条目,不像 Excel 工作簿(上限 {MAX_ENTRIES:,}),"
                           "未导入任何数据")
    total = sum(e.file_size for e in entries)
    if total > limits.max_unpacked_bytes:
        raise refuse(name, f"解压后共 {total / (1 << 20):,.0f} MB,超过解压大小上限 "
                     f"{limits.max_unpacked_bytes / (1 << 20):,.0f} MB", "unpacked")
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise FileRejected(f"文件“{name}”中的“{entry.filename}”压缩比超过 1:{MAX_RATIO}"
                               f"({entry.compress_size:,} 字节解压为 {entry.file_size:,} 字节),"
                               "疑似压缩炸弹,未导入任何数据")


def _sheet_parts(archive: zipfile.ZipFile, sheet: str | None) -> list[str]:
    """Find the XML part of the chosen sheet (the first by default); every sheet when the workbook is odd."""
    every = sorted(n for n in archive.NameToInfo if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    try:
        sheets = ElementTree.fromstring(_small_part(archive, "xl/workbook.xml")).iter(f"{{{_MAIN_NS}}}sheet")
        ids = [(s.get("name"), s.get(f"{{{_REL_NS}}}id")) for s in sheets]
        rels = ElementTree.fromstring(_small_part(archive, "xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") or "" for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    except Exception:  # a malformed or hostile index: check every sheet, the reader reports the rest
        return every
    chosen = next((rid for n, rid in ids if sheet is None or n == sheet), None)
    target = targets.get(chosen)
    if not target:
        return every
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return [part] if part in archive.NameToInfo else every


def _small_part(archive: zipfile.ZipFile, part: str) -> bytes:
    if archive.getinfo(part).file_size > _SMALL_PART:
        raise ValueError(part)
    return archive.read(part)


class _Scan:
    """Stream one XML part through expat, with no document type, no entities and a bounded depth."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.depth = 0

    def run(self, archive: zipfile.ZipFile, part: str) -> None:
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        try:
            with archive.open(part) as stream:
                while block := stream.read(_READ_BLOCK):
                    parser.Parse(block, False)
                parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise FileRejected(f"文件“{self.name}”中的“{part}”不是格式正确的 XML(第 {exc.lineno} 行:"
                               f"{expat.ErrorString(exc.code)}),文件已损坏或被篡改,未导入任何数据") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise FileRejected(f"文件“{self.name}”中的“{part}”无法解压({exc}),文件已损坏或不完整,"
                               "未导入任何数据") from None
        self.finish()

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FileRejected(f"文件“{self.name}”的 XML 嵌套超过 {MAX_DEPTH} 层,不是正常的 Excel 工作簿,"
                               "未导入任何数据")
        self.element(tag.rsplit(":", 1)[-1], attrs)

    def _end(self, _tag: str) -> None:
        self.depth -= 1

    def _doctype(self, *_args: object) -> None:
        raise FileRejected(f"文件“{self.name}”的 XML 含有文档类型或实体声明(Excel 从不写入),"
                           "可能是恶意构造的文件,未导入任何数据")

    def element(self, tag: str, attrs: dict[str, str]) -> None:
        """Handle one opening tag (namespace prefix removed)."""

    def finish(self) -> None:
        """Check what the whole part showed."""


@dataclass
class _Extent:
    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0

    def add(self, row: int, col: int) -> None:
        if not self.last_row:
            self.first_row, self.first_col = row, col
        self.first_row, self.last_row = min(self.first_row, row), max(self.last_row, row)
        self.first_col, self.last_col = min(self.first_col, col), max(self.last_col, col)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.last_row else 0

    @property
    def cols(self) -> int:
        return self.last_col - self.first_col + 1 if self.last_col else 0


class _SheetScan(_Scan):
    """Follow every cell's address (or its implied position) and check the extent as it grows."""

    def __init__(self, name: str, limits: Limits) -> None:
        super().__init__(name, limits)
        self.extent = _Extent()
        self.row = 0
        self.col = 0

    def element(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "row":
            self.row = _number(attrs.get("r"), self.row + 1)
            self.col = 0
        elif tag == "c":
            ref = _CELL_REF.fullmatch(attrs.get("r", ""))
            if ref:
                self.col, self.row = _column_number(ref.group(1)), int(ref.group(2))
            else:
                self.col += 1
            self.extent.add(max(self.row, 1), self.col)
            self._check()
        elif tag == "dimension":
            self._check_dimension(attrs.get("ref", ""))

    def _check_dimension(self, ref: str) -> None:
        corners = [_CELL_REF.fullmatch(p) for p in ref.split(":")]
        if len(corners) == 2 and all(corners):
            declared = _Extent()
            for corner in corners:
                if corner:
                    declared.add(int(corner.group(2)), _column_number(corner.group(1)))
            self._check(declared, "声明")

    def _check(self, extent: _Extent | None = None, how: str = "") -> None:
        extent = extent or self.extent
        limits = self.limits
        if extent.cols > limits.max_columns:
            raise refuse(self.name, f"的工作表{how}有 {extent.cols:,} 列,超过列数上限 {limits.max_columns:,} 列",
                         "columns")
        if extent.rows > limits.max_rows:
            raise refuse(self.name, f"的工作表{how}有 {extent.rows:,} 行,超过行数上限 {limits.max_rows:,} 行", "rows")
        cells = extent.rows * extent.cols
        if cells > limits.max_cells:
            raise refuse(self.name, f"的工作表{how}的范围是 {extent.rows:,} 行 × {extent.cols:,} 列 = {cells:,} 个单元格"
                         f"(单元格相距很远时中间的空白也要占用内存),超过单元格数上限 {limits.max_cells:,}", "cells")


class _StringsScan(_Scan):
    """Count the shared strings: each is kept in memory by the reader."""

    def __init__(self, name: str, limits: Limits) -> None:
        super().__init__(name, limits)
        self.count = 0

    def element(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "si":
            self.count += 1
            if self.count > self.limits.max_cells:
                raise refuse(self.name, f"的共享字符串表超过 {self.limits.max_cells:,} 项,超过单元格数上限", "cells")


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) <= 7 else default


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
