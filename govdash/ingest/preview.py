"""A look at an upload before importing it: how it was read and how its headers match a kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from govdash.domain.kinds import Kind, get_kind
from govdash.ingest.encoding import label as encoding_label
from govdash.ingest.headers import guess_kind
from govdash.ingest.isolation import open_upload
from govdash.ingest.layout import WideSurveyLayout, choose_layout
from govdash.ingest.masking import mask_series
from govdash.ingest.readers import Table
from govdash.ingest.report import FileRejected, issue_of

SourceArg = Path | bytes | BinaryIO


@dataclass
class FilePreview:
    """What an upload looks like before importing it: how it was read and how its headers match."""

    file_name: str
    format: str | None = None
    compressed: bool = False
    encoding: str | None = None
    encoding_label: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    kind: str | None = None
    headers: list[str] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    wide_survey: bool = False
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    error: str | None = None


def inspect_file(source: SourceArg, *, kind: str | None = None, file_name: str | None = None,
                 sheet: str | None = None, encoding: str | None = None, nrows: int = 20,
                 max_bytes: int | None = None) -> FilePreview:
    """Read the start of an upload: encoding, sheets, header mapping with hints, and the first rows.

    Without ``kind`` the kind whose columns the headers match best is assumed. A file that cannot be read
    comes back with ``error`` set.
    """
    preview = FilePreview(file_name=file_name or str(getattr(source, "name", "") or "upload"))
    try:
        src, upload = open_upload(source, file_name=file_name, sheet=sheet, encoding=encoding, max_bytes=max_bytes)
        first = next(upload.chunks, pd.DataFrame(columns=range(len(upload.headers))))
    except (FileRejected, ValueError) as exc:
        preview.error = issue_of(exc).message
        return preview
    preview.file_name, preview.format, preview.compressed = src.name, upload.format, src.gzipped
    preview.encoding, preview.delimiter = upload.encoding, upload.delimiter
    preview.encoding_label = encoding_label(upload.encoding) if upload.encoding else None
    preview.sheet, preview.sheet_names, preview.headers = upload.sheet, upload.sheet_names, upload.headers
    preview.rows = _masked(first.head(nrows).set_axis(_unique_names(upload.headers), axis=1))
    kind_def = get_kind(kind) if kind else guess_kind(upload.headers)
    if kind_def is not None:
        _describe_headers(preview, kind_def, upload)
    return preview


def _describe_headers(preview: FilePreview, kind: Kind, upload: Table) -> None:
    layout = choose_layout(kind, upload.headers, excel_serials=upload.excel_serials)
    header_map = layout.header_map
    preview.kind = kind.key
    preview.wide_survey = isinstance(layout, WideSurveyLayout)
    preview.matched = {upload.headers[pos]: kind.column(key).zh for key, pos in header_map.matched.items()}
    preview.unknown = {upload.headers[pos]: sugg for pos, sugg in header_map.unknown.items()}
    preview.missing = [kind.column(key).zh for key in header_map.missing]


def _masked(rows: pd.DataFrame) -> pd.DataFrame:
    """Mask 身份证号 and 手机号 in every text cell: the preview is on screen, where stored comments are masked too."""
    return rows.apply(lambda column: mask_series(column)[0]
                      if column.dtype == object or pd.api.types.is_string_dtype(column) else column)


def _unique_names(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for index, header in enumerate(headers):
        name = header or f"(第 {index + 1} 列)"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names
