"""An uploaded file as bytes on disk or in memory: its name, size, checksum and what format it really is."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from govdash.ingest.report import FileRejected

FileFormat = Literal["csv", "xlsx"]
SourceLike = Path | str | bytes | BinaryIO

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls / .doc (Office 97-2003)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class Source:
    """The raw upload. Files stay on disk and are streamed; uploads already in memory stay as bytes."""

    name: str
    size: int
    sha256: str
    path: Path | None = None
    data: bytes | None = None

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """Open the raw bytes for reading from the start."""
        if self.path is not None:
            with self.path.open("rb") as handle:
                yield handle
        else:
            yield io.BytesIO(self.data or b"")

    def head(self, size: int) -> bytes:
        """Return the first ``size`` bytes."""
        with self.open() as handle:
            return handle.read(size)


def format_size(size: int) -> str:
    """Format a size in bytes as Chinese users read it (KB / MB)."""
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(size, 1) / 1024:.1f} KB"


def load_source(source: SourceLike, *, file_name: str | None, max_bytes: int) -> Source:
    """Take a path, bytes or a binary stream; refuse it when empty or larger than ``max_bytes``."""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise FileRejected(f"找不到文件“{path}”")
        size = path.stat().st_size
        _check_size(size, max_bytes)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                digest.update(block)
        return Source(name=file_name or path.name, size=size, sha256=digest.hexdigest(), path=path)
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = _read_stream(source, max_bytes)
    _check_size(len(data), max_bytes)
    name = file_name or str(getattr(source, "name", "") or "upload.csv")
    return Source(name=Path(name).name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)


def _read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    if stream.seekable():
        start = stream.tell()
        size = stream.seek(0, io.SEEK_END) - start
        stream.seek(start)
        _check_size(size, max_bytes)
        return stream.read()
    # An unseekable stream is read one byte past the limit, never further.
    data = stream.read(max_bytes + 1)
    _check_size(len(data), max_bytes)
    return data


def _check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise FileRejected("文件为空(0 字节),请检查是否选错了文件")
    if size > max_bytes:
        raise FileRejected(
            f"文件大小 {format_size(size)} 超过上传上限 {format_size(max_bytes)},"
            "请按期间或区县拆分后分别上传"
        )


def detect_format(source: Source) -> FileFormat:
    """Decide from the content (not the name) whether this is a CSV text file or an XLSX workbook."""
    head = source.head(4096)
    suffix = Path(source.name).suffix.lower()
    if head.startswith(_ZIP_MAGIC) or head.startswith(_EMPTY_ZIP_MAGIC):
        if suffix == ".csv":
            raise FileRejected(f"文件“{source.name}”的扩展名是 .csv,但内容是 Excel 工作簿(XLSX):"
                               "请把扩展名改为 .xlsx,或在 Excel 中另存为 CSV")
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        raise FileRejected(f"文件“{source.name}”是旧版 Excel 97-2003(.xls)格式,暂不支持:"
                           "请在 Excel 中另存为 .xlsx 或 CSV(UTF-8)后上传")
    if suffix in {".xlsx", ".xlsm"}:
        raise FileRejected(f"文件“{source.name}”的扩展名是 {suffix},但内容不是 Excel 工作簿:"
                           "文件可能已损坏,或其实是 CSV 文本(请改扩展名为 .csv)")
    if _looks_binary(head):
        raise FileRejected(f"文件“{source.name}”不是文本格式的 CSV(内容是二进制数据,可能是图片、压缩包或"
                           "其他程序的文件):请在 Excel 中另存为 CSV 或 .xlsx 后上传")
    return "csv"


def _looks_binary(head: bytes) -> bool:
    """Tell binary data from text; UTF-16 text (with or without a BOM) has NULs too, so it is recognized first."""
    if head.startswith(_BOMS):
        return False
    if b"\x00" in head:
        return utf16_byte_order(head) is None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def utf16_byte_order(head: bytes) -> str | None:
    """Recognize BOM-less UTF-16 text: NULs on one side of every pair (``utf-16-le`` / ``utf-16-be``)."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None
