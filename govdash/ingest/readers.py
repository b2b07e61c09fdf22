"""Read a CSV or XLSX upload as a header row and chunks of text cells.

Every cell comes out as a stripped string ("" when empty) so that one set of converters handles both formats.
Each chunk's index is the row number the user sees in Excel (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, BinaryIO, TypeVar, cast

import pandas as pd
import python_calamine

from govdash.ingest.encoding import SAMPLE_BYTES, DecodingReader, check_declared, detect_encoding
from govdash.ingest.limits import Limits, LineGuard, check_columns
from govdash.ingest.report import FileRejected
from govdash.ingest.source import FileFormat, Source
from govdash.ingest.xlsx_checks import check_workbook

_DELIMITERS = (",", "\t", ";")
_T = TypeVar("_T")
_PARSER_LINE_RE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass
class Table:
    """An opened upload: its header, how it was read, and an iterator over data chunks."""

    format: FileFormat
    headers: list[str]
    chunks: Iterator[pd.DataFrame]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    header_row: int = 1
    # Set by the reading process's link (``govdash.ingest.isolation``): runs the function there, on each chunk.
    mapper: Callable[[Callable[[pd.DataFrame], Any]], Iterator[Any]] | None = None

    def mapped(self, fn: Callable[[pd.DataFrame], _T]) -> Iterator[_T]:
        """``fn`` of each chunk, in order: in the reading process when there is one (then ``fn`` must pickle).

        Either this or ``chunks`` is read, once.
        """
        if self.mapper is not None:
            return self.mapper(fn)
        return map(fn, self.chunks)

    @property
    def excel_serials(self) -> bool:
        """XLSX cells may hold dates as day numbers (serials); CSV text never does."""
        return self.format == "xlsx"


def open_table(source: Source, fmt: FileFormat, *, sheet: str | None = None, encoding: str | None = None,
               chunk_rows: int = 50_000, limits: Limits | None = None) -> Table:
    """Open an upload for reading in chunks of ``chunk_rows`` rows, refusing it when it exceeds ``limits``.

    This runs in the reading child process (``govdash.ingest.isolation``), which holds it to the memory and
    time bounds; the checks here refuse most hostile files before they cost either.
    """
    limits = limits or Limits()
    if fmt == "xlsx":
        return _open_xlsx(source, sheet=sheet, chunk_rows=chunk_rows, limits=limits)
    return _open_csv(source, encoding=encoding, chunk_rows=chunk_rows, limits=limits)


def _open_csv(source: Source, *, encoding: str | None, chunk_rows: int, limits: Limits) -> Table:
    sample = source.head(SAMPLE_BYTES)
    chosen = check_declared(encoding, sample) if encoding else detect_encoding(sample)
    first_line = _first_line(sample, chosen)
    delimiter = sniff_delimiter(first_line)
    _check_header_width(source, chosen, delimiter, limits)
    rows = _csv_chunks(source, chosen, delimiter, declared=bool(encoding), chunk_rows=chunk_rows, limits=limits)
    first = next(rows, None)
    if first is None or first.empty:
        raise FileRejected("文件中没有任何内容(只有空行)")
    headers = [str(h).strip() for h in first.iloc[0].tolist()]
    return Table(format="csv", headers=headers, chunks=_after_header(first, rows), encoding=chosen,
                 delimiter=delimiter)


def _check_header_width(source: Source, encoding: str, delimiter: str, limits: Limits) -> None:
    """Count the header's fields (within one line's bound of bytes) before the parser sees the file."""
    head = source.head(limits.max_line_bytes + 1)
    end = head.find(b"\n")
    text = codecs.getincrementaldecoder(encoding)("replace").decode(head[: end if end >= 0 else None], final=False)
    if text.count(delimiter) + 1 > limits.max_columns:
        fields = next(csv.reader([text.lstrip("\ufeff")], delimiter=delimiter), [])
        check_columns(source.name, len(fields), limits, complete=end >= 0)
    if end < 0 and len(head) > limits.max_line_bytes:
        LineGuard(io.BytesIO(head), source.name, limits).read()


def _first_line(sample: bytes, encoding: str) -> str:
    text = codecs.getincrementaldecoder(encoding)("replace").decode(sample[:8192], final=False)
    return text.lstrip("\ufeff").split("\n", 1)[0]


def sniff_delimiter(line: str) -> str:
    """Pick the delimiter of a header line: comma, tab or semicolon, whichever splits it most."""
    try:
        return csv.Sniffer().sniff(line, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: line.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _csv_chunks(source: Source, encoding: str, delimiter: str, *, declared: bool,
                chunk_rows: int, limits: Limits) -> Iterator[pd.DataFrame]:
    with source.open() as raw:
        guarded = cast(BinaryIO, LineGuard(raw, source.name, limits))
        reader = pd.read_csv(
            cast(Any, DecodingReader(guarded, encoding, declared=declared)), sep=delimiter, header=None, dtype=str,
            na_filter=False, keep_default_na=False, skip_blank_lines=False, chunksize=chunk_rows,
            engine="c", quotechar='"', doublequote=True,
        )
        try:
            for chunk in reader:
                # Index 0 is the header line, so Excel's row number is the index plus one.
                chunk.index = chunk.index + 1
                yield chunk.fillna("")
        except pd.errors.ParserError as exc:
            raise FileRejected(_parser_message(str(exc))) from None
        finally:
            reader.close()


def _parser_message(text: str) -> str:
    match = _PARSER_LINE_RE.search(text)
    if match:
        expected, line, saw = match.groups()
        return (f"第 {line} 行有 {saw} 个字段,而前面的行只有 {expected} 个:"
                "可能是内容中含有未加引号的分隔符(逗号),请在 Excel 中重新另存为 CSV")
    return f"CSV 格式错误,无法解析:{text}"


def _after_header(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    body = first.iloc[1:]
    if not body.empty:
        yield body
    yield from rest


def _open_xlsx(source: Source, *, sheet: str | None, chunk_rows: int, limits: Limits) -> Table:
    with source.open() as raw:
        check_workbook(raw, source.name, sheet, limits)
    try:
        with source.open() as raw:
            workbook = python_calamine.CalamineWorkbook.from_filelike(raw)
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises several error types for a broken zip or XML
        raise FileRejected(f"无法打开 Excel 文件“{source.name}”:文件已损坏或不完整(可能上传或复制时被截断),"
                           "请重新导出后上传") from exc
    if not names:
        raise FileRejected("Excel 文件中没有工作表")
    chosen = sheet if sheet is not None else names[0]
    if chosen not in names:
        raise FileRejected(f"工作簿中没有名为“{sheet}”的工作表;现有工作表:{'、'.join(names)}")
    try:
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as exc:
        raise FileRejected(f"读取工作表“{chosen}”失败:文件已损坏或不完整,请重新导出后上传") from exc
    header_index = _header_row(rows)
    if header_index is None:
        others = [n for n in names if n != chosen]
        hint = f"数据可能在其他工作表中(工作簿含:{'、'.join(names)}),请选择正确的工作表" if others else "请检查文件"
        raise FileRejected(f"工作表“{chosen}”没有数据;{hint}", column=None)
    headers = [cell_text(c) for c in rows[header_index]]
    chunks = _xlsx_chunks(rows, header_index, len(headers), chunk_rows)
    return Table(format="xlsx", headers=headers, chunks=chunks, sheet=chosen, sheet_names=names,
                 header_row=header_index + 1)


def _header_row(rows: list[list]) -> int | None:
    """Find the header: the first row with two or more filled cells, so a title line above is skipped."""
    for index, row in enumerate(rows[:10]):
        if sum(1 for cell in row if cell_text(cell)) >= 2:
            return index
    for index, row in enumerate(rows[:10]):
        if any(cell_text(cell) for cell in row):
            return index
    return None


def _xlsx_chunks(rows: list[list], header_index: int, width: int, chunk_rows: int) -> Iterator[pd.DataFrame]:
    for start in range(header_index + 1, len(rows), chunk_rows):
        block = rows[start:start + chunk_rows]
        data = [[cell_text(c) for c in row[:width]] + [""] * (width - len(row)) for row in block]
        yield pd.DataFrame(data, index=range(start + 1, start + 1 + len(block)), columns=range(width), dtype=object)


def cell_text(value: object) -> str:
    """One XLSX cell as the text a user would type: integers without ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()
