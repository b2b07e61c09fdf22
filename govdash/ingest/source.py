"""An uploaded file as bytes on disk or in memory: its name, size, checksum and what format it really is.

A gzip-compressed file (recognized by its first bytes, whatever its name) is read decompressed, as a stream,
with the size limit applied to the decompressed bytes too.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, cast

from govdash.ingest.report import FileRejected

FileFormat = Literal["csv", "xlsx"]
SourceLike = Path | str | bytes | BinaryIO

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls / .doc (Office 97-2003)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HASH_BLOCK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Source:
    """The raw upload. Files stay on disk and are streamed; uploads already in memory stay as bytes."""

    name: str
    size: int
    sha256: str
    path: Path | None = None
    data: bytes | None = None
    gzipped: bool = False
    max_bytes: int | None = None

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """Open the content for reading from the start (decompressed when the file is gzipped)."""
        with self._open_raw() as raw:
            yield cast(BinaryIO, GunzipReader(raw, self)) if self.gzipped else raw

    @contextmanager
    def _open_raw(self) -> Iterator[BinaryIO]:
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
        digest, head = hashlib.sha256(), b""
        with path.open("rb") as handle:
            while block := handle.read(_HASH_BLOCK):
                head = head or block[:2]
                digest.update(block)
        return _checked(Source(name=file_name or path.name, size=size, sha256=digest.hexdigest(), path=path,
                               gzipped=head == GZIP_MAGIC, max_bytes=max_bytes))
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = _read_stream(source, max_bytes)
    _check_size(len(data), max_bytes)
    name = file_name or str(getattr(source, "name", "") or "upload.csv")
    return _checked(Source(name=Path(name).name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                           data=data, gzipped=data.startswith(GZIP_MAGIC), max_bytes=max_bytes))


def _checked(source: Source) -> Source:
    """Refuse a truncated, corrupt or oversized gzipped file before anything reads it.

    The file is decompressed once without keeping the result, because the preview only reads the start.
    """
    if source.gzipped:
        with source.open() as content:
            while content.read(_HASH_BLOCK):
                pass
    return source


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
    suffix = inner_suffix(source.name)
    if head.startswith(_ZIP_MAGIC) or head.startswith(_EMPTY_ZIP_MAGIC):
        if source.gzipped:
            raise FileRejected(f"压缩文件“{source.name}”里是 Excel 工作簿:.xlsx 本身已经压缩,请直接上传 .xlsx 文件")
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


def inner_suffix(name: str) -> str:
    """Return the suffix of a file name without a trailing ``.gz``: ``a.csv.gz`` → ``.csv``."""
    path = Path(name.lower())
    return path.with_suffix("").suffix if path.suffix == ".gz" else path.suffix


class GunzipReader:
    """Decompress a gzip stream while it is read, never past the size limit, in Chinese when it is broken.

    A small compressed file can expand to gigabytes, so the limit counts decompressed bytes and reading
    stops one byte past it.
    """

    def __init__(self, raw: BinaryIO, source: Source) -> None:
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._source = source
        self._count = 0

    def read(self, size: int | None = -1) -> bytes:
        """Read up to ``size`` decompressed bytes (all that remain when negative)."""
        limit = self._source.max_bytes
        if limit is not None:
            room = limit - self._count + 1
            size = room if size is None or size < 0 else min(size, room)
        elif size is None:
            size = -1
        try:
            block = self._gzip.read(size)
        except EOFError:
            raise FileRejected(self._broken("不完整:压缩数据提前结束,文件可能在下载或复制时被截断")) from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            reason = "校验失败" if "CRC" in str(exc) or "length" in str(exc) else "压缩数据格式错误"
            raise FileRejected(self._broken(f"已损坏:{reason}")) from None
        self._count += len(block)
        if limit is not None and self._count > limit:
            raise FileRejected(unpacked_too_big(self._source, limit))
        return block

    def _broken(self, what: str) -> str:
        done = f"(已解压出 {format_size(self._count)})" if self._count else ""
        return (f"gzip 压缩文件“{self._source.name}”{what}{done},未导入任何数据:"
                "请重新获取完整的文件,或解压后上传其中的 CSV")


def unpacked_too_big(source: Source, limit: int) -> str:
    """Say why a gzipped file whose content is over the upload limit is refused."""
    return (f"压缩文件“{source.name}”解压后超过上传上限 {format_size(limit)}(压缩前 {format_size(source.size)}),"
            "未导入:上限按解压后的大小计算,请按期间或区县拆分后分别上传")


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
