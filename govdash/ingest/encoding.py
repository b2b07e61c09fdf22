"""Text encodings of CSV uploads: detected from a bounded sample, then decoded strictly, line-aware.

Chinese Excel saves CSV as GBK, newer versions as UTF-8 with a BOM, and "Unicode text" as UTF-16 with tabs.
GBK is always decoded as GB18030, its superset, so that rare characters in names survive.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

import charset_normalizer

from govdash.ingest.report import FileRejected
from govdash.ingest.source import utf16_byte_order

SAMPLE_BYTES = 256 * 1024
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn"}
LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8(带 BOM)", "gb18030": "GBK/GB18030", "utf-16": "UTF-16",
          "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "big5": "Big5"}


def label(encoding: str) -> str:
    """Return the name users know an encoding by."""
    return LABELS.get(encoding, encoding.upper())


def canonical(name: str) -> str:
    """Normalize an encoding name; every GB encoding becomes ``gb18030``."""
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        raise FileRejected(f"不认识的编码名称“{name}”,可用:UTF-8、GBK、UTF-16") from None
    if codec in _GB_FAMILY:
        return "gb18030"
    return {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(codec, codec.replace("_", "-"))


def detect_encoding(sample: bytes) -> str:
    """Detect the encoding of a CSV from its first bytes (BOM, then UTF-8, then charset-normalizer)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if (order := utf16_byte_order(sample[:4096])) is not None:
        return order
    if _is_utf8(sample):
        return "utf-8"
    # A bounded sample can end inside a two-byte GBK character, and then no candidate decodes it: whole lines only.
    whole_lines = sample[: sample.rfind(b"\n") + 1] or sample
    # Without the candidate list charset-normalizer reads a short GBK file as UTF-16-BE.
    best = charset_normalizer.from_bytes(whole_lines, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise FileRejected("无法识别文件的文字编码:请在 Excel 中另存为“CSV UTF-8(逗号分隔)”后重新上传")
    return canonical(best.encoding)


def _is_utf8(sample: bytes) -> bool:
    """Strict UTF-8 check; the sample may end in the middle of a character, which is allowed."""
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def check_declared(declared: str, sample: bytes) -> str:
    """Accept an encoding the user names, unless the sample proves it wrong; say what the file really is."""
    encoding = canonical(declared)
    has_bom = sample.startswith(codecs.BOM_UTF8)
    if encoding == "utf-8" and has_bom:
        return "utf-8-sig"
    detected: str | None = None
    if has_bom:
        detected = "utf-8-sig"
    elif sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_byte_order(sample[:4096]):
        detected = "utf-16"
    elif not sample.isascii() and _is_utf8(sample):
        detected = "utf-8"
    if detected and not _same_family(detected, encoding):
        raise FileRejected(f"指定的编码 {label(encoding)} 与文件不符:文件是 {label(detected)} 编码。"
                           "请改为正确的编码,或不指定编码由系统自动识别")
    return encoding


def _same_family(a: str, b: str) -> bool:
    return a.split("-")[0:2] == b.split("-")[0:2] or {a, b} <= {"utf-8", "utf-8-sig"}


class DecodingReader:
    """A text stream over raw bytes that decodes strictly and names the line of the first bad byte."""

    def __init__(self, raw: BinaryIO, encoding: str, *, declared: bool) -> None:
        self._raw = raw
        self._encoding = encoding
        self._declared = declared
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._newlines = 0
        self._eof = False

    def read(self, size: int = -1) -> str:
        """Read and decode about ``size`` bytes (all when negative)."""
        if self._eof:
            return ""
        block = self._raw.read(size if size and size > 0 else -1)
        final = not block or size is None or size < 0
        try:
            text = self._decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            good = codecs.decode(block[: exc.start], self._encoding, errors="ignore")
            raise FileRejected(self._message(self._newlines + good.count("\n") + 1),
                               row=self._newlines + good.count("\n") + 1) from None
        self._eof = final
        self._newlines += text.count("\n")
        return text

    def __iter__(self):  # pandas checks for it on file-like objects
        return self

    def __next__(self) -> str:
        raise StopIteration

    def _message(self, line: int) -> str:
        name = label(self._encoding)
        if self._declared:
            return (f"按指定的编码 {name} 解码失败:第 {line} 行含有不属于 {name} 的字节。"
                    "请确认文件编码,或不指定编码由系统自动识别")
        if self._encoding == "utf-8-sig":
            return (f"文件以 UTF-8 BOM 开头,但第 {line} 行不是有效的 UTF-8 文字(可能混入了 GBK 编码的内容):"
                    "请在 Excel 中整体另存为“CSV UTF-8”后重新上传")
        return (f"文件按 {name} 编码识别,但第 {line} 行含有无法解码的字节,文件可能混用了多种编码:"
                "请统一另存为 UTF-8 后重新上传")
