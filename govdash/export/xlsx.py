"""Table downloads as XLSX and CSV that spreadsheet programs cannot execute.

A cell whose text begins with ``= + - @``, a tab or a carriage return is read by Excel and WPS as a formula
(CSV/DDE injection). Such text is written with a leading apostrophe, which the spreadsheet shows as the
text itself. Numbers stay numbers: a negative change of −3.1 is a number cell, not text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pandas as pd

from govdash.report.tables import NUMBER_FORMATS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits on sheet names: 31 characters, none of []:*?/\ .
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def inert(value: Any) -> Any:
    """Return ``value`` unchanged unless it is text a spreadsheet would run as a formula; then prefix ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with every text cell (and column name) made inert."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(inert)
    safe.columns = [inert(str(c)) for c in safe.columns]
    return safe


def sheet_name(name: str, taken: set[str]) -> str:
    """Return a valid, unique Excel sheet name for ``name``."""
    base = (name.translate(_SHEET_FORBIDDEN).strip("'") or "Sheet")[:31]
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Write one sheet per table (header row frozen, columns sized to their content) and return the XLSX.

    Numbers are written unrounded; a table's ``attrs[NUMBER_FORMATS]`` sets how Excel displays its columns.
    """
    buffer = io.BytesIO()
    taken: set[str] = set()
    # Text is never parsed as a formula or a link by the writer; inert() also guards readers (WPS, CSV).
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, frame in sheets.items():
            title = sheet_name(name, taken)
            safe = inert_frame(frame)
            safe.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes(1, 0)
            formats = frame.attrs.get(NUMBER_FORMATS, {})
            for i, (column, original) in enumerate(zip(safe.columns, frame.columns, strict=True)):
                # str() per cell: astype(str) keeps a missing Int64 value as a float NaN, which has no len().
                cells = safe[column].head(500).map(lambda v: len(str(v)))
                width = min(max(max([len(str(column)) * 2, *cells.tolist()] or [8]) + 2, 8), 60)
                shown = formats.get(original)
                if shown:
                    width = min(max(len(str(column)) * 2 + 2, 10), 60)
                cell_format = writer.book.add_format({"num_format": shown}) if shown else None
                sheet.set_column(i, i, width, cell_format)
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return ``frame`` as CSV in UTF-8 with a BOM (so Excel opens Chinese text correctly), cells made inert."""
    return inert_frame(frame).to_csv(index=False).encode("utf-8-sig")
